//! The teardown tests' rig: the real binary against a `sandbox serve` child, its JSON answers,
//! and the count of mutating calls the served sandbox has seen.

use super::Server;
use std::process::{Command, Output};

/// `teardown --execute` confirmed for the sandbox's account, with JSON output.
pub const EXECUTE_JSON: &[&str] = &[
    "teardown",
    "--execute",
    "--confirm",
    "123456789012",
    "--output",
    "json",
];

pub fn serve() -> Server {
    super::serve("20000")
}

pub fn wizard(server: &Server, state: &std::path::Path, args: &[&str]) -> Output {
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

pub fn json(out: &Output) -> serde_json::Value {
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .rev()
        .find(|l| l.starts_with('{'))
        .unwrap_or_else(|| panic!("no JSON in {text}{}", String::from_utf8_lossy(&out.stderr)));
    serde_json::from_str(line).expect("json")
}

pub fn mutations(server: &Server) -> usize {
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
