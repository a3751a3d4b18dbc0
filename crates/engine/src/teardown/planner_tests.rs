//! The planner's order, dates, foreign resources and blocked steps, on inventories built by hand.

use super::*;
use crate::inventory::{ClusterItem, KeyItem, RegionReport, RoleReport, StoreItem};

fn inv(regions: Vec<RegionReport>) -> Inventory {
    let roles = keystore_facts::slr::ALL
        .iter()
        .map(|r| RoleReport {
            name: r.name.into(),
            principal: r.principal.into(),
            exists: true,
            created: None,
            last_used: None,
            blockers: crate::inventory::blockers(r, &regions, true),
        })
        .collect();
    Inventory {
        account_id: "123456789012".into(),
        complete: true,
        regions,
        roles,
        client_identities: vec![],
    }
}

fn region(name: &str, clusters: Vec<ClusterItem>, stores: Vec<StoreItem>) -> RegionReport {
    RegionReport {
        region: name.into(),
        status: RegionState::Scanned,
        clusters,
        stores,
        backups: vec![],
        client: vec![],
        networks: vec![],
    }
}

/// Our connected store `cks-1` on `cluster-ours`, holding `keys`.
fn our_store(keys: Vec<KeyItem>) -> StoreItem {
    StoreItem {
        id: "cks-1".into(),
        name: "S".into(),
        cluster_id: "cluster-ours".into(),
        state: "CONNECTED".into(),
        ours: true,
        keys,
    }
}

fn cluster(id: &str, ours: bool) -> ClusterItem {
    ClusterItem {
        id: id.into(),
        state: "ACTIVE".into(),
        hsms: vec![("hsm-a".into(), "us-east-1a".into(), "ACTIVE".into())],
        ours,
    }
}

#[test]
fn a_cluster_being_migrated_is_blocked_not_deleted() {
    let mut c = cluster("cluster-ours", true);
    c.state = "MODIFY_IN_PROGRESS".into();
    let i = inv(vec![region("us-east-1", vec![c], vec![])]);
    let steps = plan(&i, &Options::default(), 0);
    let cluster_steps: Vec<&Step> = steps
        .iter()
        .filter(|s| s.target.starts_with("cluster-ours"))
        .collect();
    assert_eq!(cluster_steps.len(), 1, "{steps:?}");
    assert_eq!(cluster_steps[0].action, "delete_cluster");
    assert!(
        matches!(&cluster_steps[0].status, StepStatus::Blocked { reason } if reason.contains("MODIFY_IN_PROGRESS")),
        "{:?}",
        cluster_steps[0].status
    );
}

#[test]
fn dependency_order_dates_and_foreign_resources() {
    let store = StoreItem {
        id: "cks-1".into(),
        name: "S".into(),
        cluster_id: "cluster-ours".into(),
        state: "CONNECTED".into(),
        ours: true,
        keys: vec![KeyItem {
            id: "k1".into(),
            state: "Enabled".into(),
            deletion_date: None,
            aliases: vec![],
            grants: vec![],
            unread: None,
        }],
    };
    let i = inv(vec![region(
        "us-east-1",
        vec![
            cluster("cluster-ours", true),
            cluster("cluster-theirs", false),
        ],
        vec![store],
    )]);
    let steps = plan(
        &i,
        &Options {
            window_days: 7,
            ..Options::default()
        },
        1000,
    );
    let actions: Vec<(&str, &str)> = steps
        .iter()
        .map(|s| (s.action.as_str(), s.target.as_str()))
        .collect();
    assert_eq!(
        &actions[..5],
        &[
            ("schedule_key_deletion", "k1"),
            ("disconnect_key_store", "cks-1"),
            ("delete_key_store", "cks-1"),
            ("delete_hsm", "cluster-ours/hsm-a"),
            ("delete_cluster", "cluster-ours")
        ]
    );
    assert_eq!(
        steps[2].status,
        StepStatus::WaitsUntil {
            date: 1000 + 7 * 86400,
            reason: steps[2].status_reason()
        }
    );
    assert!(
        matches!(&steps[5].status, StepStatus::LeftAlone { .. })
            && steps[5].target == "cluster-theirs"
    );
    let role = steps
        .iter()
        .find(|s| s.target == "AWSServiceRoleForCloudHSM")
        .expect("role");
    assert!(
        matches!(&role.status, StepStatus::Blocked { reason } if reason.contains("cluster-ours") && reason.contains("cluster-theirs"))
    );
    let cks = steps
        .iter()
        .find(|s| s.target == "AWSServiceRoleForKeyManagementServiceCustomKeyStores")
        .expect("cks");
    assert!(
        matches!(&cks.status, StepStatus::LeftAlone { reason } if reason.contains("no procedure"))
    );
    let included = plan(
        &i,
        &Options {
            window_days: 7,
            include: vec!["cluster-theirs".into()],
            ..Options::default()
        },
        1000,
    );
    assert!(
        included
            .iter()
            .any(|s| s.action == "delete_cluster" && s.target == "cluster-theirs")
    );
}

#[test]
fn an_unknown_region_blocks_the_role() {
    let mut bad = region("eu-west-1", vec![], vec![]);
    bad.status = RegionState::Unknown {
        reason: "AccessDenied".into(),
    };
    let i = inv(vec![region("us-east-1", vec![], vec![]), bad]);
    let steps = plan(
        &i,
        &Options {
            window_days: 7,
            ..Options::default()
        },
        0,
    );
    let role = steps
        .iter()
        .find(|s| s.target == "AWSServiceRoleForCloudHSM")
        .expect("role");
    assert!(
        matches!(&role.status, StepStatus::Blocked { reason } if reason.contains("eu-west-1") && reason.contains("AccessDenied"))
    );
}

#[test]
fn an_empty_account_plans_nothing_to_delete() {
    let mut i = inv(vec![region("us-east-1", vec![], vec![])]);
    for r in i.roles.iter_mut() {
        r.exists = false;
    }
    assert!(
        plan(
            &i,
            &Options {
                window_days: 7,
                ..Options::default()
            },
            0
        )
        .is_empty()
    );
}

#[test]
fn the_client_goes_first_in_its_region_and_its_identity_with_the_global_steps() {
    use crate::cloud::client_scan::ClientPiece;
    let piece = |kind: &str, id: &str| ClientPiece {
        kind: kind.into(),
        id: id.into(),
        state: "running".into(),
    };
    let mut r = region("us-east-1", vec![cluster("cluster-ours", true)], vec![]);
    r.client = vec![
        piece("instance", "i-1"),
        piece("vpc_endpoint", "vpce-1"),
        piece("security_group", "sg-1"),
    ];
    let mut inventory = inv(vec![r]);
    inventory.client_identities = vec!["ksw-1-client".into()];
    let opts = Options {
        window_days: 7,
        memberships: vec![
            ("us-east-1".into(), "i-9/sg-cluster".into()),
            ("eu-west-1".into(), "i-8/sg-other".into()),
        ],
        ..Options::default()
    };
    let steps = plan(&inventory, &opts, 0);
    let actions: Vec<(&str, &str)> = steps
        .iter()
        .map(|s| (s.action.as_str(), s.target.as_str()))
        .collect();
    let at = |a: &str| actions.iter().position(|(x, _)| *x == a).expect(a);
    assert_eq!(
        &actions[..4],
        &[
            ("terminate_client_instance", "i-1"),
            ("delete_vpc_endpoint", "vpce-1"),
            ("delete_client_security_group", "sg-1"),
            ("remove_cluster_group", "i-9/sg-cluster"),
        ]
    );
    assert!(
        !actions.contains(&("remove_cluster_group", "i-8/sg-other")),
        "another Region's membership is not this Region's step"
    );
    assert!(at("delete_cluster") > at("delete_client_security_group"));
    let identity = steps
        .iter()
        .find(|s| s.action == "delete_client_identity")
        .expect("identity");
    assert_eq!(identity.region, None);
}

/// The TUI's rows: a key held by a grant is blocked, names its grantee, and may be confirmed
/// on the screen; one CloudTrail could not read says "unknown"; a confirmed one is ready.
#[test]
fn rows_carry_each_keys_blast_radius_and_which_may_be_confirmed() {
    use crate::cloud::key_trail::{KeyUse, UseEvent};
    use crate::cloud::kms_use::GrantInfo;
    use crate::teardown::rows::{RowState, plan_rows};
    let key = |id: &str, grants: Vec<GrantInfo>| KeyItem {
        id: id.into(),
        state: "Enabled".into(),
        deletion_date: None,
        aliases: vec![format!("alias/{id}")],
        grants,
        unread: None,
    };
    let rds = GrantInfo {
        grantee: "rds.amazonaws.com".into(),
        operations: vec!["Decrypt".into()],
        name: "g".into(),
    };
    let store = our_store(vec![
        key("held", vec![rds]),
        key("dark", vec![]),
        key("quiet", vec![]),
    ]);
    let i = inv(vec![region(
        "us-east-1",
        vec![cluster("cluster-ours", true)],
        vec![store],
    )]);
    let now = 100 * 86400;
    let mut opts = Options {
        window_days: 7,
        me: "wizard".into(),
        ..Options::default()
    };
    opts.recent_use.insert(
        "dark".into(),
        KeyUse::Unknown {
            reason: "rate limit".into(),
        },
    );
    opts.recent_use.insert(
        "quiet".into(),
        KeyUse::Known {
            events: vec![UseEvent {
                when: now - 30 * 86400,
                who: "app-role".into(),
                operation: "Decrypt".into(),
            }],
        },
    );
    let rows = plan_rows(&plan(&i, &opts, now), &i, &opts, now);
    let of = |k: &str| {
        rows.iter()
            .find(|r| r.step == "schedule_key_deletion" && r.resource == k)
            .cloned()
            .expect(k)
    };
    let held = of("held");
    assert_eq!(held.state, RowState::Blocked);
    assert_eq!(held.confirmable.as_deref(), Some("held"));
    assert!(held.reason.contains("rds.amazonaws.com"), "{}", held.reason);
    let radius = held.radius.unwrap_or_default();
    assert!(radius.contains("alias/held") && radius.contains("rds.amazonaws.com (Decrypt)"));
    let dark = of("dark");
    assert_eq!(dark.confirmable.as_deref(), Some("dark"));
    assert!(
        dark.radius
            .unwrap_or_default()
            .contains("unknown (rate limit)")
    );
    // Used 30 days ago, not in the last 7: scheduled, and the radius says when and by whom.
    let quiet = of("quiet");
    assert_eq!(
        (quiet.state, quiet.confirmable.clone()),
        (RowState::Ready, None)
    );
    let radius = quiet.radius.unwrap_or_default();
    assert!(radius.contains("1 event(s), 0 in the last 7 days") && radius.contains("app-role"));
    // Nothing else is confirmable.
    assert!(rows.iter().filter(|r| r.confirmable.is_some()).count() == 2);

    opts.include = vec!["held".into()];
    let rows = plan_rows(&plan(&i, &opts, now), &i, &opts, now);
    let held = rows.iter().find(|r| r.resource == "held").expect("held");
    assert_eq!(
        (held.state, held.confirmable.clone()),
        (RowState::Ready, None)
    );

    // Every key confirmed: the store waits for them, and its row carries the day.
    opts.include_in_use = true;
    let rows = plan_rows(&plan(&i, &opts, now), &i, &opts, now);
    let store = rows
        .iter()
        .find(|r| r.step == "delete_key_store")
        .expect("store");
    assert_eq!(store.state, RowState::Waits);
    let until = store.until.clone().expect("until");
    assert_eq!(until, crate::teardown::exec::day(now + 7 * 86400));
    assert!(store.state_text.contains(&until));
}
