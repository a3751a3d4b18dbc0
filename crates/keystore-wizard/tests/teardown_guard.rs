//! The account guard in front of a teardown, through the real binary against `sandbox serve`:
//! a production alias stops it until both keys of the bypass are given, and a broken guard
//! config is a usage error before any call.

mod common;
use common::Server;
use common::teardown::{mutations, serve, wizard};

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
