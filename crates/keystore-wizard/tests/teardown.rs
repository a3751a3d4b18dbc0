//! The teardown as an operator runs it, through the real binary against `sandbox serve`:
//! setup, a dry run that changes nothing, a wrong --confirm that changes nothing, --execute,
//! `sandbox advance` past the key deletion date, --execute again, `status`, and a third run
//! that has nothing left to do.

use std::process::Command;

mod common;
use common::teardown::{EXECUTE_JSON, json, mutations, serve, wizard};

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
    assert_eq!(plan["order"], "stop-billing", "the plan says its order");
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
    assert_eq!(report["order"], "stop-billing", "the report says its order");
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
    // Ours, from the journal, even once its deleted cluster is no longer listed.
    assert_eq!(us["stores"][0]["ours"], true, "{us:#}");
    assert_eq!(us["stores"][0]["keys"][0]["state"], "PendingDeletion");
    // `sandbox inspect`: the stop-billing order left the key material in the backups taken as
    // the HSMs went, as the plan said.
    let key = us["stores"][0]["keys"][0]["id"]
        .as_str()
        .expect("key id")
        .to_string();
    let inspect = Command::new(env!("CARGO_BIN_EXE_keystore-wizard"))
        .args(["sandbox", "inspect", "--sandbox-url", &server.url])
        .output()
        .expect("inspect");
    let seen: serde_json::Value =
        serde_json::from_slice(&inspect.stdout).expect("inspect prints JSON");
    let holding: Vec<&String> = seen["us-east-1"]["backups"]
        .as_object()
        .expect("backups")
        .iter()
        .filter(|(_, b)| {
            b["keys"]
                .as_array()
                .is_some_and(|k| k.iter().any(|x| x == &key))
        })
        .map(|(id, _)| id)
        .collect();
    // Each HSM's removal took one, and the daily ones since the key was made hold it too.
    assert!(holding.len() >= 2, "{seen:#}");
    // Deleted: still listed as DELETED with no HSM, or already gone from DescribeClusters
    // (the served clock runs 20000 times faster, so a day there is seconds here).
    let clusters = us["clusters"].as_array().expect("clusters");
    assert!(
        clusters
            .iter()
            .all(|c| c["state"] == "DELETED" && c["hsms"] == serde_json::json!([])),
        "{us:#}"
    );
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
