//! The `second_hsm` stage: a second HSM in another Availability Zone (a key store needs two ACTIVE HSMs in
//! different AZs). Only possible once the cluster is ACTIVE. The client's CLI configuration is
//! refreshed with both addresses.

use super::first_hsm::create_hsm_once;
use super::{Ctx, Outcome, StageError};
use std::collections::BTreeSet;

fn azs_of(c: &crate::cloud::types::Cluster) -> BTreeSet<String> {
    c.live_hsms().map(|h| h.az.clone()).collect()
}

pub async fn apply(ctx: &mut Ctx) -> Result<Outcome, StageError> {
    let c = ctx.cluster().await?;
    let used = azs_of(&c);
    let az = c
        .subnets
        .keys()
        .find(|a| !used.contains(*a))
        .cloned()
        .unwrap_or_default();
    create_hsm_once(ctx, &az, |c| azs_of(c).len() >= 2).await?;
    crate::daytwo::repair::wait_repairing(ctx, "both HSMs to be ACTIVE in two AZs", |c| {
        let active: BTreeSet<&str> = c.active_hsms().map(|h| h.az.as_str()).collect();
        active.len() >= 2 && c.live_hsms().all(|h| h.state == "ACTIVE")
    })
    .await?;
    // "If you add or delete HSMs, update the configuration files."
    if super::client::driven(ctx) {
        super::client::configure(ctx).await?;
    }
    Ok(Outcome::Done)
}
