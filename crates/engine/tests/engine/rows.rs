//! More rows of the reliability matrix (docs/reliability.md), each against the sandbox.

use crate::support::{Rig, cloud};
use keystore_engine::inventory::{self, RegionState};
use keystore_engine::run::journal::Journal;
use keystore_engine::run::wait::{Pace, Waiter};
use keystore_engine::teardown::{Step, StepStatus, exec};
use keystore_sandbox::client::sdk_config;
use std::sync::Arc;

fn global_step(action: &str, target: &str) -> Step {
    Step {
        region: None,
        action: action.into(),
        target: target.into(),
        status: StepStatus::Ready,
    }
}

/// E3 + E4: scheduling a key that is already pending deletion, and deleting an HSM or a cluster
/// that is already gone, count as done.
#[tokio::test]
async fn repeated_and_late_deletes_count_as_done() {
    let rig = Rig::new();
    assert_eq!(rig.run(None, false).await.code, 0);
    let c = cloud(&rig).await;
    let key = rig
        .sandbox
        .with_world(|w| w.region_mut("us-east-1").keys.keys().next().cloned())
        .expect("key");
    assert!(
        c.schedule_key_deletion(&key, 7)
            .await
            .expect("first")
            .is_some()
    );
    assert_eq!(
        c.schedule_key_deletion(&key, 7)
            .await
            .expect("already pending is fine"),
        None
    );
    c.delete_cluster("cluster-aaaaaaaaaaa")
        .await
        .expect("a cluster that does not exist is gone");
    let cluster = rig.cluster_id();
    c.delete_hsm(&cluster, "hsm-aaaaaaaaaaa")
        .await
        .expect("an HSM that does not exist is gone");
}

/// E8: the IAM group goes even with a policy attached and a member in it.
#[tokio::test]
async fn the_iam_group_is_emptied_then_deleted() {
    let rig = Rig::new();
    let iam = aws_sdk_iam::Client::new(&sdk_config(&rig.sandbox, "us-east-1"));
    iam.create_user()
        .user_name("alice")
        .send()
        .await
        .expect("user");
    let mut rig = rig;
    rig.plan = rig.plan.replace("members = []", "members = [\"alice\"]");
    assert_eq!(rig.run(Some("admin"), false).await.code, 0);
    let c = cloud(&rig).await;
    let arn = "arn:aws:iam::123456789012:policy/CloudHsmAdminPolicy";
    let mut journal = Journal::open(&rig.dir.path().join("teardown")).expect("journal");
    journal.begin("t", "us-east-1", "sandbox").expect("begin");
    let waiter = Waiter::new(Pace::Virtual(rig.sandbox.clone()));
    let steps = [
        global_step("delete_iam_group", "CloudHsmAdministrator"),
        global_step("delete_iam_policy", arn),
    ];
    let done = exec::execute(&c, &steps, 7, &waiter, c.reporter(), &mut journal).await;
    assert!(done.iter().all(|d| d.outcome.is_ok()), "{done:?}");
    assert!(
        !c.group_exists("CloudHsmAdministrator")
            .await
            .expect("group")
    );
    assert!(!c.policy_exists(arn).await.expect("policy"));
    iam.get_user()
        .user_name("alice")
        .send()
        .await
        .expect("the member herself is not deleted");
}

/// C5: a cluster deleted outside the wizard is reported, not silently re-created.
#[tokio::test]
async fn a_cluster_deleted_outside_the_wizard_is_reported_on_resume() {
    let rig = Rig::new();
    assert_eq!(rig.run(Some("cluster"), false).await.code, 0);
    let hsm = aws_sdk_cloudhsmv2::Client::new(&sdk_config(&rig.sandbox, "us-east-1"));
    hsm.delete_cluster()
        .cluster_id(rig.cluster_id())
        .send()
        .await
        .expect("delete outside");
    rig.sandbox.advance(600.0);
    let run = rig.run(None, true).await;
    assert_eq!(run.code, 3);
    let (code, meaning, _) = run.error().expect("error");
    assert_eq!(code, "ClusterGone");
    assert!(meaning.contains("no longer exists"), "{meaning}");
    assert_eq!(
        rig.counts().0,
        0,
        "no new cluster was created behind the operator's back"
    );
}

/// D1: a wait that outlives its budget says so and lets the operator resume later.
#[tokio::test]
async fn a_wait_past_its_budget_ends_with_resume_later() {
    let rig = Rig::new();
    assert_eq!(rig.run(Some("cluster"), false).await.code, 0);
    let cluster = rig.cluster_id();
    rig.sandbox.with_world(|w| {
        if let Some(c) = w.region_mut("us-east-1").clusters.get_mut(&cluster) {
            c.state = "CREATE_IN_PROGRESS".into();
        }
        w.timers.clear();
    });
    let run = rig.run(None, true).await;
    assert_eq!(run.code, 3);
    let (code, meaning, fix) = run.error().expect("error");
    assert_eq!(code, "StillInProgress");
    assert!(meaning.contains("120 minutes"), "{meaning}");
    assert!(fix[0].contains("--resume"));
}

/// D2: a DEGRADED HSM is replaced once in its AZ; a second failure there ends the wait with a
/// fix instead of waiting forever.
#[tokio::test]
async fn a_degraded_hsm_is_replaced_once_then_a_failure_not_a_wait() {
    use keystore_sandbox::faults::{FaultKind, FaultRule};
    let rig = Rig::new();
    rig.sandbox
        .faults()
        .push(FaultRule::new("CreateHsm", FaultKind::HsmFailure, Some(1)));
    let run = rig.run(None, false).await;
    assert_eq!(run.code, 0, "{:?}", run.error());
    let replaced = run.events.iter().any(|e| {
        matches!(e, keystore_engine::run::events::Event::Notice { code, .. } if code == "Replacing")
    });
    assert!(replaced, "the DEGRADED first HSM was replaced");
    assert_eq!(
        rig.counts().1,
        2,
        "two HSMs in the end, the failed one gone"
    );

    let rig = Rig::new();
    rig.sandbox
        .faults()
        .push(FaultRule::new("CreateHsm", FaultKind::HsmFailure, None));
    let run = rig.run(None, false).await;
    assert_eq!(run.code, 3);
    let (code, _, fix) = run.error().expect("error");
    assert_eq!(code, "HsmDegradedTwice");
    assert!(fix[0].contains("AWS Health Dashboard"), "{fix:?}");
}

/// B9: a CloudHSM quota is not transient: a clear message, and no further create call.
#[tokio::test]
async fn a_quota_stops_the_run_with_the_reason() {
    let rig = Rig::new();
    let hsm = aws_sdk_cloudhsmv2::Client::new(&sdk_config(&rig.sandbox, "us-east-1"));
    let ec2 = aws_sdk_ec2::Client::new(&sdk_config(&rig.sandbox, "us-east-1"));
    let subnets = ec2.describe_subnets().send().await.expect("subnets");
    let id = subnets.subnets()[0].subnet_id().expect("id").to_string();
    for _ in 0..4 {
        hsm.create_cluster()
            .hsm_type("hsm2m.medium")
            .subnet_ids(&id)
            .send()
            .await
            .expect("cluster");
    }
    let before = rig
        .sandbox
        .requests()
        .iter()
        .filter(|r| r.operation == "CreateCluster")
        .count();
    let run = rig.run(None, false).await;
    assert_eq!(run.code, 3);
    let (code, meaning, _) = run.error().expect("error");
    assert_eq!(code, "CloudHsmServiceException");
    assert!(meaning.contains("quota"), "{meaning}");
    let after = rig
        .sandbox
        .requests()
        .iter()
        .filter(|r| r.operation == "CreateCluster")
        .count();
    assert_eq!(after, before + 1, "one attempt, no retry");
    assert!(
        rig.sandbox
            .requests()
            .iter()
            .all(|r| r.operation != "CreateHsm"),
        "nothing after the failed create"
    );
}

/// B10: a Region the account has not enabled is not "clean": it is reported as unknown.
#[tokio::test]
async fn a_region_that_is_not_enabled_is_unknown_not_clean() {
    let rig = Rig::new();
    rig.sandbox
        .with_world(|w| w.disabled_regions.insert("af-south-1".into()));
    let c = cloud(&rig).await;
    let inv = inventory::scan(&c, Some(vec!["af-south-1".into(), "us-east-1".into()]))
        .await
        .expect("scan");
    let af = inv
        .regions
        .iter()
        .find(|r| r.region == "af-south-1")
        .expect("af-south-1");
    assert!(
        matches!(&af.status, RegionState::Unknown { reason } if reason.contains("not enabled")),
        "{:?}",
        af.status
    );
    let all = inventory::scan(&c, None).await.expect("scan all");
    assert!(
        all.regions.iter().all(|r| r.region != "af-south-1"),
        "every *enabled* Region is scanned"
    );
    assert!(!inv.complete, "a hand-picked list is not a full scan");
}

/// B5: a hung connection ends in a timeout error instead of hanging the run forever.
#[tokio::test]
async fn a_hung_call_times_out() {
    use keystore_engine::cloud::ErrorKind;
    use keystore_sandbox::faults::{FaultKind, FaultRule};
    let rig = Rig::new();
    rig.sandbox
        .faults()
        .push(FaultRule::new("DescribeClusters", FaultKind::Hang, None));
    let c = cloud(&rig).await.with_timeouts(
        std::time::Duration::from_millis(300),
        std::time::Duration::from_millis(900),
    );
    let e = c.clusters().await.expect_err("hung");
    assert_eq!(e.kind, ErrorKind::Timeout, "{e}");
    c.regions().await.expect("other calls still work");
}

/// C3: when the journal cannot be written, the run stops before its next change and says what
/// it had just created.
#[tokio::test]
async fn a_journal_that_cannot_be_written_stops_the_run_and_names_what_exists() {
    let rig = Rig::new();
    let dir = rig.dir.path().to_path_buf();
    rig.sandbox.set_hook(Some(Arc::new(
        move |op: &str, n: usize, _w: &mut keystore_sandbox::model::World| {
            if op == "CreatePolicy" && n == 1 {
                let _ = std::fs::remove_dir_all(&dir);
            }
        },
    )));
    let run = rig.run(None, false).await;
    assert_eq!(run.code, 3);
    let (code, meaning, _) = run.error().expect("error");
    assert_eq!(code, "JournalError");
    assert!(
        meaning.contains(
            "iam-policy arn:aws:iam::123456789012:policy/CloudHsmAdminPolicy was created"
        ),
        "{meaning}"
    );
    assert_eq!(
        rig.mutations(),
        ["CreatePolicy"],
        "nothing after the write that could not be journaled"
    );
}

/// D4: if the cluster's CSR changes between reading it and initializing (the first HSM was
/// replaced), the wizard signs the new one instead of sending a certificate AWS will refuse.
#[tokio::test]
async fn a_csr_that_changed_before_initialization_is_signed_again() {
    let rig = Rig::new();
    let seen = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = seen.clone();
    rig.sandbox.set_hook(Some(Arc::new(
        move |op: &str, _n: usize, w: &mut keystore_sandbox::model::World| {
            if op != "DescribeClusters" {
                return;
            }
            if let Some(c) = w
                .region_mut("us-east-1")
                .clusters
                .values_mut()
                .find(|c| c.state == "UNINITIALIZED" && c.csr_pem.is_some())
            {
                // The first read with a CSR ends the first-HSM wait; the second is the
                // initialize stage's: after it, the HSM is "replaced".
                if counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1 == 2 {
                    c.regenerate_csr().expect("new CSR");
                }
            }
        },
    )));
    let run = rig.run(None, false).await;
    assert_eq!(run.code, 0, "{:?}", run.error());
    assert!(seen.load(std::sync::atomic::Ordering::SeqCst) >= 2);
    assert!(run.events.iter().any(|e| matches!(e, keystore_engine::run::events::Event::Waiting { state, .. } if state == "CSR_CHANGED")), "the change was noticed and said");
    assert_eq!(rig.store_state(), ("CONNECTED".into(), None));
}

/// B8: the deletion task is gone (NoSuchEntity) while GetRole still lists the role for a while:
/// the teardown keeps confirming with GetRole and counts the role deleted only once it is gone.
#[tokio::test]
async fn a_deleted_role_still_listed_for_a_while_is_waited_for() {
    let rig = Rig::new();
    let iam = aws_sdk_iam::Client::new(&sdk_config(&rig.sandbox, "us-east-1"));
    iam.create_service_linked_role()
        .aws_service_name("cloudhsm.amazonaws.com")
        .send()
        .await
        .expect("role");
    let get_roles = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let seen = get_roles.clone();
    rig.sandbox.set_hook(Some(Arc::new(
        move |op: &str, _n: usize, w: &mut keystore_sandbox::model::World| {
            match op {
                // The task vanishes at once; the role lingers for two more reads.
                "DeleteServiceLinkedRole" => w.iam.deletion_tasks.clear(),
                "GetRole" if seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1 == 2 => {
                    w.iam.roles.remove("AWSServiceRoleForCloudHSM");
                }
                _ => {}
            }
        },
    )));
    let c = cloud(&rig).await;
    let mut journal = Journal::open(&rig.dir.path().join("teardown")).expect("journal");
    journal.begin("t", "us-east-1", "sandbox").expect("begin");
    let waiter = Waiter::new(Pace::Virtual(rig.sandbox.clone()));
    let steps = [global_step(
        "delete_service_linked_role",
        "AWSServiceRoleForCloudHSM",
    )];
    let done = exec::execute(&c, &steps, 7, &waiter, c.reporter(), &mut journal).await;
    assert_eq!(done[0].outcome, Ok("deleted".to_string()), "{done:?}");
    let statuses = rig
        .sandbox
        .requests()
        .iter()
        .filter(|r| r.operation == "GetServiceLinkedRoleDeletionStatus")
        .count();
    // Two GetRole reads still found the role (the hook sees successful reads only), and the
    // status was asked again each time before the role was confirmed gone.
    assert_eq!(get_roles.load(std::sync::atomic::Ordering::SeqCst), 2);
    assert!(statuses >= 3, "it kept checking ({statuses} status calls)");
}
