//! Security groups the account creates (the cluster's and KMS's come from those services):
//! CreateSecurityGroup with AWS's default allow-all egress, Authorize ingress/egress rules
//! (a duplicate is InvalidPermission.Duplicate), DeleteSecurityGroup (DependencyViolation
//! while a network interface uses the group or another group's rule names it).

use super::not_found;
use crate::model::{SecurityGroup, SgRule, World};
use crate::wire::{ApiError, ApiResult, Form, leaf};

pub fn create_security_group(w: &mut World, region: &str, f: &Form) -> ApiResult<String> {
    let name = f.required("GroupName")?.to_string();
    let description = f.required("GroupDescription")?.to_string();
    let vpc_id = f.required("VpcId")?.to_string();
    let id = w.ids.ec2("sg");
    let r = w.region_mut(region);
    if !r.vpcs.contains_key(&vpc_id) {
        return Err(not_found("InvalidVpcID.NotFound", "vpc", &vpc_id));
    }
    if r.security_groups
        .values()
        .any(|g| g.vpc_id == vpc_id && g.name == name)
    {
        return Err(ApiError::bad(
            "InvalidGroup.Duplicate",
            format!("The security group '{name}' already exists for VPC '{vpc_id}'"),
        ));
    }
    let all = SgRule {
        protocol: "-1".into(),
        from_port: -1,
        to_port: -1,
        cidr: "0.0.0.0/0".into(),
        group_id: String::new(),
    };
    r.security_groups.insert(
        id.clone(),
        SecurityGroup {
            id: id.clone(),
            name,
            description,
            vpc_id,
            ingress: vec![],
            egress: vec![all],
            tags: f.tag_specifications().into_iter().collect(),
        },
    );
    Ok([leaf("return", "true"), leaf("groupId", id)].concat())
}

pub fn authorize(w: &mut World, region: &str, op: &str, f: &Form) -> ApiResult<String> {
    let id = f.required("GroupId")?.to_string();
    let r = w.region_mut(region);
    let g = r
        .security_groups
        .get_mut(&id)
        .ok_or_else(|| not_found("InvalidGroup.NotFound", "security group", &id))?;
    let rules = if op == "AuthorizeSecurityGroupIngress" {
        &mut g.ingress
    } else {
        &mut g.egress
    };
    for n in 1..=20 {
        let Some(protocol) = f.get(&format!("IpPermissions.{n}.IpProtocol")) else {
            break;
        };
        let port = |k: &str| {
            f.get(&format!("IpPermissions.{n}.{k}"))
                .and_then(|p| p.parse().ok())
                .unwrap_or(-1)
        };
        let mut new = Vec::new();
        for cidr in (1..=20).map_while(|m| f.get(&format!("IpPermissions.{n}.IpRanges.{m}.CidrIp")))
        {
            new.push(SgRule {
                protocol: protocol.into(),
                from_port: port("FromPort"),
                to_port: port("ToPort"),
                cidr: cidr.into(),
                group_id: String::new(),
            });
        }
        for group in (1..=20).map_while(|m| f.get(&format!("IpPermissions.{n}.Groups.{m}.GroupId")))
        {
            new.push(SgRule {
                protocol: protocol.into(),
                from_port: port("FromPort"),
                to_port: port("ToPort"),
                cidr: String::new(),
                group_id: group.into(),
            });
        }
        for rule in new {
            if rules.contains(&rule) {
                return Err(ApiError::bad(
                    "InvalidPermission.Duplicate",
                    format!("the specified rule already exists in {id}"),
                ));
            }
            rules.push(rule);
        }
    }
    Ok(leaf("return", "true"))
}

pub fn delete_security_group(w: &mut World, region: &str, f: &Form) -> ApiResult<String> {
    let id = f.required("GroupId")?.to_string();
    let r = w.region_mut(region);
    if !r.security_groups.contains_key(&id) {
        return Err(not_found("InvalidGroup.NotFound", "security group", &id));
    }
    let referenced = r
        .security_groups
        .values()
        .any(|g| g.id != id && g.ingress.iter().chain(&g.egress).any(|x| x.group_id == id));
    if r.enis.values().any(|e| e.group_ids.contains(&id)) || referenced {
        return Err(ApiError::bad(
            "DependencyViolation",
            format!("resource {id} has a dependent object"),
        ));
    }
    r.security_groups.remove(&id);
    Ok(leaf("return", "true"))
}
