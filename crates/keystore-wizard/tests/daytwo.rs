//! Day two through the real binary against `sandbox serve`: park refuses without --yes and
//! changes nothing; park, status (parked, what it costs now), unpark (the canary decrypts),
//! in English and Japanese.

mod common;
use common::teardown::{mutations, serve, wizard};

#[test]
fn park_status_unpark_through_the_command_line() {
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

    let before = mutations(&server);
    let refused = wizard(&server, state.path(), &["park"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--yes"));
    assert_eq!(mutations(&server), before, "without --yes nothing changes");

    let parked = wizard(&server, state.path(), &["park", "--yes"]);
    let text = String::from_utf8_lossy(&parked.stdout);
    assert_eq!(parked.status.code(), Some(0), "{text}");
    assert!(text.contains("cannot encrypt or decrypt"), "{text}");
    assert!(text.contains("parked: cluster"), "{text}");

    let status = wizard(&server, state.path(), &["status", "--regions", "us-east-1"]);
    let text = String::from_utf8_lossy(&status.stdout);
    assert!(
        text.contains("is parked: unpark brings back 2 HSM(s)"),
        "{text}"
    );
    assert!(
        text.contains("0 HSM(s) now, about $0.00–$0.00 an hour"),
        "{text}"
    );
    let ja = wizard(
        &server,
        state.path(),
        &["status", "--regions", "us-east-1", "--lang", "ja"],
    );
    assert!(String::from_utf8_lossy(&ja.stdout).contains("park されています"));

    let unparked = wizard(&server, state.path(), &["unpark", "--yes", "--lang", "ja"]);
    let text = String::from_utf8_lossy(&unparked.stdout);
    assert_eq!(unparked.status.code(), Some(0), "{text}");
    assert!(text.contains("カナリアがキー"), "{text}");
    let status = wizard(&server, state.path(), &["status", "--regions", "us-east-1"]);
    let text = String::from_utf8_lossy(&status.stdout);
    assert!(
        text.contains("2 HSM(s) now, about $2.90–$3.20 an hour"),
        "{text}"
    );
    assert!(!text.contains("is parked"), "{text}");
}
