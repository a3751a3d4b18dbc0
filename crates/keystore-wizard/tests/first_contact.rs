//! Issue 17: the errors a new user meets first, run as on AWS (not `--sandbox`: that path has
//! fixed credentials and never meets them), with a temporary HOME, AWS config and SSO token
//! cache and nothing else in the environment. Each ends with exit 3 and one line on stderr
//! naming the cause and the fix — no SDK `WARN` record, no `Debug` dump, no escape code.

mod common;

use std::io::{Read, Write};
use std::path::Path;
use std::process::Command;

struct Outcome {
    code: Option<i32>,
    stderr: String,
}

fn run(home: &Path, env: &[(&str, &str)], args: &[&str]) -> Outcome {
    let out = Command::new(env!("CARGO_BIN_EXE_keystore-wizard"))
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("HOME", home)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .envs(env.iter().copied())
        .args(["status", "--regions", "us-east-1"])
        .args(args)
        .output()
        .expect("run");
    Outcome {
        code: out.status.code(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn assert_one_clear_line(o: &Outcome, code: &str, fix: &str) {
    assert_eq!(o.code, Some(3), "{}", o.stderr);
    let lines: Vec<&str> = o.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "one line: {:?}", o.stderr);
    let line = lines[0];
    assert!(line.contains(code), "{line}");
    assert!(line.contains(fix), "names the fix {fix:?}: {line}");
    for noise in ["WARN", "\u{1b}[", "Some(", "DispatchFailure"] {
        assert!(!line.contains(noise), "no {noise:?}: {line}");
    }
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("dir");
    std::fs::write(path, text).expect("write");
}

#[test]
fn no_credentials_names_the_sources_tried_and_the_fix() {
    let home = tempfile::tempdir().expect("home");
    let o = run(home.path(), &[], &["--region", "us-east-1"]);
    assert_one_clear_line(&o, "NoCredentials", "aws configure");
    assert!(o.stderr.contains("AWS_ACCESS_KEY_ID"), "{}", o.stderr);
}

#[test]
fn an_expired_sso_session_says_aws_sso_login() {
    let home = tempfile::tempdir().expect("home");
    write(
        &home.path().join(".aws/config"),
        "[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Admin\nregion = us-east-1\n\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n",
    );
    // The SDK's cache file for an sso-session is named after the SHA-1 of the session name.
    write(
        &home
            .path()
            .join(".aws/sso/cache/ee0bfd2552fbd840c02cc48b6e823320543c450f.json"),
        r#"{"startUrl":"https://corp.awsapps.com/start","region":"us-east-1","accessToken":"x","expiresAt":"2020-01-01T00:00:00Z"}"#,
    );
    let o = run(home.path(), &[], &["--profile", "dev"]);
    assert_one_clear_line(&o, "SsoSessionExpired", "aws sso login");
}

#[test]
fn an_unknown_profile_is_named_whether_or_not_a_region_is_given() {
    let home = tempfile::tempdir().expect("home");
    write(
        &home.path().join(".aws/config"),
        "[default]\nregion = us-east-1\n",
    );
    let o = run(home.path(), &[("AWS_PROFILE", "nope")], &[]);
    assert_one_clear_line(&o, "ProfileNotFound", "list-profiles");
    assert!(o.stderr.contains("nope"), "{}", o.stderr);
    let o = run(
        home.path(),
        &[],
        &["--profile", "nope", "--region", "eu-west-1"],
    );
    assert_one_clear_line(&o, "ProfileNotFound", "list-profiles");
}

#[test]
fn no_region_says_how_to_give_one() {
    let home = tempfile::tempdir().expect("home");
    let o = run(home.path(), &[], &[]);
    assert_one_clear_line(&o, "NoRegion", "--region");
}

#[test]
fn an_endpoint_that_refuses_connections_names_the_os_error() {
    let home = tempfile::tempdir().expect("home");
    // A port nothing listens on: bound, then released.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let url = format!("http://127.0.0.1:{port}");
    let o = run(
        home.path(),
        &[
            ("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEEXAMPLE00"),
            ("AWS_SECRET_ACCESS_KEY", "example"),
        ],
        &["--region", "us-east-1", "--endpoint-url", &url],
    );
    assert_one_clear_line(&o, "EndpointUnreachable", "--endpoint-url");
    assert!(o.stderr.contains("Connection refused"), "{}", o.stderr);
}

/// A clock an hour off AWS's: the served sandbox refuses the signature as AWS does (the
/// service's own skew code, and a `Date` header with its clock) — and the SDK corrects its
/// signing from that header by itself and retries, so the command still succeeds. Only a skew
/// the SDK cannot correct reaches the operator, as `ClockSkew` with the fix.
#[test]
fn a_skewed_clock_is_refused_like_aws_and_the_sdk_corrects_it() {
    let server = common::serve_with("600", &["--clock-skew", "3600"]);
    let addr = server.url.trim_start_matches("http://").to_string();
    // A request signed now, by this machine's clock: refused as skewed.
    let now = std::process::Command::new("date")
        .args(["-u", "+%Y%m%dT%H%M%SZ"])
        .output()
        .expect("date");
    let stamp = String::from_utf8_lossy(&now.stdout).trim().to_string();
    let body = "Action=GetCallerIdentity&Version=2011-06-15";
    let request = format!(
        "POST / HTTP/1.1\r\nHost: {addr}\r\nX-Amz-Date: {stamp}\r\nAuthorization: AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20261201/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=00\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let mut stream = std::net::TcpStream::connect(&addr).expect("connect");
    stream.write_all(request.as_bytes()).expect("send");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("read");
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    assert!(
        answer.contains("SignatureDoesNotMatch") && answer.contains("Signature expired"),
        "{answer}"
    );
    assert!(
        answer.to_ascii_lowercase().contains("\r\ndate: "),
        "{answer}"
    );
    // The wizard's own calls: the SDK reads the Date header, corrects, retries; status works.
    let home = tempfile::tempdir().expect("home");
    let out = Command::new(env!("CARGO_BIN_EXE_keystore-wizard"))
        .env("HOME", home.path())
        .args([
            "status",
            "--regions",
            "us-east-1",
            "--sandbox-url",
            &server.url,
        ])
        .output()
        .expect("status");
    assert_eq!(
        out.status.code(),
        Some(0),
        "the SDK corrected the skew: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
