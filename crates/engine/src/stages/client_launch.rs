//! The `client_launch` stage (after the cluster, before the first HSM): the CloudHSM client host. `launch`:
//! check that an instance without a public IP in a cluster subnet could reach SSM and the CLI
//! package (`keystore_facts::reach`), create what a VPC the wizard made lacks when the plan
//! consents (or stop, saying what is missing and how to add it, before anything is launched),
//! then a role with only what SSM needs, its instance profile, the client's own security group,
//! and one `RunInstances` with a `ClientToken`. The stage only issues the creates: the instance
//! boots and registers with SSM while the first HSM is created, and `client_prepare` waits for
//! it. `existing`: the cluster security group is added to the named instance. `manual`: nothing.
//! Every create is journaled the moment it returns.

use super::client::{self, INSTANCE, RETIRED};
use super::{Ctx, Outcome, StageError};
use crate::cloud::iam_profile::{SESSION_KEY_POLICY, SSM_CORE_POLICY, session_key_policy};
use crate::cloud::types::Cluster;
use crate::inputs::plan::ClientMode;
use crate::run::wait::Poll;
use keystore_facts::reach::{self, Missing};

pub async fn apply(ctx: &mut Ctx) -> Result<Outcome, StageError> {
    match ctx.plan.client.mode {
        ClientMode::Manual => Ok(Outcome::Done),
        ClientMode::Existing => super::client_existing::join(ctx).await,
        ClientMode::Launch if ctx.journal.fact(RETIRED).is_some() => Ok(Outcome::Done),
        ClientMode::Launch => launch(ctx).await,
    }
}

async fn launch(ctx: &mut Ctx) -> Result<Outcome, StageError> {
    let c = ctx.cluster().await?;
    if let Some(id) = ctx.journal.fact(INSTANCE).map(str::to_string)
        && let Some(i) = ctx.cloud.instance(&id).await?
        && matches!(i.state.as_str(), "pending" | "running")
    {
        ctx.adopted("instance", &id)?;
        return Ok(Outcome::Done);
    }
    let name = client::client_group_name(&ctx.run_id);
    // Decide before creating anything whether the wizard may (and can) give the client a way in.
    let earlier = ctx.cloud.security_group_named(&c.vpc_id, &name).await?;
    let (net, _) = ctx
        .cloud
        .network_for_client(&c.vpc_id, earlier.as_deref())
        .await?;
    refusal(ctx, &c, &net)?;
    let client_sg = group(
        ctx,
        &c.vpc_id,
        &name,
        "keystore-wizard client host (no inbound rules)",
    )
    .await?;
    way_in(ctx, &c, &client_sg).await?;
    let profile = identity(ctx).await?;
    let ami = ctx.cloud.al2023_ami().await?;
    let subnet = c.subnets.values().next().cloned().unwrap_or_default();
    let groups = vec![c.security_group.clone(), client_sg];
    let launched = ctx
        .journal
        .resources()
        .iter()
        .filter(|(k, _)| k == "instance")
        .count();
    let token = format!("{}-client-{launched}", ctx.run_id);
    ctx.journal.intent(ctx.stage, "instance", &token)?;
    let reporter = ctx.reporter.clone();
    let kind = &ctx.plan.client.instance_type;
    let outcome = ctx
        .waiter
        .until(
            &reporter,
            ctx.stage,
            "IAM to propagate the client's instance profile",
            client::PROPAGATION_BUDGET,
            || async {
                let r = ctx
                    .cloud
                    .run_client(&ami, kind, &subnet, &groups, &profile, &token, &ctx.run_id)
                    .await;
                match r {
                    Ok(id) => Ok(Poll::Ready(id)),
                    Err(e)
                        if e.code == "InvalidParameterValue"
                            && e.message.contains("Instance Profile") =>
                    {
                        Ok(Poll::Pending(
                            "instance profile not visible to EC2 yet".into(),
                        ))
                    }
                    Err(e) => Err(StageError::from(e)),
                }
            },
        )
        .await?;
    let id = outcome.map_err(|x| {
        StageError::keyed(
            "ProfileNotPropagated",
            "ProfileNotPropagated",
            &[
                ("profile", &profile),
                ("minutes", &(x.waited_s / 60.0).round()),
            ],
        )
    })?;
    ctx.created("instance", &id)?;
    ctx.journal.set_fact(INSTANCE, &id)?;
    Ok(Outcome::Done)
}

/// The security group called `name` in `vpc`: this run's, found again, or created now.
async fn group(ctx: &mut Ctx, vpc: &str, name: &str, about: &str) -> Result<String, StageError> {
    if let Some(id) = ctx.cloud.security_group_named(vpc, name).await? {
        ctx.adopted("security-group", &id)?;
        return Ok(id);
    }
    ctx.journal.intent(ctx.stage, "security-group", name)?;
    let id = ctx
        .cloud
        .create_security_group(vpc, name, about, &ctx.run_id)
        .await?;
    ctx.created("security-group", &id)?;
    Ok(id)
}

fn words(missing: &[Missing]) -> String {
    missing
        .iter()
        .map(|m| match m {
            Missing::SsmEndpoint(s) => format!("interface endpoint {s} (private DNS)"),
            Missing::DnsSupport => "enableDnsSupport".into(),
            Missing::DnsHostnames => "enableDnsHostnames".into(),
            Missing::EndpointIngress => "TCP 443 from the client on the endpoints' group".into(),
            Missing::S3Gateway => "S3 gateway endpoint on the main route table".into(),
            Missing::PackageOutsideRegion => "a NAT route to the us-east-1 package bucket".into(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn missing(net: &reach::Network) -> Vec<Missing> {
    let mut missing = reach::ssm_missing(net);
    missing.extend(reach::package_missing(net));
    missing
}

/// Why the wizard will not give this network a way in: the package is out of reach from this
/// Region, the VPC is not one this run created, or the plan does not consent.
fn refusal(ctx: &Ctx, c: &Cluster, net: &reach::Network) -> Result<(), StageError> {
    let missing = missing(net);
    if missing.is_empty() {
        return Ok(());
    }
    let list = words(&missing);
    let vpc = c.vpc_id.as_str();
    if missing.contains(&Missing::PackageOutsideRegion) {
        return Err(StageError::keyed(
            "ClientPackageOutsideRegion",
            "ClientPackageOutsideRegion",
            &[("region", &net.region), ("vpc", &vpc), ("missing", &list)],
        ));
    }
    let ours = ctx
        .journal
        .resources()
        .iter()
        .any(|(k, id)| k == "vpc" && id == vpc);
    if !ours || missing.contains(&Missing::DnsSupport) {
        return Err(StageError::keyed(
            "ClientNoWayIn",
            "ClientNoWayIn",
            &[("vpc", &vpc), ("missing", &list)],
        ));
    }
    if !ctx.plan.client.create_endpoints {
        return Err(StageError::keyed(
            "ClientNoWayInConsent",
            "ClientNoWayInConsent",
            &[("vpc", &vpc), ("missing", &list)],
        ));
    }
    Ok(())
}

/// Gives an instance without a public IP a way to SSM and the packages: in a VPC this run
/// created and with the plan's consent, creates what is missing (`refusal` says otherwise).
async fn way_in(ctx: &mut Ctx, c: &Cluster, client_sg: &str) -> Result<(), StageError> {
    let (net, table) = ctx
        .cloud
        .network_for_client(&c.vpc_id, Some(client_sg))
        .await?;
    refusal(ctx, c, &net)?;
    let missing = missing(&net);
    let vpc = c.vpc_id.as_str();
    if missing.contains(&Missing::DnsHostnames) {
        ctx.cloud.enable_dns_hostnames(vpc).await?;
        ctx.journal
            .resource(ctx.stage, "vpc-dns-hostnames", "changed", vpc)?;
    }
    let subnets: Vec<String> = c.subnets.values().cloned().collect();
    let needs_endpoints = missing
        .iter()
        .any(|m| matches!(m, Missing::SsmEndpoint(_) | Missing::EndpointIngress));
    if needs_endpoints {
        let name = client::endpoint_group_name(&ctx.run_id);
        let sg = group(
            ctx,
            vpc,
            &name,
            "keystore-wizard SSM endpoints (443 from the client)",
        )
        .await?;
        ctx.cloud.allow_443_from(&sg, client_sg).await?;
        for m in &missing {
            if let Missing::SsmEndpoint(service) = m {
                let token = format!("{}-{service}", ctx.run_id);
                ctx.journal.intent(ctx.stage, "vpc-endpoint", &token)?;
                let id = ctx
                    .cloud
                    .create_interface_endpoint(vpc, service, &subnets, &sg, &token, &ctx.run_id)
                    .await?;
                ctx.created("vpc-endpoint", &id)?;
            }
        }
    }
    if missing.contains(&Missing::S3Gateway) {
        let table = table.unwrap_or_default();
        let token = format!("{}-s3", ctx.run_id);
        ctx.journal.intent(ctx.stage, "vpc-endpoint", &token)?;
        let id = ctx
            .cloud
            .create_s3_gateway(vpc, &table, &token, &ctx.run_id)
            .await?;
        ctx.created("vpc-endpoint", &id)?;
    }
    Ok(())
}

/// The client's role (SSM only, plus `kms:Decrypt` on the Session Manager key when the
/// account's preferences encrypt sessions) in an instance profile of the same name.
async fn identity(ctx: &mut Ctx) -> Result<String, StageError> {
    let name = client::identity_name(&ctx.run_id);
    if ctx.cloud.role_exists(&name).await? {
        ctx.adopted("iam-role", &name)?;
    } else {
        ctx.journal.intent(ctx.stage, "iam-role", &name)?;
        ctx.cloud.create_client_role(&name, &ctx.run_id).await?;
        ctx.created("iam-role", &name)?;
    }
    ctx.cloud.attach_role_policy(&name, SSM_CORE_POLICY).await?;
    if let Some(key) = ctx.cloud.session_kms_key().await? {
        ctx.cloud
            .put_role_policy(&name, SESSION_KEY_POLICY, &session_key_policy(&key))
            .await?;
    }
    match ctx.cloud.instance_profile(&name).await? {
        Some(roles) if roles.contains(&name) => ctx.adopted("instance-profile", &name)?,
        Some(_) => {
            ctx.adopted("instance-profile", &name)?;
            ctx.cloud.add_role_to_profile(&name, &name).await?;
        }
        None => {
            ctx.journal.intent(ctx.stage, "instance-profile", &name)?;
            ctx.cloud.create_instance_profile(&name).await?;
            ctx.created("instance-profile", &name)?;
            ctx.cloud.add_role_to_profile(&name, &name).await?;
        }
    }
    Ok(name)
}
