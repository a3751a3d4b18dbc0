//! The *shred* order's rules, for the planner (pure, like it): while a store's keys wait out
//! their deletion period, the store stays CONNECTED (connected again if it is not) and its
//! cluster keeps one HSM, so that when the period ends KMS can delete the key material from
//! the cluster ("How to delete orphaned key material", KMS Developer Guide); the cluster, the
//! HSM it keeps and every backup of it wait until that date, and the plan says what the kept
//! HSM costs meanwhile. KMS never deletes key material from backups: they go last.

use super::planner::step;
use super::{Step, StepStatus};
use crate::i18n::tf;
use crate::inventory::{ClusterItem, RegionReport, StoreItem};

/// What one HSM costs a day, at the top of the hourly range the wizard shows ($1.45–1.60).
const HSM_PER_DAY: f64 = 1.60 * 24.0;

fn waits(date: i64, reason: String) -> StepStatus {
    StepStatus::WaitsUntil { date, reason }
}

/// A store whose keys are pending deletion: connected until the date, then deleted.
pub(super) fn hold_store(
    steps: &mut Vec<Step>,
    region: Option<&str>,
    r: &RegionReport,
    s: &StoreItem,
    date: i64,
) {
    let day = super::exec::day(date);
    if s.state != "CONNECTED" {
        let cluster = r.clusters.iter().find(|c| c.id == s.cluster_id);
        let active = cluster.is_some_and(|c| c.hsms.iter().any(|(_, _, st)| st == "ACTIVE"));
        // A parked cluster (ACTIVE, no HSM at all) gets one HSM back first: KMS can delete
        // the key material only from an HSM. One with HSMs that are all failing needs a repair.
        // (An HSM still being created counts as none yet: a killed teardown's step, resumed.)
        let parked = cluster.is_some_and(|c| {
            c.state == "ACTIVE" && c.hsms.iter().all(|(_, _, st)| st == "CREATE_IN_PROGRESS")
        });
        if parked {
            steps.push(step(region, "create_hsm", &s.cluster_id, StepStatus::Ready));
        }
        let status = if active || parked {
            StepStatus::Ready
        } else {
            StepStatus::Blocked {
                reason: tf("td.shred_no_hsm", &[("cluster", &s.cluster_id)]),
            }
        };
        steps.push(step(region, "connect_key_store", &s.id, status));
    }
    steps.push(step(
        region,
        "delete_key_store",
        &s.id,
        waits(
            date,
            tf("td.shred_store", &[("n", &s.keys.len()), ("date", &day)]),
        ),
    ));
}

/// The cluster of a held store: every HSM but one goes now; that one and the cluster wait.
pub(super) fn hold_cluster(
    steps: &mut Vec<Step>,
    region: Option<&str>,
    c: &ClusterItem,
    date: i64,
) {
    let mut hsms: Vec<&(String, String, String)> = c
        .hsms
        .iter()
        .filter(|(_, _, st)| st != "DELETE_IN_PROGRESS")
        .collect();
    hsms.sort_by_key(|(id, _, st)| (st != "ACTIVE", id.clone()));
    let day = super::exec::day(date);
    for (i, (hsm, az, _)) in hsms.iter().enumerate() {
        let target = format!("{}/{hsm}", c.id);
        let status = if i == 0 {
            waits(
                date,
                tf(
                    "td.shred_keeps_hsm",
                    &[
                        ("az", az),
                        ("date", &day),
                        ("cost", &format!("{HSM_PER_DAY:.0}")),
                    ],
                ),
            )
        } else {
            StepStatus::Ready
        };
        steps.push(step(region, "delete_hsm", &target, status));
    }
    steps.push(step(
        region,
        "delete_cluster",
        &c.id,
        waits(date, tf("td.shred_cluster", &[("date", &day)])),
    ));
}

/// A backup of a held cluster: it goes once KMS has deleted the keys (one taken before holds
/// them; KMS never deletes key material from backups).
pub(super) fn backup_waits(date: i64) -> StepStatus {
    waits(
        date,
        tf("td.shred_backup", &[("date", &super::exec::day(date))]),
    )
}

#[cfg(test)]
#[path = "shred_tests.rs"]
mod tests;
