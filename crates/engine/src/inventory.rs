//! `status`: what exists in the account — clusters and HSMs, backups, CloudHSM key stores and the
//! KMS keys in them, in every Region (scanned concurrently, bounded), and the three
//! service-linked roles with what blocks their deletion. A Region that cannot be read is
//! *unknown*, never "clean". Resources tagged `keystore-wizard:run-id` (and key stores whose
//! cluster is ours, and keys in our stores) are ours; everything else is foreign.

use crate::cloud::client_scan::ClientPiece;
use crate::cloud::types::{Backup, Cluster, Key, KeyStore, Role};
use crate::cloud::{Cloud, CloudError, RUN_TAG};
use crate::i18n::{t, tf};
use futures::stream::{self, StreamExt};
use keystore_facts::slr::{self, ServiceLinkedRole};
use serde::Serialize;

/// How many Regions are read at once: all of today's commercial Regions. Each Region is its
/// own endpoint with its own rate limits, so reading them together costs AWS nothing extra;
/// the benchmark showed 8 at a time made a full inventory 2.5× one Region's.
pub const CONCURRENCY: usize = 32;

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum RegionState {
    Scanned,
    /// The Region could not be read: it may hold anything.
    Unknown {
        reason: String,
    },
}

#[derive(Debug, Clone, Serialize)]
pub struct ClusterItem {
    pub id: String,
    pub state: String,
    pub hsms: Vec<(String, String, String)>,
    pub ours: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct KeyItem {
    pub id: String,
    pub state: String,
    pub deletion_date: Option<i64>,
    /// Read for a key not yet pending deletion (what its deletion would break).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub grants: Vec<crate::cloud::kms_use::GrantInfo>,
    /// Why its aliases and grants could not be read: its use is unknown, never "none".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unread: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StoreItem {
    pub id: String,
    pub name: String,
    pub cluster_id: String,
    pub state: String,
    pub ours: bool,
    pub keys: Vec<KeyItem>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BackupItem {
    pub id: String,
    pub cluster_id: String,
    pub state: String,
    pub delete_at: Option<i64>,
    /// A copy from another Region: the cluster it was a backup of there.
    pub source_cluster: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RegionReport {
    pub region: String,
    pub status: RegionState,
    pub clusters: Vec<ClusterItem>,
    pub stores: Vec<StoreItem>,
    pub backups: Vec<BackupItem>,
    /// The client host's tagged pieces (instances, VPC endpoints, security groups).
    pub client: Vec<ClientPiece>,
    /// The VPCs the wizard created (run tag), with what is in them.
    pub networks: Vec<crate::cloud::network_scan::WizardVpc>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RoleReport {
    pub name: String,
    pub principal: String,
    pub exists: bool,
    pub created: Option<i64>,
    pub last_used: Option<i64>,
    /// Why AWS would refuse to delete it now (empty: nothing blocks it).
    pub blockers: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Inventory {
    pub account_id: String,
    /// Every enabled Region was scanned (`--regions all`).
    pub complete: bool,
    pub regions: Vec<RegionReport>,
    pub roles: Vec<RoleReport>,
    /// Client roles (each with its instance profile) under the wizard's IAM path.
    pub client_identities: Vec<String>,
}

impl Inventory {
    /// Marks as ours the clusters and key stores a run's journal says this tool created,
    /// though the tag that said so is gone (a deleted cluster drops out of DescribeClusters,
    /// and its key store then looks foreign): `status` and the teardown see the same owner.
    pub fn claim(&mut self, known: &[String]) {
        for r in &mut self.regions {
            for c in r.clusters.iter_mut().filter(|c| known.contains(&c.id)) {
                c.ours = true;
            }
            for s in r.stores.iter_mut() {
                s.ours |= known.contains(&s.id) || known.contains(&s.cluster_id);
            }
        }
    }
}

fn is_ours(c: &Cluster) -> bool {
    c.tags.contains_key(RUN_TAG)
}

async fn scan_region(cloud: Cloud) -> RegionReport {
    let region = cloud.region.clone();
    match read_region(&cloud).await {
        Ok((clusters, stores, backups, client, networks)) => RegionReport {
            region,
            status: RegionState::Scanned,
            clusters,
            stores,
            backups,
            client,
            networks,
        },
        Err(e) => RegionReport {
            region,
            status: RegionState::Unknown {
                reason: format!("{}: {}", e.code, e.message),
            },
            clusters: vec![],
            stores: vec![],
            backups: vec![],
            client: vec![],
            networks: vec![],
        },
    }
}

type RegionContents = (
    Vec<ClusterItem>,
    Vec<StoreItem>,
    Vec<BackupItem>,
    Vec<ClientPiece>,
    Vec<crate::cloud::network_scan::WizardVpc>,
);

/// Clusters, backups and key stores are read at once; then the keys of each store.
async fn read_region(cloud: &Cloud) -> Result<RegionContents, CloudError> {
    let (clusters, backups, found_stores, client, networks) = futures::try_join!(
        cloud.clusters(),
        cloud.backups(),
        cloud.key_stores(),
        cloud.client_pieces(),
        cloud.wizard_vpcs()
    )?;
    let clusters: Vec<ClusterItem> = clusters
        .iter()
        .map(|c| ClusterItem {
            id: c.id.clone(),
            state: c.state.clone(),
            hsms: c
                .hsms
                .iter()
                .map(|h| (h.id.clone(), h.az.clone(), h.state.clone()))
                .collect(),
            ours: is_ours(c),
        })
        .collect();
    let backups = backups
        .into_iter()
        .map(|b: Backup| BackupItem {
            id: b.id,
            cluster_id: b.cluster_id,
            state: b.state,
            delete_at: b.delete_at,
            source_cluster: b.source_cluster,
        })
        .collect();
    let mut stores = Vec::new();
    for s in found_stores {
        let KeyStore {
            id,
            name,
            cluster_id,
            state,
            ..
        } = s;
        let mut keys = Vec::new();
        for k in cloud.keys_in_store(&id).await? {
            let Key {
                id,
                state,
                deletion_date,
                ..
            } = k;
            // What holds on to a key matters only before it is scheduled for deletion.
            // A key whose aliases or grants cannot be read (kms:ListGrants denied, say) is
            // "unknown" on its own; the rest of the Region is still scanned.
            let (aliases, grants, unread) = if state == "PendingDeletion" {
                (Vec::new(), Vec::new(), None)
            } else {
                match futures::join!(cloud.key_aliases(&id), cloud.key_grants(&id)) {
                    (Ok(a), Ok(g)) => (a, g, None),
                    (Err(e), _) | (_, Err(e)) => (Vec::new(), Vec::new(), Some(e.to_string())),
                }
            };
            keys.push(KeyItem {
                id,
                state,
                deletion_date,
                aliases,
                grants,
                unread,
            });
        }
        let ours = clusters.iter().any(|c| c.id == cluster_id && c.ours);
        stores.push(StoreItem {
            id,
            name,
            cluster_id,
            state,
            ours,
            keys,
        });
    }
    Ok((clusters, stores, backups, client, networks))
}

/// What blocks deleting a role, given the scanned Regions.
pub fn blockers(role: &ServiceLinkedRole, regions: &[RegionReport], complete: bool) -> Vec<String> {
    let mut out = Vec::new();
    if role.name == slr::KMS_MULTI_REGION_KEYS.name {
        out.push("not part of this flow: the wizard never touches it".into());
        return out;
    }
    if !complete {
        out.push(t("inv.partial").into());
    }
    for r in regions {
        if let RegionState::Unknown { reason } = &r.status {
            out.push(tf(
                "inv.blocker_unknown",
                &[("region", &r.region), ("reason", reason)],
            ));
            continue;
        }
        if role.name == slr::CLOUDHSM.name {
            for c in r.clusters.iter().filter(|c| c.state != "DELETED") {
                out.push(tf(
                    "inv.blocker_cluster",
                    &[("region", &r.region), ("id", &c.id), ("state", &c.state)],
                ));
            }
        } else if role.name == slr::KMS_CUSTOM_KEY_STORES.name {
            for s in &r.stores {
                out.push(tf(
                    "inv.blocker_store",
                    &[("region", &r.region), ("id", &s.id)],
                ));
            }
        }
    }
    out
}

/// Scans `regions` (every enabled Region when `None`) and the service-linked roles.
pub async fn scan(cloud: &Cloud, regions: Option<Vec<String>>) -> Result<Inventory, CloudError> {
    let complete = regions.is_none();
    let names = async {
        match regions {
            Some(list) => Ok(list),
            None => cloud.regions().await,
        }
    };
    // Who am I, which Regions, and the (global) roles do not depend on each other.
    let found_roles = futures::future::try_join_all(slr::ALL.iter().map(|r| cloud.role(r.name)));
    let (me, names, found_roles, client_identities) = futures::try_join!(
        cloud.identity(),
        names,
        found_roles,
        cloud.client_identities()
    )?;
    let mut reports: Vec<RegionReport> =
        stream::iter(names.into_iter().map(|r| scan_region(cloud.in_region(&r))))
            .buffer_unordered(CONCURRENCY)
            .collect()
            .await;
    reports.sort_by(|a, b| a.region.cmp(&b.region));
    let mut roles = Vec::new();
    for (role, found) in slr::ALL.iter().zip(found_roles) {
        let found: Option<Role> = found;
        roles.push(RoleReport {
            name: role.name.into(),
            principal: role.principal.into(),
            exists: found.is_some(),
            created: found.as_ref().and_then(|r| r.created),
            last_used: found.as_ref().and_then(|r| r.last_used),
            blockers: blockers(role, &reports, complete),
        });
    }
    Ok(Inventory {
        account_id: me.account_id,
        complete,
        regions: reports,
        roles,
        client_identities,
    })
}
