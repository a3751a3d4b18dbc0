use crate::support::{app, connect_failed, draw, ev, key, stage_in, through};
use crossterm::event::KeyCode;
use keystore_engine::connect_codes;
use keystore_engine::run::events::{Event, SlrStatus};
use keystore_engine::stages::ORDER;
use keystore_engine::teardown::rows::RowState;
use keystore_wizard::tui::app::{Msg, StageResult};
use keystore_wizard::tui::ui::{self, theme::Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::{Color, Modifier};

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

#[test]
fn every_stage_screen_in_every_state() {
    for stage in ORDER.iter() {
        for state in ["pending", "running", "done", "failed"] {
            let a = stage_in(stage.id.as_str(), state);
            for (w, h) in SIZES {
                insta::assert_snapshot!(
                    format!("stage_{}_{state}_{w}x{h}", stage.id),
                    draw(&a, w, h).backend()
                );
            }
        }
    }
}

#[test]
fn the_connect_failure_screen_for_each_code() {
    for code in connect_codes::ALL {
        let a = connect_failed(code);
        for (w, h) in SIZES {
            let t = draw(&a, w, h);
            insta::assert_snapshot!(format!("connect_failed_{code}_{w}x{h}"), t.backend());
        }
        let text = format!("{}", draw(&a, 120, 40).backend());
        assert!(
            text.contains(code) && text.contains("Key store connection FAILED"),
            "{code}"
        );
    }
}

#[test]
fn the_operator_step_screen() {
    let mut a = app();
    through(&mut a, "activate");
    key(&mut a, KeyCode::Enter);
    ev(
        &mut a,
        Event::OperatorAction {
            stage: "activate".into(),
            commands: vec![
                "sudo /opt/cloudhsm/bin/configure-cli -a 10.42.0.4".into(),
                "/opt/cloudhsm/bin/cloudhsm-cli interactive".into(),
                "aws-cloudhsm > cluster activate".into(),
            ],
            performed_by: "operator".into(),
        },
    );
    a.update(Msg::StageEnded {
        stage: "activate".into(),
        result: StageResult::OperatorNeeded,
    });
    for (w, h) in SIZES {
        insta::assert_snapshot!(
            format!("operator_activate_{w}x{h}"),
            draw(&a, w, h).backend()
        );
    }
    assert!(format!("{}", draw(&a, 120, 40).backend()).contains("cluster activate"));
}

#[test]
fn help_quit_and_too_small() {
    let mut a = app();
    key(&mut a, KeyCode::Char('?'));
    for (w, h) in SIZES {
        insta::assert_snapshot!(format!("help_{w}x{h}"), draw(&a, w, h).backend());
    }
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('q'));
    insta::assert_snapshot!("quit_80x24", draw(&a, 80, 24).backend());
    insta::assert_snapshot!("too_small_40x10", draw(&app(), 40, 10).backend());
}

#[test]
fn the_role_panel_shows_will_create_created_and_not_applicable() {
    let pending = stage_in("cluster", "pending");
    let text = format!("{}", draw(&pending, 120, 40).backend());
    assert!(
        text.contains("AWSServiceRoleForCloudHSM") && text.contains("will be created by this step"),
        "{text}"
    );
    let done = stage_in("key_store", "done");
    let text = format!("{}", draw(&done, 120, 40).backend());
    assert!(
        text.contains("AWSServiceRoleForKeyManagementServiceCustomKeyStores")
            && text.contains("cks.kms.amazonaws.com")
            && text.contains("created now"),
        "{text}"
    );
    let key_stage = stage_in("first_key", "pending");
    let text = format!("{}", draw(&key_stage, 120, 40).backend());
    assert!(
        text.contains("AWSServiceRoleForKeyManagementServiceMultiRegionKeys")
            && text.contains("not applicable"),
        "{text}"
    );
}

#[test]
fn without_colour_selection_and_danger_stay_visible() {
    let a = stage_in("admin", "failed");
    let mut t = Terminal::new(TestBackend::new(100, 30)).expect("terminal");
    t.draw(|f| ui::render(&a, &Theme { color: false }, f))
        .expect("draw");
    let buf = t.backend().buffer();
    let coloured = buf
        .content()
        .iter()
        .any(|c| c.fg != Color::Reset || c.bg != Color::Reset);
    assert!(!coloured, "no colour at all");
    let reversed = buf
        .content()
        .iter()
        .any(|c| c.modifier.contains(Modifier::REVERSED));
    assert!(reversed, "the selection is shown in reverse video");
    let text = format!("{}", t.backend());
    assert!(
        text.contains(">!  2 Admin group") && text.contains("! Failed"),
        "marks, not colour: {text}"
    );
}

#[test]
fn every_screen_renders_at_every_size_without_panicking() {
    let screens = [
        app(),
        stage_in("cluster", "running"),
        stage_in("connect", "failed"),
        connect_failed("USER_NOT_FOUND"),
    ];
    for a in &screens {
        for w in 1..=120u16 {
            for h in 1..=40u16 {
                let mut t = Terminal::new(TestBackend::new(w, h)).expect("terminal");
                t.draw(|f| ui::render(a, &Theme { color: true }, f))
                    .expect("draw");
            }
        }
    }
}

#[test]
fn wide_characters_from_aws_do_not_break_the_layout() {
    let mut a = app();
    through(&mut a, "network");
    key(&mut a, KeyCode::Enter);
    ev(
        &mut a,
        Event::ResourceCreated {
            stage: "network".into(),
            kind: "vpc".into(),
            id: "vpc-名前付きのVPC🔐".into(),
        },
    );
    for w in [60u16, 80, 97] {
        let t = draw(&a, w, 24);
        let buf = t.backend().buffer();
        let text = format!("{}", t.backend());
        assert!(text.contains("名前付き"), "the name is shown");
        for y in 2..22u16 {
            assert_eq!(
                buf[(w - 1, y)].symbol(),
                "│",
                "the right border stays in the last column (row {y}, width {w})"
            );
        }
    }
}

#[test]
fn the_teardown_screen_planned_and_confirming() {
    let mut a = app();
    key(&mut a, KeyCode::Char('T'));
    let mut key_row = crate::support::row(
        "schedule_key_deletion",
        "1234abcd-12ab-34cd-56ef-1234567890ab",
        RowState::Blocked,
        "not scheduled: 1234abcd-12ab-34cd-56ef-1234567890ab (aliases alias/orders) is held through grants by rds.amazonaws.com (Decrypt,Encrypt)",
    );
    key_row.radius = Some("aliases: alias/orders · grants: rds.amazonaws.com (Decrypt,Encrypt) · CloudTrail, last 90 days: no event".into());
    key_row.confirmable = Some(key_row.resource.clone());
    crate::support::planned(
        &mut a,
        vec![
            key_row,
            crate::support::row(
                "delete_key_store",
                "cks-1234567890abcdef0",
                RowState::Waits,
                "after the keys are deleted",
            ),
            crate::support::row("delete_cluster", "cluster-abc", RowState::Ready, ""),
            crate::support::row(
                "delete_backup",
                "backup-abc",
                RowState::LeftAlone,
                "kept: it holds the key material of the store's KMS keys",
            ),
            crate::support::row(
                "delete_service_linked_role",
                "AWSServiceRoleForCloudHSM",
                RowState::Blocked,
                "us-east-1: cluster cluster-abc is ACTIVE",
            ),
        ],
    );
    for (w, h) in SIZES {
        insta::assert_snapshot!(
            format!("teardown_planned_{w}x{h}"),
            draw(&a, w, h).backend()
        );
    }
    key(&mut a, KeyCode::Char('x'));
    key(&mut a, KeyCode::Char('1'));
    let text = format!("{}", draw(&a, 80, 24).backend());
    assert!(
        text.contains("Type the account id") && text.contains("[1]"),
        "{text}"
    );
    insta::assert_snapshot!("teardown_confirming_80x24", draw(&a, 80, 24).backend());
}

#[test]
fn the_subnet_picker() {
    use keystore_engine::cloud::types::Subnet;
    let mut a = app();
    through(&mut a, "network");
    key(&mut a, KeyCode::Char('e'));
    let sub = |id: &str, az: &str, free: i32| Subnet {
        id: id.into(),
        vpc_id: "vpc-0123456789abcdef0".into(),
        az: az.into(),
        cidr: "10.42.0.0/24".into(),
        free_ips: free,
    };
    a.update(Msg::SubnetsLoaded(Ok(vec![
        sub("subnet-0000000000000000a", "us-east-1a", 250),
        sub("subnet-0000000000000000b", "us-east-1b", 1),
        sub("subnet-0000000000000000c", "us-east-1c", 250),
    ])));
    key(&mut a, KeyCode::Char(' '));
    for (w, h) in SIZES {
        insta::assert_snapshot!(format!("subnet_picker_{w}x{h}"), draw(&a, w, h).backend());
    }
    let text = format!("{}", draw(&a, 120, 40).backend());
    assert!(
        text.contains("[x] subnet-0000000000000000a us-east-1a") && text.contains("free 1"),
        "{text}"
    );
}

/// Issue 17: after Enter ran a stage, its result stays on screen — the created cluster and the
/// service-linked role panel saying "created now" — until the operator moves on.
#[test]
fn a_finished_stage_stays_on_screen_with_its_result() {
    let mut a = app();
    through(&mut a, "cluster");
    key(&mut a, KeyCode::Enter);
    ev(
        &mut a,
        Event::ResourceCreated {
            stage: "cluster".into(),
            kind: "cluster".into(),
            id: "cluster-ktztq6iijh2".into(),
        },
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
    a.update(Msg::StageEnded {
        stage: "cluster".into(),
        result: StageResult::Done,
    });
    assert_eq!(a.stages[a.selected].id.as_str(), "cluster");
    for (w, h) in [(80, 24), (120, 40)] {
        let screen = format!("{}", draw(&a, w, h).backend());
        assert!(screen.contains("cluster-ktztq6iijh2"), "{screen}");
        insta::assert_snapshot!(
            format!("stage_cluster_finished_{w}x{h}"),
            draw(&a, w, h).backend()
        );
    }
}

/// Issue 17: `a` (run all) ends on a summary of every resource and every service-linked role.
#[test]
fn run_all_ends_on_the_summary() {
    let mut a = app();
    through(&mut a, "first_key");
    for (stage, kind, id) in [
        ("admin", "iam-group", "CloudHsmAdministrator"),
        ("network", "vpc", "vpc-9c6f6bb3acbd96529"),
        ("cluster", "cluster", "cluster-ktztq6iijh2"),
        ("key_store", "key-store", "cks-8a9b3476170613c97"),
    ] {
        ev(
            &mut a,
            Event::ResourceCreated {
                stage: stage.into(),
                kind: kind.into(),
                id: id.into(),
            },
        );
    }
    key(&mut a, KeyCode::Char('a'));
    a.update(Msg::StageEnded {
        stage: "first_key".into(),
        result: StageResult::Done,
    });
    assert!(a.show_summary, "the run ends on the summary");
    for (w, h) in [(80, 24), (120, 40)] {
        let screen = format!("{}", draw(&a, w, h).backend());
        assert!(
            screen.contains("4 created") && screen.contains("AWSServiceRoleForCloudHSM"),
            "{screen}"
        );
        insta::assert_snapshot!(format!("run_all_summary_{w}x{h}"), draw(&a, w, h).backend());
    }
    key(&mut a, KeyCode::Esc);
    assert!(!a.show_summary, "any key goes back to the stages");
    key(&mut a, KeyCode::Char('s'));
    assert!(a.show_summary, "s shows it again");
}
