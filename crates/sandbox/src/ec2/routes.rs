//! The ways out of a VPC as an instance sees them: the main route table (local, plus an
//! internet gateway route in a default VPC; the sandbox models no explicit subnet
//! associations), the DNS attributes, and `network_of`, which describes an instance's
//! surroundings for `keystore_facts::reach`. Must not depend on SSM.

use super::{not_found, passes};
use crate::hosts::{Instance, RouteEntry, RouteTable};
use crate::model::{RegionState, World};
use crate::wire::{ApiError, ApiResult, Form, item_list, leaf, node};
use keystore_facts::{net, reach};

/// The VPC's main route table: the stored one, or what a new VPC starts with.
pub fn main_table(r: &RegionState, vpc_id: &str) -> Option<RouteTable> {
    if let Some(t) = r.route_tables.values().find(|t| t.vpc_id == vpc_id) {
        return Some(t.clone());
    }
    let vpc = r.vpcs.get(vpc_id)?;
    let suffix = vpc_id.trim_start_matches("vpc-");
    let mut routes = vec![RouteEntry {
        destination: vpc.cidr.clone(),
        target: "local".into(),
    }];
    if vpc.is_default {
        routes.push(RouteEntry {
            destination: "0.0.0.0/0".into(),
            target: format!("igw-{suffix}"),
        });
    }
    Some(RouteTable {
        id: format!("rtb-{suffix}"),
        vpc_id: vpc_id.into(),
        routes,
    })
}

/// What surrounds an instance, in the terms of the documented reachability rules.
pub fn network_of(r: &RegionState, region: &str, i: &Instance) -> reach::Network {
    let table = main_table(r, &i.vpc_id);
    let vpc = r.vpcs.get(&i.vpc_id);
    let my_groups: Vec<String> = r
        .enis
        .get(&i.eni_id)
        .map(|e| e.group_ids.clone())
        .unwrap_or_default();
    let ip = net::parse_cidr(&format!("{}/32", i.private_ip));
    let admits = |groups: &[String]| {
        groups
            .iter()
            .filter_map(|g| r.security_groups.get(g))
            .any(|g| {
                g.ingress.iter().any(|rule| {
                    let port = rule.protocol == "-1"
                        || (rule.protocol == "tcp" && rule.from_port <= 443 && rule.to_port >= 443);
                    let source = my_groups.contains(&rule.group_id)
                        || match (net::parse_cidr(&rule.cidr), ip) {
                            (Some(outer), Some(inner)) => net::cidr_within(inner, outer),
                            _ => false,
                        };
                    port && source
                })
            })
    };
    reach::Network {
        region: region.into(),
        public_ip: i.public_ip,
        routes: table
            .as_ref()
            .map(|t| {
                t.routes
                    .iter()
                    .map(|x| reach::Route {
                        destination: x.destination.clone(),
                        target: x.target.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        dns_support: vpc.is_some_and(|v| v.dns_support),
        dns_hostnames: vpc.is_some_and(|v| v.dns_hostnames),
        endpoints: r
            .endpoints
            .values()
            .filter(|e| e.vpc_id == i.vpc_id)
            .map(|e| reach::Endpoint {
                service_name: e.service_name.clone(),
                kind: e.kind.clone(),
                private_dns: e.private_dns,
                admits_443_from_client: admits(&e.group_ids),
                on_route_table: table
                    .as_ref()
                    .is_some_and(|t| e.route_table_ids.contains(&t.id)),
                available: true,
            })
            .collect(),
    }
}

fn route_table_xml(account: &str, t: &RouteTable) -> String {
    let routes = t.routes.iter().map(|x| {
        let dest = if x.destination.starts_with("pl-") {
            leaf("destinationPrefixListId", &x.destination)
        } else {
            leaf("destinationCidrBlock", &x.destination)
        };
        let target = if x.target.starts_with("nat-") {
            leaf("natGatewayId", &x.target)
        } else {
            leaf("gatewayId", &x.target)
        };
        let origin = if x.target == "local" {
            "CreateRouteTable"
        } else {
            "CreateRoute"
        };
        [
            dest,
            target,
            leaf("state", "active"),
            leaf("origin", origin),
        ]
        .concat()
    });
    [
        leaf("routeTableId", &t.id),
        leaf("vpcId", &t.vpc_id),
        leaf("ownerId", account),
        item_list("routeSet", routes),
        item_list(
            "associationSet",
            [[
                leaf(
                    "routeTableAssociationId",
                    format!("rtbassoc-{}", t.id.trim_start_matches("rtb-")),
                ),
                leaf("routeTableId", &t.id),
                leaf("main", "true"),
                node("associationState", leaf("state", "associated")),
            ]
            .concat()],
        ),
        item_list("tagSet", Vec::<String>::new()),
    ]
    .concat()
}

pub fn describe_route_tables(w: &mut World, region: &str, f: &Form) -> ApiResult<String> {
    let filters = f.filters();
    let account = w.account_id.clone();
    let r = w.region_mut(region);
    let tables: Vec<RouteTable> = r.vpcs.keys().filter_map(|v| main_table(r, v)).collect();
    let items = tables
        .iter()
        .filter(|t| {
            passes(&filters, &Default::default(), |n| match n {
                "vpc-id" => Some(t.vpc_id.clone()),
                "route-table-id" => Some(t.id.clone()),
                "association.main" => Some("true".into()),
                _ => None,
            })
        })
        .map(|t| route_table_xml(&account, t));
    Ok(item_list("routeTableSet", items))
}

pub fn vpc_attribute(w: &mut World, region: &str, op: &str, f: &Form) -> ApiResult<String> {
    let id = f.required("VpcId")?.to_string();
    let r = w.region_mut(region);
    let vpc = r
        .vpcs
        .get_mut(&id)
        .ok_or_else(|| not_found("InvalidVpcID.NotFound", "vpc", &id))?;
    if op == "ModifyVpcAttribute" {
        match (
            f.get("EnableDnsSupport.Value"),
            f.get("EnableDnsHostnames.Value"),
        ) {
            (Some(v), None) => vpc.dns_support = v == "true",
            (None, Some(v)) => vpc.dns_hostnames = v == "true",
            _ => {
                return Err(ApiError::bad(
                    "InvalidParameterCombination",
                    "Exactly one attribute may be modified per request",
                ));
            }
        }
        return Ok(leaf("return", "true"));
    }
    let (tag, value) = match f.required("Attribute")? {
        "enableDnsSupport" => ("enableDnsSupport", vpc.dns_support),
        "enableDnsHostnames" => ("enableDnsHostnames", vpc.dns_hostnames),
        other => {
            return Err(ApiError::bad(
                "InvalidParameterValue",
                format!("Value ({other}) for parameter attribute is invalid."),
            ));
        }
    };
    Ok([
        leaf("vpcId", &id),
        node(tag, leaf("value", value.to_string())),
    ]
    .concat())
}
