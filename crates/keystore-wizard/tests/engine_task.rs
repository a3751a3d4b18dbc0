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
    let parts = support::parts(
        &rig.sandbox,
        rig.dir.path(),
        &rig.plan,
        false,
        support::KMSUSER.into(),
        Guard::default(),
    );
    let (to_app, mut from_engine) = tokio::sync::mpsc::unbounded_channel();
    let (to_engine, commands) = tokio::sync::mpsc::unbounded_channel();
    let engine = tokio::spawn(keystore_wizard::tui::engine_task::serve(
        parts, to_app, commands,
    ));
    to_engine.send(Command::PlanTeardown).expect("send");
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
