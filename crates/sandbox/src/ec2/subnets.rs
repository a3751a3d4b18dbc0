//! CreateSubnet: the CIDR rules (inside the VPC's block, /16 to /28, no overlap), the AZ by
//! name or id, and the five addresses AWS reserves in every subnet.

use super::*;
use crate::model::{RegionState, Subnet, World};
use crate::wire::{ApiError, ApiResult, Form, leaf, node};
use regions::{az_id, cidr_overlaps, cidr_within, parse_cidr};

pub(super) fn create_subnet(w: &mut World, region: &str, f: &Form) -> ApiResult<String> {
    let vpc_id = f.required("VpcId")?.to_string();
    let cidr = f.required("CidrBlock")?.to_string();
    let az = match (f.get("AvailabilityZone"), f.get("AvailabilityZoneId")) {
        (Some(az), _) => az.to_string(),
        (None, Some(id)) => regions::azs(region)
            .into_iter()
            .find(|a| az_id(a) == id)
            .unwrap_or_else(|| id.to_string()),
        (None, None) => regions::azs(region).into_iter().next().unwrap_or_default(),
    };
    if !regions::azs(region).contains(&az) {
        return Err(ApiError::bad(
            "InvalidParameterValue",
            format!(
                "Value ({az}) for parameter availabilityZone is invalid. Subnets can currently only be created in the following availability zones: {}.",
                regions::azs(region).join(", ")
            ),
        ));
    }
    let r = w.region_mut(region);
    let vpc = r
        .vpcs
        .get(&vpc_id)
        .ok_or_else(|| not_found("InvalidVpcID.NotFound", "vpc", &vpc_id))?;
    let parsed = parse_cidr(&cidr).ok_or_else(|| {
        ApiError::bad(
            "InvalidParameterValue",
            format!(
                "Value ({cidr}) for parameter cidrBlock is invalid. This is not a valid CIDR block."
            ),
        )
    })?;
    let vpc_cidr = parse_cidr(&vpc.cidr).unwrap_or((0, 0));
    if !cidr_within(parsed, vpc_cidr) || !(16..=28).contains(&parsed.1) {
        return Err(ApiError::bad(
            "InvalidSubnet.Range",
            format!("The CIDR '{cidr}' is invalid."),
        ));
    }
    if r.subnets
        .values()
        .filter(|s| s.vpc_id == vpc_id)
        .any(|s| parse_cidr(&s.cidr).is_some_and(|c| cidr_overlaps(c, parsed)))
    {
        return Err(ApiError::bad(
            "InvalidSubnet.Conflict",
            format!("The CIDR '{cidr}' conflicts with another subnet"),
        ));
    }
    let id = w.ids.ec2("subnet");
    let s = Subnet {
        id: id.clone(),
        vpc_id,
        cidr,
        az,
        default_for_az: false,
        reserved: 0,
        tags: f.tag_specifications().into_iter().collect(),
    };
    let r = w.region_mut(region);
    r.subnets.insert(id.clone(), s);
    let r = &w.regions[region];
    Ok(node("subnet", subnet_xml(w, r, region, &r.subnets[&id])))
}

pub(super) fn subnet_xml(w: &World, r: &RegionState, region: &str, s: &Subnet) -> String {
    [
        leaf("subnetId", &s.id),
        leaf(
            "subnetArn",
            format!("arn:aws:ec2:{region}:{}:subnet/{}", w.account_id, s.id),
        ),
        leaf("ownerId", &w.account_id),
        leaf("state", "available"),
        leaf("vpcId", &s.vpc_id),
        leaf("cidrBlock", &s.cidr),
        leaf(
            "availableIpAddressCount",
            r.free_addresses(&s.id).to_string(),
        ),
        leaf("availabilityZone", &s.az),
        leaf("availabilityZoneId", az_id(&s.az)),
        leaf("defaultForAz", s.default_for_az.to_string()),
        leaf("mapPublicIpOnLaunch", s.default_for_az.to_string()),
        tag_xml(&s.tags),
    ]
    .concat()
}
