//! The client host's pieces as the teardown finds them, with or without a journal: the
//! instances, VPC endpoints and security groups of a Region that carry the run tag (terminated
//! instances and deleted endpoints, which AWS lists for a while, are left out), and the client
//! roles under the wizard's IAM path (the instance profile of each has the same name). Pieces
//! come in the order they can be deleted.

use super::iam_profile::CLIENT_PATH;
use super::{Cloud, CloudError, RUN_TAG};
use aws_sdk_ec2::types::Filter;

/// One tagged piece: `instance`, `vpc_endpoint` or `security_group`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ClientPiece {
    pub kind: String,
    pub id: String,
    pub state: String,
}

fn ours() -> Filter {
    Filter::builder().name("tag-key").values(RUN_TAG).build()
}

impl Cloud {
    /// This Region's tagged client pieces, in the order they must go.
    pub async fn client_pieces(&self) -> Result<Vec<ClientPiece>, CloudError> {
        let cli = format!("aws ec2 describe-instances --filters Name=tag-key,Values={RUN_TAG}");
        let (instances, endpoints, groups) = futures::try_join!(
            self.read("ec2", "DescribeInstances", cli, || {
                self.ec2.describe_instances().filters(ours()).send()
            }),
            self.read(
                "ec2",
                "DescribeVpcEndpoints",
                format!("aws ec2 describe-vpc-endpoints --filters Name=tag-key,Values={RUN_TAG}"),
                || self.ec2.describe_vpc_endpoints().filters(ours()).send()
            ),
            self.read(
                "ec2",
                "DescribeSecurityGroups",
                format!("aws ec2 describe-security-groups --filters Name=tag-key,Values={RUN_TAG}"),
                || self.ec2.describe_security_groups().filters(ours()).send()
            ),
        )?;
        let mut out = Vec::new();
        for i in instances.reservations().iter().flat_map(|r| r.instances()) {
            let state = i
                .state()
                .and_then(|s| s.name())
                .map(|n| n.as_str().to_string())
                .unwrap_or_default();
            if state != "terminated" {
                out.push(ClientPiece {
                    kind: "instance".into(),
                    id: i.instance_id().unwrap_or_default().into(),
                    state,
                });
            }
        }
        for e in endpoints.vpc_endpoints() {
            let state = e
                .state()
                .map(|s| s.as_str().to_lowercase())
                .unwrap_or_default();
            if state != "deleted" {
                out.push(ClientPiece {
                    kind: "vpc_endpoint".into(),
                    id: e.vpc_endpoint_id().unwrap_or_default().into(),
                    state,
                });
            }
        }
        // A group another group's rule names cannot be deleted first (DependencyViolation):
        // the groups that name others go before the groups they name.
        let mut listed: Vec<(bool, ClientPiece)> = groups
            .security_groups()
            .iter()
            .map(|g| {
                let names_another = g
                    .ip_permissions()
                    .iter()
                    .chain(g.ip_permissions_egress())
                    .flat_map(|p| p.user_id_group_pairs())
                    .any(|pair| pair.group_id() != g.group_id());
                let piece = ClientPiece {
                    kind: "security_group".into(),
                    id: g.group_id().unwrap_or_default().into(),
                    state: g.group_name().unwrap_or_default().into(),
                };
                (names_another, piece)
            })
            .collect();
        listed.sort_by_key(|(names_another, _)| !*names_another);
        out.extend(listed.into_iter().map(|(_, p)| p));
        Ok(out)
    }

    /// The client roles the wizard created (under its IAM path), by name.
    pub async fn client_identities(&self) -> Result<Vec<String>, CloudError> {
        let cli = format!("aws iam list-roles --path-prefix {CLIENT_PATH}");
        let out = self
            .read("iam", "ListRoles", cli, || {
                self.iam.list_roles().path_prefix(CLIENT_PATH).send()
            })
            .await?;
        Ok(out
            .roles()
            .iter()
            .map(|r| r.role_name().to_string())
            .collect())
    }
}
