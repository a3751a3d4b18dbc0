//! The `first_hsm` stage: exactly one HSM, then its CSR. CreateHsm is attempted once; on failure the cluster
//! is read again, and an HSM that appeared anyway is adopted rather than duplicated.

use super::{Ctx, Outcome, StageError};

/// Creates an HSM in `az` unless `has_enough` already holds; re-reads after a failed create.
pub async fn create_hsm_once(
    ctx: &mut Ctx,
    az: &str,
    has_enough: impl Fn(&crate::cloud::types::Cluster) -> bool,
) -> Result<(), StageError> {
    let c = ctx.cluster().await?;
    if has_enough(&c) {
        for h in c.live_hsms() {
            if !ctx.journal.resources().iter().any(|(_, id)| id == &h.id) {
                ctx.adopted("hsm", &h.id)?;
            }
        }
        return Ok(());
    }
    ctx.journal.intent(ctx.stage, "hsm", az)?;
    match ctx.cloud.create_hsm(&c.id, az).await {
        Ok(id) => ctx.created("hsm", &id),
        Err(e) => {
            let again = ctx.cluster().await?;
            let known: Vec<String> = c.live_hsms().map(|h| h.id.clone()).collect();
            match again
                .live_hsms()
                .find(|h| !known.contains(&h.id) && h.az == az)
            {
                Some(h) => ctx.adopted("hsm", &h.id.clone()),
                None => Err(e.into()),
            }
        }
    }
}

pub async fn apply(ctx: &mut Ctx) -> Result<Outcome, StageError> {
    let azs: Vec<String> = ctx
        .journal
        .fact("hsm_azs")
        .unwrap_or_default()
        .split(',')
        .map(str::to_string)
        .collect();
    let az = azs.first().cloned().unwrap_or_default();
    create_hsm_once(ctx, &az, |c| c.live_hsms().count() >= 1).await?;
    // A DEGRADED HSM is replaced once in its AZ, then the stage fails with the reason.
    crate::daytwo::repair::wait_repairing(
        ctx,
        "first HSM to be ACTIVE and the CSR to appear",
        |c| c.active_hsms().count() >= 1 && (c.state != "UNINITIALIZED" || c.csr.is_some()),
    )
    .await?;
    Ok(Outcome::Done)
}
