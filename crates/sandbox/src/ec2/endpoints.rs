//! VPC endpoints: interface endpoints take one network interface per subnet (one subnet per
//! AZ) and need both DNS attributes for private DNS; a gateway endpoint adds its prefix-list
//! route to the route tables it names. `ClientToken` makes a retried create return the first
//! endpoint. Must not depend on SSM.

use super::routes::main_table;
use super::{not_found, passes, tag_xml};
use crate::hosts::{RouteEntry, VpcEndpoint};
use crate::model::{Eni, World};
use crate::wire::{ApiError, ApiResult, Form, item_list, leaf, node};

fn endpoint_xml(e: &VpcEndpoint, account: &str) -> String {
    [
        leaf("vpcEndpointId", &e.id),
        leaf("vpcEndpointType", &e.kind),
        leaf("vpcId", &e.vpc_id),
        leaf("serviceName", &e.service_name),
        leaf("state", "available"),
        leaf("privateDnsEnabled", e.private_dns.to_string()),
        item_list("subnetIdSet", e.subnet_ids.iter().cloned()),
        item_list("routeTableIdSet", e.route_table_ids.iter().cloned()),
        item_list("networkInterfaceIdSet", e.eni_ids.iter().cloned()),
        item_list(
            "groupSet",
            e.group_ids
                .iter()
                .map(|g| [leaf("groupId", g), leaf("groupName", g)].concat()),
        ),
        leaf("creationTimestamp", crate::wire::iso8601(e.created)),
        leaf("ownerId", account),
        leaf("clientToken", e.client_token.as_deref().unwrap_or_default()),
        tag_xml(&e.tags),
    ]
    .concat()
}

pub fn create_vpc_endpoint(w: &mut World, region: &str, f: &Form) -> ApiResult<String> {
    let account = w.account_id.clone();
    let token = f.get("ClientToken").map(str::to_string);
    if let Some(t) = &token
        && let Some(e) = w
            .region_mut(region)
            .endpoints
            .values()
            .find(|e| e.client_token.as_ref() == Some(t))
    {
        return Ok(node("vpcEndpoint", endpoint_xml(e, &account)));
    }
    let vpc_id = f.required("VpcId")?.to_string();
    let service = f.required("ServiceName")?.to_string();
    let kind = f.get("VpcEndpointType").unwrap_or("Gateway").to_string();
    let known = ["ssm", "ssmmessages", "ec2messages", "s3"]
        .iter()
        .any(|s| service == format!("com.amazonaws.{region}.{s}"));
    if !known {
        return Err(ApiError::bad(
            "InvalidServiceName",
            format!("The Vpc Endpoint Service '{service}' does not exist"),
        ));
    }
    let id = w.ids.ec2("vpce");
    let now = w.now;
    let r = w.region_mut(region);
    let vpc = r
        .vpcs
        .get(&vpc_id)
        .cloned()
        .ok_or_else(|| not_found("InvalidVpcId.NotFound", "vpc", &vpc_id))?;
    let mut e = VpcEndpoint {
        id: id.clone(),
        vpc_id: vpc_id.clone(),
        service_name: service.clone(),
        kind: kind.clone(),
        subnet_ids: f.list("SubnetId"),
        group_ids: f.list("SecurityGroupId"),
        eni_ids: vec![],
        route_table_ids: f.list("RouteTableId"),
        private_dns: false,
        client_token: token,
        created: now,
        tags: f.tag_specifications().into_iter().collect(),
    };
    if kind == "Interface" {
        e.private_dns = f.get("PrivateDnsEnabled") != Some("false");
        if e.private_dns && !(vpc.dns_support && vpc.dns_hostnames) {
            return Err(ApiError::bad(
                "InvalidParameter",
                format!(
                    "Enabling private DNS requires both enableDnsSupport and enableDnsHostnames VPC attributes set to true for {vpc_id}"
                ),
            ));
        }
        let mut azs = Vec::new();
        for s in &e.subnet_ids {
            let subnet = r
                .subnets
                .get(s)
                .filter(|x| x.vpc_id == vpc_id)
                .ok_or_else(|| not_found("InvalidSubnetId.NotFound", "subnet", s))?;
            if azs.contains(&subnet.az) {
                return Err(ApiError::bad(
                    "DuplicateSubnetsInSameZone",
                    format!("Found another VPC endpoint subnet in the availability zone of {s}"),
                ));
            }
            azs.push(subnet.az.clone());
        }
        if e.group_ids.is_empty() {
            e.group_ids = r
                .security_groups
                .values()
                .filter(|g| g.vpc_id == vpc_id && g.name == "default")
                .map(|g| g.id.clone())
                .collect();
        }
    } else if service != format!("com.amazonaws.{region}.s3") {
        return Err(ApiError::bad(
            "InvalidParameter",
            format!("{service} does not support the Gateway endpoint type"),
        ));
    }
    for s in e.subnet_ids.clone() {
        let eni_id = format!("eni-{}{}", &id[5..], e.eni_ids.len());
        let r = w.region_mut(region);
        let ip = r.next_address(&s).ok_or_else(|| {
            ApiError::bad(
                "InsufficientFreeAddressesInSubnet",
                format!("Subnet {s} has no free address"),
            )
        })?;
        let az = r.subnets.get(&s).map(|x| x.az.clone()).unwrap_or_default();
        r.enis.insert(
            eni_id.clone(),
            Eni {
                id: eni_id.clone(),
                subnet_id: s,
                vpc_id: vpc_id.clone(),
                az,
                ip,
                description: format!("VPC Endpoint Interface {id}"),
                group_ids: e.group_ids.clone(),
                requester: "amazon-aws".into(),
            },
        );
        e.eni_ids.push(eni_id);
    }
    let r = w.region_mut(region);
    if kind == "Gateway" {
        let mut table = main_table(r, &vpc_id)
            .ok_or_else(|| not_found("InvalidVpcId.NotFound", "vpc", &vpc_id))?;
        if e.route_table_ids.contains(&table.id) {
            table.routes.push(RouteEntry {
                destination: format!("pl-{}", &id[5..13.min(id.len())]),
                target: id.clone(),
            });
            r.route_tables.insert(table.id.clone(), table);
        }
    }
    let xml = node("vpcEndpoint", endpoint_xml(&e, &account));
    r.endpoints.insert(id, e);
    Ok(xml)
}

pub fn describe_vpc_endpoints(w: &mut World, region: &str, f: &Form) -> ApiResult<String> {
    let account = w.account_id.clone();
    let ids = f.list("VpcEndpointId");
    let filters = f.filters();
    let r = w.region_mut(region);
    let items = r
        .endpoints
        .values()
        .filter(|e| ids.is_empty() || ids.contains(&e.id))
        .filter(|e| {
            passes(&filters, &e.tags, |n| match n {
                "vpc-id" => Some(e.vpc_id.clone()),
                "service-name" => Some(e.service_name.clone()),
                "vpc-endpoint-id" => Some(e.id.clone()),
                "vpc-endpoint-type" => Some(e.kind.clone()),
                _ => None,
            })
        })
        .map(|e| endpoint_xml(e, &account));
    Ok(item_list("vpcEndpointSet", items))
}

pub fn delete_vpc_endpoints(w: &mut World, region: &str, f: &Form) -> ApiResult<String> {
    let r = w.region_mut(region);
    let mut failed = Vec::new();
    for id in f.list("VpcEndpointId") {
        let Some(e) = r.endpoints.remove(&id) else {
            failed.push(
                [
                    node(
                        "error",
                        [
                            leaf("code", "InvalidVpcEndpoint.NotFound"),
                            leaf(
                                "message",
                                format!("The Vpc Endpoint Id '{id}' does not exist"),
                            ),
                        ]
                        .concat(),
                    ),
                    leaf("resourceId", &id),
                ]
                .concat(),
            );
            continue;
        };
        for eni in &e.eni_ids {
            r.enis.remove(eni);
        }
        for t in r.route_tables.values_mut() {
            t.routes.retain(|x| x.target != id);
        }
    }
    Ok(item_list("unsuccessful", failed))
}
