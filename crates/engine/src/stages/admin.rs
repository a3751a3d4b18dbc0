//! The `admin` stage: the CloudHsmAdminPolicy customer managed policy — byte for byte the JSON of the
//! CloudHSM User Guide — attached to the CloudHsmAdministrator group, with optional members;
//! optionally the key-store-manager policy of the KMS guide on its own group.

use super::{Ctx, Outcome, StageError};
use crate::cloud::ErrorKind;

pub const ADMIN_POLICY: &str = include_str!("../../../../assets/policies/CloudHsmAdminPolicy.json");
pub const KEY_STORE_MANAGER_POLICY: &str =
    include_str!("../../../../assets/policies/KeyStoreManagerPolicy.json");

async fn ensure_policy(
    ctx: &mut Ctx,
    name: &str,
    document: &str,
    description: &str,
) -> Result<String, StageError> {
    let arn = format!("arn:aws:iam::{}:policy/{name}", ctx.account_id);
    if ctx.cloud.policy_exists(&arn).await? {
        ctx.adopted("iam-policy", &arn)?;
        return Ok(arn);
    }
    ctx.journal.intent(ctx.stage, "iam-policy", name)?;
    match ctx.cloud.create_policy(name, document, description).await {
        Ok(arn) => ctx.created("iam-policy", &arn)?,
        Err(e) if e.kind == ErrorKind::AlreadyExists => ctx.adopted("iam-policy", &arn)?,
        Err(e) => return Err(e.into()),
    }
    Ok(arn)
}

async fn ensure_group(
    ctx: &mut Ctx,
    group: &str,
    policy_arn: &str,
    members: &[String],
) -> Result<(), StageError> {
    if ctx.cloud.group_exists(group).await? {
        ctx.adopted("iam-group", group)?;
    } else {
        ctx.journal.intent(ctx.stage, "iam-group", group)?;
        match ctx.cloud.create_group(group).await {
            Ok(()) => ctx.created("iam-group", group)?,
            Err(e) if e.kind == ErrorKind::AlreadyExists => ctx.adopted("iam-group", group)?,
            Err(e) => return Err(e.into()),
        }
    }
    if !ctx
        .cloud
        .attached_policies(group)
        .await?
        .iter()
        .any(|a| a == policy_arn)
    {
        ctx.cloud.attach_group_policy(group, policy_arn).await?;
        ctx.journal.resource(
            ctx.stage,
            "iam-attachment",
            "created",
            &format!("{group}|{policy_arn}"),
        )?;
    }
    let current = if members.is_empty() {
        Vec::new()
    } else {
        ctx.cloud.group_members(group).await?
    };
    for m in members.iter().filter(|m| !current.contains(m)) {
        ctx.cloud.add_user_to_group(group, m).await?;
        ctx.journal.resource(
            ctx.stage,
            "iam-membership",
            "created",
            &format!("{group}|{m}"),
        )?;
    }
    Ok(())
}

pub async fn apply(ctx: &mut Ctx) -> Result<Outcome, StageError> {
    let (group, policy, members) = (
        ctx.plan.admin_group.clone(),
        ctx.plan.admin_policy.clone(),
        ctx.plan.admin_members.clone(),
    );
    let arn = ensure_policy(
        ctx,
        &policy,
        ADMIN_POLICY,
        "Permissions an AWS CloudHSM administrator needs (CloudHSM User Guide)",
    )
    .await?;
    ctx.journal.set_fact("admin_policy_arn", &arn)?;
    ctx.journal.set_fact("admin_group", &group)?;
    ensure_group(ctx, &group, &arn, &members).await?;
    if let Some((group, policy, members)) = ctx.plan.key_store_managers.clone() {
        let arn = ensure_policy(
            ctx,
            &policy,
            KEY_STORE_MANAGER_POLICY,
            "Minimum permissions of an AWS CloudHSM key store manager (KMS Developer Guide)",
        )
        .await?;
        ctx.journal.set_fact("ksm_policy_arn", &arn)?;
        ctx.journal.set_fact("ksm_group", &group)?;
        ensure_group(ctx, &group, &arn, &members).await?;
    }
    Ok(Outcome::Done)
}
