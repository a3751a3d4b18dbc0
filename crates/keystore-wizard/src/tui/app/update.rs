//! `App::update`: the only place the model changes. Keys drive navigation, forms and overlays;
//! engine events fill the stage views; a finished stage starts the next one when running all.

use super::form::Form;
use super::msg::{Command, Msg, StageResult};
use super::state::{App, CallRow, ErrorView, Overlay, StageStatus, WaitView};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use keystore_engine::exit::ExitCode;
use keystore_engine::run::events::{Event, SlrStatus};
use keystore_engine::stages::StageId;

/// Ticks (of 100 ms) within which a second Ctrl-C exits at once.
const DOUBLE_INTERRUPT_TICKS: u64 = 30;

impl App {
    pub fn update(&mut self, msg: Msg) -> Vec<Command> {
        match msg {
            Msg::Ticked => {
                self.ticks += 1;
                Vec::new()
            }
            Msg::Resized(..) => Vec::new(),
            Msg::KeyPressed(key) => self.on_key(key),
            Msg::Pasted(text) => {
                self.on_paste(&text);
                Vec::new()
            }
            Msg::EngineReported(event) => {
                self.on_event(event);
                Vec::new()
            }
            Msg::SessionOpened { resumed } => {
                self.ready = true;
                let mut any = false;
                for (stage, status) in resumed {
                    // Preflight runs again in every session: it is what checks that these
                    // credentials belong to the journal's account before anything else runs.
                    if let Some(i) = self.index(&stage)
                        && status == "done"
                        && stage != "preflight"
                    {
                        self.stages[i].status = StageStatus::Done;
                        any = true;
                    }
                }
                if any {
                    self.notice = Some(keystore_engine::i18n::strings().resume_offer.into());
                    self.selected = self.next_stage().unwrap_or(self.stages.len() - 1);
                }
                match (self.queued.take(), self.next_stage()) {
                    (Some(auto), Some(next)) => {
                        self.auto = auto;
                        self.run(next)
                    }
                    _ => Vec::new(),
                }
            }
            Msg::SessionFailed { code, meaning } => {
                self.fatal = Some(ErrorView {
                    code,
                    meaning,
                    fix: vec![keystore_engine::i18n::t("fix.SessionFailed").into()],
                    request_id: None,
                    operation: None,
                });
                Vec::new()
            }
            Msg::StageEnded { stage, result } => self.on_stage_end(&stage, result),
            m @ Msg::SubnetsLoaded(_) => self.on_subnets(m),
            m @ (Msg::TeardownPlanned { .. }
            | Msg::TeardownFinished { .. }
            | Msg::TeardownFailed(_)) => self.on_teardown_msg(m),
            Msg::Terminated => {
                self.quit = Some(130);
                vec![Command::Quit(ExitCode::Interrupted)]
            }
        }
    }

    pub(super) fn run(&mut self, i: usize) -> Vec<Command> {
        if !self.ready {
            self.queued = Some(self.auto);
            return Vec::new();
        }
        if self.running.is_some() {
            return Vec::new();
        }
        let mut out = Vec::new();
        if let Some(form) = self.form.as_mut() {
            if !form.validate(&self.plan_text) {
                return Vec::new();
            }
            if !self.non_fips_confirmed && form.non_fips() {
                self.overlay = Overlay::ConfirmNonFips;
                return Vec::new();
            }
            if let Ok(text) = form.apply(&self.plan_text)
                && let Ok(plan) = keystore_engine::inputs::plan::Plan::parse(&text)
            {
                self.plan_text = text;
                out.push(Command::UpdatePlan(Box::new(plan)));
            }
            if let Some(secret) = form.take_secret() {
                out.push(Command::SetKmsuserPassword(secret));
            }
            self.form = None;
        }
        let view = &mut self.stages[i];
        view.status = StageStatus::Running;
        view.error = None;
        view.waiting = None;
        self.running = Some(i);
        self.selected = i;
        out.push(Command::RunStage(view.id));
        out
    }

    fn on_stage_end(&mut self, stage: &str, result: StageResult) -> Vec<Command> {
        let Some(i) = self.index(stage) else {
            return Vec::new();
        };
        self.running = None;
        let view = &mut self.stages[i];
        view.waiting = None;
        match result {
            StageResult::Done => view.status = StageStatus::Done,
            StageResult::OperatorNeeded => {
                view.status = StageStatus::Operator;
                self.auto = false;
            }
            StageResult::Failed {
                code,
                meaning,
                fix,
                request_id,
                operation,
            } => {
                view.status = StageStatus::Failed;
                view.error = Some(ErrorView {
                    code,
                    meaning,
                    fix,
                    request_id,
                    operation,
                });
                self.auto = false;
            }
        }
        if self.stopping {
            self.stopping = false;
            self.auto = false;
            self.notice = None;
            return Vec::new();
        }
        match self.next_stage() {
            Some(next) if self.auto => self.run(next),
            Some(next) if self.stages[i].status == StageStatus::Done => {
                self.selected = next;
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    fn on_event(&mut self, event: Event) {
        let current = self.running;
        let stage_of = |app: &App, s: &str| app.index(s).or(current);
        match event {
            Event::RunStarted {
                run_id,
                account_id,
                region,
                ..
            } => {
                self.run_id = Some(run_id);
                self.account = Some(account_id);
                self.region = region;
            }
            Event::ApiCallStarted { service, operation } => {
                if let Some(i) = current {
                    let started_tick = self.ticks;
                    self.stages[i].calls.push(CallRow {
                        service,
                        operation,
                        duration_ms: None,
                        ok: None,
                        error_code: None,
                        cli: String::new(),
                        started_tick,
                    });
                }
            }
            Event::ApiCall {
                service,
                operation,
                duration_ms,
                outcome,
                error_code,
                cli,
                ..
            } => {
                if let Some(i) = current {
                    let calls = &mut self.stages[i].calls;
                    let row = calls.iter_mut().rev().find(|c| {
                        c.ok.is_none() && c.operation == operation && c.service == service
                    });
                    let done = CallRow {
                        service,
                        operation,
                        duration_ms: Some(duration_ms),
                        ok: Some(outcome == "ok"),
                        error_code,
                        cli,
                        started_tick: 0,
                    };
                    match row {
                        Some(r) => {
                            *r = CallRow {
                                started_tick: r.started_tick,
                                ..done
                            }
                        }
                        None => calls.push(done),
                    }
                }
            }
            Event::Slr { stage, status, .. } => {
                let at = format!("t+{:.1}s", self.ticks as f64 / 10.0);
                if let Some(i) = stage_of(self, &stage)
                    && let Some(slr) = self.stages[i].slr.as_mut()
                {
                    slr.status = Some(status);
                    slr.at = (status == SlrStatus::Created).then_some(at);
                }
            }
            Event::PermissionVerdict {
                stage,
                action,
                decision,
            } => {
                if let Some(i) = self.index(&stage) {
                    self.stages[i].verdicts.retain(|(a, _)| a != &action);
                    self.stages[i].verdicts.push((action, decision));
                }
            }
            Event::Retrying {
                operation,
                code,
                attempt,
                retry_in_s,
            } => {
                self.notice = Some(keystore_engine::i18n::tf(
                    "h.retrying",
                    &[
                        ("operation", &operation),
                        ("code", &code),
                        ("seconds", &format!("{retry_in_s:.0}")),
                        ("attempt", &attempt),
                    ],
                ));
            }
            Event::Waiting {
                stage,
                what,
                state,
                elapsed_s,
            } => {
                if let Some(i) = stage_of(self, &stage) {
                    self.stages[i].waiting = Some(WaitView {
                        what,
                        state,
                        elapsed_s,
                    });
                }
            }
            Event::OperatorAction {
                stage,
                commands,
                performed_by,
            } => {
                if let Some(i) = stage_of(self, &stage) {
                    self.stages[i].operator = Some((commands, performed_by == "sandbox"));
                }
            }
            Event::ResourceCreated { stage, kind, id }
            | Event::ResourceAdopted { stage, kind, id } => {
                if let Some(i) = stage_of(self, &stage) {
                    self.stages[i].created.push((kind, id));
                }
            }
            Event::StageFinished {
                stage, elapsed_s, ..
            } => {
                if let Some(i) = self.index(&stage) {
                    self.stages[i].elapsed_s = Some(elapsed_s);
                }
            }
            Event::GuardBypassed { reason, .. } => self.notice = Some(reason),
            Event::StageStarted { .. } | Event::Error { .. } | Event::Done { .. } => {}
        }
    }

    fn on_key(&mut self, key: KeyEvent) -> Vec<Command> {
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
        if self.form.is_some() {
            return self.on_form_key(key);
        }
        if self.teardown.is_some() {
            return self.on_teardown_key(key);
        }
        if self.picker.is_some() {
            return self.on_picker_key(key);
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
            Overlay::None | Overlay::ConfirmNonFips => {}
        }
        let last = self.stages.len() - 1;
        match key.code {
            KeyCode::Char('q') => self.overlay = Overlay::ConfirmQuit,
            KeyCode::Char('?') => self.overlay = Overlay::Help,
            KeyCode::Char('T') => return self.open_teardown(),
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
                if editable {
                    self.form = Form::for_stage(s.id, &self.plan_text);
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
    fn on_paste(&mut self, text: &str) {
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
        if self.running.is_none() || recent {
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
