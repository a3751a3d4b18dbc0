//! `client.mode = "manual"`: the wizard cannot reach the operator's client, so after the
//! kmsuser commands `e` takes what `cloudhsm-cli user list` printed there. Text that is not
//! its JSON is refused on the form; the list goes to the engine with the stage's next run, and
//! a stage that failed for want of it offers the same form.

use crate::support::{ev, key, through};
use crossterm::event::KeyCode;
use keystore_engine::run::events::Event;
use keystore_engine::stages::StageId;
use keystore_wizard::tui::app::{App, Command, FieldKind, Msg, StageResult};

const LIST: &str = "{\n  \"error_code\": 0,\n  \"data\": {\n    \"users\": [\n      {\"username\": \"kmsuser\", \"role\": \"crypto-user\", \"cluster-coverage\": \"full\"}\n    ]\n  }\n}\n";

fn manual_app() -> App {
    let plan = crate::support::PLAN.replace("mode = \"launch\"", "mode = \"manual\"");
    let mut a = App::new(plan, false, "us-east-1".into(), "/state/log".into());
    a.update(Msg::SessionOpened { resumed: vec![] });
    through(&mut a, "kmsuser");
    a
}

#[test]
fn the_user_list_is_pasted_after_the_commands_and_sent_with_the_next_run() {
    let mut a = manual_app();
    // Before the stage ran, `e` is the kmsuser password form.
    key(&mut a, KeyCode::Char('e'));
    assert!(a.form.as_ref().is_some_and(|f| f.is_secret()));
    key(&mut a, KeyCode::Esc);
    a.form = None;
    key(&mut a, KeyCode::Enter);
    ev(
        &mut a,
        Event::OperatorAction {
            stage: "kmsuser".into(),
            commands: vec!["aws-cloudhsm > user list".into()],
            performed_by: "operator".into(),
        },
    );
    a.update(Msg::StageEnded {
        stage: "kmsuser".into(),
        result: StageResult::OperatorNeeded,
    });
    key(&mut a, KeyCode::Char('e'));
    let form = a.form.as_ref().expect("form");
    assert_eq!(form.fields.len(), 1);
    assert_eq!(form.fields[0].kind, FieldKind::Pasted);

    // Not the CLI's JSON: refused on the form, nothing runs.
    a.update(Msg::Pasted(zeroize::Zeroizing::new(
        "kmsuser crypto-user full".into(),
    )));
    assert!(key(&mut a, KeyCode::Enter).is_empty());
    let f = &a.form.as_ref().expect("form still open").fields[0];
    assert!(
        f.error.as_deref().is_some_and(|e| e.contains("JSON")),
        "{f:?}"
    );

    // The whole output, line breaks and all, pasted into a fresh form.
    a.form = None;
    key(&mut a, KeyCode::Char('e'));
    a.update(Msg::Pasted(zeroize::Zeroizing::new(LIST.into())));
    let cmds = key(&mut a, KeyCode::Enter);
    let sent = cmds.iter().find_map(|c| match c {
        Command::SetUserList(l) => Some(l.clone()),
        _ => None,
    });
    let sent = sent.expect("the list goes to the engine");
    let parsed: serde_json::Value = serde_json::from_str(&sent).expect("still JSON");
    assert_eq!(parsed["data"]["users"][0]["cluster-coverage"], "full");
    assert!(
        matches!(cmds.last(), Some(Command::RunStage(StageId::Kmsuser))),
        "{cmds:?}"
    );
    assert!(a.form.is_none());
}

#[test]
fn a_stage_that_failed_for_want_of_the_list_offers_the_paste_form() {
    let mut a = manual_app();
    key(&mut a, KeyCode::Enter);
    a.update(Msg::StageEnded {
        stage: "kmsuser".into(),
        result: StageResult::Failed {
            code: "KmsuserListNeeded".into(),
            meaning: "the wizard cannot reach your client".into(),
            fix: vec![],
            request_id: None,
            operation: None,
        },
    });
    key(&mut a, KeyCode::Char('e'));
    let form = a.form.as_ref().expect("form");
    assert_eq!(form.fields[0].kind, FieldKind::Pasted);
}
