use crate::support::{app, call, ctrl_c, draw, ev, key, through};
use crossterm::event::KeyCode;
use keystore_engine::exit::ExitCode;
use keystore_engine::run::events::{Event, SlrStatus};
use keystore_engine::stages::StageId;
use keystore_wizard::tui::app::{Command, Msg, Overlay, StageResult, StageStatus};

#[test]
fn enter_runs_the_next_stage_and_a_finished_stage_stays_on_screen() {
    let mut a = app();
    let cmds = key(&mut a, KeyCode::Enter);
    assert!(matches!(
        cmds.as_slice(),
        [Command::RunStage(StageId::Preflight)]
    ));
    assert_eq!(a.stages[0].status, StageStatus::Running);
    assert!(
        key(&mut a, KeyCode::Enter).is_empty(),
        "one stage at a time"
    );
    a.update(Msg::StageEnded {
        stage: "preflight".into(),
        result: StageResult::Done,
    });
    assert_eq!(a.stages[0].status, StageStatus::Done);
    // Issue 17: the result stays in view until the operator moves on; Enter then runs the next.
    assert_eq!(a.selected, 0, "the finished stage stays selected");
    assert!(a.running.is_empty());
    assert!(matches!(
        key(&mut a, KeyCode::Enter).as_slice(),
        [Command::RunStage(StageId::Admin)]
    ));
    assert_eq!(a.selected, 1);
}

#[test]
fn nothing_runs_before_the_session_is_open() {
    let mut a = keystore_wizard::tui::app::App::new(
        crate::support::PLAN.into(),
        true,
        "us-east-1".into(),
        "log".into(),
    );
    assert!(key(&mut a, KeyCode::Enter).is_empty());
}

#[test]
fn run_all_chains_stages_and_stops_at_a_failure() {
    let mut a = app();
    assert!(matches!(
        key(&mut a, KeyCode::Char('a')).as_slice(),
        [Command::RunStage(StageId::Preflight)]
    ));
    let next = a.update(Msg::StageEnded {
        stage: "preflight".into(),
        result: StageResult::Done,
    });
    assert!(matches!(
        next.as_slice(),
        [Command::RunStage(StageId::Admin)]
    ));
    let failed = StageResult::Failed {
        code: "X".into(),
        meaning: "m".into(),
        fix: vec![],
        request_id: None,
        operation: None,
    };
    assert!(
        a.update(Msg::StageEnded {
            stage: "admin".into(),
            result: failed
        })
        .is_empty()
    );
    assert_eq!(a.stages[1].status, StageStatus::Failed);
    assert!(!a.auto);
    assert!(
        matches!(
            key(&mut a, KeyCode::Enter).as_slice(),
            [Command::RunStage(StageId::Admin)]
        ),
        "Enter retries the failed stage"
    );
}

#[test]
fn calls_are_running_then_finished_and_roles_are_recorded() {
    let mut a = app();
    through(&mut a, "cluster");
    key(&mut a, KeyCode::Enter);
    ev(
        &mut a,
        Event::ApiCallStarted {
            stage: None,
            service: "cloudhsm".into(),
            operation: "CreateCluster".into(),
        },
    );
    assert_eq!(a.stages[3].calls.last().and_then(|c| c.ok), None, "running");
    ev(
        &mut a,
        Event::ApiCall {
            stage: None,
            service: "cloudhsm".into(),
            operation: "CreateCluster".into(),
            region: "us-east-1".into(),
            duration_ms: 9,
            outcome: "ok".into(),
            error_code: None,
            cli: "aws cloudhsmv2 create-cluster".into(),
        },
    );
    let row = a.stages[3]
        .calls
        .iter()
        .rev()
        .find(|c| c.operation == "CreateCluster")
        .expect("row");
    assert_eq!(row.ok, Some(true));
    assert_eq!(
        a.stages[3]
            .calls
            .iter()
            .filter(|c| c.operation == "CreateCluster")
            .count(),
        1,
        "the start and the end are one row"
    );
    ev(
        &mut a,
        Event::Slr {
            stage: "cluster".into(),
            role: "AWSServiceRoleForCloudHSM".into(),
            principal: "cloudhsm.amazonaws.com".into(),
            policy: "CloudHSMServiceRolePolicy".into(),
            status: SlrStatus::Created,
        },
    );
    assert_eq!(
        a.stages[3].slr.as_ref().and_then(|s| s.status),
        Some(SlrStatus::Created)
    );
}

#[test]
fn quitting_asks_first_and_navigation_is_free() {
    let mut a = app();
    through(&mut a, "network");
    key(&mut a, KeyCode::Char('k'));
    key(&mut a, KeyCode::Up);
    assert_eq!(a.selected, 0, "back to a finished stage");
    key(&mut a, KeyCode::Char('G'));
    assert_eq!(
        a.selected,
        keystore_engine::stages::ORDER.len() - 1,
        "the last stage"
    );
    key(&mut a, KeyCode::Char('?'));
    assert_eq!(a.overlay, Overlay::Help);
    key(&mut a, KeyCode::Esc);
    assert!(key(&mut a, KeyCode::Char('q')).is_empty());
    assert_eq!(a.overlay, Overlay::ConfirmQuit);
    assert!(
        key(&mut a, KeyCode::Char('n')).is_empty(),
        "anything but y keeps going"
    );
    key(&mut a, KeyCode::Char('q'));
    assert!(matches!(
        key(&mut a, KeyCode::Char('y')).as_slice(),
        [Command::Quit(ExitCode::Ok)]
    ));
}

#[test]
fn ctrl_c_stops_after_the_current_call_and_twice_exits() {
    let mut a = app();
    key(&mut a, KeyCode::Char('a'));
    assert!(
        ctrl_c(&mut a).is_empty(),
        "first Ctrl-C while running: stop after the current call"
    );
    assert!(a.stopping && a.notice.is_some());
    assert!(
        a.update(Msg::StageEnded {
            stage: "preflight".into(),
            result: StageResult::Done
        })
        .is_empty(),
        "nothing more runs"
    );
    assert!(!a.stopping);
    key(&mut a, KeyCode::Enter);
    ctrl_c(&mut a);
    assert!(
        matches!(
            ctrl_c(&mut a).as_slice(),
            [Command::Quit(ExitCode::Interrupted)]
        ),
        "a second Ctrl-C exits at once"
    );
    let mut idle = app();
    assert!(
        matches!(
            ctrl_c(&mut idle).as_slice(),
            [Command::Quit(ExitCode::Interrupted)]
        ),
        "idle: Ctrl-C quits"
    );
    let mut t = app();
    assert!(matches!(
        t.update(Msg::Terminated).as_slice(),
        [Command::Quit(ExitCode::Interrupted)]
    ));
}

#[test]
fn forms_block_invalid_input_and_send_the_plan_and_the_secret() {
    let mut a = app();
    through(&mut a, "cluster");
    key(&mut a, KeyCode::Char('e'));
    assert!(a.form.is_some());
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Backspace);
    key(&mut a, KeyCode::Backspace);
    key(&mut a, KeyCode::Char('3'));
    assert!(
        key(&mut a, KeyCode::Enter).is_empty(),
        "3 backup days is refused"
    );
    assert!(
        a.form
            .as_ref()
            .and_then(|f| f.fields[2].error.clone())
            .is_some_and(|e| e.contains("7 to 379"))
    );
    key(&mut a, KeyCode::Char('0'));
    let cmds = key(&mut a, KeyCode::Enter);
    assert!(
        matches!(cmds.as_slice(), [Command::UpdatePlan(p), Command::RunStage(StageId::Cluster)] if p.backup_days == 30)
    );
    a.update(Msg::StageEnded {
        stage: "cluster".into(),
        result: StageResult::Done,
    });
    through(&mut a, "kmsuser");
    key(&mut a, KeyCode::Char('e'));
    for c in "Secret123".chars() {
        key(&mut a, KeyCode::Char(c));
    }
    key(&mut a, KeyCode::Tab);
    for c in "Secret123".chars() {
        key(&mut a, KeyCode::Char(c));
    }
    let cmds = key(&mut a, KeyCode::Enter);
    assert!(
        cmds.iter()
            .any(|c| matches!(c, Command::SetKmsuserPassword(_)))
    );
    assert!(
        a.form.is_none(),
        "the form, and its copy of the password, is gone"
    );
}

#[test]
fn a_resumed_run_marks_finished_stages() {
    let mut a = keystore_wizard::tui::app::App::new(
        crate::support::PLAN.into(),
        true,
        "us-east-1".into(),
        "log".into(),
    );
    a.update(Msg::SessionOpened {
        resumed: vec![
            ("preflight".into(), "done".into()),
            ("admin".into(), "done".into()),
        ],
    });
    assert_eq!(a.stages[1].status, StageStatus::Done);
    assert_eq!(
        a.stages[0].status,
        StageStatus::Pending,
        "preflight checks the account again in every session"
    );
    assert_eq!(a.selected, 0);
    assert!(a.notice.is_some());
    assert!(matches!(
        key(&mut a, KeyCode::Enter).as_slice(),
        [Command::RunStage(StageId::Preflight)]
    ));
    a.update(Msg::StageEnded {
        stage: "preflight".into(),
        result: StageResult::Done,
    });
    assert!(
        matches!(
            key(&mut a, KeyCode::Enter).as_slice(),
            [Command::RunStage(StageId::Network)]
        ),
        "then on where the run stopped"
    );
}

#[test]
fn teardown_needs_the_account_id_typed_exactly_and_gives_two_tries() {
    use keystore_wizard::tui::app::TeardownPhase;
    let mut a = app();
    assert!(matches!(
        key(&mut a, KeyCode::Char('T')).as_slice(),
        [Command::PlanTeardown(_)]
    ));
    assert_eq!(
        a.teardown.as_ref().map(|t| t.phase),
        Some(TeardownPhase::Scanning)
    );
    assert!(
        key(&mut a, KeyCode::Char('x')).is_empty(),
        "nothing to confirm before the plan"
    );
    crate::support::planned(
        &mut a,
        vec![crate::support::row(
            "delete_cluster",
            "cluster-x",
            keystore_engine::teardown::rows::RowState::Ready,
            "",
        )],
    );
    key(&mut a, KeyCode::Char('x'));
    for c in "123456789013".chars() {
        assert!(key(&mut a, KeyCode::Char(c)).is_empty());
    }
    assert!(
        key(&mut a, KeyCode::Enter).is_empty(),
        "a wrong id runs nothing"
    );
    assert_eq!(
        a.teardown.as_ref().map(|t| t.phase),
        Some(TeardownPhase::Confirming)
    );
    for c in " 12345678901 ".chars() {
        key(&mut a, KeyCode::Char(c));
    }
    assert!(key(&mut a, KeyCode::Enter).is_empty());
    assert_eq!(
        a.teardown.as_ref().map(|t| t.phase),
        Some(TeardownPhase::Planned),
        "two failures close the prompt"
    );
    key(&mut a, KeyCode::Char('x'));
    for c in " 123456789012 ".chars() {
        key(&mut a, KeyCode::Char(c));
    }
    assert!(
        matches!(
            key(&mut a, KeyCode::Enter).as_slice(),
            [Command::ExecuteTeardown]
        ),
        "the exact id (trimmed) confirms"
    );
    assert!(key(&mut a, KeyCode::Esc).is_empty());
    assert!(a.teardown.is_some(), "cannot leave while it runs");
    a.update(Msg::TeardownFinished {
        results: vec![crate::support::row(
            "delete_cluster",
            "cluster-x",
            keystore_engine::teardown::rows::RowState::Done,
            "deleted",
        )],
        remaining: vec![],
    });
    key(&mut a, KeyCode::Esc);
    assert!(a.teardown.is_none());
}

#[test]
fn the_subnet_picker_checks_the_choice_and_puts_it_in_the_plan() {
    use keystore_engine::cloud::types::Subnet;
    let mut a = app();
    through(&mut a, "network");
    assert!(matches!(
        key(&mut a, KeyCode::Char('e')).as_slice(),
        [Command::LoadSubnets]
    ));
    let sub = |id: &str, vpc: &str, az: &str, free: i32| Subnet {
        id: id.into(),
        vpc_id: vpc.into(),
        az: az.into(),
        cidr: "10.0.0.0/24".into(),
        free_ips: free,
    };
    a.update(Msg::SubnetsLoaded(Ok(vec![
        sub("subnet-0000000000000000a", "vpc-1", "us-east-1a", 250),
        sub("subnet-0000000000000000b", "vpc-1", "us-east-1a", 250),
        sub("subnet-0000000000000000c", "vpc-1", "us-east-1b", 1),
        sub("subnet-0000000000000000d", "vpc-1", "us-east-1c", 250),
    ])));
    key(&mut a, KeyCode::Char(' '));
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Char(' '));
    assert!(
        key(&mut a, KeyCode::Enter).is_empty(),
        "two subnets in one AZ are refused"
    );
    assert!(
        a.picker
            .as_ref()
            .and_then(|p| p.error.clone())
            .is_some_and(|e| e.contains("us-east-1a"))
    );
    key(&mut a, KeyCode::Char(' '));
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Char(' '));
    assert!(
        key(&mut a, KeyCode::Enter).is_empty(),
        "a subnet with one free address is refused"
    );
    assert!(
        a.picker
            .as_ref()
            .and_then(|p| p.error.clone())
            .is_some_and(|e| e.contains("free address"))
    );
    key(&mut a, KeyCode::Char(' '));
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Char(' '));
    let cmds = key(&mut a, KeyCode::Enter);
    assert!(
        matches!(cmds.as_slice(), [Command::UpdatePlan(p)] if p.network == keystore_engine::inputs::plan::Network::Existing(vec!["subnet-0000000000000000a".into(), "subnet-0000000000000000d".into()]))
    );
    assert!(a.picker.is_none());
    assert!(a.plan_text.contains("subnet_ids"));
}

#[test]
fn ctrl_z_is_ignored_with_a_hint() {
    let mut a = app();
    let cmds = a.update(Msg::KeyPressed(crossterm::event::KeyEvent::new(
        KeyCode::Char('z'),
        crossterm::event::KeyModifiers::CONTROL,
    )));
    assert!(cmds.is_empty());
    assert!(
        a.notice
            .as_deref()
            .is_some_and(|n| n.contains("Ctrl-Z") && n.contains("q to quit"))
    );
    assert!(a.quit.is_none());
}

fn paste(a: &mut keystore_wizard::tui::app::App, text: &str) -> Vec<Command> {
    a.update(Msg::Pasted(zeroize::Zeroizing::new(text.to_string())))
}

#[test]
fn a_paste_outside_a_form_is_never_read_as_commands() {
    let mut a = app();
    let cmds = paste(&mut a, "qTa\ny?c");
    assert!(cmds.is_empty(), "{cmds:?}");
    assert_eq!(a.overlay, Overlay::None);
    assert!(a.teardown.is_none() && a.quit.is_none());
    assert!(
        a.notice
            .as_deref()
            .is_some_and(|n| n.contains("Paste ignored"))
    );
}

proptest::proptest! {
    /// RELIABILITY G6, F over the input reducer: any paste into the password field keeps at
    /// most 256 characters, none of them control characters, and what fits is kept in order.
    #[test]
    fn any_paste_into_a_field_is_capped_and_clean(text in "\\PC{0,40}(\\n|\\t|\\r|[a-zA-Z0-9]){0,600}") {
        let mut a = app();
        through(&mut a, "kmsuser");
        key(&mut a, KeyCode::Char('e'));
        proptest::prop_assert!(paste(&mut a, &text).is_empty());
        let form = a.form.as_ref().expect("form open");
        let value: String = form.fields[0].value.to_string();
        let expected: String = text.chars().filter(|c| !c.is_control()).take(256).collect();
        proptest::prop_assert_eq!(value, expected);
    }
}

/// Issue 17: a cluster's mode is fixed at creation, so choosing NON_FIPS in the form asks for a
/// confirmation that names what cannot be undone; anything but `y` creates nothing.
#[test]
fn non_fips_mode_is_confirmed_before_the_cluster_is_created() {
    let mut a = app();
    through(&mut a, "cluster");
    key(&mut a, KeyCode::Char('e'));
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Char(' '));
    assert!(a.form.as_ref().is_some_and(|f| f.non_fips()));
    assert!(key(&mut a, KeyCode::Enter).is_empty(), "nothing runs yet");
    assert_eq!(a.overlay, Overlay::ConfirmNonFips);
    let screen = format!("{}", draw(&a, 120, 40).backend());
    assert!(screen.contains("cannot be undone"), "{screen}");
    assert!(
        key(&mut a, KeyCode::Char('n')).is_empty(),
        "refused: nothing runs"
    );
    assert_eq!(a.overlay, Overlay::None);
    assert!(a.form.is_some(), "the form is kept");
    assert!(key(&mut a, KeyCode::Enter).is_empty());
    assert_eq!(a.overlay, Overlay::ConfirmNonFips, "asked again");
    let cmds = key(&mut a, KeyCode::Char('y'));
    assert!(
        matches!(cmds.as_slice(), [Command::UpdatePlan(p), Command::RunStage(StageId::Cluster)] if p.mode == "NON_FIPS"),
        "{cmds:?}"
    );
}

/// Issue 17: a wait's polls fold into one row with a count, the creating call stays in view,
/// and a read that finds nothing before a create is shown as such, not as a failure.
#[test]
fn polls_fold_the_create_stays_visible_and_not_found_is_no_failure() {
    let mut a = app();
    through(&mut a, "cluster");
    key(&mut a, KeyCode::Enter);
    let i = a.selected;
    ev(
        &mut a,
        Event::ApiCallStarted {
            stage: None,
            service: "iam".into(),
            operation: "GetRole".into(),
        },
    );
    ev(
        &mut a,
        Event::ApiCall {
            stage: None,
            service: "iam".into(),
            operation: "GetRole".into(),
            region: "us-east-1".into(),
            duration_ms: 3,
            outcome: "error".into(),
            error_code: Some("NoSuchEntity".into()),
            cli: String::new(),
        },
    );
    call(&mut a, "cloudhsm", "CreateCluster", true);
    for _ in 0..14 {
        call(&mut a, "cloudhsm", "DescribeClusters", true);
    }
    let calls = &a.stages[i].calls;
    assert_eq!(calls.len(), 3, "{calls:?}");
    assert_eq!(calls[2].count, 14);
    assert!(calls[0].not_found());
    let screen = format!("{}", draw(&a, 120, 40).backend());
    assert!(screen.contains("cloudhsm:DescribeClusters ×14"), "{screen}");
    assert!(screen.contains("cloudhsm:CreateCluster"), "{screen}");
    assert!(screen.contains("iam:GetRole not found"), "{screen}");
    assert!(!screen.contains("✗ iam:GetRole"), "{screen}");
    // Many different reads after the create: the create is still shown.
    for op in [
        "DescribeSubnets",
        "DescribeVpcs",
        "GetRole",
        "ListAliases",
        "DescribeKey",
        "GetPolicy",
        "ListKeys",
    ] {
        call(&mut a, "ec2", op, true);
    }
    let screen = format!("{}", draw(&a, 120, 40).backend());
    assert!(
        screen.contains("cloudhsm:CreateCluster"),
        "pinned: {screen}"
    );
}
