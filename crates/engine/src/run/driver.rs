//! Runs every stage in order for headless `setup` (the TUI's engine task runs the same
//! `Session` a stage, or a pair, at a time): opens the run, asks for confirmation once the account and
//! Region are known, stops at the first failure or operator step, and turns the outcome into
//! an `ExitCode`. Stages that `stages::runs_beside` pairs run at once.

use crate::exit::ExitCode;
use crate::run::events::{Event, SharedReporter};
use crate::run::session::{Parts, Session};
use crate::stages::{self, ORDER, Outcome, StageError, StageId};

/// How the run gets the operator's go-ahead before its first change.
pub enum Confirm {
    /// `--yes`.
    Given,
    /// Ask on the terminal, showing account and Region.
    Ask,
}

pub struct Setup {
    /// What the run works with (target, plan, journal, secrets, waiter, operator, Region).
    pub parts: Parts,
    pub resume: bool,
    pub confirm: Confirm,
    /// Stop (exit 0) after this stage; for going step by step, and for tests.
    pub until: Option<StageId>,
}

fn done(reporter: &SharedReporter, outcome: &str, code: ExitCode) -> ExitCode {
    reporter.emit(Event::Done {
        outcome: outcome.into(),
        exit_code: code.code(),
    });
    code
}

fn fail(reporter: &SharedReporter, stage: &str, e: &StageError) -> ExitCode {
    reporter.emit(Event::Error {
        stage: stage.into(),
        code: e.code.clone(),
        meaning: e.meaning.clone(),
        fix: e.fix.clone(),
    });
    done(reporter, "failed", e.exit)
}

fn ask(account: &str, region: &str) -> bool {
    use std::io::{BufRead, IsTerminal, Write};
    if !std::io::stdin().is_terminal() {
        return false;
    }
    eprint!(
        "{}",
        crate::i18n::tf("ask.confirm", &[("account", &account), ("region", &region)])
    );
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).is_ok() && line.trim() == "yes"
}

pub async fn run(setup: Setup, reporter: SharedReporter) -> ExitCode {
    let Setup {
        parts,
        resume,
        confirm,
        until,
    } = setup;
    if resume && parts.journal.run().is_none() {
        let dir = parts.journal.dir().display().to_string();
        let mut e = StageError::keyed("NothingToResume", "NothingToResume", &[("dir", &dir)]);
        e.exit = ExitCode::Usage;
        return fail(&reporter, "setup", &e);
    }
    let mut session = match Session::open(parts, reporter.clone()).await {
        Ok(s) => s,
        Err(e) => return fail(&reporter, "setup", &e),
    };
    let mut next = 0;
    while let Some(stage) = ORDER.get(next) {
        // A launched client boots while the first HSM is created: the two stages run at once.
        let beside = stages::runs_beside(stage.id, &session.ctx.plan)
            .filter(|b| until != Some(stage.id) && ORDER.get(next + 1).map(|s| s.id) == Some(*b));
        let ran = if let Some(other) = beside {
            let (a, b) = session.run_together(stage.id, other, &|_, _| {}).await;
            vec![(stage.id, a), (other, b)]
        } else {
            vec![(stage.id, session.run_stage(stage.id).await)]
        };
        next += ran.len();
        for (id, result) in &ran {
            match result {
                Ok(Outcome::Done) => {}
                Ok(Outcome::OperatorNeeded(_)) => {
                    return done(&reporter, "operator_action_needed", ExitCode::OperatorStep);
                }
                Err(e) => return fail(&reporter, id.as_str(), e),
            }
        }
        if stage.id == StageId::Preflight
            && matches!(confirm, Confirm::Ask)
            && !ask(&session.ctx.account_id, &session.ctx.cloud.region)
        {
            let mut e = StageError::keyed("NotConfirmed", "NotConfirmed", &[]);
            e.exit = ExitCode::Usage;
            return fail(&reporter, "preflight", &e);
        }
        if ran.iter().any(|(id, _)| until == Some(*id)) {
            return done(&reporter, "stopped", ExitCode::Ok);
        }
    }
    done(&reporter, "done", ExitCode::Ok)
}
