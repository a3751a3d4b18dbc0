//! The TUI's engine task (RELIABILITY A2): a teardown asked for from the screen is refused by
//! the account guard in a production-aliased account, like the headless one. Uses the engine
//! tests' rig (the same support module, compiled into this test).

#[path = "../../engine/tests/engine/support.rs"]
#[allow(dead_code)]
mod support;

use keystore_engine::run::guard::Guard;
use support::Rig;

fn rig(config: &str, flag: bool, alias: Option<&str>) -> Rig {
    let mut rig = Rig::new();
    rig.guard = Guard::new(config, flag).expect("config");
    if let Some(a) = alias {
        rig.sandbox
            .with_world(|w| w.iam.aliases = vec![a.to_string()]);
    }
    rig
}

type ToEngine = tokio::sync::mpsc::UnboundedSender<keystore_wizard::tui::app::Command>;
type FromEngine = tokio::sync::mpsc::UnboundedReceiver<keystore_wizard::tui::app::Msg>;

/// The TUI's engine task on the rig's sandbox and journal, with its two channels.
fn serve(rig: &Rig) -> (ToEngine, FromEngine, tokio::task::JoinHandle<()>) {
    let parts = support::parts(
        &rig.sandbox,
        rig.dir.path(),
        &rig.plan,
        false,
        support::KMSUSER.into(),
        Guard::default(),
    );
    let (to_app, from_engine) = tokio::sync::mpsc::unbounded_channel();
    let (to_engine, commands) = tokio::sync::mpsc::unbounded_channel();
    let engine = tokio::spawn(keystore_wizard::tui::engine_task::serve(
        parts, to_app, commands,
    ));
    (to_engine, from_engine, engine)
}

/// The TUI's teardown goes through the engine task: with a production alias, `x` after the typed
/// account id is refused by the guard, and nothing is deleted.
#[tokio::test]
async fn the_tui_teardown_is_refused_by_the_guard_too() {
    use keystore_wizard::tui::app::{Command, Msg};
    let rig = rig("", false, None);
    assert_eq!(rig.run(Some("admin"), false).await.code, 0);
    rig.sandbox
        .with_world(|w| w.iam.aliases = vec!["shop-prod".to_string()]);
    let before = rig.mutations().len();
    let (to_engine, mut from_engine, engine) = serve(&rig);
    to_engine
        .send(Command::PlanTeardown(Default::default()))
        .expect("send");
    to_engine.send(Command::ExecuteTeardown).expect("send");
    let refusal = loop {
        match from_engine.recv().await.expect("the engine answers") {
            Msg::TeardownFailed(text) => break text,
            Msg::TeardownFinished { .. } => panic!("the teardown ran in a prod-aliased account"),
            _ => {}
        }
    };
    assert_eq!(refusal.code, "AccountGuard", "{refusal:?}");
    assert!(refusal.meaning.contains("shop-prod"), "{refusal:?}");
    assert_eq!(refusal.exit, keystore_engine::exit::ExitCode::Usage);
    assert_eq!(rig.mutations().len(), before, "{:?}", rig.mutations());
    engine.abort();
}

/// `RunTogether` through the engine task on the sandbox: the launched client and the first HSM
/// run at once, each call is reported as the stage's that made it, and each stage's end reaches
/// the app when that stage ends, not when both have.
#[tokio::test]
async fn two_stages_run_together_and_each_reports_its_own_calls_and_end() {
    use keystore_engine::run::events::Event;
    use keystore_engine::stages::StageId;
    use keystore_wizard::tui::app::{Command, Msg, StageResult};
    let rig = rig("", false, None);
    assert_eq!(rig.run(Some("cluster"), false).await.code, 0);
    let (to_engine, mut from_engine, engine) = serve(&rig);
    to_engine
        .send(Command::RunStage(StageId::Preflight))
        .expect("send");
    to_engine
        .send(Command::RunTogether(
            StageId::ClientLaunch,
            StageId::FirstHsm,
        ))
        .expect("send");
    // (what, stage) in the order the app heard it: calls and ends.
    let mut heard: Vec<(String, String)> = Vec::new();
    let mut ended = Vec::new();
    while ended.len() < 3 {
        match from_engine.recv().await.expect("the engine answers") {
            Msg::EngineReported(Event::ApiCall {
                stage, operation, ..
            }) => heard.push((operation, stage.unwrap_or_default())),
            Msg::StageEnded { stage, result } => {
                assert_eq!(result, StageResult::Done, "{stage}");
                heard.push(("end".into(), stage.clone()));
                ended.push(stage);
            }
            _ => {}
        }
    }
    engine.abort();
    let stage_of = |op: &str| -> Vec<&str> {
        heard
            .iter()
            .filter(|(o, _)| o == op)
            .map(|(_, s)| s.as_str())
            .collect()
    };
    // (RunInstances may be made again while IAM propagates the new instance profile.)
    for (op, stage) in [
        ("RunInstances", "client_launch"),
        ("CreateHsm", "first_hsm"),
        ("SimulatePrincipalPolicy", "preflight"),
    ] {
        let stages = stage_of(op);
        assert!(
            !stages.is_empty() && stages.iter().all(|s| *s == stage),
            "{op}: {heard:?}"
        );
    }
    // Both were in flight at once: a call of each came before the other's end ...
    let pos = |what: &str, stage: &str| {
        heard
            .iter()
            .position(|(o, s)| o == what && s == stage)
            .expect("heard")
    };
    assert!(pos("CreateHsm", "first_hsm") < pos("end", "client_launch"));
    assert!(pos("RunInstances", "client_launch") < pos("end", "first_hsm"));
    // ... and the first to end was told before the other's last call.
    let first = ended[1].clone();
    let other = if first == "client_launch" {
        "first_hsm"
    } else {
        "client_launch"
    };
    let last_of_other = heard
        .iter()
        .rposition(|(o, s)| s == other && o != "end")
        .expect("calls");
    assert!(pos("end", &first) < last_of_other, "{heard:?}");
}

/// One clock: on a sandbox whose clock runs far from this machine's, the TUI's teardown plan
/// says the key store waits until the same day the result says AWS deletes the key. Both come
/// from the account's clock (`run::open::account_now`), as the CLI's do.
#[tokio::test]
async fn the_tui_teardown_plan_and_result_dates_come_from_the_accounts_clock() {
    use keystore_wizard::tui::app::{Command, Msg};
    let rig = rig("", false, None);
    assert_eq!(rig.run(None, false).await.code, 0);
    // 400 days on: a wall-clock date would be more than a year off.
    rig.sandbox.advance(400.0 * 86400.0);
    let (to_engine, mut from_engine, engine) = serve(&rig);
    to_engine
        .send(Command::PlanTeardown(Default::default()))
        .expect("send");
    to_engine.send(Command::ExecuteTeardown).expect("send");
    let day = regex::Regex::new(r"\d{4}-\d{2}-\d{2}").expect("re");
    let dates = |rows: &[keystore_engine::teardown::rows::Row], what: &str| -> Vec<String> {
        rows.iter()
            .filter(|r| r.step == what)
            .flat_map(|r| {
                let text = format!("{} {}", r.state_text, r.reason);
                day.find_iter(&text)
                    .map(|m| m.as_str().to_string())
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    let mut planned = Vec::new();
    let done = loop {
        match from_engine.recv().await.expect("the engine answers") {
            Msg::TeardownPlanned { rows, .. } => {
                planned = dates(&rows, "delete_key_store");
            }
            Msg::TeardownFinished { results, .. } => {
                break dates(&results, "schedule_key_deletion");
            }
            Msg::TeardownFailed(e) => panic!("{e:?}"),
            _ => {}
        }
    };
    engine.abort();
    let expected = {
        let at = rig.sandbox.now() as i64 + 7 * 86400;
        keystore_engine::teardown::exec::day(at)
    };
    assert_eq!(planned, vec![expected.clone()], "the plan's date");
    assert_eq!(done, vec![expected], "the result's date");
}

/// The TUI's order toggle reaches the engine: a shred teardown from the screen keeps the store
/// CONNECTED with one HSM while the key waits out its deletion period.
#[tokio::test]
async fn a_shred_teardown_from_the_screen_keeps_the_store_connected() {
    use keystore_engine::teardown::Order;
    use keystore_wizard::tui::app::{Command, Msg, TeardownChoice};
    let rig = rig("", false, None);
    assert_eq!(rig.run(None, false).await.code, 0);
    let (to_engine, mut from_engine, engine) = serve(&rig);
    let shred = TeardownChoice {
        order: Order::Shred,
        ..Default::default()
    };
    to_engine.send(Command::PlanTeardown(shred)).expect("send");
    to_engine.send(Command::ExecuteTeardown).expect("send");
    let mut plan = Vec::new();
    loop {
        match from_engine.recv().await.expect("the engine answers") {
            Msg::TeardownPlanned { rows, .. } => plan = rows,
            Msg::TeardownFinished { .. } => break,
            Msg::TeardownFailed(e) => panic!("{e:?}"),
            _ => {}
        }
    }
    engine.abort();
    assert!(
        plan.iter().any(|r| r.step == "delete_hsm"
            && r.state != keystore_engine::teardown::rows::RowState::Ready
            && r.reason.contains("a day")),
        "{plan:#?}"
    );
    let (stores, active) = rig.sandbox.with_world(|w| {
        let r = w.region_mut("us-east-1");
        (
            r.key_stores
                .values()
                .map(|s| s.state.clone())
                .collect::<Vec<_>>(),
            r.clusters
                .values()
                .flat_map(|c| c.hsms.values())
                .filter(|h| h.state == "ACTIVE")
                .count(),
        )
    });
    assert_eq!((stores, active), (vec!["CONNECTED".to_string()], 1));
}
