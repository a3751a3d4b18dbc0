//! The sandbox judged by the official AWS models through clients nobody here wrote: botocore
//! (the AWS CLI's library, from PyPI) sends a mutated request per constrained input member of
//! every served operation with its own validation off, in every protocol the models list; the
//! AWS CLI binary does the same for a few; a full setup, status and teardown runs with CloudHSM
//! over RPC v2 CBOR while the sandbox records its answers, and botocore's parsers read every
//! answer back against the operation's output shape. `scripts/test` installs the CLI into a
//! venv and sets KSW_AWS_CLI; its `python` is the one beside it.

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::teardown::{EXECUTE_JSON, json};
use common::{Server, serve, serve_with};

const SERVED: &str = "../sandbox/models/served.txt";

/// The venv's python (beside KSW_AWS_CLI), or None (the test is skipped, and says so) when
/// the CLI is not installed here.
fn python() -> Option<PathBuf> {
    match std::env::var("KSW_AWS_CLI") {
        Ok(cli) => Some(Path::new(&cli).with_file_name("python")),
        Err(_) => {
            assert!(
                std::env::var("KSW_REQUIRE_AWS_CLI").is_err(),
                "KSW_REQUIRE_AWS_CLI is set but KSW_AWS_CLI is not"
            );
            eprintln!("SKIPPED: no AWS CLI venv; scripts/test installs one");
            None
        }
    }
}

fn run_json(python: &Path, script: &str, args: &[&str]) -> serde_json::Value {
    let out = Command::new(python)
        .arg(format!("tests/py/{script}"))
        .args(args)
        .output()
        .expect("run python");
    assert!(
        out.status.success(),
        "{script}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("one JSON document")
}

/// Served operations that take input, from the generated constraints file.
fn operations_with_input(cbor_only: bool) -> usize {
    let text = std::fs::read_to_string("../sandbox/models/constraints.json").expect("constraints");
    let doc: serde_json::Value = serde_json::from_str(&text).expect("json");
    doc["services"]
        .as_object()
        .expect("services")
        .values()
        .filter(|s| {
            !cbor_only
                || s["protocols"]
                    .as_array()
                    .is_some_and(|p| p.iter().any(|p| p == "smithy-rpc-v2-cbor"))
        })
        .map(|s| {
            s["operations"]
                .as_object()
                .expect("operations")
                .values()
                .filter(|v| !v.is_null())
                .count()
        })
        .sum()
}

fn sweep(python: &Path, server: &Server, extra: &[&str]) -> serde_json::Value {
    let mut args = vec![server.url.as_str(), SERVED];
    args.extend_from_slice(extra);
    let report = run_json(python, "validation_sweep.py", &args);
    println!(
        "validation sweep {extra:?}: {} mutated requests in {:?}, {} valid requests, by service {}",
        report["cases"], report["protocols"], report["valid_requests"], report["by_service"]
    );
    report
}

#[test]
fn every_constrained_input_member_is_refused_by_the_front_end_in_every_listed_protocol() {
    let Some(python) = python() else { return };
    let server = serve("0");
    let all = sweep(&python, &server, &[]);
    assert_eq!(
        all["failures"],
        serde_json::json!([]),
        "{:#}",
        all["failures"]
    );
    assert_eq!(all["valid_requests"], operations_with_input(false));
    assert!(all["cases"].as_u64().expect("cases") > all["valid_requests"].as_u64().expect("n"));
    assert_eq!(
        all["protocols"],
        serde_json::json!(["ec2", "json", "query"])
    );
    let cbor = sweep(&python, &server, &["--cbor"]);
    assert_eq!(
        cbor["failures"],
        serde_json::json!([]),
        "{:#}",
        cbor["failures"]
    );
    assert_eq!(cbor["protocols"], serde_json::json!(["smithy-rpc-v2-cbor"]));
    assert_eq!(cbor["valid_requests"], operations_with_input(true));
    assert!(cbor["cases"].as_u64().expect("cases") > 0);
}

#[test]
fn the_constraints_file_is_what_the_pinned_botocore_models_say() {
    let Some(python) = python() else { return };
    let out = Command::new(&python)
        .args(["../../scripts/gen-constraints", "--check"])
        .output()
        .expect("run gen-constraints");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `aws <args>` with botocore's parameter validation off, as an operator's config can set it.
fn aws_unvalidated(server: &Server, args: &[&str]) -> (i32, String) {
    let cli = std::env::var("KSW_AWS_CLI").expect("KSW_AWS_CLI");
    let home = tempfile::tempdir().expect("home");
    let config = home.path().join("config");
    std::fs::write(&config, "[default]\nparameter_validation = false\n").expect("config");
    let out = Command::new(cli)
        .args(["--endpoint-url", &server.url, "--region", "us-east-1"])
        .args(args)
        .env("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
        .env("AWS_SECRET_ACCESS_KEY", "secret")
        .env("AWS_CONFIG_FILE", &config)
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            home.path().join("credentials"),
        )
        .env("HOME", home.path())
        .output()
        .expect("run aws");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

#[test]
fn the_aws_cli_with_its_validation_off_meets_the_front_ends_errors() {
    if python().is_none() {
        return;
    }
    let server = serve("0");
    let long_role = "r".repeat(65);
    let cases: [(&[&str], &[&str]); 5] = [
        (
            &["cloudhsmv2", "describe-backups", "--max-results", "51"],
            &[
                "ValidationException",
                "at 'maxResults'",
                "less than or equal to 50",
            ],
        ),
        (
            &[
                "cloudhsmv2",
                "delete-cluster",
                "--cluster-id",
                "cluster-nope",
            ],
            &[
                "ValidationException",
                "at 'clusterId'",
                "regular expression pattern: cluster-[2-7a-zA-Z]{11,16}",
            ],
        ),
        (
            &["iam", "get-role", "--role-name", &long_role],
            &[
                "ValidationError",
                "at 'roleName'",
                "length less than or equal to 64",
            ],
        ),
        (
            &["kms", "create-key", "--key-spec", "NOT_A_SPEC"],
            &["ValidationException", "at 'keySpec'", "enum value set"],
        ),
        (
            &["ec2", "describe-vpcs", "--max-results", "4"],
            &["InvalidParameterValue", "MaxResults"],
        ),
    ];
    for (args, wanted) in cases {
        let (rc, err) = aws_unvalidated(&server, args);
        assert_ne!(rc, 0, "{args:?} must fail");
        for w in wanted {
            assert!(err.contains(w), "{args:?}: {w:?} not in {err}");
        }
    }
}

#[test]
fn setup_park_unpark_status_and_teardown_with_cloudhsm_over_cbor_answer_within_the_output_shapes() {
    let Some(python) = python() else { return };
    let dir = tempfile::tempdir().expect("dir");
    let record = dir.path().join("replies.jsonl");
    let record_arg = record.to_string_lossy().to_string();
    let server = serve_with("20000", &["--record-replies", &record_arg]);
    let state = dir.path().join("state");
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_keystore-wizard"))
            .args(args)
            .args(["--sandbox-url", &server.url, "--state-dir"])
            .arg(&state)
            .env("XDG_CONFIG_HOME", dir.path().join("config"))
            .env("KEYSTORE_WIZARD_KMSUSER_PASSWORD", "KmsUser2026pw")
            .env("KEYSTORE_WIZARD_ADMIN_PASSWORD", "AdminPass2026")
            .env("KSW_CLOUDHSM_PROTOCOL", "cbor")
            .output()
            .expect("run");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        out
    };
    run(&["setup", "--plan", "../../assets/example-plan.toml", "--yes"]);
    // Day two over CBOR too: HSMs deleted and created again at their addresses.
    run(&["park", "--yes"]);
    run(&["unpark", "--yes"]);
    run(&["status"]);
    let first = json(&run(EXECUTE_JSON));
    assert_eq!(first["executed"], true);
    // Past the key's pending-deletion window, so the store, the cluster and its HSMs go too.
    let days = serde_json::json!({"seconds": 31.0 * 86400.0});
    keystore_sandbox::remote::post(&server.url, "advance", &days).expect("advance");
    run(EXECUTE_JSON);
    run(&["status"]);
    drop(server);

    let lines = std::fs::read_to_string(&record).expect("record");
    let records: Vec<serde_json::Value> = lines
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    let hsm = |protocol: &str, op: &str| {
        records
            .iter()
            .filter(|r| r["service"] == "cloudhsmv2" && r["protocol"] == protocol)
            .filter(|r| op.is_empty() || r["operation"] == op)
            .count()
    };
    assert_eq!(hsm("json", ""), 0, "every CloudHSM call spoke CBOR");
    for op in [
        "CreateCluster",
        "InitializeCluster",
        "CreateHsm",
        "DeleteHsm",
        "DeleteCluster",
    ] {
        assert!(hsm("smithy-rpc-v2-cbor", op) > 0, "{op} over CBOR");
    }
    assert!(!lines.contains("KmsUser2026pw") && !lines.contains("AdminPass2026"));

    let report = run_json(&python, "output_shapes.py", &[&record_arg]);
    println!(
        "output shapes: {} answers ({}) checked; documented differences from the model: {}",
        report["answers"], report["by_protocol"], report["known"]
    );
    assert_eq!(report["answers"], records.len());
    assert_eq!(
        report["violations"],
        serde_json::json!([]),
        "{:#}",
        report["violations"]
    );
}
