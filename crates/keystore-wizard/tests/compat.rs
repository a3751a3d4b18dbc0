//! Runs written before a change of the code keep working. The fixture is a sandbox run that the
//! binary of commit 5d4453a (before stage ids became an enum and the code became a workspace)
//! stopped with `setup --until second_hsm`: its journal and its simulated account, as that
//! binary wrote them — except the admin's password digest, reset to `AdminPass2026`: that
//! binary activated the cluster with a generated password no later process knows, and today's
//! CLI stand-in (like the real CLI) creates kmsuser only in an admin's login, so the resumed
//! run is given the admin password as an operator would (KEYSTORE_WIZARD_ADMIN_PASSWORD).
//! Today's binary resumes it to the end, in the same run.

use std::path::Path;
use std::process::Command;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/run-before-stageid/sandbox"
);

fn copy_fixture(to: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let dir = to.join("sandbox");
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).expect("chmod");
    for entry in std::fs::read_dir(FIXTURE).expect("fixture") {
        let path = entry.expect("entry").path();
        let target = dir.join(path.file_name().expect("name"));
        std::fs::copy(&path, &target).expect("copy");
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    }
}

fn journal(state: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(state.join("sandbox/journal.json")).expect("journal");
    serde_json::from_str(&text).expect("json")
}

#[test]
fn a_run_journaled_before_the_stage_id_enum_resumes_to_the_end() {
    let state = tempfile::tempdir().expect("state");
    copy_fixture(state.path());
    let before = journal(state.path());
    assert_eq!(
        before["stages"]["second_hsm"], "done",
        "the fixture stopped there"
    );
    assert!(before["stages"].get("kmsuser").is_none());

    let out = Command::new(env!("CARGO_BIN_EXE_keystore-wizard"))
        .args(["setup", "--sandbox", "--yes", "--resume", "--state-dir"])
        .arg(state.path())
        .args(["--plan", "../../assets/example-plan.toml"])
        .env_remove("KEYSTORE_WIZARD_KMSUSER_PASSWORD")
        .env("KEYSTORE_WIZARD_ADMIN_PASSWORD", "AdminPass2026")
        .output()
        .expect("run");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(0), "{text}");

    let after = journal(state.path());
    assert_eq!(after["run_id"], before["run_id"], "the same run, resumed");
    for stage in [
        "preflight",
        "admin",
        "network",
        "cluster",
        "first_hsm",
        "initialize",
        "activate",
        "second_hsm",
        "kmsuser",
        "key_store",
        "connect",
        "first_key",
    ] {
        assert_eq!(after["stages"][stage], "done", "{stage}: {text}");
    }
    let kinds: Vec<&str> = after["records"]
        .as_array()
        .expect("records")
        .iter()
        .filter(|r| r["status"] == "created")
        .filter_map(|r| r["kind"].as_str())
        .collect();
    assert_eq!(
        kinds.iter().filter(|k| **k == "cluster").count(),
        1,
        "the fixture's cluster is adopted, not created again: {kinds:?}"
    );
    assert!(kinds.iter().any(|k| k.contains("key")), "{kinds:?}");
}
