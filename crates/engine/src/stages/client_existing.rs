//! `client.mode = "existing"`: the operator's own instance becomes the client. It must be in
//! the cluster's VPC; the wizard adds the cluster security group to its primary network
//! interface, keeping its other groups, and journals that it did (the teardown removes that
//! group and nothing else). SSM must manage the instance: the stage waits for that before it
//! changes anything, so an instance nobody could prepare is left as it was.

use super::client::INSTANCE;
use super::{Ctx, Outcome, StageError};

/// Journal kind of the one change made to an existing instance (id: `instance/group`).
pub const MEMBERSHIP: &str = "cluster-group-membership";

/// The instances the operator can choose from: those in the cluster's VPC (the TUI's picker).
pub async fn candidates(
    ctx: &mut Ctx,
) -> Result<Vec<crate::cloud::client_pick::Candidate>, StageError> {
    let c = ctx.cluster().await?;
    Ok(ctx.cloud.client_candidates(&c.vpc_id).await?)
}

pub async fn join(ctx: &mut Ctx) -> Result<Outcome, StageError> {
    let c = ctx.cluster().await?;
    let id = ctx.plan.client.instance_id.clone().unwrap_or_default();
    let i = ctx
        .cloud
        .instance(&id)
        .await?
        .filter(|i| !matches!(i.state.as_str(), "terminated" | "shutting-down"))
        .ok_or_else(|| StageError::keyed("ClientNotFound", "ClientNotFound", &[("id", &id)]))?;
    if i.vpc_id != c.vpc_id {
        return Err(StageError::keyed(
            "ClientWrongVpc",
            "ClientWrongVpc",
            &[("id", &id), ("vpc", &i.vpc_id), ("cluster_vpc", &c.vpc_id)],
        ));
    }
    // An instance SSM does not manage could never be prepared: leave it untouched.
    super::client::wait_online(ctx, &id).await?;
    if !i.groups.contains(&c.security_group) {
        let mut groups = i.groups.clone();
        groups.push(c.security_group.clone());
        let membership = format!("{id}/{}", c.security_group);
        ctx.journal.intent(ctx.stage, MEMBERSHIP, &membership)?;
        ctx.cloud.set_interface_groups(&i.eni, &groups).await?;
        ctx.created(MEMBERSHIP, &membership)?;
    }
    ctx.journal.set_fact(INSTANCE, &id)?;
    Ok(Outcome::Done)
}
