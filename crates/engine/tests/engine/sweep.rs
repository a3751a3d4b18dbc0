use crate::support::{EXAMPLE, KMSUSER, Rig, run_owned};
use std::time::Duration;

/// For every mutating call k of a full setup: let AWS apply call k, then kill the run before it
/// hears back (the worst moment: the resource exists, the journal has only its intent), resume,
/// and compare the account with an uninterrupted run's — ids aside — with no duplicate or orphan.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_killed_after_any_mutating_call_resumes_to_the_same_account() {
    let reference = Rig::new();
    assert_eq!(reference.run(None, false).await.code, 0);
    let expected = reference.fingerprint();
    let points = reference.mutations().len();
    assert!(points >= 14, "a full setup makes {points} mutating calls");
    for k in 1..=points {
        let rig = Rig::new();
        rig.sandbox.kill_after_mutation(Some(k));
        let task = tokio::spawn(run_owned(
            rig.sandbox.clone(),
            rig.dir.path().to_path_buf(),
            EXAMPLE.to_string(),
            false,
            None,
            false,
            KMSUSER.to_string(),
        ));
        let mut polls = 0;
        while !rig.sandbox.was_killed() {
            assert!(
                !task.is_finished(),
                "the run ended before mutating call {k}"
            );
            polls += 1;
            assert!(polls < 20_000, "mutating call {k} never came");
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        task.abort();
        let _ = task.await;
        rig.sandbox.kill_after_mutation(None);
        let resumed = rig.run(None, true).await;
        assert_eq!(
            resumed.code,
            0,
            "resume after a kill at mutating call {k}: {:?}",
            resumed.error()
        );
        assert_eq!(
            rig.fingerprint(),
            expected,
            "end state after a kill at mutating call {k}"
        );
    }
    eprintln!(
        "kill-and-resume sweep: {points} kill points, each resumed to the uninterrupted end state"
    );
}
