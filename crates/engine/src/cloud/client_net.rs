//! The client host's network through the boundary: what the VPC offers an instance without a
//! public IP (main route table, DNS attributes, endpoints — read into
//! `keystore_facts::reach::Network`), and the endpoints, DNS attribute and security groups the
//! wizard adds to give it a way in (each endpoint create with a `ClientToken`).

use super::ec2::tagged;
use super::error::NotFound;
use super::{Cloud, CloudError, sh};
use aws_sdk_ec2::types::{
    AttributeBooleanValue, Filter, IpPermission, ResourceType, UserIdGroupPair, VpcEndpointType,
};
use keystore_facts::reach;

fn vpc_filter(vpc: &str) -> Filter {
    Filter::builder().name("vpc-id").values(vpc).build()
}

impl Cloud {
    /// The network an instance without a public IP would have in `vpc` (the main route table).
    pub async fn network_for_client(
        &self,
        vpc: &str,
        client_group: Option<&str>,
    ) -> Result<(reach::Network, Option<String>), CloudError> {
        let tables = self
            .read("ec2", "DescribeRouteTables", format!("aws ec2 describe-route-tables --filters Name=vpc-id,Values={vpc} Name=association.main,Values=true"), || {
                self.ec2
                    .describe_route_tables()
                    .filters(vpc_filter(vpc))
                    .filters(Filter::builder().name("association.main").values("true").build())
                    .send()
            })
            .await?;
        let table = tables.route_tables().first();
        let table_id = table.and_then(|t| t.route_table_id()).map(str::to_string);
        let routes = table
            .map(|t| {
                t.routes()
                    .iter()
                    .map(|r| reach::Route {
                        destination: r
                            .destination_cidr_block()
                            .or(r.destination_prefix_list_id())
                            .unwrap_or_default()
                            .into(),
                        target: r
                            .nat_gateway_id()
                            .or(r.gateway_id())
                            .unwrap_or_default()
                            .into(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mut dns = [false, false];
        for (i, attr) in [
            aws_sdk_ec2::types::VpcAttributeName::EnableDnsSupport,
            aws_sdk_ec2::types::VpcAttributeName::EnableDnsHostnames,
        ]
        .into_iter()
        .enumerate()
        {
            let cli = format!(
                "aws ec2 describe-vpc-attribute --vpc-id {vpc} --attribute {}",
                attr.as_str()
            );
            let out = self
                .read("ec2", "DescribeVpcAttribute", cli, || {
                    self.ec2
                        .describe_vpc_attribute()
                        .vpc_id(vpc)
                        .attribute(attr.clone())
                        .send()
                })
                .await?;
            dns[i] = out
                .enable_dns_support()
                .or(out.enable_dns_hostnames())
                .and_then(|v| v.value())
                .unwrap_or(false);
        }
        let eps = self
            .read(
                "ec2",
                "DescribeVpcEndpoints",
                format!("aws ec2 describe-vpc-endpoints --filters Name=vpc-id,Values={vpc}"),
                || {
                    self.ec2
                        .describe_vpc_endpoints()
                        .filters(vpc_filter(vpc))
                        .send()
                },
            )
            .await?;
        let mut endpoints = Vec::new();
        for e in eps.vpc_endpoints() {
            let groups: Vec<String> = e
                .groups()
                .iter()
                .filter_map(|g| g.group_id().map(str::to_string))
                .collect();
            let admits = match client_group {
                Some(client) => self.group_admits_443(&groups, client).await?,
                None => false,
            };
            endpoints.push(reach::Endpoint {
                service_name: e.service_name().unwrap_or_default().into(),
                kind: e
                    .vpc_endpoint_type()
                    .map(|k| k.as_str().to_string())
                    .unwrap_or_default(),
                private_dns: e.private_dns_enabled().unwrap_or(false),
                admits_443_from_client: admits,
                on_route_table: table_id
                    .as_ref()
                    .is_some_and(|t| e.route_table_ids().contains(t)),
                available: e
                    .state()
                    .is_none_or(|s| s.as_str().eq_ignore_ascii_case("available")),
            });
        }
        let network = reach::Network {
            region: self.region.clone(),
            public_ip: false,
            routes,
            dns_support: dns[0],
            dns_hostnames: dns[1],
            endpoints,
        };
        Ok((network, table_id))
    }

    async fn group_admits_443(&self, groups: &[String], client: &str) -> Result<bool, CloudError> {
        if groups.is_empty() {
            return Ok(false);
        }
        let cli = format!(
            "aws ec2 describe-security-groups --group-ids {}",
            groups.join(" ")
        );
        let out = self
            .read("ec2", "DescribeSecurityGroups", cli, || {
                self.ec2
                    .describe_security_groups()
                    .set_group_ids(Some(groups.to_vec()))
                    .send()
            })
            .await?;
        Ok(out.security_groups().iter().any(|g| {
            g.ip_permissions().iter().any(|p| {
                let port = p.ip_protocol() == Some("-1")
                    || (p.ip_protocol() == Some("tcp")
                        && p.from_port().unwrap_or(0) <= 443
                        && p.to_port().unwrap_or(0) >= 443);
                port && p
                    .user_id_group_pairs()
                    .iter()
                    .any(|u| u.group_id() == Some(client))
            })
        }))
    }

    pub async fn enable_dns_hostnames(&self, vpc: &str) -> Result<(), CloudError> {
        let cli = format!("aws ec2 modify-vpc-attribute --vpc-id {vpc} --enable-dns-hostnames");
        let req = self
            .ec2
            .modify_vpc_attribute()
            .vpc_id(vpc)
            .enable_dns_hostnames(AttributeBooleanValue::builder().value(true).build());
        self.call("ec2", "ModifyVpcAttribute", cli, req.send())
            .await
            .map(|_| ())
    }

    /// An interface endpoint with private DNS (`service` is `ssm` or `ssmmessages`).
    pub async fn create_interface_endpoint(
        &self,
        vpc: &str,
        service: &str,
        subnets: &[String],
        group: &str,
        token: &str,
        run_id: &str,
    ) -> Result<String, CloudError> {
        let name = format!("com.amazonaws.{}.{service}", self.region);
        let cli = format!(
            "aws ec2 create-vpc-endpoint --vpc-id {vpc} --vpc-endpoint-type Interface --service-name {name} --subnet-ids {} --security-group-ids {group} --private-dns-enabled --client-token {token}",
            subnets.join(" ")
        );
        let req = self
            .ec2
            .create_vpc_endpoint()
            .vpc_id(vpc)
            .vpc_endpoint_type(VpcEndpointType::Interface)
            .service_name(&name)
            .set_subnet_ids(Some(subnets.to_vec()))
            .security_group_ids(group)
            .private_dns_enabled(true)
            .client_token(token)
            .tag_specifications(tagged(
                ResourceType::VpcEndpoint,
                run_id,
                &format!("keystore-wizard-{service}"),
            ));
        let out = self
            .call("ec2", "CreateVpcEndpoint", cli, req.send())
            .await?;
        Ok(out
            .vpc_endpoint()
            .and_then(|e| e.vpc_endpoint_id())
            .unwrap_or_default()
            .into())
    }

    /// The S3 gateway endpoint on the VPC's main route table (free of charge).
    pub async fn create_s3_gateway(
        &self,
        vpc: &str,
        table: &str,
        token: &str,
        run_id: &str,
    ) -> Result<String, CloudError> {
        let name = format!("com.amazonaws.{}.s3", self.region);
        let cli = format!(
            "aws ec2 create-vpc-endpoint --vpc-id {vpc} --vpc-endpoint-type Gateway --service-name {name} --route-table-ids {table} --client-token {token}"
        );
        let req = self
            .ec2
            .create_vpc_endpoint()
            .vpc_id(vpc)
            .vpc_endpoint_type(VpcEndpointType::Gateway)
            .service_name(&name)
            .route_table_ids(table)
            .client_token(token)
            .tag_specifications(tagged(
                ResourceType::VpcEndpoint,
                run_id,
                "keystore-wizard-s3",
            ));
        let out = self
            .call("ec2", "CreateVpcEndpoint", cli, req.send())
            .await?;
        Ok(out
            .vpc_endpoint()
            .and_then(|e| e.vpc_endpoint_id())
            .unwrap_or_default()
            .into())
    }

    pub async fn delete_endpoint(&self, id: &str) -> Result<(), CloudError> {
        let cli = format!("aws ec2 delete-vpc-endpoints --vpc-endpoint-ids {id}");
        self.call(
            "ec2",
            "DeleteVpcEndpoints",
            cli,
            self.ec2.delete_vpc_endpoints().vpc_endpoint_ids(id).send(),
        )
        .await
        .map(|_| ())
    }

    /// The id of the group called `name` in `vpc`, if any.
    pub async fn security_group_named(
        &self,
        vpc: &str,
        name: &str,
    ) -> Result<Option<String>, CloudError> {
        let cli = format!(
            "aws ec2 describe-security-groups --filters Name=vpc-id,Values={vpc} Name=group-name,Values={}",
            sh(name)
        );
        let out = self
            .read("ec2", "DescribeSecurityGroups", cli, || {
                self.ec2
                    .describe_security_groups()
                    .filters(vpc_filter(vpc))
                    .filters(Filter::builder().name("group-name").values(name).build())
                    .send()
            })
            .await?;
        Ok(out
            .security_groups()
            .first()
            .and_then(|g| g.group_id())
            .map(str::to_string))
    }

    pub async fn create_security_group(
        &self,
        vpc: &str,
        name: &str,
        description: &str,
        run_id: &str,
    ) -> Result<String, CloudError> {
        let cli = format!(
            "aws ec2 create-security-group --vpc-id {vpc} --group-name {} --description {}",
            sh(name),
            sh(description)
        );
        let req = self
            .ec2
            .create_security_group()
            .vpc_id(vpc)
            .group_name(name)
            .description(description)
            .tag_specifications(tagged(ResourceType::SecurityGroup, run_id, name));
        let out = self
            .call("ec2", "CreateSecurityGroup", cli, req.send())
            .await?;
        Ok(out.group_id().unwrap_or_default().into())
    }

    /// Lets `source` reach `group` on TCP 443 (the endpoints' group admitting the client).
    pub async fn allow_443_from(&self, group: &str, source: &str) -> Result<(), CloudError> {
        let cli = format!(
            "aws ec2 authorize-security-group-ingress --group-id {group} --protocol tcp --port 443 --source-group {source}"
        );
        let perm = IpPermission::builder()
            .ip_protocol("tcp")
            .from_port(443)
            .to_port(443)
            .user_id_group_pairs(UserIdGroupPair::builder().group_id(source).build())
            .build();
        match self
            .call(
                "ec2",
                "AuthorizeSecurityGroupIngress",
                cli,
                self.ec2
                    .authorize_security_group_ingress()
                    .group_id(group)
                    .ip_permissions(perm)
                    .send(),
            )
            .await
        {
            Err(e) if e.code == "InvalidPermission.Duplicate" => Ok(()),
            other => other.map(|_| ()),
        }
    }

    pub async fn delete_security_group(&self, id: &str) -> Result<(), CloudError> {
        let cli = format!("aws ec2 delete-security-group --group-id {id}");
        self.call(
            "ec2",
            "DeleteSecurityGroup",
            cli,
            self.ec2.delete_security_group().group_id(id).send(),
        )
        .await
        .map(|_| ())
        .gone_is_done()
    }
}
