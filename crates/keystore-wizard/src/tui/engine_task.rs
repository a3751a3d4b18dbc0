//! The TUI's engine: a task that owns the open run (`Session`) and runs the stage the app asks
//! for, reporting every engine event and each stage's end as messages on the app's channel.
//! Background work never touches the UI; the app never awaits AWS.

use crate::tui::app::{Command, Msg, StageResult, TeardownChoice};
use keystore_engine::inventory;
use keystore_engine::run::events::{Event, Reporter};
use keystore_engine::run::guard::Purpose;
use keystore_engine::run::open::account_now;
use keystore_engine::run::session::{Parts, Session};
use keystore_engine::stages::{Outcome, StageError, StageId};
use keystore_engine::teardown::{self, report};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};

/// Forwards engine events to the app as messages.
pub struct ChannelReporter(pub UnboundedSender<Msg>);

impl Reporter for ChannelReporter {
    fn emit(&self, event: Event) {
        let _ = self.0.send(Msg::EngineReported(event));
    }
}

/// The account guard before a TUI teardown: the refusal, or Ok (a bypass is announced).
async fn guard_teardown(ctx: &mut keystore_engine::stages::Ctx) -> Result<(), StageError> {
    let account = match ctx.account_id.as_str() {
        "" => ctx.cloud.identity().await?.account_id,
        a => a.to_string(),
    };
    match ctx
        .guard
        .enforce(&ctx.cloud, Purpose::Teardown, &account)
        .await
    {
        Ok(None) => Ok(()),
        Ok(Some(reason)) => {
            ctx.emit(Event::GuardBypassed {
                account_id: account,
                reason,
            });
            Ok(())
        }
        Err(r) => Err(StageError::refused(r)),
    }
}

/// Opens the run, then serves commands until the app goes away.
pub async fn serve(
    parts: Parts,
    to_app: UnboundedSender<Msg>,
    mut commands: UnboundedReceiver<Command>,
) {
    let reporter = std::sync::Arc::new(ChannelReporter(to_app.clone()));
    let mut session = match Session::open(parts, reporter).await {
        Ok(s) => s,
        Err(e) => {
            let _ = to_app.send(Msg::SessionFailed {
                code: e.code,
                meaning: e.meaning,
            });
            return;
        }
    };
    let resumed = keystore_engine::stages::ORDER
        .iter()
        .filter_map(|s| {
            session
                .journaled_status(s.id)
                .map(|st| (s.id.as_str().to_string(), st))
        })
        .collect();
    let _ = to_app.send(Msg::SessionOpened { resumed });
    let mut planned: Vec<teardown::Step> = Vec::new();
    // The options of the plan on screen: the execution carries out that plan, with them.
    let mut opts = teardown_options(&session, TeardownChoice::default());
    while let Some(cmd) = commands.recv().await {
        match cmd {
            Command::LoadSubnets => {
                let result = session
                    .ctx
                    .cloud
                    .all_subnets()
                    .await
                    .map_err(StageError::from);
                let _ = to_app.send(Msg::SubnetsLoaded(result));
            }
            Command::LoadInstances => {
                let result =
                    keystore_engine::stages::client_existing::candidates(&mut session.ctx).await;
                let _ = to_app.send(Msg::InstancesLoaded(result));
            }
            Command::PlanTeardown(choice) => {
                opts = teardown_options(&session, choice);
                let msg = match inventory::scan(&session.ctx.cloud, None).await {
                    Ok(inv) => {
                        let now = account_now(&session.target);
                        teardown::radius::prepare(&session.ctx.cloud, &inv, &mut opts, now).await;
                        planned = teardown::plan(&inv, &opts, now);
                        let ready = planned
                            .iter()
                            .filter(|s| s.status == teardown::StepStatus::Ready)
                            .count();
                        Msg::TeardownPlanned {
                            account: inv.account_id.clone(),
                            inventory: report::inventory_lines(&inv),
                            steps: planned
                                .iter()
                                .map(|s| {
                                    let ready = s.status == teardown::StepStatus::Ready;
                                    (report::step_line(s), ready)
                                })
                                .collect(),
                            ready,
                        }
                    }
                    Err(e) => Msg::TeardownFailed(e.into()),
                };
                let _ = to_app.send(msg);
            }
            Command::ExecuteTeardown => {
                let target = session.target.clone();
                let now = move || account_now(&target);
                let ctx = &mut session.ctx;
                if let Err(e) = guard_teardown(ctx).await {
                    let _ = to_app.send(Msg::TeardownFailed(e));
                    continue;
                }
                let reporter = ctx.reporter.clone();
                let msg = match teardown::execute_all(
                    &ctx.cloud,
                    &planned,
                    &opts,
                    None,
                    now,
                    &ctx.waiter,
                    &reporter,
                    &mut ctx.journal,
                )
                .await
                {
                    Ok(x) => Msg::TeardownFinished {
                        results: x.results.iter().map(report::result_line).collect(),
                        remaining: x.remaining.iter().map(report::step_line).collect(),
                    },
                    Err(e) => Msg::TeardownFailed(e.into()),
                };
                let _ = to_app.send(msg);
            }
            Command::RunStage(id) => {
                let result = session.run_stage(id).await;
                ended(&to_app, id, &result);
            }
            Command::RunTogether(first, second) => {
                let tell = to_app.clone();
                let tell = move |id: StageId, r: &Result<Outcome, StageError>| ended(&tell, id, r);
                // Each result went to the app the moment its stage ended.
                let _ = session.run_together(first, second, &tell).await;
            }
            Command::UpdatePlan(plan) => session.ctx.plan = *plan,
            Command::SetKmsuserPassword(secret) => {
                session.ctx.secrets.kmsuser = secret;
                session.ctx.secrets.kmsuser_given = true;
            }
            Command::SetUserList(list) => session.ctx.pasted.user_list = Some(list),
            Command::Quit(_) => return,
        }
    }
}

/// Tells the app how a stage ended.
fn ended(to_app: &UnboundedSender<Msg>, id: StageId, result: &Result<Outcome, StageError>) {
    let result = match result {
        Ok(Outcome::Done) => StageResult::Done,
        Ok(Outcome::OperatorNeeded(_)) => StageResult::OperatorNeeded,
        Err(e) => StageResult::Failed {
            request_id: e.cloud.as_ref().and_then(|c| c.request_id.clone()),
            operation: e.cloud.as_ref().map(|c| c.operation.clone()),
            code: e.code.clone(),
            meaning: e.meaning.clone(),
            fix: e.fix.clone(),
        },
    };
    let _ = to_app.send(Msg::StageEnded {
        stage: id.as_str().to_string(),
        result,
    });
}

/// The TUI's teardown: everything this run's journal created counts as ours; the order and the
/// backups are the screen's toggles; the key-store role and IAM stay unless the CLI is asked
/// (`teardown --delete-…`).
fn teardown_options(session: &Session, choice: TeardownChoice) -> teardown::Options {
    let known_ours = session
        .ctx
        .journal
        .resources()
        .into_iter()
        .map(|(_, id)| id)
        .collect();
    teardown::Options {
        order: choice.order,
        delete_backups: choice.delete_backups,
        window_days: 7,
        known_ours,
        memberships: teardown::memberships(&session.ctx.journal),
        ..teardown::Options::default()
    }
}
