//! Blast radius before deletion: a key another service holds through a grant is not scheduled
//! — the plan names the grantee and the key's alias — and nothing that would make it unusable
//! happens (the store stays connected, the HSMs and the cluster stay); naming the key with
//! `--include` (or `--include-in-use`) schedules it as usual.

use crate::support::{Rig, cloud};
use keystore_engine::inventory;
use keystore_engine::teardown::{self, Options, StepStatus};
use keystore_sandbox::client::sdk_config;

const GRANTEE: &str = "arn:aws:iam::123456789012:role/payments-db";

#[tokio::test]
async fn a_key_held_by_a_grant_is_not_scheduled_until_the_operator_names_it() {
    let rig = Rig::new();
    assert_eq!(rig.run(None, false).await.code, 0);
    let key = rig
        .sandbox
        .with_world(|w| w.region_mut("us-east-1").keys.keys().next().cloned())
        .expect("key");
    let kms = aws_sdk_kms::Client::new(&sdk_config(&rig.sandbox, "us-east-1"));
    kms.create_grant()
        .key_id(&key)
        .grantee_principal(GRANTEE)
        .operations(aws_sdk_kms::types::GrantOperation::Decrypt)
        .operations(aws_sdk_kms::types::GrantOperation::GenerateDataKey)
        .send()
        .await
        .expect("grant");
    let c = cloud(&rig).await;
    let inv = inventory::scan(&c, Some(vec!["us-east-1".into()]))
        .await
        .expect("scan");
    let opts = Options {
        window_days: 7,
        ..Options::default()
    };
    let steps = teardown::plan(&inv, &opts, rig.sandbox.now() as i64);
    let status = |action: &str| {
        steps
            .iter()
            .filter(|s| s.action == action)
            .map(|s| s.status.clone())
            .collect::<Vec<_>>()
    };
    let schedule = status("schedule_key_deletion");
    assert!(
        matches!(schedule.as_slice(), [StepStatus::Blocked { reason }]
            if reason.contains(GRANTEE) && reason.contains("Decrypt") && reason.contains("alias/")
                && reason.contains(&format!("--include {key}"))),
        "{schedule:?}"
    );
    for action in [
        "disconnect_key_store",
        "delete_key_store",
        "delete_cluster",
        "delete_vpc",
    ] {
        assert!(
            status(action)
                .iter()
                .all(|s| matches!(s, StepStatus::Blocked { .. })),
            "{action}: {steps:#?}"
        );
    }
    assert!(
        status("delete_hsm").is_empty(),
        "no HSM is deleted: {steps:#?}"
    );

    // Named by the operator: scheduled, and the rest follows as usual.
    let named = Options {
        include: vec![key.clone()],
        ..opts.clone()
    };
    let steps = teardown::plan(&inv, &named, rig.sandbox.now() as i64);
    let ready = |action: &str| {
        steps
            .iter()
            .any(|s| s.action == action && s.status == StepStatus::Ready)
    };
    for action in [
        "schedule_key_deletion",
        "disconnect_key_store",
        "delete_hsm",
        "delete_cluster",
    ] {
        assert!(ready(action), "{action}: {steps:#?}");
    }
    let all = Options {
        include_in_use: true,
        ..opts
    };
    let steps = teardown::plan(&inv, &all, rig.sandbox.now() as i64);
    assert!(
        steps
            .iter()
            .any(|s| s.action == "schedule_key_deletion" && s.status == StepStatus::Ready)
    );
}

/// CloudTrail: the setup's own round trip is not "use", another principal's Decrypt two days
/// ago is (named, with the day), and a lookup cut short by the rate limit says unknown — and
/// blocks, since unknown is never taken as unused.
#[tokio::test]
async fn recent_use_from_cloudtrail_blocks_the_key_and_unknown_is_never_unused() {
    use keystore_sandbox::faults::{FaultKind, FaultRule};
    let rig = Rig::new();
    assert_eq!(rig.run(None, false).await.code, 0);
    let c = cloud(&rig).await;
    let regions = Some(vec!["us-east-1".to_string()]);
    let now = rig.sandbox.now() as i64;
    let plan_now = |opts: &Options, inv: &inventory::Inventory| {
        teardown::plan(inv, opts, rig.sandbox.now() as i64)
            .into_iter()
            .find(|s| s.action == "schedule_key_deletion")
            .expect("the key's step")
            .status
    };
    let inv = inventory::scan(&c, regions.clone()).await.expect("scan");
    let mut opts = Options {
        window_days: 7,
        ..Options::default()
    };
    teardown::radius::prepare(&c, &inv, &mut opts, now).await;
    let key = opts.recent_use.keys().next().cloned().expect("looked up");
    assert!(
        matches!(&opts.recent_use[&key], keystore_engine::cloud::key_trail::KeyUse::Known { events } if !events.is_empty()),
        "the setup's own calls are in CloudTrail: {:?}",
        opts.recent_use
    );
    assert_eq!(
        plan_now(&opts, &inv),
        StepStatus::Ready,
        "its own round trip is not use"
    );

    rig.sandbox.with_world(|w| {
        let when = w.now - 2.0 * 86400.0;
        w.region_mut("us-east-1")
            .trail
            .push(keystore_sandbox::trail::TrailEvent {
                id: "e-app".into(),
                time: when,
                name: "Decrypt".into(),
                key_id: key.clone(),
                username: "payments-app".into(),
                read_only: true,
            });
    });
    teardown::radius::prepare(&c, &inv, &mut opts, now).await;
    assert!(
        matches!(plan_now(&opts, &inv), StepStatus::Blocked { reason }
            if reason.contains("payments-app") && reason.contains("Decrypt")),
        "{:?}",
        plan_now(&opts, &inv)
    );

    rig.sandbox
        .faults()
        .push(FaultRule::new("LookupEvents", FaultKind::Throttle, None));
    teardown::radius::prepare(&c, &inv, &mut opts, now).await;
    assert!(
        matches!(
            &opts.recent_use[&key],
            keystore_engine::cloud::key_trail::KeyUse::Unknown { .. }
        ),
        "{:?}",
        opts.recent_use
    );
    assert!(
        matches!(plan_now(&opts, &inv), StepStatus::Blocked { reason } if reason.contains("unknown")),
        "{:?}",
        plan_now(&opts, &inv)
    );
}

/// `--disable-first`: the keys are disabled (reversible) and nothing else happens; the next
/// teardown without it schedules the disabled key as usual.
#[tokio::test]
async fn disable_first_disables_the_keys_and_stops_there() {
    use keystore_engine::run::journal::Journal;
    use keystore_engine::run::wait::{Pace, Waiter};
    let rig = Rig::new();
    assert_eq!(rig.run(None, false).await.code, 0);
    let c = cloud(&rig).await;
    let regions = Some(vec!["us-east-1".to_string()]);
    let inv = inventory::scan(&c, regions.clone()).await.expect("scan");
    let opts = Options {
        window_days: 7,
        disable_first: true,
        ..Options::default()
    };
    let steps = teardown::plan(&inv, &opts, rig.sandbox.now() as i64);
    let ready: Vec<&str> = steps
        .iter()
        .filter(|s| s.status == StepStatus::Ready)
        .map(|s| s.action.as_str())
        .collect();
    assert_eq!(
        ready,
        vec!["disable_key"],
        "only the reversible step: {steps:#?}"
    );
    assert!(steps.iter().any(|s| s.action == "delete_cluster"
        && matches!(&s.status, StepStatus::Blocked { reason } if reason.contains("--disable-first"))));
    let mut journal = Journal::open(&rig.dir.path().join("teardown")).expect("journal");
    journal.begin("t", "us-east-1", "sandbox").expect("begin");
    let waiter = Waiter::new(Pace::Virtual(rig.sandbox.clone()));
    let done = teardown::execute_all(
        &c,
        &steps,
        &opts,
        regions.clone(),
        || rig.sandbox.now() as i64,
        &waiter,
        c.reporter(),
        &mut journal,
    )
    .await
    .expect("execute");
    assert!(
        done.results.iter().all(|d| d.outcome.is_ok()),
        "{:#?}",
        done.results
    );
    let (enabled, store, cluster) = rig.sandbox.with_world(|w| {
        let r = w.region_mut("us-east-1");
        (
            r.keys.values().map(|k| k.enabled).collect::<Vec<_>>(),
            r.key_stores
                .values()
                .map(|s| s.state.clone())
                .collect::<Vec<_>>(),
            r.clusters
                .values()
                .map(|c| c.state.clone())
                .collect::<Vec<_>>(),
        )
    });
    assert_eq!(
        (enabled, store, cluster),
        (
            vec![false],
            vec!["CONNECTED".to_string()],
            vec!["ACTIVE".to_string()]
        )
    );
    let inv = inventory::scan(&c, regions).await.expect("scan");
    let next = teardown::plan(
        &inv,
        &Options {
            window_days: 7,
            ..Options::default()
        },
        rig.sandbox.now() as i64,
    );
    assert!(
        next.iter()
            .any(|s| s.action == "schedule_key_deletion" && s.status == StepStatus::Ready)
    );
}

/// A caller that may not list grants: the Region is still scanned, and each key's use is
/// "unknown" on its own — held back with the reason, the rest of the plan as usual.
#[tokio::test]
async fn grants_that_cannot_be_read_make_the_key_unknown_not_the_region() {
    let rig = Rig::new();
    assert_eq!(rig.run(None, false).await.code, 0);
    rig.deny("kms:ListGrants");
    let c = cloud(&rig).await;
    let inv = inventory::scan(&c, Some(vec!["us-east-1".into()]))
        .await
        .expect("scan");
    let r = &inv.regions[0];
    assert_eq!(r.status, inventory::RegionState::Scanned, "{:?}", r.status);
    let key = &r.stores[0].keys[0];
    assert!(
        key.unread
            .as_deref()
            .is_some_and(|u| u.contains("AccessDenied")),
        "{key:?}"
    );
    let opts = Options {
        window_days: 7,
        ..Options::default()
    };
    let steps = teardown::plan(&inv, &opts, rig.sandbox.now() as i64);
    let schedule: Vec<_> = steps
        .iter()
        .filter(|s| s.action == "schedule_key_deletion")
        .collect();
    assert!(
        matches!(schedule.as_slice(), [s] if matches!(&s.status,
            StepStatus::Blocked { reason } if reason.contains("unknown"))),
        "{schedule:?}"
    );
}
