//! The shred order on inventories built by hand: while keys wait, the store stays connected
//! (or is connected again), one ACTIVE HSM, the cluster and every backup wait for the date;
//! once KMS has deleted the keys, everything goes, backups included without --delete-backups.

use super::super::{Options, Order, StepStatus, plan};
use crate::inventory::{
    BackupItem, ClusterItem, Inventory, KeyItem, RegionReport, RegionState, StoreItem,
};

const NOW: i64 = 1_800_000_000;
const DAY: i64 = 86_400;

fn inv(store_state: &str, keys: Vec<KeyItem>, hsm_states: [&str; 2]) -> Inventory {
    let cluster = ClusterItem {
        id: "cluster-ours".into(),
        state: "ACTIVE".into(),
        hsms: vec![
            ("hsm-b".into(), "us-east-1b".into(), hsm_states[0].into()),
            ("hsm-a".into(), "us-east-1a".into(), hsm_states[1].into()),
        ],
        ours: true,
    };
    let store = StoreItem {
        id: "cks-1".into(),
        name: "S".into(),
        cluster_id: "cluster-ours".into(),
        state: store_state.into(),
        ours: true,
        keys,
    };
    let backup = BackupItem {
        id: "backup-1".into(),
        cluster_id: "cluster-ours".into(),
        state: "READY".into(),
        delete_at: None,
        source_cluster: None,
    };
    Inventory {
        account_id: "123456789012".into(),
        complete: true,
        regions: vec![RegionReport {
            region: "us-east-1".into(),
            status: RegionState::Scanned,
            clusters: vec![cluster],
            stores: vec![store],
            backups: vec![backup],
            client: vec![],
            networks: vec![],
        }],
        roles: vec![],
        client_identities: vec![],
    }
}

fn shred() -> Options {
    Options {
        order: Order::Shred,
        window_days: 7,
        ..Options::default()
    }
}

fn key(state: &str, date: Option<i64>) -> KeyItem {
    KeyItem {
        id: "k1".into(),
        state: state.into(),
        deletion_date: date,
        aliases: vec![],
        grants: vec![],
        unread: None,
    }
}

fn status<'a>(steps: &'a [super::Step], action: &str, target: &str) -> &'a StepStatus {
    &steps
        .iter()
        .find(|s| s.action == action && s.target == target)
        .unwrap_or_else(|| panic!("{action} {target}: {steps:#?}"))
        .status
}

#[test]
fn while_keys_wait_the_store_stays_connected_with_one_active_hsm() {
    let steps = plan(
        &inv(
            "CONNECTED",
            vec![key("Enabled", None)],
            ["ACTIVE", "ACTIVE"],
        ),
        &shred(),
        NOW,
    );
    let date = NOW + 7 * DAY;
    assert_eq!(
        status(&steps, "schedule_key_deletion", "k1"),
        &StepStatus::Ready
    );
    assert!(
        !steps.iter().any(|s| s.action == "disconnect_key_store"),
        "{steps:#?}"
    );
    assert!(!steps.iter().any(|s| s.action == "connect_key_store"));
    // The first ACTIVE HSM by id stays, with its cost; the other goes now.
    assert!(matches!(
        status(&steps, "delete_hsm", "cluster-ours/hsm-a"),
        StepStatus::WaitsUntil { date: d, reason } if *d == date && reason.contains("a day")
    ));
    assert_eq!(
        status(&steps, "delete_hsm", "cluster-ours/hsm-b"),
        &StepStatus::Ready
    );
    for (action, target) in [
        ("delete_cluster", "cluster-ours"),
        ("delete_key_store", "cks-1"),
        ("delete_backup", "backup-1"),
    ] {
        assert!(
            matches!(status(&steps, action, target), StepStatus::WaitsUntil { date: d, .. } if *d == date),
            "{action}: {steps:#?}"
        );
    }
}

#[test]
fn a_disconnected_store_is_connected_again_and_an_hsm_less_one_is_blocked() {
    let pending = vec![key("PendingDeletion", Some(NOW + 3 * DAY))];
    let steps = plan(
        &inv("DISCONNECTED", pending.clone(), ["DEGRADED", "ACTIVE"]),
        &shred(),
        NOW,
    );
    assert_eq!(
        status(&steps, "connect_key_store", "cks-1"),
        &StepStatus::Ready
    );
    // The ACTIVE one is kept, not the DEGRADED one that sorts first by id.
    assert!(matches!(
        status(&steps, "delete_hsm", "cluster-ours/hsm-a"),
        StepStatus::WaitsUntil { date, .. } if *date == NOW + 3 * DAY
    ));
    let none = plan(
        &inv("DISCONNECTED", pending, ["DEGRADED", "DEGRADED"]),
        &shred(),
        NOW,
    );
    assert!(matches!(
        status(&none, "connect_key_store", "cks-1"),
        StepStatus::Blocked { reason } if reason.contains("create-hsm")
    ));
}

#[test]
fn a_parked_cluster_gets_one_hsm_back_before_the_store_is_connected() {
    let pending = vec![key("PendingDeletion", Some(NOW + 3 * DAY))];
    let mut parked = inv("DISCONNECTED", pending, ["ACTIVE", "ACTIVE"]);
    parked.regions[0].clusters[0].hsms.clear();
    let steps = plan(&parked, &shred(), NOW);
    let order: Vec<&str> = steps.iter().map(|s| s.action.as_str()).collect();
    let create = order
        .iter()
        .position(|a| *a == "create_hsm")
        .expect("an HSM comes back");
    let connect = order
        .iter()
        .position(|a| *a == "connect_key_store")
        .expect("then the store is connected");
    assert!(create < connect, "{order:?}");
    assert_eq!(
        status(&steps, "create_hsm", "cluster-ours"),
        &StepStatus::Ready
    );
    assert_eq!(
        status(&steps, "connect_key_store", "cks-1"),
        &StepStatus::Ready
    );
}

#[test]
fn once_kms_has_deleted_the_keys_everything_goes_backups_too() {
    let steps = plan(
        &inv("CONNECTED", vec![], ["ACTIVE", "ACTIVE"]),
        &shred(),
        NOW,
    );
    for (action, target) in [
        ("disconnect_key_store", "cks-1"),
        ("delete_key_store", "cks-1"),
        ("delete_hsm", "cluster-ours/hsm-a"),
        ("delete_hsm", "cluster-ours/hsm-b"),
        ("delete_cluster", "cluster-ours"),
        ("delete_backup", "backup-1"),
    ] {
        assert_eq!(
            status(&steps, action, target),
            &StepStatus::Ready,
            "{action}"
        );
    }
    // Stop billing keeps the backup unless asked, and says where the key material is.
    let kept = plan(
        &inv(
            "CONNECTED",
            vec![key("Enabled", None)],
            ["ACTIVE", "ACTIVE"],
        ),
        &Options {
            window_days: 7,
            ..Options::default()
        },
        NOW,
    );
    assert!(matches!(
        status(&kept, "delete_backup", "backup-1"),
        StepStatus::LeftAlone { reason } if reason.contains("key material")
    ));
    assert_eq!(
        status(&kept, "delete_cluster", "cluster-ours"),
        &StepStatus::Ready
    );
}
