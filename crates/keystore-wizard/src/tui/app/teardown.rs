//! The teardown part of `App::update`: open the screen (which asks the engine for a plan),
//! show it, make it again when a toggle changes (`o` the order, `b` the backups), and only after the account id is typed exactly (two attempts at most) ask the
//! engine to carry it out.

use super::msg::{Command, Msg, TeardownChoice};
use super::state::{App, TeardownPhase, TeardownView};
use crossterm::event::{KeyCode, KeyEvent};
use keystore_engine::teardown::Order;

/// Wrong confirmations allowed before the prompt closes.
const ATTEMPTS: u8 = 2;

impl App {
    pub(super) fn open_teardown(&mut self) -> Vec<Command> {
        if !self.running.is_empty() || !self.ready {
            return Vec::new();
        }
        let choice = TeardownChoice::default();
        self.teardown = Some(TeardownView {
            phase: TeardownPhase::Scanning,
            choice,
            account: String::new(),
            inventory: Vec::new(),
            steps: Vec::new(),
            ready: 0,
            typed: String::new(),
            attempts: 0,
            message: None,
            failure: None,
            results: Vec::new(),
            remaining: Vec::new(),
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
                steps,
                ready,
            } => {
                *t = TeardownView {
                    phase: TeardownPhase::Planned,
                    account,
                    inventory,
                    steps,
                    ready,
                    ..t.clone()
                };
            }
            Msg::TeardownFinished { results, remaining } => {
                t.phase = TeardownPhase::Finished;
                t.results = results;
                t.remaining = remaining;
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
            (TeardownPhase::Confirming, KeyCode::Esc) => {
                t.phase = TeardownPhase::Planned;
                t.typed.clear();
            }
            (TeardownPhase::Confirming, KeyCode::Backspace) => {
                t.typed.pop();
            }
            (TeardownPhase::Confirming, KeyCode::Char(c)) if t.typed.len() < 64 => t.typed.push(c),
            (TeardownPhase::Confirming, KeyCode::Enter) => {
                if t.typed.trim() == t.account {
                    t.phase = TeardownPhase::Running;
                    t.message = None;
                    return vec![Command::ExecuteTeardown];
                }
                t.attempts += 1;
                t.typed.clear();
                if t.attempts >= ATTEMPTS {
                    t.phase = TeardownPhase::Planned;
                    t.attempts = 0;
                    t.message = Some(keystore_engine::i18n::strings().teardown_refused.into());
                } else {
                    t.message = Some(keystore_engine::i18n::strings().teardown_mismatch.into());
                }
            }
            // The toggles: the plan is made again with the new choice.
            (TeardownPhase::Planned | TeardownPhase::Finished, KeyCode::Char(c @ ('o' | 'b'))) => {
                let mut choice = t.choice;
                if c == 'o' {
                    choice.order = match choice.order {
                        Order::StopBilling => Order::Shred,
                        Order::Shred => Order::StopBilling,
                    };
                } else {
                    choice.delete_backups = !choice.delete_backups;
                }
                t.choice = choice;
                t.phase = TeardownPhase::Scanning;
                t.message = None;
                t.results.clear();
                t.remaining.clear();
                return vec![Command::PlanTeardown(choice)];
            }
            (TeardownPhase::Planned, KeyCode::Char('x')) if t.ready > 0 => {
                t.phase = TeardownPhase::Confirming;
                t.message = None;
            }
            (
                TeardownPhase::Planned | TeardownPhase::Finished,
                KeyCode::Esc | KeyCode::Char('q'),
            ) => self.teardown = None,
            _ => {}
        }
        Vec::new()
    }
}
