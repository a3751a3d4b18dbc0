//! Restore on the in-process sandbox: the cluster's HSMs and the cluster deleted out of band,
//! then restored from its backup — the same key id decrypts the canary; a backup taken before
//! the last connect goes through the kmsuser password path and connects; a backup older than
//! the key, or of an unrelated cluster, is refused before anything changes; and every mutating
//! call of a restore killed and resumed ends with one restored cluster, connected.

use crate::daytwo_support::{day_two, kill_at, notices};
use crate::support::{Rig, Run};
use keystore_engine::daytwo::{self, Op};
use keystore_engine::run::events::{Event, Recorder};
use keystore_sandbox::Sandbox;
use keystore_sandbox::client::sdk_config;
use std::sync::Arc;

async fn restore_owned(sandbox: Sandbox, dir: std::path::PathBuf, backup: Option<String>) -> Run {
    let args = daytwo::OpArgs {
        backup,
        to_region: None,
    };
    day_two(sandbox, dir, Op::Restore, args).await
}

async fn restore(rig: &Rig, backup: &str) -> Run {
    restore_owned(
        rig.sandbox.clone(),
        rig.dir.path().to_path_buf(),
        Some(backup.into()),
    )
    .await
}

fn fact(rig: &Rig, name: &str) -> String {
    let j = keystore_engine::run::journal::Journal::open(rig.dir.path()).expect("journal");
    j.fact(name).unwrap_or_default().to_string()
}

/// (store's cluster, store state) and the backups of `cluster`, oldest first.
fn store_and_backups(rig: &Rig, cluster: &str) -> ((String, String), Vec<String>) {
    rig.sandbox.with_world(|w| {
        let r = w.region_mut("us-east-1");
        let s = r.key_stores.values().next().expect("store");
        let mut b: Vec<_> = r
            .backups
            .values()
            .filter(|b| b.cluster_id == cluster && b.state == "READY")
            .map(|b| (b.created, b.id.clone()))
            .collect();
        b.sort_by(|x, y| x.0.total_cmp(&y.0));
        (
            (s.cluster_id.clone(), s.state.clone()),
            b.into_iter().map(|x| x.1).collect(),
        )
    })
}

async fn set_up() -> Rig {
    let rig = Rig::new();
    assert_eq!(rig.run(None, false).await.code, 0);
    rig
}

/// Deletes the cluster's HSMs and then the cluster, as a disaster (or a person) would.
async fn lose_the_cluster(rig: &Rig) {
    let hsm = aws_sdk_cloudhsmv2::Client::new(&sdk_config(&rig.sandbox, "us-east-1"));
    let id = rig.cluster_id();
    let ids: Vec<String> = rig.sandbox.with_world(|w| {
        w.region_mut("us-east-1").clusters[&id]
            .hsms
            .keys()
            .cloned()
            .collect()
    });
    for h in ids {
        hsm.delete_hsm()
            .cluster_id(&id)
            .hsm_id(h)
            .send()
            .await
            .expect("delete hsm");
        rig.sandbox.advance(30.0 * 60.0);
    }
    hsm.delete_cluster()
        .cluster_id(&id)
        .send()
        .await
        .expect("delete cluster");
    rig.sandbox.advance(30.0 * 60.0);
}

#[tokio::test]
async fn a_lost_cluster_is_restored_from_its_backup_and_the_same_key_decrypts_the_canary() {
    let rig = set_up().await;
    let old = rig.cluster_id();
    let key = fact(&rig, "key_id");
    lose_the_cluster(&rig).await;
    let (_, backups) = store_and_backups(&rig, &old);
    let newest = backups.last().expect("a backup").clone();
    let run = restore(&rig, &newest).await;
    assert_eq!(run.code, 0, "{:?}", run.error());
    let new = fact(&rig, "cluster_id");
    assert_ne!(new, old);
    let ((store_cluster, state), _) = store_and_backups(&rig, &new);
    assert_eq!(
        (store_cluster.as_str(), state.as_str()),
        (new.as_str(), "CONNECTED")
    );
    assert!(notices(&run).contains(&"CanaryDecrypted".to_string()));
    assert_eq!(fact(&rig, "key_id"), key, "the same key id");
    // The old cluster stays journaled (the teardown offers it); the new one is journaled too.
    let resources = keystore_engine::run::journal::Journal::resources_in(rig.dir.path());
    assert!(resources.iter().any(|(k, id)| k == "cluster" && id == &old));
    assert!(resources.iter().any(|(k, id)| k == "cluster" && id == &new));
}

#[tokio::test]
async fn a_backup_from_before_the_last_connect_goes_through_the_password_path() {
    let rig = set_up().await;
    let old = rig.cluster_id();
    // Park takes a backup (kmsuser's password as KMS set it at the first connect); unpark
    // connects again, and KMS changes the password once more.
    let recorder = Arc::new(Recorder::default());
    let p = rig.parts();
    daytwo::run(Op::Park, p, recorder.clone())
        .await
        .expect("park");
    let backup = fact(&rig, "park_backup");
    let p = rig.parts();
    daytwo::run(Op::Unpark, p, recorder).await.expect("unpark");
    let run = restore(&rig, &backup).await;
    assert_eq!(run.code, 0, "{:?}", run.error());
    assert!(notices(&run).contains(&"PasswordPath".to_string()));
    let operator: Vec<&Event> = run
        .events
        .iter()
        .filter(|e| matches!(e, Event::OperatorAction { .. }))
        .collect();
    assert_eq!(
        operator.len(),
        1,
        "the admin step, done by the rehearsal's stand-in"
    );
    let new = fact(&rig, "cluster_id");
    assert_ne!(new, old);
    assert_eq!(
        store_and_backups(&rig, &new).0,
        (new.clone(), "CONNECTED".to_string())
    );
    assert!(notices(&run).contains(&"CanaryDecrypted".to_string()));
}

#[tokio::test]
async fn a_backup_older_than_the_key_or_of_another_cluster_is_refused_before_any_change() {
    let rig = set_up().await;
    let old = rig.cluster_id();
    let (_, backups) = store_and_backups(&rig, &old);
    let before = rig.mutations().len();
    // The activation backup was taken before the first key existed.
    let run = restore(&rig, &backups[0]).await;
    assert_eq!(run.error().expect("refused").0, "BackupLacksKeys");
    assert_eq!(rig.mutations().len(), before, "nothing changed");
    // A backup of a cluster that is not the store's: KMS would refuse the re-point.
    let other = backups.last().expect("backup").clone();
    rig.sandbox.with_world(|w| {
        w.region_mut("us-east-1")
            .backups
            .get_mut(&other)
            .expect("b")
            .cluster_id = "cluster-unrelatedabcde".into();
    });
    let run = restore(&rig, &other).await;
    let (code, meaning, _) = run.error().expect("refused");
    assert_eq!(code, "BackupNotRelated");
    assert!(
        meaning.contains("CloudHsmClusterNotRelatedException"),
        "{meaning}"
    );
    assert_eq!(rig.mutations().len(), before, "nothing changed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restore_killed_after_any_mutating_call_resumes_to_one_connected_restored_cluster() {
    let reference = set_up().await;
    lose_the_cluster(&reference).await;
    let old = reference.cluster_id();
    let backup = store_and_backups(&reference, &old)
        .1
        .last()
        .expect("b")
        .clone();
    let start = reference.mutations().len();
    assert_eq!(restore(&reference, &backup).await.code, 0);
    let points = reference.mutations().len() - start;
    assert!(points >= 5, "a restore makes {points} mutating calls");
    for k in 1..=points {
        let rig = set_up().await;
        lose_the_cluster(&rig).await;
        let old = rig.cluster_id();
        let backup = store_and_backups(&rig, &old).1.last().expect("b").clone();
        let work = restore_owned(
            rig.sandbox.clone(),
            rig.dir.path().to_path_buf(),
            Some(backup),
        );
        kill_at(&rig.sandbox, k, work).await;
        // A resume needs no backup id: the journal has it.
        let resumed = restore_owned(rig.sandbox.clone(), rig.dir.path().to_path_buf(), None).await;
        assert_eq!(
            resumed.code,
            0,
            "resume after a kill at call {k}: {:?}",
            resumed.error()
        );
        let new = fact(&rig, "cluster_id");
        assert_eq!(
            store_and_backups(&rig, &new).0,
            (new.clone(), "CONNECTED".to_string()),
            "kill at {k}"
        );
        let live_clusters = rig.sandbox.with_world(|w| {
            w.region_mut("us-east-1")
                .clusters
                .values()
                .filter(|c| c.state != "DELETED")
                .count()
        });
        assert_eq!(
            live_clusters, 1,
            "one restored cluster after a kill at call {k}"
        );
    }
    eprintln!(
        "restore kill-and-resume sweep: {points} kill points, each resumed to one connected restored cluster"
    );
}
