//! The real AWS CLI (botocore, `pip install awscli`) against `keystore-wizard sandbox serve`:
//! if a client nobody here wrote parses our answers, the wire format is right. `scripts/test`
//! installs the CLI into a venv and sets KSW_AWS_CLI and KSW_REQUIRE_AWS_CLI=1, so in CI a
//! missing CLI is a failure, not a skip.

use std::process::{Command, Stdio};

mod common;
use common::{Server, serve as serve_at};

fn serve() -> Server {
    serve_at("0")
}

fn aws_cli() -> Option<String> {
    if let Ok(path) = std::env::var("KSW_AWS_CLI") {
        return Some(path);
    }
    let found = Command::new("aws")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if found {
        return Some("aws".into());
    }
    assert!(
        std::env::var("KSW_REQUIRE_AWS_CLI").is_err(),
        "KSW_REQUIRE_AWS_CLI is set but no AWS CLI was found"
    );
    None
}

/// Runs `aws <args>` against the server; returns (exit code, stdout JSON or text, stderr).
fn aws(cli: &str, server: &Server, args: &[&str]) -> (i32, serde_json::Value, String) {
    let home = tempfile::tempdir().expect("home");
    let out = Command::new(cli)
        .args([
            "--endpoint-url",
            &server.url,
            "--region",
            "us-east-1",
            "--output",
            "json",
        ])
        .args(args)
        .env("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
        .env("AWS_SECRET_ACCESS_KEY", "secret")
        .env("AWS_CONFIG_FILE", home.path().join("config"))
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            home.path().join("credentials"),
        )
        .env("HOME", home.path())
        .output()
        .expect("run aws");
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let json = serde_json::from_str(&stdout).unwrap_or(serde_json::Value::String(stdout));
    (
        out.status.code().unwrap_or(-1),
        json,
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

fn wizard(args: &[&str], stdin: &str) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_keystore-wizard"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run wizard");
    use std::io::Write;
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write");
    child.wait_with_output().expect("wait")
}

#[test]
fn the_aws_cli_parses_every_answer() {
    let Some(cli) = aws_cli() else {
        eprintln!("SKIPPED: no AWS CLI on PATH; scripts/test installs one");
        return;
    };
    let server = serve();
    let (rc, me, err) = aws(&cli, &server, &["sts", "get-caller-identity"]);
    assert_eq!(rc, 0, "{err}");
    assert_eq!(me["Account"], "123456789012");

    let (rc, g, err) = aws(
        &cli,
        &server,
        &[
            "iam",
            "create-group",
            "--group-name",
            "CloudHsmAdministrator",
        ],
    );
    assert_eq!(rc, 0, "{err}");
    assert_eq!(
        g["Group"]["Arn"],
        "arn:aws:iam::123456789012:group/CloudHsmAdministrator"
    );
    let (rc, _, err) = aws(
        &cli,
        &server,
        &[
            "iam",
            "create-group",
            "--group-name",
            "CloudHsmAdministrator",
        ],
    );
    assert_eq!(rc, 255, "AWS CLI v1 exits 255 on a service error");
    assert!(err.contains("EntityAlreadyExists"), "{err}");

    let (rc, subnets, err) = aws(&cli, &server, &["ec2", "describe-subnets"]);
    assert_eq!(rc, 0, "{err}");
    let list = subnets["Subnets"].as_array().expect("subnets");
    assert_eq!(list.len(), 6);
    assert_eq!(list[0]["AvailableIpAddressCount"], 4091);
    let mut by_az: Vec<(String, String)> = list
        .iter()
        .map(|s| {
            (
                s["AvailabilityZone"].as_str().unwrap_or("").into(),
                s["SubnetId"].as_str().unwrap_or("").into(),
            )
        })
        .collect();
    by_az.sort();

    let (rc, created, err) = aws(
        &cli,
        &server,
        &[
            "cloudhsmv2",
            "create-cluster",
            "--hsm-type",
            "hsm2m.medium",
            "--subnet-ids",
            &by_az[0].1,
            &by_az[1].1,
        ],
    );
    assert_eq!(rc, 0, "{err}");
    let cluster = created["Cluster"]["ClusterId"]
        .as_str()
        .expect("id")
        .to_string();
    assert_eq!(created["Cluster"]["State"], "CREATE_IN_PROGRESS");
    let (rc, described, err) = aws(
        &cli,
        &server,
        &[
            "cloudhsmv2",
            "describe-clusters",
            "--filters",
            &format!("clusterIds={cluster}"),
        ],
    );
    assert_eq!(rc, 0, "{err}");
    assert_eq!(
        described["Clusters"][0]["SubnetMapping"][&by_az[0].0],
        by_az[0].1.as_str()
    );

    let (rc, role, err) = aws(
        &cli,
        &server,
        &[
            "iam",
            "get-role",
            "--role-name",
            "AWSServiceRoleForCloudHSM",
        ],
    );
    assert_eq!(rc, 0, "{err}");
    assert_eq!(
        role["Role"]["Path"],
        "/aws-service-role/cloudhsm.amazonaws.com/"
    );
    assert_eq!(
        role["Role"]["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]["Service"],
        "cloudhsm.amazonaws.com",
        "botocore URL-decodes and parses the trust policy, as it does for AWS"
    );

    let (rc, _, err) = aws(
        &cli,
        &server,
        &[
            "kms",
            "create-custom-key-store",
            "--custom-key-store-name",
            "ExampleKeyStore",
            "--cloud-hsm-cluster-id",
            &cluster,
            "--trust-anchor-certificate",
            "not-a-certificate",
            "--key-store-password",
            "KmsUser2026pw",
        ],
    );
    assert_eq!(rc, 255);
    assert!(err.contains("CloudHsmClusterNotActiveException"), "{err}");
    assert!(!err.contains("KmsUser2026pw"), "the password is not echoed");
    let (rc, stores, err) = aws(&cli, &server, &["kms", "describe-custom-key-stores"]);
    assert_eq!(rc, 0, "{err}");
    assert_eq!(stores["CustomKeyStores"], serde_json::json!([]));

    // The clock and the CloudHSM CLI stand-in through the binary.
    let out = wizard(
        &[
            "sandbox",
            "advance",
            "--sandbox-url",
            &server.url,
            "--by",
            "5m",
        ],
        "",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (_, described, _) = aws(&cli, &server, &["cloudhsmv2", "describe-clusters"]);
    assert_eq!(described["Clusters"][0]["State"], "UNINITIALIZED");
    let out = wizard(
        &[
            "sandbox",
            "cloudhsm-cli",
            "--sandbox-url",
            &server.url,
            "--cluster-id",
            &cluster,
            "cluster",
            "activate",
        ],
        "AdminPass2026\n",
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "activation of an uninitialized cluster fails"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("\"error_code\": 1"), "{stdout}");
    assert!(!stdout.contains("AdminPass2026"));
    let out = wizard(
        &[
            "sandbox",
            "advance",
            "--sandbox-url",
            &server.url,
            "--by",
            "eight days",
        ],
        "",
    );
    assert_eq!(
        out.status.code(),
        Some(2),
        "a bad duration is a usage error"
    );
}

#[test]
fn a_setup_against_the_served_sandbox_is_visible_to_the_aws_cli() {
    let Some(cli) = aws_cli() else {
        eprintln!("SKIPPED: no AWS CLI on PATH; scripts/test installs one");
        return;
    };
    let server = serve_at("6000");
    let state = tempfile::tempdir().expect("state");
    let out = Command::new(env!("CARGO_BIN_EXE_keystore-wizard"))
        .args([
            "setup",
            "--sandbox-url",
            &server.url,
            "--plan",
            "../../assets/example-plan.toml",
            "--yes",
            "--state-dir",
        ])
        .arg(state.path())
        .env("KEYSTORE_WIZARD_KMSUSER_PASSWORD", "KmsUser2026pw")
        .env("KEYSTORE_WIZARD_ADMIN_PASSWORD", "AdminPass2026")
        .output()
        .expect("setup");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (rc, stores, err) = aws(&cli, &server, &["kms", "describe-custom-key-stores"]);
    assert_eq!(rc, 0, "{err}");
    assert_eq!(stores["CustomKeyStores"][0]["ConnectionState"], "CONNECTED");
    let (_, key, err) = aws(
        &cli,
        &server,
        &[
            "kms",
            "describe-key",
            "--key-id",
            "alias/keystore-wizard-example",
        ],
    );
    assert_eq!(key["KeyMetadata"]["Origin"], "AWS_CLOUDHSM", "{err}");
    assert_eq!(
        key["KeyMetadata"]["CustomKeyStoreId"],
        stores["CustomKeyStores"][0]["CustomKeyStoreId"]
    );
    for role in [
        "AWSServiceRoleForCloudHSM",
        "AWSServiceRoleForKeyManagementServiceCustomKeyStores",
    ] {
        let (rc, _, err) = aws(&cli, &server, &["iam", "get-role", "--role-name", role]);
        assert_eq!(rc, 0, "{role}: {err}");
    }
    let (_, attached, _) = aws(
        &cli,
        &server,
        &[
            "iam",
            "list-attached-group-policies",
            "--group-name",
            "CloudHsmAdministrator",
        ],
    );
    assert_eq!(
        attached["AttachedPolicies"][0]["PolicyName"],
        "CloudHsmAdminPolicy"
    );
    assert!(!text.contains("KmsUser2026pw") && !text.contains("AdminPass2026"));
}

#[path = "awscli/client_host.rs"]
mod client_host;
#[path = "awscli/teardown_reads.rs"]
mod teardown_reads;
