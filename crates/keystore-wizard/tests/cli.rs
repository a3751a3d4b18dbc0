//! The binary's contract for bad input: exit code 2, an error that names the rule, the secret
//! never echoed, and nothing created (the state directory holds no journal run).

use std::process::Command;

fn setup(env: &[(&str, &str)], extra: &[&str]) -> (i32, String, tempfile::TempDir) {
    let state = tempfile::tempdir().expect("state");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_keystore-wizard"));
    cmd.args(["setup", "--sandbox", "--yes", "--state-dir"])
        .arg(state.path())
        .args(extra);
    cmd.env_remove("KEYSTORE_WIZARD_KMSUSER_PASSWORD")
        .env_remove("KEYSTORE_WIZARD_ADMIN_PASSWORD");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text, state)
}

#[test]
fn bad_passwords_are_refused_before_anything_is_created() {
    for (pw, rule) in [
        ("Short12", None),
        ("abc123", Some("7 to 32")),
        ("A234567890123456789012345678901234", Some("7 to 32")),
        ("Bad$ymbol1", Some("letters")),
    ] {
        let (code, text, state) = setup(
            &[("KEYSTORE_WIZARD_KMSUSER_PASSWORD", pw)],
            &[
                "--plan",
                "../../assets/example-plan.toml",
                "--until",
                "preflight",
            ],
        );
        match rule {
            None => assert_eq!(code, 0, "{pw}: {text}"),
            Some(rule) => {
                assert_eq!(code, 2, "{pw}: {text}");
                assert!(text.contains(rule), "{text}");
                assert!(!text.contains(pw), "the password is never echoed: {text}");
                assert!(
                    !state.path().join("sandbox/journal.json").exists(),
                    "nothing was started"
                );
            }
        }
    }
}

#[test]
fn a_bad_plan_names_field_rule_and_position() {
    let dir = tempfile::tempdir().expect("dir");
    let plan = dir.path().join("plan.toml");
    let text = include_str!("../../../assets/example-plan.toml")
        .replace("backup_retention_days = 90", "backup_retention_days = 3");
    std::fs::write(&plan, &text).expect("write");
    let (code, out, _) = setup(&[], &["--plan", plan.to_str().expect("path")]);
    assert_eq!(code, 2, "{out}");
    let line = text
        .lines()
        .position(|l| l.starts_with("backup_retention_days"))
        .expect("line")
        + 1;
    assert!(
        out.contains(&format!(
            "line {line}, column 25: cluster.backup_retention_days = 3: 7 to 379 days"
        )),
        "{out}"
    );
    let (code, out, _) = setup(&[], &["--plan", "does-not-exist.toml"]);
    assert_eq!(code, 2);
    assert!(out.contains("cannot read the plan"), "{out}");
    let (code, out, _) = setup(
        &[],
        &[
            "--plan",
            "../../assets/example-plan.toml",
            "--until",
            "nowhere",
        ],
    );
    assert_eq!(code, 2);
    assert!(out.contains("no such stage"), "{out}");
}

#[test]
fn a_group_readable_password_file_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("dir");
    let pw = dir.path().join("pw");
    std::fs::write(&pw, "Secret12345\n").expect("write");
    std::fs::set_permissions(&pw, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let (code, out, _) = setup(
        &[],
        &[
            "--plan",
            "../../assets/example-plan.toml",
            "--kmsuser-password-file",
            pw.to_str().expect("p"),
        ],
    );
    assert_eq!(code, 2);
    assert!(
        out.contains("chmod 600") && !out.contains("Secret12345"),
        "{out}"
    );
}

#[test]
fn json_output_is_one_event_per_line_and_pipes_quietly() {
    let (code, out, _) = setup(
        &[],
        &[
            "--plan",
            "../../assets/example-plan.toml",
            "--output",
            "json",
            "--until",
            "network",
        ],
    );
    assert_eq!(code, 0, "{out}");
    let events: Vec<serde_json::Value> = out
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert!(events.iter().any(|e| {
        e["event"] == "api_call"
            && e["operation"] == "CreateVpc"
            && e["cli"]
                .as_str()
                .is_some_and(|c| c.starts_with("aws ec2 create-vpc"))
    }));
    assert!(
        events
            .iter()
            .any(|e| e["event"] == "resource_created" && e["kind"] == "subnet")
    );
    assert_eq!(
        events.last().map(|e| e["event"].clone()),
        Some(serde_json::json!("done"))
    );
}

#[test]
fn output_piped_into_a_reader_that_stops_early_does_not_panic() {
    use std::io::{BufRead, BufReader};
    let state = tempfile::tempdir().expect("state");
    let mut child = Command::new(env!("CARGO_BIN_EXE_keystore-wizard"))
        .args([
            "setup",
            "--sandbox",
            "--yes",
            "--plan",
            "../../assets/example-plan.toml",
            "--output",
            "json",
            "--state-dir",
        ])
        .arg(state.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut first)
        .expect("first line");
    assert!(first.starts_with('{'));
    // The reader is gone (like `| head -1`); the run goes on and ends without a panic.
    let out = child.wait_with_output().expect("wait");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(out.status.code(), Some(0), "{err}");
}

fn wizard(args: &[&str]) -> (i32, String) {
    let home = tempfile::tempdir().expect("home");
    let out = Command::new(env!("CARGO_BIN_EXE_keystore-wizard"))
        .env("HOME", home.path())
        .env_remove("XDG_STATE_HOME")
        .args(args)
        .output()
        .expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// Issue 17: completions and a man page generated from the same clap definition, and a
/// version that names the AWS SDK crates it was built with.
#[test]
fn completions_man_page_and_version_come_from_the_command_line_itself() {
    let (code, bash) = wizard(&["completions", "bash"]);
    assert_eq!(code, 0);
    for word in [
        "keystore-wizard",
        "teardown",
        "--pending-window-days",
        "check",
    ] {
        assert!(bash.contains(word), "{word} in the bash completion");
    }
    let (code, zsh) = wizard(&["completions", "zsh"]);
    assert_eq!(code, 0);
    assert!(zsh.contains("#compdef keystore-wizard"));
    let (code, man) = wizard(&["manpage"]);
    assert_eq!(code, 0);
    assert!(
        man.contains(".TH keystore-wizard") && man.contains("teardown"),
        "{man}"
    );
    let (code, version) = wizard(&["--version"]);
    assert_eq!(code, 0);
    assert!(version.contains("aws-sdk-kms 1."), "{version}");
    assert!(version.contains("aws-sdk-cloudhsmv2 1."), "{version}");
}

/// Every flag of every subcommand says what it is for in `--help`.
#[test]
fn every_flag_has_help_text() {
    use clap::CommandFactory;
    fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
        for arg in cmd.get_arguments() {
            let id = arg.get_id().as_str();
            if arg.is_hide_set() || id == "help" || id == "version" {
                continue;
            }
            if arg.get_help().is_none() && arg.get_long_help().is_none() {
                missing.push(format!("{path} {id}"));
            }
        }
        for sub in cmd.get_subcommands() {
            walk(sub, &format!("{path} {}", sub.get_name()), missing);
        }
    }
    let mut missing = Vec::new();
    walk(
        &keystore_wizard::cli::Cli::command(),
        "keystore-wizard",
        &mut missing,
    );
    assert!(missing.is_empty(), "no help text: {missing:?}");
}

/// Issue 17: a full sandbox setup in text is under 80 lines and still shows every mutating
/// call (the JSON lines of the same setup keep every call and say which ones those are), the
/// polls folded into a count per stage, and a summary of what was made at the end.
#[test]
fn the_text_output_shows_changes_not_polls() {
    let run = |output: &str| {
        let state = tempfile::tempdir().expect("state");
        let out = Command::new(env!("CARGO_BIN_EXE_keystore-wizard"))
            .args([
                "setup",
                "--sandbox",
                "--yes",
                "--output",
                output,
                "--state-dir",
            ])
            .arg(state.path())
            .args(["--plan", "../../assets/example-plan.toml"])
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let text = run("text");
    let json = run("json");
    let lines = text.lines().count();
    // About 117: the client host adds some 30 lines (its creates, the Run Command waits, the
    // Session Manager lines) to what was about 77.
    assert!(lines < 125, "{lines} lines:\n{text}");
    let mutating: Vec<String> = json
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["event"] == "api_call")
        .filter_map(|v| {
            let op = v["operation"].as_str()?.to_string();
            let read = ["Describe", "Get", "List", "Simulate"]
                .iter()
                .any(|p| op.starts_with(p));
            (!read).then(|| format!("{}:{op} ok", v["service"].as_str().unwrap_or_default()))
        })
        .collect();
    assert!(mutating.len() >= 15, "{mutating:?}");
    for call in &mutating {
        assert!(text.contains(call.as_str()), "{call} missing from:\n{text}");
    }
    assert!(
        !text.contains("DescribeClusters ok"),
        "polls are counted, not listed"
    );
    assert!(text.contains(" reads)"), "{text}");
    assert!(text.contains("summary: 18 created"), "{text}");
    assert!(
        text.contains("AWSServiceRoleForCloudHSM created by this step"),
        "{text}"
    );
}

/// Issue 17: a plan of two lines is a whole plan: a full sandbox setup runs from it.
#[test]
fn a_two_line_plan_runs_a_full_sandbox_setup() {
    let dir = tempfile::tempdir().expect("dir");
    let plan = dir.path().join("plan.toml");
    std::fs::write(
        &plan,
        "region = \"us-east-1\"\nkey_store.name = \"Payments\"\n",
    )
    .expect("plan");
    let out = Command::new(env!("CARGO_BIN_EXE_keystore-wizard"))
        .args(["setup", "--sandbox", "--yes", "--state-dir"])
        .arg(dir.path().join("state"))
        .arg("--plan")
        .arg(&plan)
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("kms:CreateCustomKeyStore ok"), "{text}");
    assert!(text.contains("<== first_key done"), "{text}");
    let check = Command::new(env!("CARGO_BIN_EXE_keystore-wizard"))
        .args(["plan", "check"])
        .arg(&plan)
        .output()
        .expect("check");
    assert_eq!(check.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&check.stdout).contains("key store Payments"));
}

#[test]
fn a_user_list_that_is_missing_or_not_json_is_refused_before_anything_is_created() {
    let dir = tempfile::tempdir().expect("dir");
    let not_json = dir.path().join("list.txt");
    std::fs::write(&not_json, "kmsuser crypto-user full\n").expect("write");
    let missing = dir.path().join("nowhere.json");
    for (file, why) in [(&not_json, "not the JSON"), (&missing, "--user-list")] {
        let (code, text, state) = setup(
            &[("KEYSTORE_WIZARD_KMSUSER_PASSWORD", "KmsUser2026pw")],
            &[
                "--plan",
                "../../assets/example-plan.toml",
                "--user-list",
                file.to_str().expect("path"),
            ],
        );
        assert_eq!(code, 2, "{text}");
        assert!(
            text.contains(why) && text.contains(file.to_str().expect("path")),
            "{text}"
        );
        assert!(
            !state.path().join("sandbox/journal.json").exists(),
            "nothing was started"
        );
    }
}
