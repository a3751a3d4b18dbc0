//! The `network` stage: the subnets the cluster will use — the plan's existing ones, or a VPC with private
//! subnets created for (and tagged with) this run. Checks what AWS would reject later: one VPC,
//! one subnet per AZ, at least two AZs, and free addresses (one per HSM, one for KMS).

use super::{Ctx, Outcome, StageError};
use crate::cloud::types::Subnet;
use crate::inputs::plan::Network;
use std::collections::BTreeSet;

/// Addresses a cluster subnet needs: one HSM and one KMS network interface.
const NEEDED_FREE: i32 = 2;

/// What AWS would refuse later about a set of cluster subnets (also checked by the TUI picker).
pub fn check(subnets: &[Subnet]) -> Result<(), StageError> {
    let vpcs: BTreeSet<&str> = subnets.iter().map(|s| s.vpc_id.as_str()).collect();
    if vpcs.len() > 1 {
        return Err(StageError::keyed(
            "SubnetsInSeveralVpcs",
            "SubnetsInSeveralVpcs",
            &[("n", &vpcs.len())],
        ));
    }
    let mut azs = BTreeSet::new();
    for s in subnets {
        if !azs.insert(s.az.as_str()) {
            return Err(StageError::keyed(
                "OneSubnetPerAz",
                "OneSubnetPerAz",
                &[("az", &s.az)],
            ));
        }
    }
    if azs.len() < 2 {
        return Err(StageError::keyed("OneAzOnly", "OneAzOnly", &[]));
    }
    if let Some(s) = subnets.iter().find(|s| s.free_ips < NEEDED_FREE) {
        return Err(StageError::keyed(
            "InsufficientFreeAddresses",
            "InsufficientFreeAddresses",
            &[
                ("subnet", &s.id),
                ("free", &s.free_ips),
                ("needed", &NEEDED_FREE),
            ],
        ));
    }
    Ok(())
}

async fn create_vpc(
    ctx: &mut Ctx,
    cidr: &str,
    planned: &[(String, Option<String>)],
) -> Result<Vec<Subnet>, StageError> {
    let vpc = match ctx.cloud.vpc_tagged(&ctx.run_id).await? {
        Some(v) => {
            ctx.adopted("vpc", &v)?;
            v
        }
        None => {
            ctx.journal.intent(ctx.stage, "vpc", cidr)?;
            let v = ctx.cloud.create_vpc(cidr, &ctx.run_id).await?;
            ctx.created("vpc", &v)?;
            v
        }
    };
    ctx.journal.set_fact("vpc_id", &vpc)?;
    let mut existing = ctx.cloud.subnets_tagged(&ctx.run_id).await?;
    let all_azs = ctx.cloud.availability_zones().await?;
    let mut out = Vec::new();
    for (cidr, az) in planned {
        if let Some(pos) = existing.iter().position(|s| &s.cidr == cidr) {
            let s = existing.remove(pos);
            ctx.adopted("subnet", &s.id)?;
            out.push(s);
            continue;
        }
        let az = match az {
            Some(a) => a.clone(),
            None => {
                let used: Vec<String> = out
                    .iter()
                    .map(|s: &Subnet| s.az.clone())
                    .chain(planned.iter().filter_map(|(_, a)| a.clone()))
                    .collect();
                all_azs
                    .iter()
                    .find(|a| !used.contains(a))
                    .cloned()
                    .ok_or_else(|| StageError::keyed("NoFreeAz", "NoFreeAz", &[]))?
            }
        };
        ctx.journal.intent(ctx.stage, "subnet", cidr)?;
        let s = ctx
            .cloud
            .create_subnet(&vpc, cidr, &az, &ctx.run_id)
            .await?;
        ctx.created("subnet", &s.id)?;
        out.push(s);
    }
    Ok(out)
}

pub async fn apply(ctx: &mut Ctx) -> Result<Outcome, StageError> {
    let subnets = match ctx.plan.network.clone() {
        Network::Existing(ids) => {
            let found = ctx.cloud.subnets(&ids).await?;
            if found.len() != ids.len() {
                return Err(StageError::keyed("SubnetNotFound", "SubnetNotFound", &[]));
            }
            found
        }
        Network::CreateVpc { cidr, subnets } => create_vpc(ctx, &cidr, &subnets).await?,
    };
    check(&subnets)?;
    let ids: Vec<String> = subnets.iter().map(|s| s.id.clone()).collect();
    let azs: Vec<String> = subnets.iter().map(|s| s.az.clone()).collect();
    ctx.journal.set_fact("subnet_ids", &ids.join(","))?;
    ctx.journal.set_fact("hsm_azs", &azs.join(","))?;
    Ok(Outcome::Done)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(id: &str, vpc: &str, az: &str, free: i32) -> Subnet {
        Subnet {
            id: id.into(),
            vpc_id: vpc.into(),
            az: az.into(),
            cidr: String::new(),
            free_ips: free,
        }
    }

    #[test]
    fn subnet_rules() {
        assert!(check(&[s("a", "v", "x1a", 10), s("b", "v", "x1b", 10)]).is_ok());
        assert_eq!(
            check(&[s("a", "v", "x1a", 10), s("b", "v", "x1a", 10)])
                .expect_err("same az")
                .code,
            "OneSubnetPerAz"
        );
        assert_eq!(
            check(&[s("a", "v", "x1a", 10)]).expect_err("one").code,
            "OneAzOnly"
        );
        assert_eq!(
            check(&[s("a", "v", "x1a", 10), s("b", "w", "x1b", 10)])
                .expect_err("vpcs")
                .code,
            "SubnetsInSeveralVpcs"
        );
        assert_eq!(
            check(&[s("a", "v", "x1a", 1), s("b", "v", "x1b", 10)])
                .expect_err("full")
                .code,
            "InsufficientFreeAddresses"
        );
    }
}
