//! One open run: the stage context (AWS boundary, journal, plan, secrets) and a way to run one
//! stage with its StageStarted/StageFinished events and journal bookkeeping. The headless driver
//! runs every stage through it; the TUI's engine task runs the stage the operator asks for.

use crate::cloud::{Cloud, Target};
use crate::inputs::plan::Plan;
use crate::inputs::secrets::Secrets;
use crate::run::events::{Event, SharedReporter};
use crate::run::journal::Journal;
use crate::run::operator::Operator;
use crate::run::wait::Waiter;
use crate::stages::{self, Ctx, Outcome, StageError, StageId};
use std::time::Instant;

pub struct Session {
    pub ctx: Ctx,
    pub target_label: String,
    /// Where the calls go (for the account's clock: `run::open::account_now`).
    pub target: Target,
}

fn new_run_id() -> String {
    let mut b = [0u8; 5];
    let _ = aws_lc_rs::rand::fill(&mut b);
    format!(
        "ksw-{}",
        b.iter().map(|x| format!("{x:02x}")).collect::<String>()
    )
}

pub struct Parts {
    pub target: Target,
    pub plan: Plan,
    pub journal: Journal,
    pub secrets: Secrets,
    pub waiter: Waiter,
    pub operator: Operator,
    pub region: Option<String>,
    pub guard: crate::run::guard::Guard,
    pub pasted: crate::stages::ctx::Pasted,
}

impl Session {
    /// Connects to the target and opens (or continues) the run in the journal.
    pub async fn open(parts: Parts, reporter: SharedReporter) -> Result<Self, StageError> {
        let Parts {
            target,
            plan,
            mut journal,
            secrets,
            waiter,
            operator,
            region,
            guard,
            pasted,
        } = parts;
        let region = plan
            .region
            .clone()
            .or(region)
            .or_else(|| journal.run().map(|r| r.region.clone()));
        let cloud = Cloud::connect(&target, region.as_deref(), reporter.clone()).await?;
        if let Some(r) = journal.run()
            && r.region != cloud.region
        {
            return Err(StageError::keyed(
                "WrongRegion",
                "WrongRegion",
                &[("journal", &r.region), ("region", &cloud.region)],
            ));
        }
        let run_id = journal
            .run()
            .map(|r| r.run_id.clone())
            .unwrap_or_else(new_run_id);
        journal.begin(&run_id, &cloud.region, &target.label())?;
        let ctx = Ctx {
            cloud,
            journal,
            plan,
            secrets,
            waiter,
            operator,
            guard,
            reporter,
            run_id,
            account_id: String::new(),
            caller_arn: String::new(),
            stage: "preflight",
            pasted,
            target: target.clone(),
        };
        Ok(Self {
            ctx,
            target_label: target.label(),
            target,
        })
    }

    /// Stage statuses already in the journal (for resuming and for the TUI's rail).
    pub fn journaled_status(&self, id: StageId) -> Option<String> {
        self.ctx
            .journal
            .stage_status(id.as_str())
            .map(str::to_string)
    }

    /// Runs one stage, reporting its start and end and recording it in the journal.
    pub async fn run_stage(&mut self, id: StageId) -> Result<Outcome, StageError> {
        let result = run_in(&mut self.ctx, id).await;
        if id == StageId::Preflight && result.is_ok() {
            self.ctx.reporter.emit(Event::RunStarted {
                run_id: self.ctx.run_id.clone(),
                account_id: self.ctx.account_id.clone(),
                region: self.ctx.cloud.region.clone(),
                target: self.target_label.clone(),
            });
        }
        result
    }

    /// Runs two stages at once (`client_launch` beside `first_hsm`'s long wait), each in its own
    /// context over one journal; both run to their end, whatever the other does. A kill during
    /// both leaves both unfinished in the journal, and a resume runs both again.
    /// `ended` hears each stage's result the moment that stage ends (the TUI's rail updates one
    /// while the other goes on).
    pub async fn run_together(
        &mut self,
        first: StageId,
        second: StageId,
        ended: &(dyn Fn(StageId, &Result<Outcome, StageError>) + Send + Sync),
    ) -> (Result<Outcome, StageError>, Result<Outcome, StageError>) {
        let mut other = self.ctx.fork();
        let one = async {
            let r = run_in(&mut self.ctx, first).await;
            ended(first, &r);
            r
        };
        let two = async {
            let r = run_in(&mut other, second).await;
            ended(second, &r);
            r
        };
        let both = tokio::join!(one, two);
        drop(other);
        self.ctx.journal.refresh();
        both
    }
}

/// One stage in `ctx`: StageStarted, the stage, its journal status, StageFinished.
async fn run_in(ctx: &mut Ctx, id: StageId) -> Result<Outcome, StageError> {
    ctx.stage = id.as_str();
    let reporter = ctx.reporter.clone();
    reporter.emit(Event::StageStarted {
        stage: id.as_str().into(),
    });
    let started = Instant::now();
    let result = crate::run::events::in_stage(id.as_str(), stages::apply(id, ctx)).await;
    let elapsed_s = started.elapsed().as_secs_f64();
    let outcome = match &result {
        Ok(Outcome::Done) => {
            ctx.journal.set_stage(id.as_str(), "done")?;
            "done"
        }
        Ok(Outcome::OperatorNeeded(_)) => "operator_action_needed",
        Err(_) => "failed",
    };
    reporter.emit(Event::StageFinished {
        stage: id.as_str().into(),
        outcome: outcome.into(),
        elapsed_s,
    });
    result
}
