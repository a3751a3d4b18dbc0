//! When CloudHSM takes a cluster's backups and when it purges them, as the CloudHSM User Guide
//! says ("Cluster backups", "Configure backup retention"): there is no API to take one; the
//! service takes one when a cluster is activated, when an HSM is added to or removed from an
//! active cluster, and at least once every 24 hours; it marks backups older than the cluster's
//! retention for deletion (restorable for 7 days, then purged) but never a cluster's last
//! backup, and retention applies only to a cluster that exists. Each backup copies what the
//! HSMs hold (`material::snapshot`). Depends on the model only.

use crate::durations;
use crate::model::{Backup, Event, World};
use crate::wire::{ApiResult, json_str};
use serde_json::{Value, json};

/// A cluster that can be backed up: activated, not being deleted, with an HSM to read (one
/// being removed counts: its backup holds what it held).
fn backed_up(w: &mut World, region: &str, cluster_id: &str) -> bool {
    w.region_mut(region)
        .clusters
        .get(cluster_id)
        .is_some_and(|c| {
            matches!(c.state.as_str(), "ACTIVE" | "DEGRADED")
                && c.hsms.values().any(|h| h.state != "CREATE_IN_PROGRESS")
        })
}

/// Takes a backup of what the cluster's HSMs hold now.
pub fn take(w: &mut World, region: &str, cluster_id: &str) {
    let id = w.ids.base32("backup");
    let now = w.now;
    let r = w.region_mut(region);
    if let Some(c) = r.clusters.get(cluster_id) {
        let (keys, users) = super::material::snapshot(c);
        let user_digests = users
            .keys()
            .filter_map(|n| {
                c.users
                    .get(n)
                    .map(|u| (n.clone(), u.password_digest.clone()))
            })
            .collect();
        let b = Backup {
            id: id.clone(),
            cluster_id: cluster_id.into(),
            state: "READY".into(),
            created: now,
            delete_at: None,
            hsm_type: c.hsm_type.clone(),
            mode: c.mode.clone(),
            tags: Default::default(),
            keys,
            users,
            user_digests,
            lineage: c.lineage.clone(),
            trust_anchor: c.trust_anchor.clone(),
            cluster_cert: c.cluster_cert.clone(),
            source_region: None,
            source_backup: None,
            source_cluster: None,
            copied: None,
        };
        r.backups.insert(id, b);
    }
}

/// The cluster was activated: its first backup now, then one a day.
pub fn activated(w: &mut World, region: &str, cluster_id: &str) {
    take(w, region, cluster_id);
    w.schedule(
        durations::DAY,
        region,
        Event::DailyBackup(cluster_id.into()),
    );
}

/// An HSM was added to, or is being removed from, an active cluster.
pub fn hsm_changed(w: &mut World, region: &str, cluster_id: &str) {
    if backed_up(w, region, cluster_id) {
        take(w, region, cluster_id);
    }
}

/// The daily backup and the retention sweep; the next one is scheduled while the cluster is
/// there (a DELETED cluster takes no backup and its backups are no longer purged by age).
pub fn daily(w: &mut World, region: &str, cluster_id: &str) {
    let exists = w
        .region_mut(region)
        .clusters
        .get(cluster_id)
        .is_some_and(|c| c.state != "DELETED");
    if !exists {
        return;
    }
    if backed_up(w, region, cluster_id) {
        take(w, region, cluster_id);
    }
    retain(w, region, cluster_id);
    w.schedule(
        durations::DAY,
        region,
        Event::DailyBackup(cluster_id.into()),
    );
}

/// Marks for deletion the READY backups older than the cluster's retention, but its newest.
fn retain(w: &mut World, region: &str, cluster_id: &str) {
    let now = w.now;
    let r = w.region_mut(region);
    let Some(days) = r.clusters.get(cluster_id).map(|c| c.backup_days) else {
        return;
    };
    let limit = now - f64::from(days) * durations::DAY;
    let newest = r
        .backups
        .values()
        .filter(|b| b.cluster_id == cluster_id)
        .max_by(|a, b| a.created.total_cmp(&b.created))
        .map(|b| b.id.clone());
    let expired: Vec<String> = r
        .backups
        .values()
        .filter(|b| b.cluster_id == cluster_id && b.state == "READY" && b.created < limit)
        .filter(|b| Some(&b.id) != newest.as_ref())
        .map(|b| b.id.clone())
        .collect();
    for id in expired {
        if let Some(b) = w.region_mut(region).backups.get_mut(&id) {
            b.state = "PENDING_DELETION".into();
            b.delete_at = Some(now + durations::BACKUP_PENDING_DELETION);
        }
        w.schedule(
            durations::BACKUP_PENDING_DELETION,
            region,
            Event::BackupDeleted(id),
        );
    }
}

/// CopyBackupToRegion: a READY backup copied to another Region (the CloudHSM User Guide's
/// cross-Region disaster recovery): the copy has its own id there, keeps the source's cluster
/// id, contents and creation time, names its source (SourceRegion, SourceBackup,
/// SourceCluster), and is READY after the copy's time. The answer names no id: the caller finds
/// the copy in the destination Region by its SourceBackup.
pub fn copy_to_region(w: &mut World, region: &str, v: &Value) -> ApiResult<Value> {
    let id = json_str(v, "BackupId")?.to_string();
    let dest = json_str(v, "DestinationRegion")?.to_string();
    if dest == region || !crate::regions::is_known(&dest) {
        return Err(super::invalid(format!(
            "{dest} is not another Region this backup can be copied to"
        )));
    }
    let source = w
        .region_mut(region)
        .backups
        .get(&id)
        .cloned()
        .ok_or_else(|| super::not_found(format!("Backup {id} not found")))?;
    if source.state != "READY" {
        return Err(super::invalid(format!(
            "Backup {id} is {}; only a READY backup can be copied",
            source.state
        )));
    }
    let copy_id = w.ids.base32("backup");
    let now = w.now;
    let mut copy = source.clone();
    copy.id = copy_id.clone();
    copy.state = "CREATE_IN_PROGRESS".into();
    copy.delete_at = None;
    copy.tags = super::tags_from(v, "TagList")?;
    copy.source_region = Some(region.to_string());
    copy.source_backup = Some(id.clone());
    copy.source_cluster = Some(source.cluster_id.clone());
    copy.copied = Some(now);
    w.region_mut(&dest).backups.insert(copy_id.clone(), copy);
    w.schedule(durations::BACKUP_COPY, &dest, Event::BackupCopied(copy_id));
    Ok(json!({"DestinationBackup": {
        "CreateTimestamp": source.created, "SourceRegion": region,
        "SourceBackup": id, "SourceCluster": source.cluster_id,
    }}))
}
