//! `park`: the key store disconnected and the cluster's HSMs deleted one at a time, the cluster
//! and its backups kept — HSMs are what CloudHSM bills by the hour. Every HSM's AZ, subnet and
//! address are journaled before the first goes, so `unpark` can put them back. CloudHSM has no
//! API that takes a backup on demand; it takes one when an HSM is removed. So park waits for the
//! backup the first deletion took to be READY and checks that it is newer than the newest key
//! in the store before the last HSM goes — otherwise it stops there and says why. While parked,
//! every key in the store is unusable (KMS answers `KMSInvalidStateException`).

use super::notice;
use super::slots::{self, Slot};
use crate::cloud::types::{Backup, Hsm};
use crate::run::wait::Poll;
use crate::stages::ctx::CLUSTER_BUDGET;
use crate::stages::{Ctx, StageError};

pub async fn apply(ctx: &mut Ctx) -> Result<(), StageError> {
    let store = ctx
        .journal
        .fact("key_store_id")
        .map(str::to_string)
        .ok_or_else(|| StageError::keyed("NoKeyStore", "NoKeyStore", &[]))?;
    let c = ctx.cluster().await?;
    let live: Vec<Hsm> = c.live_hsms().cloned().collect();
    let places = slots::remember(
        slots::parked(ctx.journal.fact(slots::PARKED)).map_err(parked_unreadable)?,
        live.iter().map(|h| Slot {
            az: h.az.clone(),
            subnet: h.subnet_id.clone(),
            ip: h.ip.clone(),
        }),
    );
    ctx.journal
        .set_fact(slots::PARKED, &slots::encode(&places))?;
    let keys: Vec<_> = ctx
        .cloud
        .keys_in_store(&store)
        .await?
        .into_iter()
        .filter(|k| k.state != "PendingDeletion")
        .collect();
    notice(ctx, "KeysUnusable", &[("n", keys.len().to_string())]);
    crate::stages::connect::disconnect(ctx, &store).await?;
    // The backups there were before the first HSM went, kept across a resume: the one a
    // deletion takes is the one not among them.
    let before: Vec<String> = match ctx.journal.fact(slots::PARK_BEFORE) {
        Some(list) if !list.is_empty() => list.split(',').map(str::to_string).collect(),
        _ => {
            let ids: Vec<String> = backups_of(ctx, &c.id)
                .await?
                .into_iter()
                .map(|b| b.id)
                .collect();
            ctx.journal.set_fact(slots::PARK_BEFORE, &ids.join(","))?;
            ids
        }
    };
    // A resumed park may find an HSM still being deleted: its backup comes when it is gone.
    let c = ctx
        .wait_cluster_allowing_degraded("HSMs being deleted to go", |c| {
            !c.hsms.iter().any(|h| h.state == "DELETE_IN_PROGRESS")
        })
        .await?;
    let live: Vec<Hsm> = c.live_hsms().cloned().collect();
    let Some((last, first)) = live.split_last() else {
        notice(ctx, "AlreadyParked", &[("cluster", c.id.clone())]);
        ctx.journal.set_fact(slots::PARK_BEFORE, "")?;
        return Ok(());
    };
    for h in first {
        delete_and_wait(ctx, &c.id, h).await?;
    }
    // With more than one HSM to remove, the first removal's backup is the proof; a cluster
    // that had one HSM only has the backups it has.
    let backup = if places.len() > 1 {
        Some(backup_after(ctx, &c.id, &before).await?)
    } else {
        newest_ready(backups_of(ctx, &c.id).await?)
    };
    let newest_key = keys.iter().filter_map(|k| k.created).max();
    let covers = |b: &Backup| newest_key.is_none_or(|k| b.created.is_some_and(|t| t >= k));
    let backup = match backup {
        Some(b) if covers(&b) => b,
        other => {
            let key = keys
                .iter()
                .max_by_key(|k| k.created)
                .map(|k| k.id.clone())
                .unwrap_or_default();
            return Err(StageError::keyed(
                "ParkBackupOlderThanKey",
                "ParkBackupOlderThanKey",
                &[
                    ("backup", &other.map(|b| b.id).unwrap_or_else(|| "-".into())),
                    ("key", &key),
                    ("hsm", &last.id),
                ],
            ));
        }
    };
    ctx.journal.set_fact(slots::PARK_BACKUP, &backup.id)?;
    delete_and_wait(ctx, &c.id, last).await?;
    ctx.journal.set_fact(slots::PARK_BEFORE, "")?;
    let addresses: Vec<String> = places
        .iter()
        .map(|s| format!("{} {}", s.az, s.ip))
        .collect();
    notice(
        ctx,
        "Parked",
        &[
            ("cluster", c.id.clone()),
            ("backup", backup.id.clone()),
            ("places", addresses.join(", ")),
        ],
    );
    Ok(())
}

fn parked_unreadable(why: String) -> StageError {
    StageError::local("JournalError", &why, Vec::new())
}

async fn backups_of(ctx: &Ctx, cluster: &str) -> Result<Vec<Backup>, StageError> {
    Ok(ctx
        .cloud
        .backups()
        .await?
        .into_iter()
        .filter(|b| b.cluster_id == cluster)
        .collect())
}

fn newest_ready(backups: Vec<Backup>) -> Option<Backup> {
    backups
        .into_iter()
        .filter(|b| b.state == "READY")
        .max_by_key(|b| b.created)
}

/// The backup CloudHSM took as an HSM was removed: one not in `before`, waited for until READY.
async fn backup_after(ctx: &Ctx, cluster: &str, before: &[String]) -> Result<Backup, StageError> {
    let reporter = ctx.reporter.clone();
    let outcome = ctx
        .waiter
        .until(
            &reporter,
            ctx.stage,
            "the backup CloudHSM takes as an HSM is removed to be READY",
            CLUSTER_BUDGET,
            || async {
                let new: Vec<Backup> = backups_of(ctx, cluster)
                    .await?
                    .into_iter()
                    .filter(|b| !before.contains(&b.id))
                    .collect();
                let state = new
                    .iter()
                    .map(|b| format!("{} {}", b.id, b.state))
                    .collect::<Vec<_>>()
                    .join(", ");
                Ok::<_, StageError>(match newest_ready(new) {
                    Some(b) => Poll::Ready(b),
                    None => Poll::Pending(if state.is_empty() {
                        "none yet".into()
                    } else {
                        state
                    }),
                })
            },
        )
        .await?;
    outcome.map_err(StageError::from)
}

/// Deletes one HSM, journals it, and waits until the cluster no longer lists it.
pub(crate) async fn delete_and_wait(
    ctx: &mut Ctx,
    cluster: &str,
    h: &Hsm,
) -> Result<(), StageError> {
    ctx.cloud.delete_hsm(cluster, &h.id).await?;
    ctx.hsm_deleted(&h.id)?;
    let id = h.id.clone();
    ctx.wait_cluster_allowing_degraded(&format!("HSM {id} to be deleted"), |c| {
        !c.hsms.iter().any(|x| x.id == id)
    })
    .await?;
    Ok(())
}
