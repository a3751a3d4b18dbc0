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
use keystore_engine::teardown::{self, report, rows};
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

/// The run's cluster's READY backups, newest first (a TUI restore offers the newest).
async fn newest_backups(
    ctx: &keystore_engine::stages::Ctx,
) -> Result<Vec<(String, i64)>, StageError> {
    let cluster = ctx.cluster_id()?;
    let mut list: Vec<(String, i64)> = ctx
        .cloud
        .backups()
        .await?
        .into_iter()
        .filter(|b| b.cluster_id == cluster && b.state == "READY")
        .map(|b| (b.id, b.created.unwrap_or(0)))
        .collect();
    list.sort_by_key(|b| std::cmp::Reverse(b.1));
    Ok(list)
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
    let mut opts = teardown_options(&session, &TeardownChoice::default());
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
                let (o, msg) = plan_teardown(&session, choice, &mut planned).await;
                opts = o;
                let _ = to_app.send(msg);
            }
            Command::LoadBackups => {
                let result = newest_backups(&session.ctx).await;
                let _ = to_app.send(Msg::BackupsLoaded(result));
            }
            Command::DayTwo(op, args) => {
                let result = keystore_engine::daytwo::run_in(op, &mut session.ctx, args).await;
                let _ = to_app.send(Msg::DayTwoEnded {
                    op,
                    error: result.err().map(|e| e.one_line()),
                });
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
                    Ok(x) => {
                        let inv = inventory::Inventory::default();
                        let now = account_now(&session.target);
                        Msg::TeardownFinished {
                            results: rows::result_rows(&x.results),
                            remaining: rows::plan_rows(&x.remaining, &inv, &opts, now),
                        }
                    }
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

/// Scans every Region and plans the teardown with the screen's choices: the options the
/// plan was made with (the execution uses them) and the message for the screen.
async fn plan_teardown(
    session: &Session,
    choice: TeardownChoice,
    planned: &mut Vec<teardown::Step>,
) -> (teardown::Options, Msg) {
    let mut opts = teardown_options(session, &choice);
    let inv = match inventory::scan(&session.ctx.cloud, None).await {
        Ok(mut inv) => {
            inv.claim(&opts.known_ours);
            inv
        }
        Err(e) => return (opts, Msg::TeardownFailed(e.into())),
    };
    let now = account_now(&session.target);
    teardown::radius::prepare(&session.ctx.cloud, &inv, &mut opts, now).await;
    *planned = teardown::plan(&inv, &opts, now);
    let ready = planned
        .iter()
        .filter(|s| s.status == teardown::StepStatus::Ready)
        .count();
    let mut notes = vec![report::order_note(&opts)];
    if choice.delete_iam && opts.delete_iam.is_none() {
        notes.push(keystore_engine::i18n::t("td.tui_iam_unknown").into());
    }
    let scheduled = planned
        .iter()
        .any(|s| s.action == "schedule_key_deletion" && s.status == teardown::StepStatus::Ready);
    if scheduled {
        notes.push(keystore_engine::i18n::t("td.alarm_hint").into());
    }
    let msg = Msg::TeardownPlanned {
        account: inv.account_id.clone(),
        inventory: report::inventory_lines(&inv),
        rows: rows::plan_rows(planned, &inv, &opts, now),
        notes,
        ready,
    };
    (opts, msg)
}

/// The TUI's teardown: everything this run's journal created counts as ours; the rest are
/// the screen's choices (the IAM group and policy only when the journal names them).
fn teardown_options(session: &Session, choice: &TeardownChoice) -> teardown::Options {
    let journal = &session.ctx.journal;
    let known_ours = journal.resources().into_iter().map(|(_, id)| id).collect();
    let delete_iam = match (
        choice.delete_iam,
        journal.fact("admin_group"),
        journal.fact("admin_policy_arn"),
    ) {
        (true, Some(g), Some(p)) => Some((g.to_string(), p.to_string())),
        _ => None,
    };
    teardown::Options {
        order: choice.order,
        delete_backups: choice.delete_backups,
        delete_key_store_role: choice.delete_key_store_role,
        delete_iam,
        window_days: choice.window_days,
        include: choice.include.clone(),
        known_ours,
        memberships: teardown::memberships(journal),
        ..teardown::Options::default()
    }
}
