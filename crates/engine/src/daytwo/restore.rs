//! `restore --from-backup BACKUP`: a new cluster from the backup in the run's subnets, two HSMs
//! in two AZs, the client refreshed, the key store (disconnected first) pointed at the new
//! cluster with `UpdateCustomKeyStore`, connected, and the canary decrypted under the same key
//! id. Checked before anything changes: the backup is READY, it was taken of the store's cluster
//! or of one this run restored (KMS accepts only a *related* cluster, else
//! `CloudHsmClusterNotRelatedException`), and it holds every key of the store (a key newer than
//! the backup is not in it: the restore names those keys and stops). KMS changes the kmsuser
//! password each time it connects a store, so a backup from before the last connect holds an
//! older one and the connect ends INVALID_CREDENTIALS: then the documented path — the operator,
//! as admin in the client's CLI, sets a new kmsuser password, and the wizard puts the same
//! password in the key store (from KEYSTORE_WIZARD_KMSUSER_PASSWORD or a file; never through
//! an AWS service that stores it). The old cluster stays journaled, for the teardown to offer.

use super::notice;
use super::slots::Slot;
use crate::cloud::hsm::ClusterSpec;
use crate::cloud::types::Backup;
use crate::run::events::Event;
use crate::stages::{Ctx, StageError};

/// The backup being restored (kept for a resume).
pub const BACKUP: &str = "restore_backup";
/// The cluster the restore made (kept for a resume).
pub const CLUSTER: &str = "restore_cluster";
/// Every cluster of this run's lineage: the setup's and each one restored (comma-separated).
pub const RELATED: &str = "related_clusters";

pub async fn apply(ctx: &mut Ctx, given: Option<&str>) -> Result<(), StageError> {
    let backup_id = match given.or(ctx.journal.fact(BACKUP)) {
        Some(b) => b.to_string(),
        None => return Err(StageError::keyed("NoBackupGiven", "NoBackupGiven", &[])),
    };
    ctx.journal.set_fact(BACKUP, &backup_id)?;
    let store = ctx
        .journal
        .fact("key_store_id")
        .map(str::to_string)
        .ok_or_else(|| StageError::keyed("NoKeyStore", "NoKeyStore", &[]))?;
    let current = ctx.cluster_id()?;
    let mut related: Vec<String> = ctx
        .journal
        .fact(RELATED)
        .map(|r| r.split(',').map(str::to_string).collect())
        .unwrap_or_else(|| vec![current.clone()]);
    if !related.contains(&current) {
        related.push(current.clone());
    }
    let made = ctx.journal.fact(CLUSTER).map(str::to_string);
    if made.as_deref() != Some(current.as_str()) {
        check(ctx, &backup_id, &store, &related).await?;
    }
    let new = match made {
        Some(id) => id,
        None => create(ctx, &backup_id, &related).await?,
    };
    related.retain(|c| c != &new);
    related.push(new.clone());
    ctx.journal.set_fact(RELATED, &related.join(","))?;
    // From here on, the run's cluster is the restored one: waits, HSMs, the client, the store.
    ctx.journal.set_fact("cluster_id", &new)?;
    // AWS does not document the state a restored cluster shows before its first HSM: wait
    // only for its creation to end, and for ACTIVE once its HSMs are there.
    let c = ctx
        .wait_cluster("the restored cluster to be created", |c| {
            c.state != "CREATE_IN_PROGRESS"
        })
        .await?;
    let azs: Vec<(String, String)> = c
        .subnets
        .iter()
        .map(|(az, s)| (az.clone(), s.clone()))
        .take(2)
        .collect();
    for (az, subnet) in &azs {
        let c = ctx.cluster().await?;
        if !c.live_hsms().any(|h| &h.az == az) {
            let slot = Slot {
                az: az.clone(),
                subnet: subnet.clone(),
                ip: String::new(),
            };
            super::unpark::create_at(ctx, &new, &slot).await?;
        }
    }
    let n = azs.len();
    super::repair::wait_repairing(ctx, "the restored cluster and its HSMs to be ACTIVE", |c| {
        c.state == "ACTIVE"
            && c.active_hsms().count() >= n
            && c.live_hsms().all(|h| h.state == "ACTIVE")
    })
    .await?;
    if super::live_client(ctx).is_some() {
        crate::stages::client::configure(ctx).await?;
    }
    repoint(ctx, &store, &new).await?;
    connect_with_password_path(ctx, &store).await?;
    super::unpark::prove(ctx).await?;
    ctx.journal.set_fact(BACKUP, "")?;
    notice(
        ctx,
        "Restored",
        &[
            ("cluster", new.clone()),
            ("backup", backup_id),
            ("store", store),
            ("old", current),
        ],
    );
    Ok(())
}

/// Refuses, before any change, a backup that is not READY, is unrelated to the store's cluster,
/// or lacks one of the store's keys.
async fn check(ctx: &Ctx, id: &str, store: &str, related: &[String]) -> Result<Backup, StageError> {
    let b = ctx
        .cloud
        .backups()
        .await?
        .into_iter()
        .find(|b| b.id == id)
        .ok_or_else(|| StageError::keyed("BackupNotFound", "BackupNotFound", &[("id", &id)]))?;
    if b.state != "READY" {
        return Err(StageError::keyed(
            "BackupNotReady",
            "BackupNotReady",
            &[("id", &id), ("state", &b.state)],
        ));
    }
    if !related.contains(&b.cluster_id) {
        return Err(StageError::keyed(
            "BackupNotRelated",
            "BackupNotRelated",
            &[
                ("id", &id),
                ("cluster", &b.cluster_id),
                ("related", &related.join(", ")),
            ],
        ));
    }
    let lacking: Vec<String> = ctx
        .cloud
        .keys_in_store(store)
        .await?
        .into_iter()
        .filter(|k| k.state != "PendingDeletion")
        .filter(|k| match (k.created, b.created) {
            (Some(k), Some(t)) => k > t,
            _ => false,
        })
        .map(|k| k.id)
        .collect();
    if !lacking.is_empty() {
        return Err(StageError::keyed(
            "BackupLacksKeys",
            "BackupLacksKeys",
            &[("id", &id), ("keys", &lacking.join(", "))],
        ));
    }
    Ok(b)
}

/// The new cluster from the backup, journaled as its create returns. A cluster tagged with this
/// run that is not one of its known clusters is a restore whose answer was lost (or whose run
/// was killed before journaling it): it is adopted, never made twice.
async fn create(ctx: &mut Ctx, backup_id: &str, related: &[String]) -> Result<String, StageError> {
    let unknown = |clusters: Vec<crate::cloud::types::Cluster>| {
        clusters
            .into_iter()
            .find(|c| !related.contains(&c.id) && c.state != "DELETED")
    };
    if let Some(c) = unknown(ctx.cloud.clusters_tagged(&ctx.run_id.clone()).await?) {
        ctx.adopted("cluster", &c.id)?;
        ctx.journal.set_fact(CLUSTER, &c.id)?;
        return Ok(c.id);
    }
    let b = check_exists(ctx, backup_id).await?;
    let subnets = ctx.subnet_ids();
    let spec = ClusterSpec {
        hsm_type: b.hsm_type.clone(),
        mode: b.mode.clone(),
        backup_days: ctx.plan.backup_days,
        subnet_ids: subnets,
        run_id: ctx.run_id.clone(),
        source_backup: Some(backup_id.to_string()),
    };
    ctx.journal.intent(ctx.stage, "cluster", backup_id)?;
    let id = match ctx.cloud.create_cluster(&spec).await {
        Ok(c) => {
            ctx.created("cluster", &c.id)?;
            c.id
        }
        Err(e) => {
            let appeared = unknown(ctx.cloud.clusters_tagged(&ctx.run_id.clone()).await?);
            match appeared {
                Some(c) => {
                    ctx.adopted("cluster", &c.id)?;
                    c.id
                }
                None => return Err(e.into()),
            }
        }
    };
    ctx.journal.set_fact(CLUSTER, &id)?;
    Ok(id)
}

async fn check_exists(ctx: &Ctx, id: &str) -> Result<Backup, StageError> {
    ctx.cloud
        .backups()
        .await?
        .into_iter()
        .find(|b| b.id == id)
        .ok_or_else(|| StageError::keyed("BackupNotFound", "BackupNotFound", &[("id", &id)]))
}

/// The store, disconnected, pointed at the restored cluster (unless it already is).
async fn repoint(ctx: &mut Ctx, store: &str, cluster: &str) -> Result<(), StageError> {
    let s =
        ctx.cloud.key_store(store).await?.ok_or_else(|| {
            StageError::keyed("KeyStoreGone", "KeyStoreGoneNow", &[("id", &store)])
        })?;
    if s.cluster_id == cluster {
        return Ok(());
    }
    crate::stages::connect::disconnect(ctx, store).await?;
    match ctx.cloud.update_key_store_cluster(store, cluster).await {
        Ok(()) => Ok(()),
        Err(e) if e.code == "CloudHsmClusterNotRelatedException" => Err(StageError::keyed(
            "BackupNotRelated",
            "ClusterNotRelated",
            &[("store", &store), ("cluster", &cluster)],
        )),
        Err(e) => Err(e.into()),
    }
}

/// Connects; an INVALID_CREDENTIALS (a backup from before KMS last changed the kmsuser
/// password) takes the documented path: a rehearsal's operator sets the new password as admin
/// and the connect stage's retry puts it in the store; against AWS the operator is given the
/// commands and runs the restore again with the new password.
async fn connect_with_password_path(ctx: &mut Ctx, store: &str) -> Result<(), StageError> {
    let first = crate::stages::connect::connect(ctx).await;
    let Err(e) = first else {
        return Ok(());
    };
    if e.code != "INVALID_CREDENTIALS" {
        return Err(e);
    }
    let c = ctx.cluster().await?;
    let commands = vec![
        crate::i18n::tf("op.in_cli", &[("id", &c.id)]),
        "/opt/cloudhsm/bin/cloudhsm-cli interactive".into(),
        "aws-cloudhsm > login --username admin --role admin".into(),
        "aws-cloudhsm > user change-password --username kmsuser --role crypto-user   # the new key store password; it prompts".into(),
        "aws-cloudhsm > logout".into(),
        crate::i18n::t("d2.password_then").into(),
    ];
    notice(ctx, "PasswordPath", &[("store", store.to_string())]);
    if !ctx.operator.can_perform() || !ctx.secrets.kmsuser_given {
        ctx.emit(Event::OperatorAction {
            stage: ctx.stage.into(),
            commands,
            performed_by: "operator".into(),
        });
        return Err(StageError::keyed(
            "PasswordPathNeeded",
            "PasswordPathNeeded",
            &[("store", &store)],
        ));
    }
    let fail =
        |e: String| StageError::keyed("OperatorStepFailed", "KmsuserStepFailed", &[("detail", &e)]);
    let changed = ctx
        .operator
        .as_admin(
            &c.id,
            ctx.secrets.admin.as_ref(),
            &[
                "user",
                "change-password",
                "--username",
                "kmsuser",
                "--role",
                "crypto-user",
            ],
            Some(&ctx.secrets.kmsuser),
        )
        .await
        .map_err(fail)?;
    if changed.exit_code != 0 {
        return Err(fail(format!(
            "user change-password failed: {}",
            changed.stdout
        )));
    }
    ctx.emit(Event::OperatorAction {
        stage: ctx.stage.into(),
        commands,
        performed_by: "sandbox".into(),
    });
    // The connect stage's retry: disconnect the FAILED store, put the password in, connect.
    crate::stages::connect::connect(ctx).await.map(|_| ())
}
