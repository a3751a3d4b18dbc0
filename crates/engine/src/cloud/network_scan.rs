//! The network the wizard made, as the teardown finds it with or without a journal: the VPCs of
//! a Region that carry the run tag, with their tagged subnets and what else is in them that the
//! wizard did not make (untagged subnets, instances it did not launch, security groups other
//! than the default, the wizard's own client groups and the group CloudHSM made for a cluster);
//! and deleting subnets and VPCs.
//! A VPC the plan adopted (`network.subnet_ids`) carries no run tag, so it is never listed here.

use super::error::NotFound;
use super::{Cloud, CloudError, RUN_TAG};
use aws_sdk_ec2::types::Filter;

/// One VPC the wizard created.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct WizardVpc {
    pub id: String,
    /// Its subnets that carry the run tag (the wizard made them).
    pub subnets: Vec<String>,
    /// What else is in it, by id (and name): the wizard will not delete these, so while any is
    /// there the VPC stays.
    pub others: Vec<String>,
    /// Security groups CloudHSM made for a cluster in it (`cloudhsm-cluster-…-sg`), which go
    /// with the VPC once the cluster is deleted.
    pub cluster_groups: Vec<String>,
}

fn tag_key() -> Filter {
    Filter::builder().name("tag-key").values(RUN_TAG).build()
}

fn in_vpc(vpc: &str) -> Filter {
    Filter::builder().name("vpc-id").values(vpc).build()
}

fn tagged(tags: &[aws_sdk_ec2::types::Tag]) -> bool {
    tags.iter().any(|t| t.key() == Some(RUN_TAG))
}

/// A group CloudHSM creates for a cluster: `cloudhsm-cluster-<id>-sg`.
pub fn is_cluster_group(name: &str) -> bool {
    name.starts_with("cloudhsm-cluster-") && name.ends_with("-sg")
}

/// A group KMS creates when it connects a key store (`kms-cks-…`) and deletes when it
/// disconnects it.
pub fn is_key_store_group(name: &str) -> bool {
    name.starts_with("kms-cks-")
}

impl Cloud {
    /// This Region's VPCs that carry the run tag, each with what is in it.
    pub async fn wizard_vpcs(&self) -> Result<Vec<WizardVpc>, CloudError> {
        let cli = format!("aws ec2 describe-vpcs --filters Name=tag-key,Values={RUN_TAG}");
        let vpcs = self
            .read("ec2", "DescribeVpcs", cli, || {
                self.ec2.describe_vpcs().filters(tag_key()).send()
            })
            .await?;
        let mut out = Vec::new();
        for v in vpcs.vpcs() {
            let id = v.vpc_id().unwrap_or_default().to_string();
            out.push(self.wizard_vpc(&id).await?);
        }
        Ok(out)
    }

    /// What is in one of the wizard's VPCs now.
    pub async fn wizard_vpc(&self, id: &str) -> Result<WizardVpc, CloudError> {
        let subnets = self
            .read(
                "ec2",
                "DescribeSubnets",
                format!("aws ec2 describe-subnets --filters Name=vpc-id,Values={id}"),
                || self.ec2.describe_subnets().filters(in_vpc(id)).send(),
            )
            .await?;
        let groups = self
            .read(
                "ec2",
                "DescribeSecurityGroups",
                format!("aws ec2 describe-security-groups --filters Name=vpc-id,Values={id}"),
                || {
                    self.ec2
                        .describe_security_groups()
                        .filters(in_vpc(id))
                        .send()
                },
            )
            .await?;
        let instances = self
            .read(
                "ec2",
                "DescribeInstances",
                format!("aws ec2 describe-instances --filters Name=vpc-id,Values={id}"),
                || self.ec2.describe_instances().filters(in_vpc(id)).send(),
            )
            .await?;
        let mut vpc = WizardVpc {
            id: id.to_string(),
            subnets: Vec::new(),
            others: Vec::new(),
            cluster_groups: Vec::new(),
        };
        for s in subnets.subnets() {
            let sid = s.subnet_id().unwrap_or_default().to_string();
            if tagged(s.tags()) {
                vpc.subnets.push(sid);
            } else {
                vpc.others.push(sid);
            }
        }
        // An instance the wizard did not launch keeps its subnet in use: the VPC stays.
        for i in instances.reservations().iter().flat_map(|r| r.instances()) {
            let state = i.state().and_then(|s| s.name()).map(|n| n.as_str());
            if !tagged(i.tags()) && !matches!(state, Some("terminated" | "shutting-down")) {
                vpc.others.push(format!(
                    "{} (instance)",
                    i.instance_id().unwrap_or_default()
                ));
            }
        }
        for g in groups.security_groups() {
            let (gid, name) = (
                g.group_id().unwrap_or_default(),
                g.group_name().unwrap_or_default(),
            );
            if name == "default" || tagged(g.tags()) || is_key_store_group(name) {
                // The default group goes with the VPC; the wizard's own, with the client; the
                // one KMS made for a key store, when the store is disconnected.
                continue;
            }
            if is_cluster_group(name) {
                vpc.cluster_groups.push(gid.to_string());
            } else {
                vpc.others.push(format!("{gid} ({name})"));
            }
        }
        Ok(vpc)
    }

    pub async fn delete_subnet(&self, id: &str) -> Result<(), CloudError> {
        let cli = format!("aws ec2 delete-subnet --subnet-id {id}");
        self.call(
            "ec2",
            "DeleteSubnet",
            cli,
            self.ec2.delete_subnet().subnet_id(id).send(),
        )
        .await
        .map(|_| ())
        .gone_is_done()
    }

    pub async fn delete_vpc(&self, id: &str) -> Result<(), CloudError> {
        let cli = format!("aws ec2 delete-vpc --vpc-id {id}");
        self.call(
            "ec2",
            "DeleteVpc",
            cli,
            self.ec2.delete_vpc().vpc_id(id).send(),
        )
        .await
        .map(|_| ())
        .gone_is_done()
    }

    /// Whether a subnet or a VPC is still there (the re-read after its deletion).
    pub async fn network_exists(&self, id: &str) -> Result<bool, CloudError> {
        if id.starts_with("subnet-") {
            let cli = format!("aws ec2 describe-subnets --subnet-ids {id}");
            let found = self
                .read("ec2", "DescribeSubnets", cli, || {
                    self.ec2.describe_subnets().subnet_ids(id).send()
                })
                .await
                .found()?;
            Ok(found.is_some_and(|o| !o.subnets().is_empty()))
        } else {
            let cli = format!("aws ec2 describe-vpcs --vpc-ids {id}");
            let found = self
                .read("ec2", "DescribeVpcs", cli, || {
                    self.ec2.describe_vpcs().vpc_ids(id).send()
                })
                .await
                .found()?;
            Ok(found.is_some_and(|o| !o.vpcs().is_empty()))
        }
    }
}
