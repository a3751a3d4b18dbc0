//! `App::update`: the only place the model changes (with `keys.rs`, which handles keys, forms
//! and overlays). Engine events fill the stage views and the run's summary; a finished stage
//! stays on screen, or starts the next one when running all, which ends on the summary.

use super::msg::{Command, Msg, StageResult};
use super::state::{App, CallRow, ErrorView, Overlay, StageStatus, WaitView};
use keystore_engine::exit::ExitCode;
use keystore_engine::run::events::{Event, SlrStatus};

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
            Msg::BackupsLoaded(result) => {
                match result {
                    Ok(list) => match list.into_iter().next() {
                        Some(newest) => {
                            self.restore_from = Some(newest);
                            self.notice = None;
                            self.overlay =
                                Overlay::ConfirmDayTwo(keystore_engine::daytwo::Op::Restore);
                        }
                        None => {
                            self.notice = Some(keystore_engine::i18n::t("d2.tui_no_backup").into());
                        }
                    },
                    Err(e) => self.notice = Some(e.one_line()),
                }
                Vec::new()
            }
            Msg::DayTwoEnded { op, error } => {
                self.notice = Some(match error {
                    None => keystore_engine::i18n::tf("d2.tui_done", &[("op", &op.as_str())]),
                    Some(e) => keystore_engine::i18n::tf(
                        "d2.tui_failed",
                        &[("op", &op.as_str()), ("error", &e)],
                    ),
                });
                Vec::new()
            }
            m @ Msg::SubnetsLoaded(_) => self.on_subnets(m),
            m @ Msg::InstancesLoaded(_) => self.on_instances(m),
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
        if !self.running.is_empty() {
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
            if let Some(list) = form.take_user_list() {
                out.push(Command::SetUserList(list));
            }
            self.form = None;
        }
        let id = self.stages[i].id;
        let beside = self
            .plan()
            .and_then(|plan| keystore_engine::stages::runs_beside(id, &plan))
            .and_then(|other| self.index(other.as_str()))
            .filter(|&j| self.stages[j].status != StageStatus::Done);
        for j in std::iter::once(i).chain(beside) {
            let view = &mut self.stages[j];
            view.status = StageStatus::Running;
            view.error = None;
            view.waiting = None;
            self.running.push(j);
        }
        self.selected = i;
        out.push(match beside {
            Some(j) => Command::RunTogether(id, self.stages[j].id),
            None => Command::RunStage(id),
        });
        out
    }

    fn on_stage_end(&mut self, stage: &str, result: StageResult) -> Vec<Command> {
        let Some(i) = self.index(stage) else {
            return Vec::new();
        };
        self.running.retain(|&j| j != i);
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
        // With two stages in flight, nothing moves on until both have ended; a run-all shows
        // the one still running once this one is done.
        if let Some(&other) = self.running.first() {
            if self.auto && self.stages[i].status == StageStatus::Done && self.selected == i {
                self.selected = other;
            }
            return Vec::new();
        }
        if self.stopping {
            self.stopping = false;
            self.auto = false;
            self.notice = None;
            return Vec::new();
        }
        // A finished stage stays on screen with its result (resources, the role panel) until
        // the operator moves on; a run-all goes on, and ends on the summary.
        match self.next_stage() {
            Some(next) if self.auto => self.run(next),
            None if self.auto && self.all_done() => {
                self.auto = false;
                self.show_summary = true;
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    fn on_event(&mut self, event: Event) {
        self.summary.record(&event);
        let current = self.running.first().copied();
        let stage_of = |app: &App, s: &str| app.index(s).or(current);
        // A call belongs to the stage that made it; one made outside any stage, to the stage
        // in flight.
        let caller =
            |app: &App, s: &Option<String>| s.as_deref().and_then(|s| app.index(s)).or(current);
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
            Event::ApiCallStarted {
                stage,
                service,
                operation,
            } => {
                if let Some(i) = caller(self, &stage) {
                    let started_tick = self.ticks;
                    self.stages[i].calls.push(CallRow {
                        service,
                        operation,
                        duration_ms: None,
                        ok: None,
                        error_code: None,
                        cli: String::new(),
                        started_tick,
                        count: 1,
                    });
                }
            }
            Event::ApiCall {
                stage,
                service,
                operation,
                duration_ms,
                outcome,
                error_code,
                cli,
                ..
            } => {
                if let Some(i) = caller(self, &stage) {
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
                        count: 1,
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
                    fold_polls(calls);
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
                // The teardown's checks are simulated in preflight and shown there.
                let shown = if stage == "teardown" {
                    "preflight"
                } else {
                    stage.as_str()
                };
                if let Some(i) = self.index(shown) {
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
                self.notice = Some(keystore_engine::run::events::retrying_text(
                    &operation, &code, attempt, retry_in_s,
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
            Event::Notice { code, args, .. } => {
                self.notice = Some(keystore_engine::run::events::notice_text(&code, &args));
            }
            Event::StageStarted { .. } | Event::Error { .. } | Event::Done { .. } => {}
        }
    }
}

/// Folds the last call into the one before when both are the same successful read: a wait's
/// polls become one row with a count, so the creating call stays in view.
fn fold_polls(calls: &mut Vec<CallRow>) {
    let n = calls.len();
    if n < 2 {
        return;
    }
    let (a, b) = (&calls[n - 2], &calls[n - 1]);
    if a.ok == Some(true)
        && b.ok == Some(true)
        && a.is_read()
        && a.service == b.service
        && a.operation == b.operation
    {
        let last = calls.remove(n - 1);
        let keep = &mut calls[n - 2];
        keep.count += last.count;
        keep.duration_ms = last.duration_ms;
    }
}
