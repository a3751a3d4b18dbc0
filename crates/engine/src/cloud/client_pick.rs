//! The instances an operator could choose as the client (`client.mode = "existing"`): those in
//! a VPC that are not going away, with their Name tag, AZ and state, and whether SSM manages
//! them. Reads only.

use super::{Cloud, CloudError};
use aws_sdk_ec2::types::Filter;

/// One instance in the picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub id: String,
    /// The `Name` tag, empty when there is none.
    pub name: String,
    pub az: String,
    pub state: String,
    /// SSM manages it (agent registered and Online): only such an instance can be prepared.
    pub managed: bool,
}

impl Cloud {
    /// The instances in `vpc` that are pending, running, stopping or stopped.
    pub async fn client_candidates(&self, vpc: &str) -> Result<Vec<Candidate>, CloudError> {
        let cli = format!(
            "aws ec2 describe-instances --filters Name=vpc-id,Values={vpc} Name=instance-state-name,Values=pending,running,stopping,stopped"
        );
        let out = self
            .read("ec2", "DescribeInstances", cli, || {
                self.ec2
                    .describe_instances()
                    .filters(Filter::builder().name("vpc-id").values(vpc).build())
                    .filters(
                        Filter::builder()
                            .name("instance-state-name")
                            .set_values(Some(
                                ["pending", "running", "stopping", "stopped"]
                                    .map(String::from)
                                    .to_vec(),
                            ))
                            .build(),
                    )
                    .send()
            })
            .await?;
        let mut rows: Vec<Candidate> = out
            .reservations()
            .iter()
            .flat_map(|r| r.instances())
            .map(|i| Candidate {
                id: i.instance_id().unwrap_or_default().into(),
                name: i
                    .tags()
                    .iter()
                    .find(|t| t.key() == Some("Name"))
                    .and_then(|t| t.value())
                    .unwrap_or_default()
                    .into(),
                az: i
                    .placement()
                    .and_then(|p| p.availability_zone())
                    .unwrap_or_default()
                    .into(),
                state: i
                    .state()
                    .and_then(|s| s.name())
                    .map(|n| n.as_str().to_string())
                    .unwrap_or_default(),
                managed: false,
            })
            .collect();
        rows.sort_by(|a, b| a.id.cmp(&b.id));
        for row in rows.iter_mut() {
            row.managed = self.ssm_online(&row.id).await?;
        }
        Ok(rows)
    }
}
