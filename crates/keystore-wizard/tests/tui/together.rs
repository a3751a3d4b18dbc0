//! Two stages in flight: with `client.mode = "launch"` the client boots while the first HSM is
//! created. The rail shows both running, each call lands on the stage that made it, and nothing
//! moves on until both have ended.

use crate::support::{app, draw, ev, key, through};
use crossterm::event::KeyCode;
use keystore_engine::run::events::Event;
use keystore_engine::stages::StageId;
use keystore_wizard::tui::app::{Command, Msg, StageResult, StageStatus};

fn call_by(a: &mut keystore_wizard::tui::app::App, stage: &str, op: &str) {
    ev(
        a,
        Event::ApiCallStarted {
            stage: Some(stage.into()),
            service: "ec2".into(),
            operation: op.into(),
        },
    );
    ev(
        a,
        Event::ApiCall {
            stage: Some(stage.into()),
            service: "ec2".into(),
            operation: op.into(),
            region: "us-east-1".into(),
            duration_ms: 7,
            outcome: "ok".into(),
            error_code: None,
            cli: String::new(),
        },
    );
}

fn ended(a: &mut keystore_wizard::tui::app::App, stage: &str, result: StageResult) -> Vec<Command> {
    a.update(Msg::StageEnded {
        stage: stage.into(),
        result,
    })
}

#[test]
fn a_launched_client_runs_beside_the_first_hsm_and_both_must_end_before_the_next() {
    let mut a = app();
    through(&mut a, "client_launch");
    let (c, h) = (
        a.index("client_launch").expect("stage"),
        a.index("first_hsm").expect("stage"),
    );
    a.auto = true;
    let cmds = key(&mut a, KeyCode::Enter);
    assert!(
        matches!(
            cmds.last(),
            Some(Command::RunTogether(
                StageId::ClientLaunch,
                StageId::FirstHsm
            ))
        ),
        "{cmds:?}"
    );
    assert_eq!(a.stages[c].status, StageStatus::Running);
    assert_eq!(a.stages[h].status, StageStatus::Running);
    assert!(
        key(&mut a, KeyCode::Enter).is_empty(),
        "nothing else starts"
    );

    // Calls from both, interleaved: each goes to its own stage.
    call_by(&mut a, "first_hsm", "CreateHsm");
    call_by(&mut a, "client_launch", "RunInstances");
    call_by(&mut a, "first_hsm", "DescribeClusters");
    let ops = |i: usize| -> Vec<String> {
        a.stages[i]
            .calls
            .iter()
            .map(|r| r.operation.clone())
            .collect()
    };
    assert_eq!(ops(c), vec!["RunInstances"]);
    assert_eq!(ops(h), vec!["CreateHsm", "DescribeClusters"]);

    // The rail marks both as running (two spinners, not one).
    let t = draw(&a, 100, 30);
    let buf = t.backend().buffer();
    let screen: Vec<String> = (0..30)
        .map(|y| (0..100).map(|x| buf[(x, y)].symbol()).collect())
        .collect();
    let spinner = keystore_wizard::tui::ui::SPINNER[(a.ticks % 4) as usize];
    for n in [c + 1, h + 1] {
        let head = format!("{spinner} {n:>2} ");
        assert!(
            screen.iter().any(|l| l.contains(&head)),
            "stage {n} spins: {}",
            screen.join("\n")
        );
    }

    // The client ends first: the run-all waits for the HSM and shows it.
    assert!(ended(&mut a, "client_launch", StageResult::Done).is_empty());
    assert_eq!(a.stages[c].status, StageStatus::Done);
    assert_eq!(a.stages[h].status, StageStatus::Running);
    assert_eq!(a.selected, h, "the stage still running is shown");
    // Then the HSM: the run-all goes on with the next stage.
    let cmds = ended(&mut a, "first_hsm", StageResult::Done);
    assert!(
        matches!(cmds.last(), Some(Command::RunStage(StageId::Initialize))),
        "{cmds:?}"
    );
}

#[test]
fn a_failure_beside_a_running_stage_waits_for_it_and_stops_the_run_all() {
    let mut a = app();
    through(&mut a, "client_launch");
    a.auto = true;
    key(&mut a, KeyCode::Enter);
    let failed = StageResult::Failed {
        code: "ClientNoWayIn".into(),
        meaning: "no way to SSM".into(),
        fix: vec![],
        request_id: None,
        operation: None,
    };
    assert!(ended(&mut a, "client_launch", failed).is_empty());
    let h = a.index("first_hsm").expect("stage");
    assert_eq!(a.stages[h].status, StageStatus::Running, "the HSM goes on");
    assert!(
        key(&mut a, KeyCode::Enter).is_empty(),
        "nothing starts meanwhile"
    );
    assert!(ended(&mut a, "first_hsm", StageResult::Done).is_empty());
    assert!(!a.auto, "the failure stopped the run-all");
    // Enter then retries the failed client stage alone: the HSM is done.
    let cmds = key(&mut a, KeyCode::Enter);
    assert!(
        matches!(cmds.last(), Some(Command::RunStage(StageId::ClientLaunch))),
        "{cmds:?}"
    );
}

#[test]
fn a_manual_client_runs_alone() {
    let plan = crate::support::PLAN.replace("mode = \"launch\"", "mode = \"manual\"");
    assert_ne!(plan, crate::support::PLAN, "the example plan launches");
    let mut a =
        keystore_wizard::tui::app::App::new(plan, true, "us-east-1".into(), "/state/log".into());
    a.update(Msg::SessionOpened { resumed: vec![] });
    through(&mut a, "client_launch");
    let cmds = key(&mut a, KeyCode::Enter);
    assert!(
        matches!(cmds.last(), Some(Command::RunStage(StageId::ClientLaunch))),
        "{cmds:?}"
    );
    assert_eq!(a.running.len(), 1);
}
