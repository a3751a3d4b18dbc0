//! Repair: an HSM that came up DEGRADED (or failed later) is deleted and created again in its
//! AZ — at its address when that is free — once; if the new one fails too, the wait fails with
//! the reason instead of trying forever. Setup's HSM stages and unpark wait through
//! `wait_repairing`; `keystore-wizard repair` replaces every DEGRADED HSM on demand.

use super::notice;
use super::slots::{self, Slot};
use crate::cloud::types::{Cluster, Hsm};
use crate::stages::{Ctx, StageError};
use std::collections::BTreeSet;

/// The journal fact with the places of the HSMs a repair is replacing (kept across a resume:
/// a repair killed after its delete still knows what to create).
pub const REPAIRING: &str = "repairing_hsms";

pub async fn apply(ctx: &mut Ctx) -> Result<(), StageError> {
    let c = ctx.cluster().await?;
    let bad: Vec<Hsm> = c
        .hsms
        .iter()
        .filter(|h| h.state == "DEGRADED")
        .cloned()
        .collect();
    let places = slots::remember(
        slots::parked(ctx.journal.fact(REPAIRING))
            .map_err(|why| StageError::local("JournalError", &why, Vec::new()))?,
        bad.iter().map(|h| Slot {
            az: h.az.clone(),
            subnet: h.subnet_id.clone(),
            ip: h.ip.clone(),
        }),
    );
    let settled = c.live_hsms().all(|h| h.state == "ACTIVE");
    if places.is_empty() && settled {
        notice(ctx, "NothingToRepair", &[("cluster", c.id.clone())]);
        return Ok(());
    }
    ctx.journal.set_fact(REPAIRING, &slots::encode(&places))?;
    for h in &bad {
        notice(
            ctx,
            "Replacing",
            &[("hsm", h.id.clone()), ("az", h.az.clone())],
        );
        super::park::delete_and_wait(ctx, &c.id, h).await?;
    }
    for slot in &places {
        let c = ctx.cluster().await?;
        if !c.live_hsms().any(|h| h.az == slot.az) {
            super::unpark::create_at(ctx, &c.id, slot).await?;
        }
    }
    let n = ctx.cluster().await?.live_hsms().count();
    wait_repairing(ctx, "the replaced HSMs to be ACTIVE", |c| {
        c.active_hsms().count() >= n && c.live_hsms().all(|h| h.state == "ACTIVE")
    })
    .await?;
    ctx.journal.set_fact(REPAIRING, "")?;
    if super::live_client(ctx).is_some() {
        crate::stages::client::configure(ctx).await?;
    }
    Ok(())
}

/// Deletes a DEGRADED HSM and creates another in its AZ.
async fn replace(ctx: &mut Ctx, cluster: &str, h: &Hsm) -> Result<(), StageError> {
    notice(
        ctx,
        "Replacing",
        &[("hsm", h.id.clone()), ("az", h.az.clone())],
    );
    super::park::delete_and_wait(ctx, cluster, h).await?;
    let slot = Slot {
        az: h.az.clone(),
        subnet: h.subnet_id.clone(),
        ip: h.ip.clone(),
    };
    super::unpark::create_at(ctx, cluster, &slot).await
}

/// Waits until the cluster satisfies `done`; an HSM that turns DEGRADED on the way is replaced
/// once per AZ, and a second failure in the same AZ ends the wait with the reason.
pub(crate) async fn wait_repairing(
    ctx: &mut Ctx,
    what: &str,
    done: impl Fn(&Cluster) -> bool,
) -> Result<Cluster, StageError> {
    let mut replaced: BTreeSet<String> = BTreeSet::new();
    loop {
        match ctx.wait_cluster(what, &done).await {
            Err(e) if e.code == "HsmDegraded" => {
                let c = ctx.cluster().await?;
                let Some(bad) = c.hsms.iter().find(|h| h.state == "DEGRADED").cloned() else {
                    continue;
                };
                if !replaced.insert(bad.az.clone()) {
                    return Err(StageError::keyed(
                        "HsmDegradedTwice",
                        "HsmDegradedTwice",
                        &[("id", &bad.id), ("az", &bad.az)],
                    ));
                }
                replace(ctx, &c.id, &bad).await?;
            }
            other => return other,
        }
    }
}
