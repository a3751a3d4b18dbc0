//! Keys and pastes: navigation, the stage forms, overlays and Ctrl-C, as `App` methods that
//! `update` calls. Like `update`, the only code that changes the model; it never touches a
//! terminal.

use super::form::Form;
use super::msg::Command;
use super::state::{App, Overlay, StageStatus};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use keystore_engine::exit::ExitCode;
use keystore_engine::stages::StageId;

/// Ticks (of 100 ms) within which a second Ctrl-C exits at once.
const DOUBLE_INTERRUPT_TICKS: u64 = 30;

impl App {
    pub(super) fn on_key(&mut self, key: KeyEvent) -> Vec<Command> {
        if key.kind != KeyEventKind::Press {
            return Vec::new();
        }
        if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
            return self.interrupt();
        }
        if key.code == KeyCode::Char('z') && key.modifiers.contains(KeyModifiers::CONTROL) {
            // Suspending would leave the terminal in raw mode under the shell: say so instead.
            self.notice = Some(keystore_engine::i18n::strings().suspend_ignored.into());
            return Vec::new();
        }
        if self.overlay == Overlay::ConfirmNonFips {
            return self.on_non_fips_key(key);
        }
        if self.show_summary && self.form.is_none() {
            // Any key leaves the summary; the screen behind it is the last stage.
            self.show_summary = false;
            if matches!(key.code, KeyCode::Esc | KeyCode::Enter) {
                return Vec::new();
            }
        }
        if self.form.is_some() {
            return self.on_form_key(key);
        }
        if self.teardown.is_some() {
            return self.on_teardown_key(key);
        }
        if self.picker.is_some() {
            return self.on_picker_key(key);
        }
        if self.instances.is_some() {
            return self.on_instances_key(key);
        }
        match self.overlay {
            Overlay::ConfirmQuit => {
                return match key.code {
                    KeyCode::Char('y') | KeyCode::Char('Y') => {
                        self.quit = Some(0);
                        vec![Command::Quit(ExitCode::Ok)]
                    }
                    _ => {
                        self.overlay = Overlay::None;
                        Vec::new()
                    }
                };
            }
            Overlay::Help | Overlay::Cli => {
                if matches!(
                    key.code,
                    KeyCode::Esc
                        | KeyCode::Char('q')
                        | KeyCode::Char('?')
                        | KeyCode::Char('c')
                        | KeyCode::Enter
                ) {
                    self.overlay = Overlay::None;
                }
                return Vec::new();
            }
            Overlay::ConfirmDayTwo(op) => {
                self.overlay = Overlay::None;
                let backup = self.restore_from.take().map(|(id, _)| id);
                if matches!(key.code, KeyCode::Char('y') | KeyCode::Char('Y')) {
                    self.notice = Some(keystore_engine::i18n::tf(
                        "d2.tui_running",
                        &[("op", &op.as_str())],
                    ));
                    let args = keystore_engine::daytwo::OpArgs {
                        backup,
                        to_region: None,
                    };
                    return vec![Command::DayTwo(op, args)];
                }
                return Vec::new();
            }
            Overlay::None | Overlay::ConfirmNonFips => {}
        }
        let last = self.stages.len() - 1;
        match key.code {
            KeyCode::Char('q') => self.overlay = Overlay::ConfirmQuit,
            KeyCode::Char('?') => self.overlay = Overlay::Help,
            KeyCode::Char('s') if self.all_done() => self.show_summary = true,
            KeyCode::Char('T') => return self.open_teardown(),
            // Day two, once the setup has run to its end: park, unpark, repair (asks first).
            KeyCode::Char('P') if self.all_done() => {
                self.overlay = Overlay::ConfirmDayTwo(keystore_engine::daytwo::Op::Park);
            }
            KeyCode::Char('U') if self.all_done() => {
                self.overlay = Overlay::ConfirmDayTwo(keystore_engine::daytwo::Op::Unpark);
            }
            KeyCode::Char('R') if self.all_done() => {
                self.overlay = Overlay::ConfirmDayTwo(keystore_engine::daytwo::Op::Repair);
            }
            // Restore: the newest READY backup is read first, then offered for confirmation.
            KeyCode::Char('B') if self.all_done() => {
                self.notice = Some(keystore_engine::i18n::t("d2.tui_reading_backups").into());
                return vec![Command::LoadBackups];
            }
            KeyCode::Char('c') => self.overlay = Overlay::Cli,
            KeyCode::Up | KeyCode::Char('k') => self.selected = self.selected.saturating_sub(1),
            KeyCode::Down | KeyCode::Char('j') => self.selected = (self.selected + 1).min(last),
            KeyCode::Home | KeyCode::Char('g') => self.selected = 0,
            KeyCode::End | KeyCode::Char('G') => self.selected = last,
            KeyCode::Char('e') => {
                let s = &self.stages[self.selected];
                let editable = s.status == StageStatus::Pending || s.status == StageStatus::Failed;
                if editable && s.id == StageId::Network && self.ready {
                    return self.open_picker();
                }
                // `manual` mode, once the kmsuser commands are shown: what `user list` printed.
                let manual = self.plan().is_some_and(|p| {
                    p.client.mode == keystore_engine::inputs::plan::ClientMode::Manual
                });
                let asked = s.operator.is_some()
                    || s.error
                        .as_ref()
                        .is_some_and(|e| e.code == "KmsuserListNeeded");
                if s.id == StageId::Kmsuser && manual && asked && s.status != StageStatus::Done {
                    self.form = Some(Form::user_list());
                } else if editable {
                    self.form = Form::for_stage(s.id, &self.plan_text);
                }
            }
            KeyCode::Char('i') => {
                let s = &self.stages[self.selected];
                let editable = s.status == StageStatus::Pending || s.status == StageStatus::Failed;
                if editable && s.id == StageId::ClientLaunch && self.ready {
                    return self.open_instances();
                }
            }
            KeyCode::Enter => {
                if let Some(next) = self.next_stage() {
                    return self.run(next);
                }
            }
            KeyCode::Char('a') => {
                self.auto = true;
                if let Some(next) = self.next_stage() {
                    return self.run(next);
                }
            }
            _ => {}
        }
        Vec::new()
    }

    /// A paste goes only into an open form's focused field; anywhere else it is ignored with a
    /// notice (without bracketed paste, pasted text would have been read as commands).
    pub(super) fn on_paste(&mut self, text: &str) {
        match self.form.as_mut() {
            Some(form) => {
                if form.paste(text) {
                    form.validate(&self.plan_text);
                }
            }
            None => self.notice = Some(keystore_engine::i18n::strings().paste_ignored.into()),
        }
    }

    fn on_form_key(&mut self, key: KeyEvent) -> Vec<Command> {
        let Some(form) = self.form.as_mut() else {
            return Vec::new();
        };
        match key.code {
            KeyCode::Esc => {
                let _ = form.take_secret();
                self.form = None;
            }
            KeyCode::Tab | KeyCode::Down => form.next(),
            KeyCode::Backspace => {
                form.backspace();
                form.validate(&self.plan_text);
            }
            // Alt/Ctrl chords are not text (an ESC run together with a key arrives as Alt-key).
            KeyCode::Char(_)
                if key
                    .modifiers
                    .intersects(KeyModifiers::ALT | KeyModifiers::CONTROL) => {}
            // Re-check only on a change: a long paste into a full field costs nothing.
            KeyCode::Char(c) if form.type_char(c) => {
                form.validate(&self.plan_text);
            }
            KeyCode::Enter => {
                if let Some(next) = self.next_stage() {
                    return self.run(next);
                }
            }
            _ => {}
        }
        Vec::new()
    }

    /// Ctrl-C: while a stage runs, stop after its current call; idle, or a second time, quit.
    fn interrupt(&mut self) -> Vec<Command> {
        let recent = self
            .last_interrupt
            .is_some_and(|t| self.ticks.saturating_sub(t) <= DOUBLE_INTERRUPT_TICKS);
        if self.running.is_empty() || recent {
            self.quit = Some(130);
            return vec![Command::Quit(ExitCode::Interrupted)];
        }
        self.last_interrupt = Some(self.ticks);
        self.stopping = true;
        self.auto = false;
        self.notice = Some(keystore_engine::i18n::strings().stopping.into());
        Vec::new()
    }
}
