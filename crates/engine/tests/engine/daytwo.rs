//! Day two on the in-process sandbox: setup → park (no HSM, store DISCONNECTED, a READY backup
//! newer than the key) → unpark (two ACTIVE HSMs at the old addresses, store CONNECTED, the
//! canary decrypts); a DEGRADED HSM replaced once, and a second failure in one AZ stopping with
//! the reason; park refusing to remove the last HSM when no backup holds the newest key; a
//! denied action stopping everything before the first write; and every mutating call of park
//! and unpark killed and resumed.

use crate::daytwo_support::{day_two, kill_at, notices};
use crate::support::{Rig, Run};
use keystore_engine::daytwo::{self, Op};
use keystore_engine::run::events::Recorder;
use keystore_sandbox::Sandbox;
use keystore_sandbox::faults::{FaultKind, FaultRule};
use std::sync::Arc;

async fn run_op(sandbox: Sandbox, dir: std::path::PathBuf, op: Op) -> Run {
    day_two(sandbox, dir, op, daytwo::OpArgs::default()).await
}

async fn op(rig: &Rig, op: Op) -> Run {
    run_op(rig.sandbox.clone(), rig.dir.path().to_path_buf(), op).await
}

/// (HSM id, AZ, IP, state) of the rig's cluster, sorted by AZ.
fn hsms(rig: &Rig) -> Vec<(String, String, String, String)> {
    let id = rig.cluster_id();
    rig.sandbox.with_world(|w| {
        let mut v: Vec<_> = w.region_mut("us-east-1").clusters[&id]
            .hsms
            .values()
            .map(|h| (h.id.clone(), h.az.clone(), h.ip.clone(), h.state.clone()))
            .collect();
        v.sort_by(|a, b| a.1.cmp(&b.1));
        v
    })
}

fn places(rig: &Rig) -> Vec<(String, String)> {
    hsms(rig).into_iter().map(|h| (h.1, h.2)).collect()
}

async fn set_up() -> Rig {
    let rig = Rig::new();
    assert_eq!(rig.run(None, false).await.code, 0);
    rig
}

#[tokio::test]
async fn park_then_unpark_brings_the_hsms_back_where_they_were_and_the_canary_decrypts() {
    let rig = set_up().await;
    let before = places(&rig);
    assert_eq!(before.len(), 2);
    let parked = op(&rig, Op::Park).await;
    assert_eq!(parked.code, 0, "{:?}", parked.error());
    assert!(hsms(&rig).is_empty(), "no HSM is left");
    assert_eq!(rig.store_state().0, "DISCONNECTED");
    assert!(notices(&parked).contains(&"KeysUnusable".to_string()));
    // The backup park waited for is READY and newer than the store's key.
    let journal = keystore_engine::run::journal::Journal::open(rig.dir.path()).expect("journal");
    let backup = journal.fact("park_backup").expect("journaled").to_string();
    let key = journal.fact("key_id").expect("key").to_string();
    drop(journal);
    rig.sandbox.with_world(|w| {
        let r = w.region_mut("us-east-1");
        let b = &r.backups[&backup];
        assert_eq!(b.state, "READY");
        assert!(
            b.created >= r.keys[&key].created,
            "the backup holds the key"
        );
        assert!(b.keys.contains(&key));
    });

    let unparked = op(&rig, Op::Unpark).await;
    assert_eq!(unparked.code, 0, "{:?}", unparked.error());
    let after = hsms(&rig);
    assert_eq!(after.len(), 2);
    assert!(after.iter().all(|h| h.3 == "ACTIVE"));
    assert_eq!(places(&rig), before, "the same AZs at the same addresses");
    assert_eq!(rig.store_state().0, "CONNECTED");
    assert!(notices(&unparked).contains(&"CanaryDecrypted".to_string()));

    // A second unpark finds nothing to do and creates nothing.
    let again = op(&rig, Op::Unpark).await;
    assert_eq!(again.code, 0, "{:?}", again.error());
    assert!(again.created().is_empty());
}

#[tokio::test]
async fn a_degraded_hsm_during_unpark_is_replaced_once_and_twice_in_one_az_stops() {
    let rig = set_up().await;
    assert_eq!(op(&rig, Op::Park).await.code, 0);
    rig.sandbox
        .faults()
        .push(FaultRule::new("CreateHsm", FaultKind::HsmFailure, Some(1)));
    let unparked = op(&rig, Op::Unpark).await;
    assert_eq!(unparked.code, 0, "{:?}", unparked.error());
    assert!(notices(&unparked).contains(&"Replacing".to_string()));
    assert_eq!(unparked.created().len(), 3, "two HSMs and one replacement");
    assert!(hsms(&rig).iter().all(|h| h.3 == "ACTIVE"));
    assert_eq!(rig.store_state().0, "CONNECTED");

    assert_eq!(op(&rig, Op::Park).await.code, 0);
    rig.sandbox.faults().clear();
    rig.sandbox
        .faults()
        .push(FaultRule::new("CreateHsm", FaultKind::HsmFailure, Some(3)));
    let failed = op(&rig, Op::Unpark).await;
    assert_ne!(failed.code, 0);
    assert_eq!(failed.error().expect("an error").0, "HsmDegradedTwice");
}

#[tokio::test]
async fn repair_replaces_a_degraded_hsm_in_its_az() {
    let rig = set_up().await;
    let id = rig.cluster_id();
    let (hsm, az) = rig.sandbox.with_world(|w| {
        let h = w
            .region_mut("us-east-1")
            .clusters
            .get_mut(&id)
            .expect("cluster")
            .hsms
            .values_mut()
            .next()
            .expect("hsm");
        h.state = "DEGRADED".into();
        (h.id.clone(), h.az.clone())
    });
    let repaired = op(&rig, Op::Repair).await;
    assert_eq!(repaired.code, 0, "{:?}", repaired.error());
    let now = hsms(&rig);
    assert_eq!(now.len(), 2);
    assert!(now.iter().all(|h| h.3 == "ACTIVE" && h.0 != hsm));
    assert!(now.iter().any(|h| h.1 == az));
    let nothing = op(&rig, Op::Repair).await;
    assert_eq!(notices(&nothing), vec!["NothingToRepair".to_string()]);
}

#[tokio::test]
async fn park_keeps_the_last_hsm_when_no_backup_holds_the_newest_key() {
    let rig = set_up().await;
    let id = rig.cluster_id();
    // One HSM is gone already, and the key is newer than every backup (a key made after the
    // last backup, then an HSM lost): removing the last HSM would lose the key.
    let journal = keystore_engine::run::journal::Journal::open(rig.dir.path()).expect("journal");
    let key = journal.fact("key_id").expect("key").to_string();
    drop(journal);
    let kept = rig.sandbox.with_world(|w| {
        let r = w.region_mut("us-east-1");
        let c = r.clusters.get_mut(&id).expect("cluster");
        let gone = c.hsms.keys().next().cloned().expect("hsm");
        c.hsms.remove(&gone);
        let kept = c.hsms.keys().next().cloned().expect("another");
        let newest = r.backups.values().map(|b| b.created).fold(0.0, f64::max);
        r.keys.get_mut(&key).expect("key").created = newest + 60.0;
        kept
    });
    let before = rig.mutations().len();
    let refused = op(&rig, Op::Park).await;
    assert_ne!(refused.code, 0);
    let (code, meaning, _) = refused.error().expect("an error");
    assert_eq!(code, "ParkBackupOlderThanKey");
    assert!(
        meaning.contains(&key) && meaning.contains(&kept),
        "{meaning}"
    );
    assert!(hsms(&rig).iter().any(|h| h.0 == kept), "the last HSM stays");
    // Only the disconnect happened.
    assert_eq!(
        rig.mutations()[before..],
        ["DisconnectCustomKeyStore".to_string()]
    );
}

#[tokio::test]
async fn a_denied_action_stops_park_before_any_write() {
    let rig = set_up().await;
    rig.deny("cloudhsm:DeleteHsm");
    let before = rig.mutations().len();
    let refused = op(&rig, Op::Park).await;
    assert_eq!(refused.error().expect("an error").0, "PermissionsMissing");
    assert_eq!(rig.mutations().len(), before, "nothing changed");
    assert_eq!(hsms(&rig).len(), 2);
}

/// Kills `op` right after AWS applied its k-th mutating call, for every k, resumes it, and
/// requires the same end as an uninterrupted run.
async fn kill_sweep(
    name: &str,
    op_kind: Op,
    prepare: impl Fn(&Rig) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + '_>>,
) {
    let reference = set_up().await;
    prepare(&reference).await;
    let start = reference.mutations().len();
    assert_eq!(op(&reference, op_kind).await.code, 0);
    let points = reference.mutations().len() - start;
    let expected = (places(&reference), reference.store_state().0);
    assert!(points >= 2, "{name} makes {points} mutating calls");
    for k in 1..=points {
        let rig = set_up().await;
        prepare(&rig).await;
        let work = run_op(rig.sandbox.clone(), rig.dir.path().to_path_buf(), op_kind);
        kill_at(&rig.sandbox, k, work).await;
        let resumed = op(&rig, op_kind).await;
        assert_eq!(
            resumed.code,
            0,
            "{name} resumed after a kill at call {k}: {:?}",
            resumed.error()
        );
        let got = (places(&rig), rig.store_state().0);
        assert_eq!(got.1, expected.1, "{name}: store after a kill at call {k}");
        assert_eq!(
            got.0.len(),
            expected.0.len(),
            "{name}: HSMs after a kill at call {k}"
        );
        assert!(hsms(&rig).iter().all(|h| h.3 == "ACTIVE"));
    }
    eprintln!("{name} kill-and-resume sweep: {points} kill points, each resumed to the same end");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn park_unpark_and_repair_killed_after_any_mutating_call_resume_to_the_same_end() {
    kill_sweep("park", Op::Park, |_| Box::pin(async {})).await;
    kill_sweep("unpark", Op::Unpark, |rig| {
        Box::pin(async move {
            assert_eq!(op(rig, Op::Park).await.code, 0);
        })
    })
    .await;
    kill_sweep("repair", Op::Repair, |rig| {
        Box::pin(async move {
            let id = rig.cluster_id();
            rig.sandbox.with_world(|w| {
                let c = w
                    .region_mut("us-east-1")
                    .clusters
                    .get_mut(&id)
                    .expect("cluster");
                if let Some(h) = c.hsms.values_mut().next() {
                    h.state = "DEGRADED".into();
                }
            });
        })
    })
    .await;
}

/// A parked cluster torn down in the shred order: one HSM comes back first, the store is
/// connected, and when the keys' waiting period ends KMS deletes their material from it.
#[tokio::test]
async fn shred_of_a_parked_cluster_brings_one_hsm_back_so_kms_can_delete_the_key_material() {
    use crate::teardown_leftovers::{material, teardown};
    use keystore_engine::teardown::{Options, Order};
    let rig = set_up().await;
    assert_eq!(op(&rig, Op::Park).await.code, 0);
    let shred = Options {
        order: Order::Shred,
        window_days: 7,
        ..Options::default()
    };
    let first = teardown(&rig, &shred).await;
    assert!(
        first.results.iter().all(|d| d.outcome.is_ok()),
        "{:#?}",
        first.results
    );
    assert!(first.results.iter().any(|d| d.action == "create_hsm"));
    assert_eq!(rig.store_state().0, "CONNECTED");
    assert_eq!(hsms(&rig).len(), 1);
    rig.sandbox.advance(8.0 * 86400.0);
    let (on_hsms, _) = material(&rig);
    assert!(
        !on_hsms.is_empty() && on_hsms.iter().all(|(_, keys)| keys.is_empty()),
        "KMS deleted the material from the HSM that came back: {on_hsms:?}"
    );
}

/// copy-backup: the newest READY backup copied to another Region, waited for until READY, made
/// once however often it is asked, and part of "every backup" for the teardown there.
#[tokio::test]
async fn a_backup_copied_to_another_region_is_made_once_and_the_teardown_includes_it() {
    use keystore_engine::teardown::{Options, plan};
    let rig = set_up().await;
    let copy = |rig: &Rig| {
        let recorder = Arc::new(Recorder::default());
        let p = rig.parts();
        let args = daytwo::OpArgs {
            backup: None,
            to_region: Some("us-west-2".into()),
        };
        async move { daytwo::run_with(Op::CopyBackup, p, recorder, args).await }
    };
    copy(&rig).await.expect("copy");
    copy(&rig).await.expect("copy again");
    let copies = rig.sandbox.with_world(|w| {
        w.region_mut("us-west-2")
            .backups
            .values()
            .map(|b| {
                (
                    b.state.clone(),
                    b.source_region.clone(),
                    b.source_cluster.clone(),
                )
            })
            .collect::<Vec<_>>()
    });
    let cluster = rig.cluster_id();
    assert_eq!(
        copies,
        vec![(
            "READY".into(),
            Some("us-east-1".into()),
            Some(cluster.clone())
        )],
        "one copy, READY, naming its source"
    );
    let c = crate::support::cloud(&rig).await;
    let inv =
        keystore_engine::inventory::scan(&c, Some(vec!["us-east-1".into(), "us-west-2".into()]))
            .await
            .expect("scan");
    let opts = Options {
        delete_backups: true,
        known_ours: vec![cluster],
        ..Options::default()
    };
    let steps = plan(&inv, &opts, rig.sandbox.now() as i64);
    assert!(
        steps.iter().any(|s| s.action == "delete_backup"
            && s.region.as_deref() == Some("us-west-2")
            && s.status == keystore_engine::teardown::StepStatus::Ready),
        "{steps:#?}"
    );
}

/// The new mutating calls outside park, unpark, repair and restore: copy-backup's copy killed
/// right after AWS applied it, and the shred teardown of a parked cluster finding the HSM a
/// killed run created: run again, one copy and one HSM, never two.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn copy_backup_and_the_parked_shred_hsm_killed_after_their_call_are_not_doubled() {
    use crate::teardown_leftovers::teardown;
    use keystore_engine::teardown::{Options, Order};
    let rig = set_up().await;
    let args = || daytwo::OpArgs {
        backup: None,
        to_region: Some("eu-west-1".into()),
    };
    let p = rig.parts();
    let work = daytwo::run_with(Op::CopyBackup, p, Arc::new(Recorder::default()), args());
    kill_at(&rig.sandbox, 1, work).await;
    let p = rig.parts();
    daytwo::run_with(Op::CopyBackup, p, Arc::new(Recorder::default()), args())
        .await
        .expect("resumed copy");
    let copies = rig
        .sandbox
        .with_world(|w| w.region_mut("eu-west-1").backups.len());
    assert_eq!(copies, 1, "one copy after a kill and a resume");
    assert_eq!(op(&rig, Op::Park).await.code, 0);
    let shred = Options {
        order: Order::Shred,
        window_days: 7,
        ..Options::default()
    };
    // As a teardown killed right after its CreateHsm leaves it: an HSM on its way.
    let hsm = aws_sdk_cloudhsmv2::Client::new(&keystore_sandbox::client::sdk_config(
        &rig.sandbox,
        "us-east-1",
    ));
    let cluster = rig.cluster_id();
    let az = rig.sandbox.with_world(|w| {
        w.region_mut("us-east-1").clusters[&cluster]
            .subnets
            .keys()
            .next()
            .cloned()
            .expect("az")
    });
    hsm.create_hsm()
        .cluster_id(rig.cluster_id())
        .availability_zone(az)
        .send()
        .await
        .expect("create hsm");
    let done = teardown(&rig, &shred).await;
    assert!(
        done.results.iter().all(|d| d.outcome.is_ok()),
        "{:#?}",
        done.results
    );
    assert_eq!(hsms(&rig).len(), 1, "one HSM came back, not two");
    assert_eq!(rig.store_state().0, "CONNECTED");
}
