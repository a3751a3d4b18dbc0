use crate::support::{Rig, cloud};
use keystore_engine::inventory::{self, RegionState};
use keystore_engine::run::journal::Journal;
use keystore_engine::run::wait::{Pace, Waiter};
use keystore_engine::teardown::{self, Options, StepStatus, exec};
use keystore_sandbox::client::sdk_config;
use keystore_sandbox::faults::{FaultKind, FaultRule};

fn opts() -> Options {
    Options {
        window_days: 7,
        ..Options::default()
    }
}

async fn foreign_cluster(rig: &Rig, region: &str) -> String {
    let hsm = aws_sdk_cloudhsmv2::Client::new(&sdk_config(&rig.sandbox, region));
    let ec2 = aws_sdk_ec2::Client::new(&sdk_config(&rig.sandbox, region));
    let default = aws_sdk_ec2::types::Filter::builder()
        .name("default-for-az")
        .values("true")
        .build();
    let subnets = ec2
        .describe_subnets()
        .filters(default)
        .send()
        .await
        .expect("subnets");
    let ids: Vec<String> = subnets
        .subnets()
        .iter()
        .take(2)
        .filter_map(|s| s.subnet_id().map(str::to_string))
        .collect();
    let out = hsm
        .create_cluster()
        .hsm_type("hsm2m.medium")
        .set_subnet_ids(Some(ids))
        .send()
        .await
        .expect("foreign cluster");
    out.cluster()
        .and_then(|c| c.cluster_id())
        .expect("id")
        .to_string()
}

#[tokio::test]
async fn a_foreign_cluster_is_left_alone_and_blocks_the_role() {
    let rig = Rig::new();
    assert_eq!(rig.run(None, false).await.code, 0);
    let foreign = foreign_cluster(&rig, "us-east-1").await;
    let c = cloud(&rig).await;
    let inv = inventory::scan(&c, None).await.expect("scan");
    let steps = teardown::plan(&inv, &opts(), rig.sandbox.now() as i64);
    assert!(
        steps
            .iter()
            .any(|s| s.target == foreign && matches!(s.status, StepStatus::LeftAlone { .. }))
    );
    assert!(
        !steps
            .iter()
            .any(|s| s.action == "delete_cluster" && s.target == foreign)
    );
    let mut journal = Journal::open(&rig.dir.path().join("teardown")).expect("journal");
    journal
        .begin("teardown-test", "us-east-1", "sandbox")
        .expect("begin");
    let waiter = Waiter::new(Pace::Virtual(rig.sandbox.clone()));
    let done = exec::execute(&c, &steps, 7, &waiter, c.reporter(), &mut journal).await;
    assert!(done.iter().all(|d| d.outcome.is_ok()), "{done:?}");
    assert!(
        !done.iter().any(|d| d.target.contains(&foreign)),
        "nothing was done to the foreign cluster"
    );
    let after = inventory::scan(&c, None).await.expect("scan");
    let region = after
        .regions
        .iter()
        .find(|r| r.region == "us-east-1")
        .expect("region");
    assert!(
        region
            .clusters
            .iter()
            .any(|x| x.id == foreign && x.state != "DELETED"),
        "the foreign cluster is untouched"
    );
    let role = teardown::plan(&after, &opts(), 0)
        .into_iter()
        .find(|s| s.target == "AWSServiceRoleForCloudHSM")
        .expect("role step");
    assert!(
        matches!(&role.status, StepStatus::Blocked { reason } if reason.contains(&foreign)),
        "{role:?}"
    );
}

#[tokio::test]
async fn a_region_answering_access_denied_is_unknown_and_blocks_the_role() {
    let rig = Rig::new();
    rig.sandbox
        .with_world(|w| w.denied_regions.insert("eu-west-1".into()));
    let iam = aws_sdk_iam::Client::new(&sdk_config(&rig.sandbox, "us-east-1"));
    iam.create_service_linked_role()
        .aws_service_name("cloudhsm.amazonaws.com")
        .send()
        .await
        .expect("role");
    let c = cloud(&rig).await;
    let inv = inventory::scan(&c, None).await.expect("scan");
    let eu = inv
        .regions
        .iter()
        .find(|r| r.region == "eu-west-1")
        .expect("eu-west-1");
    assert!(
        matches!(&eu.status, RegionState::Unknown { reason } if reason.contains("AccessDenied")),
        "{:?}",
        eu.status
    );
    let steps = teardown::plan(&inv, &opts(), 0);
    let role = steps
        .iter()
        .find(|s| s.target == "AWSServiceRoleForCloudHSM")
        .expect("role step");
    assert!(
        matches!(&role.status, StepStatus::Blocked { reason } if reason.contains("eu-west-1") && reason.contains("AccessDenied")),
        "{role:?}"
    );
}

#[tokio::test]
async fn a_cluster_in_a_second_region_blocks_the_role_and_is_named() {
    let rig = Rig::new();
    let c = cloud(&rig).await;
    let other = foreign_cluster(&rig, "ap-northeast-1").await;
    let inv = inventory::scan(&c, None).await.expect("scan");
    let steps = teardown::plan(&inv, &opts(), 0);
    assert!(
        steps
            .iter()
            .any(|s| s.region.as_deref() == Some("ap-northeast-1") && s.target == other)
    );
    let role = steps
        .iter()
        .find(|s| s.target == "AWSServiceRoleForCloudHSM")
        .expect("role step");
    assert!(
        matches!(&role.status, StepStatus::Blocked { reason } if reason.contains("ap-northeast-1") && reason.contains(&other)),
        "{role:?}"
    );
}

#[tokio::test]
async fn status_reads_all_32_regions_concurrently() {
    let rig = Rig::new();
    rig.sandbox
        .faults()
        .push(FaultRule::new("DescribeClusters", FaultKind::Latency, None).with_latency(30));
    let c = cloud(&rig).await;
    let inv = inventory::scan(&c, None).await.expect("scan");
    assert_eq!(inv.regions.len(), 32);
    assert!(inv.complete);
    let describes: Vec<_> = rig
        .sandbox
        .requests()
        .into_iter()
        .filter(|r| r.operation == "DescribeClusters")
        .collect();
    assert_eq!(describes.len(), 32);
    let regions: std::collections::BTreeSet<_> =
        describes.iter().map(|r| r.region.clone()).collect();
    assert_eq!(regions.len(), 32, "one per Region");
    let max = describes.iter().map(|r| r.concurrent).max().unwrap_or(0);
    assert!(
        max >= 4,
        "Regions are read concurrently (at most {max} at once)"
    );
}

#[tokio::test]
async fn a_second_teardown_of_an_empty_account_changes_nothing() {
    let rig = Rig::new();
    let c = cloud(&rig).await;
    let inv = inventory::scan(&c, None).await.expect("scan");
    let steps = teardown::plan(&inv, &opts(), 0);
    assert!(
        steps.iter().all(|s| s.status != StepStatus::Ready),
        "{steps:?}"
    );
    let mut journal = Journal::open(&rig.dir.path().join("teardown")).expect("journal");
    journal
        .begin("teardown-test", "us-east-1", "sandbox")
        .expect("begin");
    let waiter = Waiter::new(Pace::Virtual(rig.sandbox.clone()));
    assert!(
        exec::execute(&c, &steps, 7, &waiter, c.reporter(), &mut journal)
            .await
            .is_empty()
    );
    assert!(rig.mutations().is_empty(), "{:?}", rig.mutations());
}

#[tokio::test]
async fn teardown_deletes_survive_lost_responses_without_double_effects_or_swallowed_errors() {
    let rig = Rig::new();
    assert_eq!(rig.run(None, false).await.code, 0);
    let key = rig
        .sandbox
        .with_world(|w| w.region_mut("us-east-1").keys.keys().next().cloned())
        .expect("key");
    {
        let mut f = rig.sandbox.faults();
        for op in [
            "ScheduleKeyDeletion",
            "DisconnectCustomKeyStore",
            "DeleteHsm",
            "DeleteCluster",
        ] {
            f.push(FaultRule::new(op, FaultKind::LostResponse, Some(1)));
        }
    }
    let c = cloud(&rig).await;
    let inv = inventory::scan(&c, None).await.expect("scan");
    let steps = teardown::plan(&inv, &opts(), rig.sandbox.now() as i64);
    let mut journal = Journal::open(&rig.dir.path().join("teardown")).expect("journal");
    journal
        .begin("teardown-test", "us-east-1", "sandbox")
        .expect("begin");
    let waiter = Waiter::new(Pace::Virtual(rig.sandbox.clone()));
    let done = teardown::execute_all(
        &c,
        &steps,
        &opts(),
        None,
        || rig.sandbox.now() as i64,
        &waiter,
        c.reporter(),
        &mut journal,
    )
    .await
    .expect("execute");
    assert!(
        done.results.iter().all(|d| d.outcome.is_ok()),
        "{:?}",
        done.results
    );
    let lost: Vec<_> = rig
        .sandbox
        .requests()
        .into_iter()
        .filter(|r| r.status == 500)
        .map(|r| r.operation)
        .collect();
    assert_eq!(lost.len(), 4, "every lost response happened: {lost:?}");
    // One effect each: the key's deletion date is the one of the first (lost) call, one cluster
    // DELETED, no HSM, the store DISCONNECTED.
    let (pending, cluster_states, hsms, store) = rig.sandbox.with_world(|w| {
        let r = w.region_mut("us-east-1");
        (
            r.keys
                .get(&key)
                .and_then(|k| k.pending_deletion)
                .map(|(_, days)| days),
            r.clusters
                .values()
                .map(|c| c.state.clone())
                .collect::<Vec<_>>(),
            r.clusters.values().map(|c| c.hsms.len()).sum::<usize>(),
            r.key_stores
                .values()
                .map(|s| s.state.clone())
                .collect::<Vec<_>>(),
        )
    });
    assert_eq!(pending, Some(7));
    assert_eq!(cluster_states, ["DELETED"]);
    assert_eq!(hsms, 0);
    assert_eq!(store, ["DISCONNECTED"]);
}
