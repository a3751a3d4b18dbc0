//! EC2 (ec2Query): Regions, AZs, VPCs, subnets with free-address counts, security groups,
//! network interfaces and tags — the network the cluster and the key store live in. ENIs and
//! security groups are created by CloudHSM and KMS (`cloudhsm/`, `kms/connect.rs`), never here.

mod endpoints;
mod groups;
mod instances;
pub mod routes;
mod subnets;
use subnets::{create_subnet, subnet_xml};

pub mod regions;

use crate::model::{Tags, Vpc, World};
use crate::policy::glob;
use crate::wire::{ApiError, ApiResult, Form, item_list, leaf, node};
use regions::{az_id, parse_cidr};

pub(super) fn not_found(code: &str, what: &str, id: &str) -> ApiError {
    ApiError::bad(code, format!("The {what} ID '{id}' does not exist"))
}

pub(super) fn tag_xml(tags: &Tags) -> String {
    item_list(
        "tagSet",
        tags.iter()
            .map(|(k, v)| [leaf("key", k), leaf("value", v)].concat()),
    )
}

/// Whether a resource passes every filter: all filters must match, any value of one may.
pub(super) fn passes(
    filters: &[(String, Vec<String>)],
    tags: &Tags,
    field: impl Fn(&str) -> Option<String>,
) -> bool {
    filters.iter().all(|(name, values)| {
        let actual = if let Some(key) = name.strip_prefix("tag:") {
            tags.get(key).cloned()
        } else if name == "tag-key" {
            return values.iter().any(|v| tags.keys().any(|k| glob(v, k)));
        } else {
            field(name)
        };
        actual.is_some_and(|a| values.iter().any(|v| glob(v, &a)))
    })
}

pub(super) fn vpc_xml(w: &World, v: &Vpc) -> String {
    [
        leaf("vpcId", &v.id),
        leaf("ownerId", &w.account_id),
        leaf("state", "available"),
        leaf("cidrBlock", &v.cidr),
        leaf("dhcpOptionsId", "dopt-sandbox"),
        leaf("instanceTenancy", "default"),
        leaf("isDefault", v.is_default.to_string()),
        tag_xml(&v.tags),
    ]
    .concat()
}

pub(super) fn rules_xml(tag: &str, account: &str, rules: &[crate::model::SgRule]) -> String {
    item_list(
        tag,
        rules.iter().map(|r| {
            let mut x = leaf("ipProtocol", &r.protocol);
            if r.from_port >= 0 {
                x.push_str(&leaf("fromPort", r.from_port.to_string()));
                x.push_str(&leaf("toPort", r.to_port.to_string()));
            }
            let groups: Vec<String> = if r.group_id.is_empty() {
                vec![]
            } else {
                vec![[leaf("groupId", &r.group_id), leaf("userId", account)].concat()]
            };
            x.push_str(&item_list("groups", groups));
            let ranges: Vec<String> = if r.cidr.is_empty() {
                vec![]
            } else {
                vec![leaf("cidrIp", &r.cidr)]
            };
            x.push_str(&item_list("ipRanges", ranges));
            x
        }),
    )
}

pub fn handle(w: &mut World, region: &str, op: &str, f: &Form) -> ApiResult<String> {
    w.region_mut(region);
    instances::settle_terminated(w);
    let filters = f.filters();
    match op {
        "RunInstances" => instances::run_instances(w, region, f),
        "DescribeInstances" => instances::describe_instances(w, region, f),
        "TerminateInstances" => instances::terminate_instances(w, region, f),
        "ModifyNetworkInterfaceAttribute" => instances::modify_network_interface(w, region, f),
        "DescribeRouteTables" => routes::describe_route_tables(w, region, f),
        "ModifyVpcAttribute" | "DescribeVpcAttribute" => routes::vpc_attribute(w, region, op, f),
        "CreateVpcEndpoint" => endpoints::create_vpc_endpoint(w, region, f),
        "DescribeVpcEndpoints" => endpoints::describe_vpc_endpoints(w, region, f),
        "DeleteVpcEndpoints" => endpoints::delete_vpc_endpoints(w, region, f),
        "CreateSecurityGroup" => groups::create_security_group(w, region, f),
        "AuthorizeSecurityGroupIngress" | "AuthorizeSecurityGroupEgress" => {
            groups::authorize(w, region, op, f)
        }
        "DeleteSecurityGroup" => groups::delete_security_group(w, region, f),
        "DescribeRegions" => Ok(regions::describe_regions(w, f)),
        "DescribeAvailabilityZones" => {
            let items = regions::azs(region)
                .into_iter()
                .filter(|az| {
                    passes(&filters, &Tags::new(), |n| match n {
                        "zone-name" => Some(az.clone()),
                        "region-name" => Some(region.to_string()),
                        "state" => Some("available".into()),
                        _ => None,
                    })
                })
                .map(|az| {
                    [
                        leaf("zoneName", &az),
                        leaf("zoneId", az_id(&az)),
                        leaf("zoneState", "available"),
                        leaf("regionName", region),
                        leaf("zoneType", "availability-zone"),
                        leaf("optInStatus", "opt-in-not-required"),
                        leaf("groupName", region),
                        leaf("networkBorderGroup", region),
                        item_list("messageSet", Vec::<String>::new()),
                    ]
                    .concat()
                });
            Ok(item_list("availabilityZoneInfo", items))
        }
        "DescribeVpcs" => {
            let r = &w.regions[region];
            let ids = f.list("VpcId");
            for id in &ids {
                if !r.vpcs.contains_key(id) {
                    return Err(not_found("InvalidVpcID.NotFound", "vpc", id));
                }
            }
            let items = r
                .vpcs
                .values()
                .filter(|v| ids.is_empty() || ids.contains(&v.id))
                .filter(|v| {
                    passes(&filters, &v.tags, |n| match n {
                        "vpc-id" => Some(v.id.clone()),
                        "cidr" | "cidr-block" => Some(v.cidr.clone()),
                        "is-default" | "isDefault" => Some(v.is_default.to_string()),
                        "state" => Some("available".into()),
                        _ => None,
                    })
                })
                .map(|v| vpc_xml(w, v));
            Ok(item_list("vpcSet", items))
        }
        "CreateVpc" => {
            let cidr = f.required("CidrBlock").map_err(|_| {
                ApiError::bad(
                    "MissingParameter",
                    "The request must contain the parameter CidrBlock",
                )
            })?;
            let Some((_, len)) = parse_cidr(cidr) else {
                return Err(ApiError::bad(
                    "InvalidParameterValue",
                    format!(
                        "Value ({cidr}) for parameter cidrBlock is invalid. This is not a valid CIDR block."
                    ),
                ));
            };
            if !(16..=28).contains(&len) {
                return Err(ApiError::bad(
                    "InvalidVpc.Range",
                    format!("The CIDR '{cidr}' is invalid."),
                ));
            }
            let id = w.ids.ec2("vpc");
            let vpc = Vpc {
                id: id.clone(),
                cidr: cidr.into(),
                is_default: false,
                tags: f.tag_specifications().into_iter().collect(),
                dns_support: true,
                dns_hostnames: false,
            };
            let sg = regions::default_security_group(w, &id);
            let xml = node("vpc", vpc_xml(w, &vpc));
            let r = w.region_mut(region);
            r.security_groups.insert(sg.id.clone(), sg);
            r.vpcs.insert(id, vpc);
            Ok(xml)
        }
        "DeleteVpc" => {
            let id = f.required("VpcId")?.to_string();
            let r = w.region_mut(region);
            if !r.vpcs.contains_key(&id) {
                return Err(not_found("InvalidVpcID.NotFound", "vpc", &id));
            }
            let busy = r.subnets.values().any(|s| s.vpc_id == id)
                || r.endpoints.values().any(|e| e.vpc_id == id)
                || r.security_groups
                    .values()
                    .any(|g| g.vpc_id == id && g.name != "default");
            if busy {
                return Err(ApiError::bad(
                    "DependencyViolation",
                    format!("The vpc '{id}' has dependencies and cannot be deleted."),
                ));
            }
            // The default group and the main route table go with the VPC.
            r.security_groups.retain(|_, g| g.vpc_id != id);
            r.route_tables.retain(|_, t| t.vpc_id != id);
            r.vpcs.remove(&id);
            Ok(leaf("return", "true"))
        }
        "DescribeSubnets" => {
            let r = &w.regions[region];
            let ids = f.list("SubnetId");
            for id in &ids {
                if !r.subnets.contains_key(id) {
                    return Err(not_found("InvalidSubnetID.NotFound", "subnet", id));
                }
            }
            let items = r
                .subnets
                .values()
                .filter(|s| ids.is_empty() || ids.contains(&s.id))
                .filter(|s| {
                    passes(&filters, &s.tags, |n| match n {
                        "vpc-id" => Some(s.vpc_id.clone()),
                        "subnet-id" => Some(s.id.clone()),
                        "availability-zone" | "availabilityZone" => Some(s.az.clone()),
                        "cidr-block" => Some(s.cidr.clone()),
                        "default-for-az" => Some(s.default_for_az.to_string()),
                        "state" => Some("available".into()),
                        _ => None,
                    })
                })
                .map(|s| subnet_xml(w, r, region, s));
            Ok(item_list("subnetSet", items))
        }
        "CreateSubnet" => create_subnet(w, region, f),
        "DeleteSubnet" => {
            let id = f.required("SubnetId")?.to_string();
            let r = w.region_mut(region);
            if !r.subnets.contains_key(&id) {
                return Err(not_found("InvalidSubnetID.NotFound", "subnet", &id));
            }
            if r.enis.values().any(|e| e.subnet_id == id) {
                return Err(ApiError::bad(
                    "DependencyViolation",
                    format!("The subnet '{id}' has dependencies and cannot be deleted."),
                ));
            }
            r.subnets.remove(&id);
            Ok(leaf("return", "true"))
        }
        "DescribeSecurityGroups" => {
            let r = &w.regions[region];
            let ids = f.list("GroupId");
            for id in &ids {
                if !r.security_groups.contains_key(id) {
                    return Err(ApiError::bad(
                        "InvalidGroup.NotFound",
                        format!("The security group '{id}' does not exist"),
                    ));
                }
            }
            let names = f.list("GroupName");
            let items = r
                .security_groups
                .values()
                .filter(|g| ids.is_empty() || ids.contains(&g.id))
                .filter(|g| names.is_empty() || names.contains(&g.name))
                .filter(|g| {
                    passes(&filters, &g.tags, |n| match n {
                        "group-id" => Some(g.id.clone()),
                        "group-name" => Some(g.name.clone()),
                        "vpc-id" => Some(g.vpc_id.clone()),
                        "description" => Some(g.description.clone()),
                        _ => None,
                    })
                })
                .map(|g| {
                    [
                        leaf("ownerId", &w.account_id),
                        leaf("groupId", &g.id),
                        leaf("groupName", &g.name),
                        leaf("groupDescription", &g.description),
                        leaf("vpcId", &g.vpc_id),
                        rules_xml("ipPermissions", &w.account_id, &g.ingress),
                        rules_xml("ipPermissionsEgress", &w.account_id, &g.egress),
                        tag_xml(&g.tags),
                    ]
                    .concat()
                });
            Ok(item_list("securityGroupInfo", items))
        }
        "DescribeNetworkInterfaces" => {
            let r = &w.regions[region];
            let ids = f.list("NetworkInterfaceId");
            let items = r
                .enis
                .values()
                .filter(|e| ids.is_empty() || ids.contains(&e.id))
                .filter(|e| {
                    passes(&filters, &Tags::new(), |n| match n {
                        "subnet-id" => Some(e.subnet_id.clone()),
                        "vpc-id" => Some(e.vpc_id.clone()),
                        "network-interface-id" => Some(e.id.clone()),
                        "description" => Some(e.description.clone()),
                        "group-id" => e.group_ids.first().cloned(),
                        "availability-zone" => Some(e.az.clone()),
                        _ => None,
                    })
                })
                .map(|e| {
                    let groups = item_list(
                        "groupSet",
                        e.group_ids.iter().map(|g| {
                            let name = r
                                .security_groups
                                .get(g)
                                .map(|s| s.name.clone())
                                .unwrap_or_default();
                            [leaf("groupId", g), leaf("groupName", name)].concat()
                        }),
                    );
                    [
                        leaf("networkInterfaceId", &e.id),
                        leaf("subnetId", &e.subnet_id),
                        leaf("vpcId", &e.vpc_id),
                        leaf("availabilityZone", &e.az),
                        leaf("description", &e.description),
                        leaf("ownerId", &w.account_id),
                        leaf("requesterId", &e.requester),
                        leaf("requesterManaged", "true"),
                        leaf("status", "in-use"),
                        leaf("privateIpAddress", &e.ip),
                        leaf("interfaceType", "interface"),
                        groups,
                    ]
                    .concat()
                });
            Ok(item_list("networkInterfaceSet", items))
        }
        "CreateTags" => {
            let ids = f.list("ResourceId");
            let tags = f.tags("Tag");
            let r = w.region_mut(region);
            for id in &ids {
                let target = if let Some(v) = r.vpcs.get_mut(id) {
                    &mut v.tags
                } else if let Some(s) = r.subnets.get_mut(id) {
                    &mut s.tags
                } else if let Some(g) = r.security_groups.get_mut(id) {
                    &mut g.tags
                } else if let Some(i) = r.instances.get_mut(id) {
                    &mut i.tags
                } else if let Some(e) = r.endpoints.get_mut(id) {
                    &mut e.tags
                } else {
                    return Err(ApiError::bad(
                        "InvalidID",
                        format!("The ID '{id}' is not valid"),
                    ));
                };
                target.extend(tags.iter().cloned());
            }
            Ok(leaf("return", "true"))
        }
        _ => Err(ApiError::bad(
            "InvalidAction",
            format!(
                "The action {op} is not valid for this web service (the sandbox does not model it)."
            ),
        )),
    }
}
