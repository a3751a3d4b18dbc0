//! The journal's guarantees: one instance per directory, private files, refused torn or
//! foreign journals, and two handles that lose none of each other's writes.

use super::*;

#[test]
fn two_handles_of_one_journal_lose_none_of_each_others_writes() {
    let dir = tempfile::tempdir().expect("dir");
    let mut a = Journal::open(dir.path()).expect("open");
    a.begin("ksw-0000000001", "us-east-1", "sandbox")
        .expect("begin");
    let mut b = a.fork();
    a.set_fact("from_a", "1").expect("a");
    b.resource("first_hsm", "hsm", "created", "hsm-1")
        .expect("b");
    a.resource("client_launch", "instance", "created", "i-1")
        .expect("a");
    b.set_stage("first_hsm", "done").expect("b");
    assert_eq!(b.fact("from_a"), Some("1"), "b's write refreshed its view");
    assert_eq!(a.stage_status("first_hsm"), None, "a has not looked yet");
    a.refresh();
    assert_eq!(a.stage_status("first_hsm"), Some("done"));
    drop((a, b));
    let again = Journal::open(dir.path()).expect("reopen after both handles are gone");
    let mut kinds: Vec<String> = again.resources().into_iter().map(|(k, _)| k).collect();
    kinds.sort();
    assert_eq!(kinds, ["hsm", "instance"]);
    assert_eq!(again.fact("from_a"), Some("1"));
}

#[test]
fn a_second_instance_is_refused_and_the_file_is_private() {
    let dir = tempfile::tempdir().expect("dir");
    let mut j = Journal::open(dir.path()).expect("open");
    j.begin("run-1", "us-east-1", "sandbox").expect("begin");
    j.intent("cluster", "cluster", "run-1").expect("intent");
    j.resource("cluster", "cluster", "created", "cluster-abc")
        .expect("created");
    let second = Journal::open(dir.path()).expect_err("locked");
    assert!(matches!(second, JournalError::Locked(_)), "{second}");
    let mode = std::fs::metadata(dir.path().join("journal.json"))
        .expect("file")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
    let dmode = std::fs::metadata(dir.path())
        .expect("dir")
        .permissions()
        .mode();
    assert_eq!(dmode & 0o077, 0, "{dmode:o}");
    drop(j);
    let j = Journal::open(dir.path()).expect("reopen after the first closed");
    assert_eq!(
        j.resources(),
        vec![("cluster".to_string(), "cluster-abc".to_string())]
    );
}

#[test]
fn torn_or_foreign_journals_are_refused_with_a_reason() {
    assert!(matches!(
        parse(b"{\"schema\": 1, \"run_id\""),
        Err(JournalError::Corrupt(_))
    ));
    let future = br#"{"schema":99,"run_id":"r","account_id":null,"region":"x","target":"t","started_at":0,"records":[],"facts":{},"stages":{}}"#;
    let err = parse(future).expect_err("schema");
    assert!(err.to_string().contains("schema 99"), "{err}");
    let extra = br#"{"schema":1,"run_id":"r","account_id":null,"region":"x","target":"t","started_at":0,"records":[],"facts":{},"stages":{},"password":"x"}"#;
    assert!(
        parse(extra).is_err(),
        "unknown fields (a password, say) are refused"
    );
}
