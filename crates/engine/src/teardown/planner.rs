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

/// The order of a teardown (`--order`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Order {
    /// Today's order: the keys are scheduled, the store disconnected and the HSMs and cluster
    /// deleted in one run, which stops the HSM billing at once. KMS's attempt to delete the key
    /// material then fails (the store is disconnected) and backups keep it until they go.
    #[default]
    StopBilling,
    /// The order AWS documents for destroying key material: the store stays CONNECTED with one
    /// HSM until the waiting period ends and KMS has deleted the keys from the cluster; then
    /// the store, the HSMs, the cluster and every backup of it go.
    Shred,
}

impl Order {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "stop-billing" => Some(Self::StopBilling),
            "shred" => Some(Self::Shred),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Self::StopBilling => "stop-billing",
            Self::Shred => "shred",
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub order: Order,
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
    /// (Region, `instance/group`): the cluster security group an `existing` run added.
    pub memberships: Vec<(String, String)>,
    /// Schedule keys in use too (`--include-in-use`); one key: `--include KEY`.
    pub include_in_use: bool,
    /// CloudTrail's answer per key (`radius::read`, once before planning).
    pub recent_use: std::collections::BTreeMap<String, crate::cloud::key_trail::KeyUse>,
    /// The identity tearing down (CloudTrail user name): its own calls are not "use".
    pub me: String,
    /// `--disable-first`: disable the keys (reversible) and stop there: nothing is scheduled
    /// or deleted, so what breaks can be seen and undone (`aws kms enable-key`).
    pub disable_first: bool,
}

pub(super) fn step(region: Option<&str>, action: &str, target: &str, status: StepStatus) -> Step {
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
        // The client host first: its instance holds the cluster security group.
        for p in &r.client {
            let action = match p.kind.as_str() {
                "instance" => "terminate_client_instance",
                "vpc_endpoint" => "delete_vpc_endpoint",
                _ => "delete_client_security_group",
            };
            steps.push(step(region, action, &p.id, StepStatus::Ready));
        }
        for (_, target) in opts.memberships.iter().filter(|(m, _)| *m == r.region) {
            steps.push(step(
                region,
                "remove_cluster_group",
                target,
                StepStatus::Ready,
            ));
        }
        let mut selected_clusters: Vec<String> = Vec::new();
        // Shred: clusters that must keep one HSM until this date, for KMS to delete keys.
        let mut held: std::collections::BTreeMap<String, i64> = Default::default();
        // Clusters whose store has a key in use: nothing that would make it unusable is done.
        let mut kept_for_use: std::collections::BTreeMap<String, String> = Default::default();
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
            let mut in_use = Vec::new();
            for k in &s.keys {
                if k.state == "PendingDeletion" {
                    last_date = last_date.max(k.deletion_date.unwrap_or(now));
                    continue;
                }
                // A key in use (a grant, recent use, or use CloudTrail could not tell) is not
                // scheduled (nor its store disconnected, nor its HSMs deleted) unless the
                // operator says so for it.
                let confirmed = opts.include_in_use || opts.include.iter().any(|i| i == &k.id);
                let why = super::radius::in_use(k, opts.recent_use.get(&k.id), &opts.me, now);
                let status = match why {
                    Some(reason) if !confirmed => {
                        in_use.push(k.id.clone());
                        StepStatus::Blocked { reason }
                    }
                    _ => StepStatus::Ready,
                };
                if opts.disable_first && status == StepStatus::Ready {
                    if k.state != "Disabled" {
                        steps.push(step(region, "disable_key", &k.id, StepStatus::Ready));
                    }
                    in_use.push(k.id.clone());
                    continue;
                }
                steps.push(step(region, "schedule_key_deletion", &k.id, status));
                last_date = last_date.max(now + window);
            }
            if !in_use.is_empty() {
                let why = if opts.disable_first {
                    "td.disable_first_keeps"
                } else {
                    "td.store_key_in_use"
                };
                let reason = tf(why, &[("keys", &in_use.join(", "))]);
                for action in ["disconnect_key_store", "delete_key_store"] {
                    let blocked = StepStatus::Blocked {
                        reason: reason.clone(),
                    };
                    steps.push(step(region, action, &s.id, blocked));
                }
                kept_for_use.insert(s.cluster_id.clone(), reason);
                continue;
            }
            if opts.order == Order::Shred && !s.keys.is_empty() {
                super::shred::hold_store(&mut steps, region, r, s, last_date);
                held.insert(s.cluster_id.clone(), last_date);
                continue;
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
                // Gone, but its backups (the one taken as its last HSM went among them) are
                // still this run's to delete.
                if chosen(&c.id, c.ours) {
                    selected_clusters.push(c.id.clone());
                }
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
            if let Some(reason) = kept_for_use.get(&c.id) {
                let blocked = StepStatus::Blocked {
                    reason: reason.clone(),
                };
                steps.push(step(region, "delete_cluster", &c.id, blocked));
                continue;
            }
            if let Some(date) = held.get(&c.id) {
                super::shred::hold_cluster(&mut steps, region, c, *date);
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
            // A copy in another Region is ours when the cluster it was copied from is.
            let source_ours = b
                .source_cluster
                .as_ref()
                .is_some_and(|c| opts.known_ours.contains(c) || selected_clusters.contains(c));
            let ours = selected_clusters.contains(&b.cluster_id)
                || opts.known_ours.contains(&b.cluster_id)
                || source_ours
                || opts.include.contains(&b.id);
            let status = match (ours, opts.delete_backups || opts.order == Order::Shred) {
                (true, true) if held.contains_key(&b.cluster_id) => {
                    super::shred::backup_waits(held[&b.cluster_id])
                }
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
        // Last in the Region: the network the wizard created, once nothing of it is in use.
        // What the wizard did not make keeps the whole VPC (and its subnets) where it is; a
        // cluster this plan does not delete now keeps it too (its HSMs' interfaces are in it).
        let cluster_stays = steps
            .iter()
            .filter(|s| s.action == "delete_cluster" && s.region.as_deref() == region)
            .find_map(|s| match &s.status {
                StepStatus::Ready | StepStatus::LeftAlone { .. } => None,
                StepStatus::WaitsUntil { date, .. } => Some(StepStatus::WaitsUntil {
                    date: *date,
                    reason: tf("td.network_waits", &[("cluster", &s.target)]),
                }),
                StepStatus::Blocked { .. } => Some(StepStatus::Blocked {
                    reason: tf("td.network_waits", &[("cluster", &s.target)]),
                }),
            });
        for v in &r.networks {
            let status = if !v.others.is_empty() {
                StepStatus::Blocked {
                    reason: tf("td.vpc_holds", &[("what", &v.others.join(", "))]),
                }
            } else {
                cluster_stays.clone().unwrap_or(StepStatus::Ready)
            };
            for s in &v.subnets {
                steps.push(step(region, "delete_subnet", s, status.clone()));
            }
            steps.push(step(region, "delete_vpc", &v.id, status));
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
    for name in &inv.client_identities {
        steps.push(step(
            None,
            "delete_client_identity",
            name,
            StepStatus::Ready,
        ));
    }
    if let Some((group, policy)) = &opts.delete_iam {
        steps.push(step(None, "delete_iam_group", group, StepStatus::Ready));
        steps.push(step(None, "delete_iam_policy", policy, StepStatus::Ready));
    }
    if opts.disable_first {
        // Only the reversible step runs; everything else waits for the run after it.
        for s in steps.iter_mut() {
            if s.status == StepStatus::Ready && s.action != "disable_key" {
                s.status = StepStatus::LeftAlone {
                    reason: t("td.disable_first_rest").into(),
                };
            }
        }
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
#[path = "planner_tests.rs"]
mod tests;
