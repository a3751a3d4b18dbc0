//! The `cluster` stage: the CloudHSM cluster. Found by the journal or by the run tag before anything is
//! created; CreateCluster is attempted once (no idempotency token), and on failure the run tag
//! is read again, so a lost response is adopted instead of duplicated. The CloudHSM
//! service-linked role is observed before and after.

use super::slr_observe;
use super::{Ctx, Outcome, StageError};
use crate::cloud::hsm::ClusterSpec;
use keystore_facts::slr;

pub async fn apply(ctx: &mut Ctx) -> Result<Outcome, StageError> {
    let id = match ctx.journal.fact("cluster_id").map(str::to_string) {
        Some(id) => {
            let before = slr_observe::present(ctx, &slr::CLOUDHSM).await;
            slr_observe::report(ctx, &slr::CLOUDHSM, before, before);
            id
        }
        None => {
            let before = slr_observe::present(ctx, &slr::CLOUDHSM).await;
            let tagged = ctx.cloud.clusters_tagged(&ctx.run_id).await?;
            let id = if let Some(c) = tagged.first() {
                ctx.adopted("cluster", &c.id)?;
                c.id.clone()
            } else {
                let subnets = ctx.subnet_ids();
                let spec = ClusterSpec {
                    hsm_type: ctx.plan.hsm_type.clone(),
                    mode: ctx.plan.mode.clone(),
                    backup_days: ctx.plan.backup_days,
                    subnet_ids: subnets,
                    run_id: ctx.run_id.clone(),
                    source_backup: None,
                };
                ctx.journal
                    .intent(ctx.stage, "cluster", &ctx.run_id.clone())?;
                match ctx.cloud.create_cluster(&spec).await {
                    Ok(c) => {
                        ctx.created("cluster", &c.id)?;
                        c.id
                    }
                    Err(e) => {
                        // The create may have happened even though its answer was lost.
                        let again = ctx.cloud.clusters_tagged(&ctx.run_id).await?;
                        let Some(c) = again.first() else {
                            return Err(e.into());
                        };
                        ctx.adopted("cluster", &c.id)?;
                        c.id.clone()
                    }
                }
            };
            ctx.journal.set_fact("cluster_id", &id)?;
            let after = slr_observe::present(ctx, &slr::CLOUDHSM).await;
            slr_observe::report(ctx, &slr::CLOUDHSM, before, after);
            id
        }
    };
    let _ = id;
    ctx.wait_cluster("cluster to leave CREATE_IN_PROGRESS", |c| {
        c.state != "CREATE_IN_PROGRESS"
    })
    .await?;
    Ok(Outcome::Done)
}
