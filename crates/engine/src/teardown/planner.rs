//! Inventory → ordered teardown steps. Pure: no AWS calls, so every rule is unit-tested.

use crate::i18n::{t, tf};
use crate::inventory::{Inventory, RegionState};
use keystore_facts::slr;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum StepStatus {
    Ready,
    /// Possible from this date (epoch seconds) on.
    WaitsUntil {
        date: i64,
        reason: String,
    },
    Blocked {
        reason: String,
    },
    /// Not touched: foreign, not chosen, or not deletable by AWS's rules.
    LeftAlone {
        reason: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    pub region: Option<String>,
    pub action: String,
    pub target: String,
    #[serde(flatten)]
    pub status: StepStatus,
}

#[derive(Debug, Clone, Default)]
pub struct Options {
    /// KMS key deletion waiting period, 7–30 days.
    pub window_days: i32,
    pub delete_backups: bool,
    pub delete_key_store_role: bool,
    /// The IAM group and policy ARN to remove (from the run's journal), when asked for.
    pub delete_iam: Option<(String, String)>,
    /// Ids of foreign resources the operator selected explicitly.
    pub include: Vec<String>,
    /// Ids the journal says this tool created (clusters whose tag may be gone with them).
    pub known_ours: Vec<String>,
}

fn step(region: Option<&str>, action: &str, target: &str, status: StepStatus) -> Step {
    Step {
        region: region.map(str::to_string),
        action: action.into(),
        target: target.into(),
        status,
    }
}

pub fn plan(inv: &Inventory, opts: &Options, now: i64) -> Vec<Step> {
    let mut steps = Vec::new();
    let window = i64::from(opts.window_days.clamp(7, 30)) * 86400;
    let chosen = |id: &str, ours: bool| {
        ours || opts.include.iter().any(|i| i == id) || opts.known_ours.iter().any(|i| i == id)
    };
    for r in &inv.regions {
        let region = Some(r.region.as_str());
        if let RegionState::Unknown { reason } = &r.status {
            steps.push(step(
                region,
                "scan_region",
                &r.region,
                StepStatus::Blocked {
                    reason: tf("td.region_unreadable", &[("reason", reason)]),
                },
            ));
            continue;
        }
        let mut selected_clusters: Vec<String> = Vec::new();
        for s in &r.stores {
            if !chosen(&s.id, s.ours) {
                steps.push(step(
                    region,
                    "key_store",
                    &s.id,
                    StepStatus::LeftAlone {
                        reason: tf("td.foreign_store", &[("name", &s.name), ("id", &s.id)]),
                    },
                ));
                continue;
            }
            let mut last_date = 0;
            for k in &s.keys {
                if k.state == "PendingDeletion" {
                    last_date = last_date.max(k.deletion_date.unwrap_or(now));
                } else {
                    steps.push(step(
                        region,
                        "schedule_key_deletion",
                        &k.id,
                        StepStatus::Ready,
                    ));
                    last_date = last_date.max(now + window);
                }
            }
            if s.state != "DISCONNECTED" {
                steps.push(step(
                    region,
                    "disconnect_key_store",
                    &s.id,
                    StepStatus::Ready,
                ));
            }
            let status = if s.keys.is_empty() {
                StepStatus::Ready
            } else {
                StepStatus::WaitsUntil {
                    date: last_date,
                    reason: tf("td.keys_pending", &[("n", &s.keys.len())]),
                }
            };
            steps.push(step(region, "delete_key_store", &s.id, status));
        }
        for c in &r.clusters {
            if c.state == "DELETED" {
                continue;
            }
            if !chosen(&c.id, c.ours) {
                steps.push(step(
                    region,
                    "cluster",
                    &c.id,
                    StepStatus::LeftAlone {
                        reason: tf("td.foreign_cluster", &[("id", &c.id)]),
                    },
                ));
                continue;
            }
            selected_clusters.push(c.id.clone());
            if matches!(
                c.state.as_str(),
                "MODIFY_IN_PROGRESS" | "UPDATE_IN_PROGRESS"
            ) {
                // A cluster AWS is migrating (hsm1.medium to hsm2m.medium) or updating refuses
                // HSM and cluster deletion until it settles: say so, try nothing.
                let reason = tf("td.cluster_busy", &[("id", &c.id), ("state", &c.state)]);
                steps.push(step(
                    region,
                    "delete_cluster",
                    &c.id,
                    StepStatus::Blocked { reason },
                ));
                continue;
            }
            for (hsm, _, state) in &c.hsms {
                if state != "DELETE_IN_PROGRESS" {
                    steps.push(step(
                        region,
                        "delete_hsm",
                        &format!("{}/{hsm}", c.id),
                        StepStatus::Ready,
                    ));
                }
            }
            steps.push(step(region, "delete_cluster", &c.id, StepStatus::Ready));
        }
        for b in r.backups.iter().filter(|b| b.state != "PENDING_DELETION") {
            let ours = selected_clusters.contains(&b.cluster_id)
                || opts.known_ours.contains(&b.cluster_id)
                || opts.include.contains(&b.id);
            let status = match (ours, opts.delete_backups) {
                (true, true) => StepStatus::Ready,
                (true, false) => StepStatus::LeftAlone {
                    reason: t("td.backups_kept").into(),
                },
                (false, _) => StepStatus::LeftAlone {
                    reason: tf("td.foreign_backup", &[("id", &b.id)]),
                },
            };
            steps.push(step(region, "delete_backup", &b.id, status));
        }
    }
    for role in &inv.roles {
        if !role.exists {
            continue;
        }
        let blocked = |blockers: &[String]| StepStatus::Blocked {
            reason: blockers.join("; "),
        };
        let status = if role.name == slr::KMS_MULTI_REGION_KEYS.name {
            StepStatus::LeftAlone {
                reason: t("td.mrk_role").into(),
            }
        } else if role.name == slr::KMS_CUSTOM_KEY_STORES.name && !opts.delete_key_store_role {
            StepStatus::LeftAlone {
                reason: t("td.kcks_role").into(),
            }
        } else if !role.blockers.is_empty() {
            blocked(&role.blockers)
        } else {
            StepStatus::Ready
        };
        steps.push(step(None, "delete_service_linked_role", &role.name, status));
    }
    if let Some((group, policy)) = &opts.delete_iam {
        steps.push(step(None, "delete_iam_group", group, StepStatus::Ready));
        steps.push(step(None, "delete_iam_policy", policy, StepStatus::Ready));
    }
    steps
}

impl Step {
    pub fn status_reason(&self) -> String {
        match &self.status {
            StepStatus::WaitsUntil { reason, .. }
            | StepStatus::Blocked { reason }
            | StepStatus::LeftAlone { reason } => reason.clone(),
            StepStatus::Ready => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
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
        }
    }

    fn region(name: &str, clusters: Vec<ClusterItem>, stores: Vec<StoreItem>) -> RegionReport {
        RegionReport {
            region: name.into(),
            status: RegionState::Scanned,
            clusters,
            stores,
            backups: vec![],
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
}
