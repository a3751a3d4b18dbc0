//! Runs the stages in order for `setup` (the TUI will drive the same stages): opens the run,
//! asks for confirmation once the account and Region are known, stops at the first failure or
//! operator step, and turns the outcome into the documented exit code — 0 done, 2 usage,
//! 3 AWS failure (journal kept), 4 operator action needed, 5 key store connect FAILED.

use crate::cloud::{Cloud, Target};
use crate::events::{Event, SharedReporter};
use crate::journal::Journal;
use crate::operator::Operator;
use crate::plan::Plan;
use crate::secrets::Secrets;
use crate::stages::{self, Ctx, ORDER, Outcome, StageError};
use crate::wait::Waiter;
use std::time::Instant;

pub const EXIT_OK: i32 = 0;
pub const EXIT_USAGE: i32 = 2;
pub const EXIT_AWS: i32 = 3;
pub const EXIT_OPERATOR: i32 = 4;
pub const EXIT_CONNECT_FAILED: i32 = 5;

/// How the run gets the operator's go-ahead before its first change.
pub enum Confirm {
    /// `--yes`.
    Given,
    /// Ask on the terminal, showing account and Region.
    Ask,
}

pub struct Setup {
    pub target: Target,
    pub plan: Plan,
    pub journal: Journal,
    pub secrets: Secrets,
    pub waiter: Waiter,
    pub operator: Operator,
    pub region: Option<String>,
    pub resume: bool,
    pub confirm: Confirm,
    /// Stop (exit 0) after this stage; for going step by step, and for tests.
    pub until: Option<String>,
}

fn new_run_id() -> String {
    let mut b = [0u8; 5];
    let _ = aws_lc_rs::rand::fill(&mut b);
    format!(
        "ksw-{}",
        b.iter().map(|x| format!("{x:02x}")).collect::<String>()
    )
}

fn done(reporter: &SharedReporter, outcome: &str, code: i32) -> i32 {
    reporter.emit(Event::Done {
        outcome: outcome.into(),
        exit_code: code,
    });
    code
}

fn fail(reporter: &SharedReporter, stage: &str, e: &StageError) -> i32 {
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
        "Create CloudHSM and KMS resources in account {account}, Region {region}? HSMs cost about $1.50 an hour each. Type yes to go on: "
    );
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).is_ok() && line.trim() == "yes"
}

pub async fn run(setup: Setup, reporter: SharedReporter) -> i32 {
    let Setup {
        target,
        plan,
        mut journal,
        secrets,
        waiter,
        operator,
        region,
        resume,
        confirm,
        until,
    } = setup;
    if resume && journal.run().is_none() {
        reporter.emit(Event::Error {
            stage: "setup".into(),
            code: "NothingToResume".into(),
            meaning: format!("there is no run to resume in {}", journal.dir().display()),
            fix: vec!["Run setup without --resume to start one.".into()],
        });
        return done(&reporter, "failed", EXIT_USAGE);
    }
    let region = plan
        .region
        .clone()
        .or(region)
        .or_else(|| journal.run().map(|r| r.region.clone()));
    let cloud = match Cloud::connect(&target, region.as_deref(), reporter.clone()).await {
        Ok(c) => c,
        Err(e) => return fail(&reporter, "setup", &e.into()),
    };
    if let Some(r) = journal.run()
        && r.region != cloud.region
    {
        let e = StageError::local(
            "WrongRegion",
            &format!(
                "this run's journal is for {}, not {}",
                r.region, cloud.region
            ),
            vec!["Use the journal's Region, or another --state-dir for a new run.".into()],
        );
        return fail(&reporter, "setup", &e);
    }
    let run_id = journal
        .run()
        .map(|r| r.run_id.clone())
        .unwrap_or_else(new_run_id);
    if let Err(e) = journal.begin(&run_id, &cloud.region, &target.label()) {
        return fail(&reporter, "setup", &e.into());
    }
    let mut ctx = Ctx {
        cloud,
        journal,
        plan,
        secrets,
        waiter,
        operator,
        reporter: reporter.clone(),
        run_id: run_id.clone(),
        account_id: String::new(),
        caller_arn: String::new(),
        stage: "preflight",
    };
    for stage in ORDER.iter() {
        ctx.stage = stage.id;
        reporter.emit(Event::StageStarted {
            stage: stage.id.into(),
        });
        let started = Instant::now();
        let result = stages::apply(stage.id, &mut ctx).await;
        let elapsed_s = started.elapsed().as_secs_f64();
        match result {
            Ok(Outcome::Done) => {
                if let Err(e) = ctx.journal.set_stage(stage.id, "done") {
                    return fail(&reporter, stage.id, &e.into());
                }
                reporter.emit(Event::StageFinished {
                    stage: stage.id.into(),
                    outcome: "done".into(),
                    elapsed_s,
                });
            }
            Ok(Outcome::OperatorNeeded(_)) => {
                reporter.emit(Event::StageFinished {
                    stage: stage.id.into(),
                    outcome: "operator_action_needed".into(),
                    elapsed_s,
                });
                return done(&reporter, "operator_action_needed", EXIT_OPERATOR);
            }
            Err(e) => {
                reporter.emit(Event::StageFinished {
                    stage: stage.id.into(),
                    outcome: "failed".into(),
                    elapsed_s,
                });
                return fail(&reporter, stage.id, &e);
            }
        }
        if stage.id == "preflight" {
            reporter.emit(Event::RunStarted {
                run_id: run_id.clone(),
                account_id: ctx.account_id.clone(),
                region: ctx.cloud.region.clone(),
                target: target.label(),
            });
            if matches!(confirm, Confirm::Ask) && !ask(&ctx.account_id, &ctx.cloud.region) {
                let e = StageError {
                    code: "NotConfirmed".into(),
                    meaning: "the run was not confirmed, so nothing was created".into(),
                    fix: vec!["Pass --yes, or answer yes at the prompt.".into()],
                    exit: EXIT_USAGE,
                    cloud: None,
                };
                return fail(&reporter, "preflight", &e);
            }
        }
        if until.as_deref() == Some(stage.id) {
            return done(&reporter, "stopped", EXIT_OK);
        }
    }
    done(&reporter, "done", EXIT_OK)
}
