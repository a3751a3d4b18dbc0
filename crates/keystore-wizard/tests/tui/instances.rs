//! The client stage's instance picker: `i` reads the instances in the cluster's VPC; an
//! instance SSM does not manage is refused with why; the chosen one becomes
//! `client.mode = "existing"` with its id, and the stage then runs alone (nothing to launch
//! beside the first HSM).

use crate::support::{app, key, through};
use crossterm::event::KeyCode;
use keystore_engine::cloud::client_pick::Candidate;
use keystore_engine::inputs::plan::{ClientMode, Plan};
use keystore_engine::stages::StageId;
use keystore_wizard::tui::app::{Command, Msg};

fn row(id: &str, name: &str, managed: bool) -> Candidate {
    Candidate {
        id: id.into(),
        name: name.into(),
        az: "us-east-1a".into(),
        state: "running".into(),
        managed,
    }
}

fn screen(a: &keystore_wizard::tui::app::App) -> String {
    crate::support::text(a, 120, 40)
}

#[test]
fn an_existing_instance_is_picked_from_the_vpc_and_an_unmanaged_one_is_refused() {
    let mut a = app();
    through(&mut a, "client_launch");
    assert!(screen(&a).contains("i: use an instance you already have"));
    assert!(matches!(
        key(&mut a, KeyCode::Char('i')).as_slice(),
        [Command::LoadInstances]
    ));
    assert!(screen(&a).contains("Reading instances"));
    a.update(Msg::InstancesLoaded(Ok(vec![
        row("i-0aaaaaaaaaaaaaaa1", "", false),
        row("i-0bbbbbbbbbbbbbbb2", "bastion", true),
    ])));
    let s = screen(&a);
    assert!(
        s.contains("i-0aaaaaaaaaaaaaaa1 - us-east-1a running SSM: no"),
        "{s}"
    );
    assert!(
        s.contains("i-0bbbbbbbbbbbbbbb2 bastion us-east-1a running SSM: yes"),
        "{s}"
    );

    // The first is not managed by SSM: refused, the plan unchanged.
    let before = a.plan_text.clone();
    assert!(key(&mut a, KeyCode::Enter).is_empty());
    assert!(screen(&a).contains("SSM does not manage i-0aaaaaaaaaaaaaaa1"));
    assert_eq!(a.plan_text, before);
    assert!(a.instances.is_some(), "the picker stays open");

    key(&mut a, KeyCode::Down);
    let cmds = key(&mut a, KeyCode::Enter);
    let [Command::UpdatePlan(plan)] = cmds.as_slice() else {
        panic!("{cmds:?}");
    };
    assert_eq!(plan.client.mode, ClientMode::Existing);
    assert_eq!(
        plan.client.instance_id.as_deref(),
        Some("i-0bbbbbbbbbbbbbbb2")
    );
    assert_eq!(Plan::parse(&a.plan_text).expect("plan"), **plan);
    assert!(a.instances.is_none());
    assert!(screen(&a).contains("existing instance i-0bbbbbbbbbbbbbbb2"));

    // An existing client boots nothing: the stage runs alone.
    let cmds = key(&mut a, KeyCode::Enter);
    assert!(
        matches!(cmds.last(), Some(Command::RunStage(StageId::ClientLaunch))),
        "{cmds:?}"
    );
}

#[test]
fn esc_keeps_the_plan_and_a_failed_read_says_why() {
    let mut a = app();
    through(&mut a, "client_launch");
    let before = a.plan_text.clone();
    key(&mut a, KeyCode::Char('i'));
    let err = keystore_engine::stages::StageError::keyed(
        "ClusterNotFound",
        "ClusterNotFound",
        &[("id", &"cluster-abcdefghijk")],
    );
    a.update(Msg::InstancesLoaded(Err(err)));
    assert!(screen(&a).contains("! "), "{}", screen(&a));
    assert!(key(&mut a, KeyCode::Esc).is_empty());
    assert!(a.instances.is_none());
    assert_eq!(a.plan_text, before);
    // Only on the client stage: `i` elsewhere opens nothing.
    key(&mut a, KeyCode::Up);
    assert!(key(&mut a, KeyCode::Char('i')).is_empty());
}
