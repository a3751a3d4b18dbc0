//! `copy-backup --to-region R`: a backup of the run's cluster copied to another Region for
//! disaster recovery (`CopyBackupToRegion`) — by default the newest READY one — waited for
//! until READY there, and journaled as this run's, so `status` shows it and the teardown's
//! "every backup" includes it (by its SourceCluster). A copy already made from the same backup
//! is found and kept, never made twice. What it costs: nothing while it sits (CloudHSM does not
//! bill for backups); what it keeps: the key material as the backup holds it, in that Region.

use super::notice;
use crate::cloud::types::Backup;
use crate::run::wait::Poll;
use crate::stages::ctx::CLUSTER_BUDGET;
use crate::stages::{Ctx, StageError};

/// The journal fact listing the copies this run made (`region:backup-id`, comma-separated).
pub const COPIES: &str = "backup_copies";

pub async fn apply(ctx: &mut Ctx, given: Option<&str>, to: &str) -> Result<(), StageError> {
    if to == ctx.cloud.region {
        return Err(StageError::keyed(
            "CopySameRegion",
            "CopySameRegion",
            &[("region", &to)],
        ));
    }
    let cluster = ctx.cluster_id()?;
    let mine: Vec<Backup> = ctx
        .cloud
        .backups()
        .await?
        .into_iter()
        .filter(|b| b.cluster_id == cluster && b.state == "READY")
        .collect();
    let source = match given {
        Some(id) => mine.into_iter().find(|b| b.id == id),
        None => mine.into_iter().max_by_key(|b| b.created),
    }
    .ok_or_else(|| {
        StageError::keyed(
            "BackupNotFound",
            "BackupNotFound",
            &[("id", &given.unwrap_or("(the newest READY backup)"))],
        )
    })?;
    let there = ctx.cloud.in_region(to);
    let copy_of = |bs: Vec<Backup>| {
        bs.into_iter()
            .find(|b| b.source_backup.as_deref() == Some(source.id.as_str()))
    };
    if copy_of(there.backups().await?).is_none() {
        ctx.journal
            .intent(ctx.stage, "backup-copy", &format!("{to}:{}", source.id))?;
        ctx.cloud.copy_backup_to_region(&source.id, to).await?;
    }
    let reporter = ctx.reporter.clone();
    let waited = ctx
        .waiter
        .until(
            &reporter,
            ctx.stage,
            "the copy to be READY",
            CLUSTER_BUDGET,
            || async {
                Ok::<_, StageError>(match copy_of(there.backups().await?) {
                    Some(b) if b.state == "READY" => Poll::Ready(b),
                    Some(b) => Poll::Pending(b.state),
                    None => Poll::Pending("not listed yet".into()),
                })
            },
        )
        .await?;
    let copy = waited.map_err(StageError::from)?;
    ctx.created("backup", &copy.id)?;
    let mut copies: Vec<String> = ctx
        .journal
        .fact(COPIES)
        .map(|c| {
            c.split(',')
                .filter(|x| !x.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    let entry = format!("{to}:{}", copy.id);
    if !copies.contains(&entry) {
        copies.push(entry);
    }
    ctx.journal.set_fact(COPIES, &copies.join(","))?;
    notice(
        ctx,
        "Copied",
        &[
            ("backup", source.id.clone()),
            ("copy", copy.id.clone()),
            ("region", to.to_string()),
        ],
    );
    Ok(())
}
