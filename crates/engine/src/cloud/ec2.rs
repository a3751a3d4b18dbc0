//! EC2 through the boundary: Regions, AZs, VPCs and subnets (with free-address counts) — the
//! network the cluster lives in — and creating a private VPC when the plan asks for one.

use super::types::Subnet;
use super::{Cloud, CloudError, RUN_TAG, sh};
use aws_sdk_ec2::types::{Filter, ResourceType, Tag, TagSpecification};

fn subnet(s: &aws_sdk_ec2::types::Subnet) -> Subnet {
    Subnet {
        id: s.subnet_id().unwrap_or_default().into(),
        vpc_id: s.vpc_id().unwrap_or_default().into(),
        az: s.availability_zone().unwrap_or_default().into(),
        cidr: s.cidr_block().unwrap_or_default().into(),
        free_ips: s.available_ip_address_count().unwrap_or(0),
    }
}

/// The filter that finds what this run created.
fn run_filter(run_id: &str) -> Filter {
    Filter::builder()
        .name(format!("tag:{RUN_TAG}"))
        .values(run_id)
        .build()
}

pub(super) fn tagged(kind: ResourceType, run_id: &str, name: &str) -> TagSpecification {
    TagSpecification::builder()
        .resource_type(kind)
        .tags(Tag::builder().key(RUN_TAG).value(run_id).build())
        .tags(Tag::builder().key("Name").value(name).build())
        .build()
}

impl Cloud {
    /// Enabled Regions (opted in or not requiring opt-in).
    pub async fn regions(&self) -> Result<Vec<String>, CloudError> {
        let out = self
            .read(
                "ec2",
                "DescribeRegions",
                "aws ec2 describe-regions".into(),
                || self.ec2.describe_regions().send(),
            )
            .await?;
        Ok(out
            .regions()
            .iter()
            .filter_map(|r| r.region_name().map(str::to_string))
            .collect())
    }

    pub async fn subnets(&self, ids: &[String]) -> Result<Vec<Subnet>, CloudError> {
        let cli = format!("aws ec2 describe-subnets --subnet-ids {}", ids.join(" "));
        let out = self
            .read("ec2", "DescribeSubnets", cli, || {
                self.ec2
                    .describe_subnets()
                    .set_subnet_ids(Some(ids.to_vec()))
                    .send()
            })
            .await?;
        Ok(out.subnets().iter().map(subnet).collect())
    }

    pub async fn subnets_tagged(&self, run_id: &str) -> Result<Vec<Subnet>, CloudError> {
        let cli = format!(
            "aws ec2 describe-subnets --filters Name=tag:{RUN_TAG},Values={}",
            sh(run_id)
        );
        let filter = run_filter(run_id);
        let out = self
            .read("ec2", "DescribeSubnets", cli, || {
                self.ec2.describe_subnets().filters(filter.clone()).send()
            })
            .await?;
        Ok(out.subnets().iter().map(subnet).collect())
    }

    pub async fn vpc_tagged(&self, run_id: &str) -> Result<Option<String>, CloudError> {
        let cli = format!(
            "aws ec2 describe-vpcs --filters Name=tag:{RUN_TAG},Values={}",
            sh(run_id)
        );
        let filter = run_filter(run_id);
        let out = self
            .read("ec2", "DescribeVpcs", cli, || {
                self.ec2.describe_vpcs().filters(filter.clone()).send()
            })
            .await?;
        Ok(out
            .vpcs()
            .first()
            .and_then(|v| v.vpc_id())
            .map(str::to_string))
    }

    pub async fn availability_zones(&self) -> Result<Vec<String>, CloudError> {
        let out = self
            .read(
                "ec2",
                "DescribeAvailabilityZones",
                "aws ec2 describe-availability-zones".into(),
                || self.ec2.describe_availability_zones().send(),
            )
            .await?;
        Ok(out
            .availability_zones()
            .iter()
            .filter_map(|z| z.zone_name().map(str::to_string))
            .collect())
    }

    pub async fn create_vpc(&self, cidr: &str, run_id: &str) -> Result<String, CloudError> {
        let cli = format!(
            "aws ec2 create-vpc --cidr-block {cidr} --tag-specifications 'ResourceType=vpc,Tags=[{{Key={RUN_TAG},Value={run_id}}}]'"
        );
        let out = self
            .call(
                "ec2",
                "CreateVpc",
                cli,
                self.ec2
                    .create_vpc()
                    .cidr_block(cidr)
                    .tag_specifications(tagged(ResourceType::Vpc, run_id, "keystore-wizard"))
                    .send(),
            )
            .await?;
        Ok(out
            .vpc()
            .and_then(|v| v.vpc_id())
            .unwrap_or_default()
            .to_string())
    }

    pub async fn create_subnet(
        &self,
        vpc: &str,
        cidr: &str,
        az: &str,
        run_id: &str,
    ) -> Result<Subnet, CloudError> {
        let cli = format!(
            "aws ec2 create-subnet --vpc-id {vpc} --cidr-block {cidr} --availability-zone {az} --tag-specifications 'ResourceType=subnet,Tags=[{{Key={RUN_TAG},Value={run_id}}}]'"
        );
        let req = self
            .ec2
            .create_subnet()
            .vpc_id(vpc)
            .cidr_block(cidr)
            .availability_zone(az)
            .tag_specifications(tagged(ResourceType::Subnet, run_id, "keystore-wizard-hsm"));
        let out = self.call("ec2", "CreateSubnet", cli, req.send()).await?;
        Ok(out.subnet().map(subnet).unwrap_or(Subnet {
            id: String::new(),
            vpc_id: vpc.into(),
            az: az.into(),
            cidr: cidr.into(),
            free_ips: 0,
        }))
    }

    /// Every subnet of the Region (for the wizard's subnet picker).
    pub async fn all_subnets(&self) -> Result<Vec<Subnet>, CloudError> {
        let out = self
            .read(
                "ec2",
                "DescribeSubnets",
                "aws ec2 describe-subnets".into(),
                || self.ec2.describe_subnets().send(),
            )
            .await?;
        let mut subnets: Vec<Subnet> = out.subnets().iter().map(subnet).collect();
        subnets.sort_by(|a, b| (&a.vpc_id, &a.az, &a.id).cmp(&(&b.vpc_id, &b.az, &b.id)));
        Ok(subnets)
    }
}
