//! The teardown as an operator runs it, through the real binary against `sandbox serve`:
//! setup, a dry run that changes nothing, a wrong --confirm that changes nothing, --execute,
//! `sandbox advance` past the key deletion date, --execute again, `status`, and a third run
//! that has nothing left to do.

use std::process::{Command, Output};

mod common;
use common::{Server, serve as serve_at};

/// `teardown --execute` confirmed for the sandbox's account, with JSON output.
const EXECUTE_JSON: &[&str] = &[
    "teardown",
    "--execute",
    "--confirm",
    "123456789012",
    "--output",
    "json",
];

fn serve() -> Server {
    serve_at("20000")
}

fn wizard(server: &Server, state: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_keystore-wizard"))
        .args(args)
        .args(["--sandbox-url", &server.url, "--state-dir"])
        .arg(state)
        // The operator's own config (account guard) must not leak into the test.
        .env("XDG_CONFIG_HOME", state.join("config"))
        .env("KEYSTORE_WIZARD_KMSUSER_PASSWORD", "KmsUser2026pw")
        .env("KEYSTORE_WIZARD_ADMIN_PASSWORD", "AdminPass2026")
        .output()
        .expect("run")
}

fn json(out: &Output) -> serde_json::Value {
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .rev()
        .find(|l| l.starts_with('{'))
        .unwrap_or_else(|| panic!("no JSON in {text}{}", String::from_utf8_lossy(&out.stderr)));
    serde_json::from_str(line).expect("json")
}

fn mutations(server: &Server) -> usize {
    let log = keystore_sandbox::remote::post(&server.url, "requests", &serde_json::json!({}))
        .expect("log");
    log.as_array()
        .expect("array")
        .iter()
        .filter(|r| {
            r["status"] == 200
                && !keystore_sandbox::wire::is_read_only(r["operation"].as_str().unwrap_or(""))
        })
        .count()
}

#[test]
fn setup_then_teardown_over_days_down_to_what_aws_keeps() {
    let server = serve();
    let state = tempfile::tempdir().expect("state");
    let out = wizard(
        &server,
        state.path(),
        &["setup", "--plan", "../../assets/example-plan.toml", "--yes"],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    // The served account's clock a month ahead of this machine's: the plan's dates are its.
    let month = serde_json::json!({"seconds": 30.0 * 86400.0});
    keystore_sandbox::remote::post(&server.url, "advance", &month).expect("advance");
    let before = mutations(&server);
    let dry = wizard(&server, state.path(), &["teardown", "--output", "json"]);
    assert_eq!(dry.status.code(), Some(0));
    let plan = json(&dry);
    assert_eq!(plan["executed"], false);
    let health = keystore_sandbox::remote::post(&server.url, "health", &serde_json::json!({}))
        .expect("health");
    let served_now = health["now"].as_f64().expect("now") as i64;
    let waits = plan["plan"]
        .as_array()
        .expect("steps")
        .iter()
        .find(|s| s["action"] == "delete_key_store")
        .and_then(|s| s["date"].as_i64())
        .expect("the key store waits until a date");
    assert!(
        (waits - (served_now + 7 * 86400)).abs() < 86400,
        "the plan's date ({waits}) is the served account's now + 7 days ({served_now})"
    );
    assert!(
        plan["plan"]
            .as_array()
            .expect("steps")
            .iter()
            .any(|s| s["action"] == "delete_cluster" && s["status"] == "ready")
    );
    let wrong = wizard(
        &server,
        state.path(),
        &["teardown", "--execute", "--confirm", "999999999999"],
    );
    assert_eq!(wrong.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("nothing was changed"));
    assert_eq!(
        mutations(&server),
        before,
        "the dry run and the wrong confirmation changed nothing"
    );

    let first = wizard(&server, state.path(), EXECUTE_JSON);
    assert_eq!(
        first.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&first.stdout)
    );
    let report = json(&first);
    let results = report["results"].as_array().expect("results");
    assert!(
        results.iter().all(|r| r["outcome"].get("Ok").is_some()),
        "{results:?}"
    );
    assert!(
        report["come_back"].as_i64().is_some(),
        "the date the key store can go is reported"
    );
    let remaining = report["remaining"].as_array().expect("remaining");
    assert!(
        remaining
            .iter()
            .any(|s| s["action"] == "delete_key_store" && s["status"] == "waits_until")
    );

    let status = json(&wizard(
        &server,
        state.path(),
        &["status", "--output", "json"],
    ));
    let us = status["regions"]
        .as_array()
        .expect("regions")
        .iter()
        .find(|r| r["region"] == "us-east-1")
        .expect("us-east-1")
        .clone();
    assert_eq!(us["stores"][0]["state"], "DISCONNECTED");
    assert_eq!(us["stores"][0]["keys"][0]["state"], "PendingDeletion");
    assert_eq!(us["clusters"][0]["state"], "DELETED");
    assert_eq!(us["clusters"][0]["hsms"], serde_json::json!([]));
    let role = |s: &serde_json::Value, name: &str| {
        s["roles"]
            .as_array()
            .expect("roles")
            .iter()
            .find(|r| r["name"] == name)
            .map(|r| r["exists"].clone())
    };
    assert_eq!(
        role(&status, "AWSServiceRoleForCloudHSM"),
        Some(serde_json::json!(false)),
        "deleted once no cluster remained in any Region"
    );

    let out = Command::new(env!("CARGO_BIN_EXE_keystore-wizard"))
        .args([
            "sandbox",
            "advance",
            "--sandbox-url",
            &server.url,
            "--by",
            "8d",
        ])
        .output()
        .expect("advance");
    assert!(out.status.success());
    let second = wizard(&server, state.path(), EXECUTE_JSON);
    assert_eq!(
        second.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&second.stdout)
    );
    let report = json(&second);
    assert!(
        report["results"]
            .as_array()
            .expect("results")
            .iter()
            .any(|r| r["action"] == "delete_key_store" && r["outcome"].get("Ok").is_some())
    );

    let status = json(&wizard(
        &server,
        state.path(),
        &["status", "--output", "json"],
    ));
    let us = status["regions"]
        .as_array()
        .expect("regions")
        .iter()
        .find(|r| r["region"] == "us-east-1")
        .expect("us-east-1")
        .clone();
    assert_eq!(us["stores"], serde_json::json!([]));
    assert_eq!(us["clusters"], serde_json::json!([]));
    assert_eq!(
        role(
            &status,
            "AWSServiceRoleForKeyManagementServiceCustomKeyStores"
        ),
        Some(serde_json::json!(true)),
        "AWS documents no way to delete it; it stays"
    );
    assert!(
        !us["backups"].as_array().expect("backups").is_empty(),
        "backups are kept unless asked"
    );

    let before = mutations(&server);
    let third = wizard(&server, state.path(), EXECUTE_JSON);
    assert_eq!(third.status.code(), Some(0));
    assert_eq!(
        json(&third)["results"],
        serde_json::json!([]),
        "nothing left to do"
    );
    assert_eq!(mutations(&server), before, "a third run changes nothing");
}

#[test]
fn bad_teardown_arguments_are_usage_errors() {
    let server = serve();
    let state = tempfile::tempdir().expect("state");
    for (args, words) in [
        (vec!["teardown", "--execute"], "--confirm"),
        (vec!["teardown", "--pending-window-days", "3"], "7 to 30"),
        (vec!["teardown", "--regions", "mars-1"], "not a Region"),
        (vec!["status", "--regions", ","], "comma-separated"),
        (
            vec!["teardown", "--include", "cluster-nope"],
            "not a cluster",
        ),
    ] {
        let out = wizard(&server, state.path(), &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(words),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn ctrl_c_during_the_countdown_changes_nothing() {
    use std::io::{BufRead, BufReader};
    let server = serve();
    let state = tempfile::tempdir().expect("state");
    let out = wizard(
        &server,
        state.path(),
        &["setup", "--plan", "../../assets/example-plan.toml", "--yes"],
    );
    assert_eq!(out.status.code(), Some(0));
    let before = mutations(&server);
    let mut child = Command::new(env!("CARGO_BIN_EXE_keystore-wizard"))
        .args([
            "teardown",
            "--execute",
            "--confirm",
            "123456789012",
            "--sandbox-url",
            &server.url,
            "--state-dir",
        ])
        .arg(state.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("teardown");
    let mut err = BufReader::new(child.stderr.take().expect("stderr"));
    let mut line = String::new();
    while !line.contains("Ctrl-C cancels") {
        line.clear();
        assert!(
            err.read_line(&mut line).expect("read") > 0,
            "no countdown was shown"
        );
    }
    Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill");
    let status = child.wait().expect("wait");
    assert_eq!(status.code(), Some(130));
    assert_eq!(mutations(&server), before, "nothing was deleted");
}

/// Gives the served account an alias through the real IAM client, as an operator's would be.
fn set_alias(server: &Server, alias: &str) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let conf = aws_config::defaults(aws_config::BehaviorVersion::latest())
            .endpoint_url(&server.url)
            .region(aws_config::Region::new("us-east-1"))
            .credentials_provider(aws_credential_types::Credentials::new(
                "AKIASANDBOX",
                "sandbox",
                None,
                None,
                "test",
            ))
            .load()
            .await;
        aws_sdk_iam::Client::new(&conf)
            .create_account_alias()
            .account_alias(alias)
            .send()
            .await
            .expect("CreateAccountAlias");
    });
}

#[test]
fn a_prod_alias_stops_the_teardown_until_both_keys_are_given() {
    let server = serve();
    let state = tempfile::tempdir().expect("state");
    let setup = wizard(
        &server,
        state.path(),
        &[
            "setup",
            "--plan",
            "../../assets/example-plan.toml",
            "--yes",
            "--until",
            "admin",
        ],
    );
    assert_eq!(setup.status.code(), Some(0));
    set_alias(&server, "acme-prod-eu");
    let execute = [
        "teardown",
        "--execute",
        "--confirm",
        "123456789012",
        "--delete-iam",
    ];
    let before = mutations(&server);
    let refused = wizard(&server, state.path(), &execute);
    let err = String::from_utf8_lossy(&refused.stderr).to_string();
    assert_eq!(refused.status.code(), Some(2), "{err}");
    assert!(
        err.contains("AccountGuard") && err.contains("acme-prod-eu"),
        "{err}"
    );
    assert!(err.contains("--bypass-account-guard"), "{err}");
    assert_eq!(
        mutations(&server),
        before,
        "a refused teardown changed something"
    );

    // The config key alone is not enough either.
    let config = state.path().join("guard.toml");
    std::fs::write(&config, "[account_guard]\nbypass = [\"123456789012\"]\n").expect("config");
    let config = config.to_str().expect("utf-8");
    let one = wizard(
        &server,
        state.path(),
        &[&execute[..], &["--config", config]].concat(),
    );
    assert_eq!(one.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&one.stderr).contains("--bypass-account-guard flag ("));
    assert_eq!(mutations(&server), before);

    let both = wizard(
        &server,
        state.path(),
        &[
            &execute[..],
            &["--config", config, "--bypass-account-guard"],
        ]
        .concat(),
    );
    let err = String::from_utf8_lossy(&both.stderr).to_string();
    assert_eq!(both.status.code(), Some(0), "{err}");
    assert!(err.contains("WARNING account guard bypassed"), "{err}");
    assert!(
        mutations(&server) > before,
        "the bypassed teardown deleted the IAM group"
    );
}

#[test]
fn a_broken_config_is_a_usage_error_before_any_call() {
    let server = serve();
    let state = tempfile::tempdir().expect("state");
    let config = state.path().join("bad.toml");
    std::fs::write(&config, "[account_guard]\nblocklist = [\"12345\"]\n").expect("config");
    let out = wizard(
        &server,
        state.path(),
        &["teardown", "--config", config.to_str().expect("utf-8")],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("account_guard.blocklist") && err.contains("12 digits"),
        "{err}"
    );
    let log = keystore_sandbox::remote::post(&server.url, "requests", &serde_json::json!({}))
        .expect("log");
    assert_eq!(
        log.as_array().map(Vec::len),
        Some(0),
        "calls were made: {log}"
    );
}
