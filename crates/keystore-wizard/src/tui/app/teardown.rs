//! The teardown part of `App::update`: open the screen (which asks the engine for a plan),
//! move through its table and tabs, make the plan again when a choice changes (`o` order,
//! `w` waiting period, `b` backups, `i` IAM, `r` key-store role, `a` one key held back as in
//! use, confirmed by typing its first characters), and only after the account id is typed
//! exactly (two attempts at most) ask the engine to carry it out.

use super::msg::{Command, Msg, TeardownChoice};
use super::state::{App, TeardownPhase, TeardownTab, TeardownView};
use crossterm::event::{KeyCode, KeyEvent};
use keystore_engine::i18n::{strings, tf};
use keystore_engine::teardown::Order;

/// Wrong confirmations allowed before the prompt closes.
const ATTEMPTS: u8 = 2;
/// How many characters of a key id confirm it (the part the table shows first).
pub const KEY_PREFIX: usize = 8;
/// The waiting periods `w` cycles through (KMS allows 7 to 30 days).
const WINDOWS: [i32; 3] = [7, 14, 30];

impl App {
    pub(super) fn open_teardown(&mut self) -> Vec<Command> {
        if !self.running.is_empty() || !self.ready {
            return Vec::new();
        }
        let choice = TeardownChoice::default();
        self.teardown = Some(TeardownView {
            phase: TeardownPhase::Scanning,
            choice: choice.clone(),
            tab: TeardownTab::Plan,
            account: String::new(),
            inventory: Vec::new(),
            rows: Vec::new(),
            notes: Vec::new(),
            cursor: 0,
            scroll: 0,
            ready: 0,
            typed: String::new(),
            attempts: 0,
            confirming_key: None,
            message: None,
            failure: None,
        });
        vec![Command::PlanTeardown(choice)]
    }

    pub(super) fn on_teardown_msg(&mut self, msg: Msg) -> Vec<Command> {
        let Some(t) = self.teardown.as_mut() else {
            return Vec::new();
        };
        match msg {
            Msg::TeardownPlanned {
                account,
                inventory,
                rows,
                notes,
                ready,
            } => {
                t.phase = TeardownPhase::Planned;
                t.account = account;
                t.inventory = inventory;
                t.cursor = t.cursor.min(rows.len().saturating_sub(1));
                t.rows = rows;
                t.notes = notes;
                t.ready = ready;
                t.failure = None;
            }
            Msg::TeardownFinished { results, remaining } => {
                t.phase = TeardownPhase::Finished;
                t.rows = results.into_iter().chain(remaining).collect();
                t.cursor = 0;
                t.ready = 0;
            }
            Msg::TeardownFailed(e) => {
                t.phase = TeardownPhase::Finished;
                t.failure = Some(e);
            }
            _ => {}
        }
        Vec::new()
    }

    pub(super) fn on_teardown_key(&mut self, key: KeyEvent) -> Vec<Command> {
        let Some(t) = self.teardown.as_mut() else {
            return Vec::new();
        };
        match (t.phase, key.code) {
            (TeardownPhase::Running | TeardownPhase::Scanning, _) => {}
            (TeardownPhase::Confirming | TeardownPhase::ConfirmingKey, KeyCode::Esc) => {
                t.phase = TeardownPhase::Planned;
                t.confirming_key = None;
                t.typed.clear();
            }
            (TeardownPhase::Confirming | TeardownPhase::ConfirmingKey, KeyCode::Backspace) => {
                t.typed.pop();
            }
            (TeardownPhase::Confirming | TeardownPhase::ConfirmingKey, KeyCode::Char(c))
                if t.typed.len() < 64 =>
            {
                t.typed.push(c)
            }
            (TeardownPhase::Confirming, KeyCode::Enter) => return confirm_account(t),
            (TeardownPhase::ConfirmingKey, KeyCode::Enter) => return confirm_key(t),
            (TeardownPhase::Planned | TeardownPhase::Finished, code) => {
                return self.on_planned_key(code);
            }
            _ => {}
        }
        Vec::new()
    }

    fn on_planned_key(&mut self, code: KeyCode) -> Vec<Command> {
        let Some(t) = self.teardown.as_mut() else {
            return Vec::new();
        };
        let mut choice = t.choice.clone();
        match code {
            KeyCode::Esc | KeyCode::Char('q') => {
                self.teardown = None;
                return Vec::new();
            }
            KeyCode::Tab => {
                t.tab = match t.tab {
                    TeardownTab::Plan => TeardownTab::Notes,
                    TeardownTab::Notes => TeardownTab::Inventory,
                    TeardownTab::Inventory => TeardownTab::Plan,
                };
                t.scroll = 0;
                return Vec::new();
            }
            KeyCode::Up | KeyCode::Down | KeyCode::PageUp | KeyCode::PageDown => {
                move_by(t, code);
                return Vec::new();
            }
            KeyCode::Char('o') => {
                choice.order = match choice.order {
                    Order::StopBilling => Order::Shred,
                    Order::Shred => Order::StopBilling,
                }
            }
            KeyCode::Char('w') => {
                let next = WINDOWS.iter().position(|d| *d == choice.window_days);
                choice.window_days = WINDOWS[next.map_or(0, |i| (i + 1) % WINDOWS.len())];
            }
            KeyCode::Char('b') => choice.delete_backups = !choice.delete_backups,
            KeyCode::Char('i') => choice.delete_iam = !choice.delete_iam,
            KeyCode::Char('r') => choice.delete_key_store_role = !choice.delete_key_store_role,
            KeyCode::Char('a') if t.phase == TeardownPhase::Planned => {
                let Some(row) = t.rows.get(t.cursor) else {
                    return Vec::new();
                };
                if let Some(k) = row.confirmable.clone() {
                    t.confirming_key = Some(k);
                    t.phase = TeardownPhase::ConfirmingKey;
                    t.typed.clear();
                    t.message = None;
                    return Vec::new();
                }
                let before = choice.include.len();
                choice.include.retain(|k| *k != row.resource);
                if choice.include.len() == before {
                    return Vec::new();
                }
            }
            KeyCode::Char('x') if t.phase == TeardownPhase::Planned && t.ready > 0 => {
                t.phase = TeardownPhase::Confirming;
                t.typed.clear();
                t.message = None;
                return Vec::new();
            }
            _ => return Vec::new(),
        }
        replan(t, choice)
    }
}

/// The plan made again with `choice` (nothing changes in the account).
fn replan(t: &mut TeardownView, choice: TeardownChoice) -> Vec<Command> {
    t.choice = choice.clone();
    t.phase = TeardownPhase::Scanning;
    t.message = None;
    t.failure = None;
    vec![Command::PlanTeardown(choice)]
}

fn move_by(t: &mut TeardownView, code: KeyCode) {
    let step: i64 = match code {
        KeyCode::Up => -1,
        KeyCode::Down => 1,
        KeyCode::PageUp => -10,
        _ => 10,
    };
    if t.tab == TeardownTab::Plan {
        let last = t.rows.len().saturating_sub(1) as i64;
        t.cursor = (t.cursor as i64 + step).clamp(0, last) as usize;
    } else {
        t.scroll = (i64::from(t.scroll) + step).clamp(0, i64::from(u16::MAX)) as u16;
    }
}

fn confirm_account(t: &mut TeardownView) -> Vec<Command> {
    if t.typed.trim() == t.account {
        t.phase = TeardownPhase::Running;
        t.message = None;
        t.typed.clear();
        return vec![Command::ExecuteTeardown];
    }
    t.attempts += 1;
    t.typed.clear();
    if t.attempts >= ATTEMPTS {
        t.phase = TeardownPhase::Planned;
        t.attempts = 0;
        t.message = Some(strings().teardown_refused.into());
    } else {
        t.message = Some(strings().teardown_mismatch.into());
    }
    Vec::new()
}

fn confirm_key(t: &mut TeardownView) -> Vec<Command> {
    let Some(key) = t.confirming_key.take() else {
        t.phase = TeardownPhase::Planned;
        return Vec::new();
    };
    let prefix: String = key.chars().take(KEY_PREFIX).collect();
    let typed = std::mem::take(&mut t.typed);
    if typed.trim() != prefix {
        t.phase = TeardownPhase::Planned;
        t.message = Some(tf(
            "td.tui_key_mismatch",
            &[("prefix", &prefix), ("key", &key)],
        ));
        return Vec::new();
    }
    let mut choice = t.choice.clone();
    if !choice.include.contains(&key) {
        choice.include.push(key);
    }
    replan(t, choice)
}
