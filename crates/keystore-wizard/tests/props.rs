//! Property tests over every input the operator or AWS hands us (RELIABILITY H1–H7, F7, A3):
//! plan files, passwords, PEM/CSR bytes, journal bytes, and the teardown confirmation. Never a
//! panic; always an error that names the rule; a secret never echoed.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use keystore_engine::inputs::{plan::Plan, secrets};
use keystore_engine::run::journal;
use keystore_facts::certcheck;
use keystore_wizard::tui::app::{App, Command, Msg};
use proptest::prelude::*;

const EXAMPLE: &str = include_str!("../../../assets/example-plan.toml");

/// Fields of the example plan whose value a test replaces: (line prefix, field path).
const FIELDS: [(&str, &str); 7] = [
    ("group = \"CloudHsmAdministrator\"", "admin.group"),
    ("hsm_type = \"hsm2m.medium\"", "cluster.hsm_type"),
    ("mode = \"FIPS\"", "cluster.mode"),
    (
        "common_name = \"keystore-wizard root CA\"",
        "pki.common_name",
    ),
    ("name = \"ExampleKeyStore\"", "key_store.name"),
    ("alias = \"alias/keystore-wizard-example\"", "key.alias"),
    ("region = \"us-east-1\"", "region"),
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_text_as_a_plan_is_an_error_or_a_plan_never_a_panic(text in ".{0,400}") {
        let _ = Plan::parse(&text);
    }

    #[test]
    fn a_field_with_any_value_is_accepted_or_named(field in 0usize..FIELDS.len(), value in "[^\"\\\\\n]{0,80}") {
        let (line, path) = FIELDS[field];
        let key = line.split(" = ").next().unwrap_or("");
        let text = EXAMPLE.replacen(line, &format!("{key} = \"{value}\""), 1);
        if let Err(e) = Plan::parse(&text) {
            prop_assert!(!e.rule.is_empty());
            if e.field.is_empty() {
                // Not even TOML (a control character, say): a syntax error on that very line.
                let line_no = text.lines().position(|l| l.starts_with(&format!("{key} = "))).map(|i| i + 1);
                prop_assert_eq!(Some(e.line), line_no, "{}", e);
            } else {
                prop_assert_eq!(e.field.as_str(), path, "{}", e);
            }
        }
    }

    #[test]
    fn passwords_pass_exactly_the_rule_and_are_never_echoed(pw in "\\PC{0,40}") {
        let ok = (7..=32).contains(&pw.chars().count()) && pw.chars().all(|c| c.is_ascii_alphanumeric());
        match secrets::validate_password("kmsuser password", &pw) {
            Ok(()) => prop_assert!(ok),
            Err(e) => {
                prop_assert!(!ok);
                prop_assert!(pw.len() < 3 || !e.contains(&pw), "the value is not echoed: {}", e);
            }
        }
    }

    #[test]
    fn pem_and_csr_bytes_never_panic(body in proptest::collection::vec(any::<u8>(), 0..600), label in "[A-Z ]{0,20}") {
        use base64::Engine as _;
        let pem = format!("-----BEGIN {label}-----\n{}\n-----END {label}-----\n", base64::engine::general_purpose::STANDARD.encode(&body));
        let _ = certcheck::Cert::from_pem(&pem, "SignedCert");
        let _ = certcheck::csr_spki(&pem);
        let _ = certcheck::check_initialize(&pem, &pem, &pem);
        let raw = String::from_utf8_lossy(&body).to_string();
        let _ = certcheck::Cert::from_pem(&raw, "TrustAnchor");
    }

    #[test]
    fn journal_bytes_never_panic_and_a_torn_journal_is_refused(cut in 0usize..400, noise in proptest::collection::vec(any::<u8>(), 0..200)) {
        let _ = journal::parse(&noise);
        let valid = br#"{"schema":1,"run_id":"ksw-1","account_id":"123456789012","region":"us-east-1","target":"sandbox","started_at":1,"records":[{"at":1,"stage":"cluster","kind":"cluster","status":"created","id":"cluster-abc","name":null}],"facts":{"cluster_id":"cluster-abc"},"stages":{"cluster":"done"}}"#;
        prop_assert!(journal::parse(valid).is_ok());
        let cut = cut.min(valid.len() - 1);
        prop_assert!(journal::parse(&valid[..cut]).is_err(), "a journal torn at byte {} is refused", cut);
    }

    #[test]
    fn random_text_never_confirms_a_teardown(typed in "\\PC{0,20}") {
        prop_assume!(typed.trim() != "123456789012");
        let cmds = type_on_teardown(teardown_row(), 'x', &typed);
        prop_assert!(!cmds.iter().any(|c| matches!(c, Command::ExecuteTeardown)));
    }

    #[test]
    fn random_text_never_confirms_a_key_in_use(typed in "\\PC{0,20}") {
        prop_assume!(typed.trim() != "1234abcd");
        let mut held = teardown_row();
        held.confirmable = Some(held.resource.clone());
        let cmds = type_on_teardown(held, 'a', &typed);
        prop_assert!(cmds.is_empty(), "{:?}", cmds);
    }
}

/// The teardown screen planned with `row` (ready or not), `key` pressed to open a prompt, then
/// `typed` and Enter: the commands that asked for.
fn type_on_teardown(
    row: keystore_engine::teardown::rows::Row,
    key: char,
    typed: &str,
) -> Vec<Command> {
    let press =
        |app: &mut App, code| app.update(Msg::KeyPressed(KeyEvent::new(code, KeyModifiers::NONE)));
    let mut app = App::new(EXAMPLE.into(), true, "us-east-1".into(), "log".into());
    app.update(Msg::SessionOpened { resumed: vec![] });
    press(&mut app, KeyCode::Char('T'));
    let ready = usize::from(row.state == keystore_engine::teardown::rows::RowState::Ready);
    app.update(Msg::TeardownPlanned {
        account: "123456789012".into(),
        inventory: vec![],
        rows: vec![row],
        notes: vec![],
        ready,
    });
    press(&mut app, KeyCode::Char(key));
    let mut cmds = Vec::new();
    for c in typed.chars() {
        cmds.extend(press(&mut app, KeyCode::Char(c)));
    }
    cmds.extend(press(&mut app, KeyCode::Enter));
    cmds
}

/// A key's schedule row as the engine sends it.
fn teardown_row() -> keystore_engine::teardown::rows::Row {
    keystore_engine::teardown::rows::Row {
        region: "us-east-1".into(),
        step: "schedule_key_deletion".into(),
        resource: "1234abcd-12ab-34cd-56ef-1234567890ab".into(),
        state: keystore_engine::teardown::rows::RowState::Ready,
        state_text: "ready".into(),
        until: None,
        reason: String::new(),
        radius: None,
        confirmable: None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn include_ids_are_checked_against_the_aws_formats(id in "\\PC{0,40}") {
        let ok = keystore_wizard::commands::teardown::check_resource_id(&id).is_ok();
        let expected = regex::Regex::new(r"^(cluster|backup)-[2-7a-zA-Z]{11,16}$|^cks-[0-9a-f]{17}$|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$").expect("re").is_match(&id);
        prop_assert_eq!(ok, expected);
    }

    #[test]
    fn real_shaped_ids_pass(suffix in "[2-7a-z]{11,16}", hex in "[0-9a-f]{17}") {
        for id in [format!("cluster-{suffix}"), format!("backup-{suffix}"), format!("cks-{hex}")] {
            prop_assert!(keystore_wizard::commands::teardown::check_resource_id(&id).is_ok(), "{}", id);
        }
    }
}
