//! A cluster created from a backup (`CreateCluster` `SourceBackupId`), as the CloudHSM User
//! Guide describes it ("Creating clusters from backups"): the backup must be READY, in this
//! Region, of the same HSM type (its mode is the cluster's); the new cluster holds the users —
//! with the passwords they had then — the key material, the certificates and the trust anchor
//! the backup holds, and shares its source's backup lineage, which is what makes it *related*
//! for KMS's `UpdateCustomKeyStore`. It is already initialized and activated, so it becomes
//! ACTIVE without HSMs; its HSMs are then cloned from the backup as they are created. Modelling
//! choice where AWS documents nothing exact: the state a restored cluster shows before its first
//! HSM (ACTIVE here). Depends on the model only.

use super::invalid;
use crate::durations;
use crate::model::{Backup, Cluster, CryptoUser, Event, World};
use crate::wire::ApiResult;

/// The backup a `SourceBackupId` (an id or an ARN) names, checked against the request.
pub fn source(
    w: &mut World,
    region: &str,
    id_or_arn: &str,
    hsm_type: &str,
    mode: &str,
) -> ApiResult<Backup> {
    let id = id_or_arn.rsplit('/').next().unwrap_or(id_or_arn);
    let b = w
        .region_mut(region)
        .backups
        .get(id)
        .cloned()
        .ok_or_else(|| super::not_found(format!("Backup {id} not found in {region}")))?;
    if b.state != "READY" {
        return Err(invalid(format!(
            "Backup {id} is {}; only a READY backup can be restored (restore a backup pending deletion with RestoreBackup first)",
            b.state
        )));
    }
    if b.hsm_type != hsm_type {
        return Err(invalid(format!(
            "Backup {id} is of HSM type {}; the cluster's HSM type must match ({hsm_type} was given)",
            b.hsm_type
        )));
    }
    if b.mode != mode {
        return Err(invalid(format!(
            "Backup {id} is of a {} cluster; the cluster's mode must match ({mode} was given)",
            b.mode
        )));
    }
    Ok(b)
}

/// What a new cluster takes from the backup.
pub fn seed(c: &mut Cluster, b: &Backup) {
    c.source_backup = Some(b.id.clone());
    c.lineage = if b.lineage.is_empty() {
        b.cluster_id.clone()
    } else {
        b.lineage.clone()
    };
    c.trust_anchor = b.trust_anchor.clone();
    c.cluster_cert = b.cluster_cert.clone();
    for (name, role) in &b.users {
        c.users.insert(
            name.clone(),
            CryptoUser {
                role: role.clone(),
                password_digest: b.user_digests.get(name).cloned().unwrap_or_default(),
                hsms: Default::default(),
                failed_logins: 0,
                logged_in: false,
            },
        );
    }
    for key in &b.keys {
        c.material.insert(key.clone(), Default::default());
    }
}

/// The restored cluster's creation finished: ACTIVE, with backups from now on.
pub fn created(w: &mut World, region: &str, id: &str) {
    if let Some(c) = w.region_mut(region).clusters.get_mut(id) {
        c.state = "ACTIVE".into();
        c.state_message = "Cluster is active (restored from a backup).".into();
    }
    w.schedule(durations::DAY, region, Event::DailyBackup(id.into()));
}
