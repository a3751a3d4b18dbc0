use crate::support::Rig;
use keystore_engine::stages::ORDER;

#[tokio::test]
async fn stopping_at_every_stage_boundary_and_resuming_ends_in_the_same_account() {
    let reference = Rig::new();
    assert_eq!(reference.run(None, false).await.code, 0);
    let mut expected: Vec<String> = reference.mutations();
    expected.sort();
    for stage in ORDER.iter().take(ORDER.len() - 1) {
        let rig = Rig::new();
        let first = rig.run(Some(stage.id.as_str()), false).await;
        assert_eq!(first.code, 0, "until {}: {:?}", stage.id, first.error());
        let second = rig.run(None, true).await;
        assert_eq!(
            second.code,
            0,
            "resume after {}: {:?}",
            stage.id,
            second.error()
        );
        assert_eq!(rig.counts(), (1, 2, 1, 1), "after stopping at {}", stage.id);
        let mut kinds: Vec<String> = first
            .created()
            .into_iter()
            .chain(second.created())
            .map(|(k, _)| k)
            .collect();
        kinds.sort();
        assert_eq!(
            kinds,
            [
                "cluster",
                "hsm",
                "hsm",
                "iam-group",
                "iam-policy",
                "iam-role",
                "instance",
                "instance-profile",
                "key-store",
                "kms-key",
                "security-group",
                "security-group",
                "subnet",
                "subnet",
                "vpc",
                "vpc-endpoint",
                "vpc-endpoint",
                "vpc-endpoint"
            ],
            "each resource created once (stop at {})",
            stage.id
        );
        let mut made = rig.mutations();
        made.sort();
        assert_eq!(
            made, expected,
            "the same mutating calls as an uninterrupted run (stop at {})",
            stage.id
        );
    }
}

#[tokio::test]
async fn resume_without_a_run_is_a_usage_error() {
    let rig = Rig::new();
    let run = rig.run(None, true).await;
    assert_eq!(run.code, 2);
    assert_eq!(run.error().map(|e| e.0).as_deref(), Some("NothingToResume"));
    assert!(rig.mutations().is_empty());
}

#[tokio::test]
async fn a_journal_of_another_account_is_refused_before_any_change() {
    let rig = Rig::new();
    assert_eq!(rig.run(Some("preflight"), false).await.code, 0);
    let path = rig.dir.path().join("journal.json");
    let text = std::fs::read_to_string(&path).expect("journal");
    std::fs::write(&path, text.replace("\"123456789012\"", "\"999999999999\"")).expect("edit");
    let run = rig.run(None, true).await;
    assert_eq!(run.code, 3);
    let (code, meaning, _) = run.error().expect("error");
    assert_eq!(code, "WrongAccount");
    assert!(
        meaning.contains("999999999999") && meaning.contains("123456789012"),
        "{meaning}"
    );
    assert!(rig.mutations().is_empty(), "{:?}", rig.mutations());
}
