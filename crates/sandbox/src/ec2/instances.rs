//! EC2 instances: RunInstances (with `ClientToken` idempotency, the instance profile checked
//! against IAM's propagation delay and the caller's `iam:PassRole`), DescribeInstances,
//! TerminateInstances, and ModifyNetworkInterfaceAttribute (an existing instance joining the
//! cluster security group). Each instance gets a primary network interface in its subnet, so
//! it takes an address and keeps the subnet and its groups from being deleted while it lives.
//! Must not depend on the SSM model beyond the host data it carries.

use super::{not_found, passes, tag_xml};
use crate::hosts::{AL2023_AMI, Instance, durations};
use crate::model::{Eni, World};
use crate::wire::{ApiError, ApiResult, Form, item_list, leaf, node};

/// The instance types the sandbox knows (enough for a client host).
const TYPES: &[&str] = &[
    "t3.micro",
    "t3.small",
    "t3.medium",
    "t3a.micro",
    "t3a.small",
    "t4g.micro",
    "m5.large",
    "c5.large",
];

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::bad("InvalidParameterValue", message)
}

pub fn run_instances(w: &mut World, region: &str, f: &Form) -> ApiResult<String> {
    let token = f.get("ClientToken").map(str::to_string);
    if let Some(t) = &token {
        let r = w.region_mut(region);
        if let Some(i) = r
            .instances
            .values()
            .find(|i| i.client_token.as_ref() == Some(t))
            .cloned()
        {
            let now = w.now;
            return Ok(reservation_xml(w, &i, now));
        }
    }
    let image = f.required("ImageId")?.to_string();
    if image != AL2023_AMI {
        return Err(ApiError::bad(
            "InvalidAMIID.NotFound",
            format!("The image id '[{image}]' does not exist"),
        ));
    }
    let instance_type = f.get("InstanceType").unwrap_or("m1.small").to_string();
    if !TYPES.contains(&instance_type.as_str()) {
        return Err(invalid(format!(
            "Invalid value '{instance_type}' for InstanceType."
        )));
    }
    if f.get("MinCount") != Some("1") || f.get("MaxCount") != Some("1") {
        return Err(invalid(
            "The sandbox launches one instance per call (MinCount = MaxCount = 1)",
        ));
    }
    let subnet_id = f
        .get("SubnetId")
        .or(f.get("NetworkInterface.1.SubnetId"))
        .ok_or_else(|| ApiError::bad("MissingParameter", "A subnet is required in a VPC"))?
        .to_string();
    let mut groups = f.list("SecurityGroupId");
    groups.extend(f.list("NetworkInterface.1.SecurityGroupId"));
    let public_ip = f.get("NetworkInterface.1.AssociatePublicIpAddress") == Some("true");
    let profile = f
        .get("IamInstanceProfile.Name")
        .map(str::to_string)
        .or_else(|| {
            f.get("IamInstanceProfile.Arn")
                .and_then(|a| a.rsplit('/').next())
                .map(str::to_string)
        });
    if let Some(name) = &profile {
        let usable = w
            .iam
            .instance_profiles
            .get(name)
            .filter(|p| w.now >= p.created + durations::PROFILE_PROPAGATION);
        let Some(p) = usable else {
            return Err(invalid(format!(
                "Value ({name}) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name"
            )));
        };
        if !p.roles.is_empty() && !crate::iam::eval::caller_may(w, "iam:PassRole") {
            return Err(ApiError::bad(
                "UnauthorizedOperation",
                format!(
                    "You are not authorized to perform this operation. User: {} is not authorized to perform: iam:PassRole",
                    w.user_arn()
                ),
            ));
        }
    }
    let eni_id = w.ids.ec2("eni");
    let id = w.ids.ec2("i");
    let r = w.region_mut(region);
    let subnet = r
        .subnets
        .get(&subnet_id)
        .cloned()
        .ok_or_else(|| not_found("InvalidSubnetID.NotFound", "subnet", &subnet_id))?;
    if let Some(bad) = groups.iter().find(|g| {
        r.security_groups
            .get(*g)
            .is_none_or(|sg| sg.vpc_id != subnet.vpc_id)
    }) {
        return Err(ApiError::bad(
            "InvalidGroup.NotFound",
            format!(
                "The security group '{bad}' does not exist in VPC '{}'",
                subnet.vpc_id
            ),
        ));
    }
    if groups.is_empty() {
        groups = r
            .security_groups
            .values()
            .filter(|g| g.vpc_id == subnet.vpc_id && g.name == "default")
            .map(|g| g.id.clone())
            .collect();
    }
    let ip = r.next_address(&subnet_id).ok_or_else(|| {
        ApiError::bad(
            "InsufficientFreeAddressesInSubnet",
            format!("There are not enough free addresses in subnet '{subnet_id}' to satisfy the requested number of instances."),
        )
    })?;
    r.enis.insert(
        eni_id.clone(),
        Eni {
            id: eni_id.clone(),
            subnet_id: subnet_id.clone(),
            vpc_id: subnet.vpc_id.clone(),
            az: subnet.az.clone(),
            ip: ip.clone(),
            description: String::new(),
            group_ids: groups,
            requester: String::new(),
        },
    );
    let instance = Instance {
        id: id.clone(),
        image_id: image,
        instance_type,
        subnet_id,
        vpc_id: subnet.vpc_id,
        az: subnet.az,
        eni_id,
        private_ip: ip,
        public_ip,
        profile_name: profile,
        imdsv2_required: f.get("MetadataOptions.HttpTokens") == Some("required"),
        root_encrypted: f.get("BlockDeviceMapping.1.Ebs.Encrypted") == Some("true"),
        client_token: token,
        launched: w.now,
        terminated_at: None,
        tags: f.tag_specifications().into_iter().collect(),
        host: Default::default(),
    };
    let now = w.now;
    let xml = reservation_xml(w, &instance, now);
    w.region_mut(region).instances.insert(id, instance);
    Ok(xml)
}

fn instance_xml(w: &World, i: &Instance, now: f64) -> String {
    let (state, code) = i.state(now);
    let groups = w
        .regions
        .values()
        .find_map(|r| r.enis.get(&i.eni_id))
        .map(|e| e.group_ids.clone())
        .unwrap_or_default();
    // AWS lists the groups twice: on the instance and on each network interface.
    let group_set = item_list("groupSet", groups.iter().map(|g| leaf("groupId", g)));
    let eni_groups = group_set.clone();
    let profile = i.profile_name.as_ref().map(|p| {
        node(
            "iamInstanceProfile",
            leaf(
                "arn",
                format!("arn:aws:iam::{}:instance-profile/{p}", w.account_id),
            ),
        )
    });
    [
        leaf("instanceId", &i.id),
        leaf("imageId", &i.image_id),
        node(
            "instanceState",
            [leaf("code", code.to_string()), leaf("name", state)].concat(),
        ),
        leaf("privateIpAddress", &i.private_ip),
        leaf("instanceType", &i.instance_type),
        leaf("launchTime", crate::wire::iso8601(i.launched)),
        node("placement", leaf("availabilityZone", &i.az)),
        leaf("subnetId", &i.subnet_id),
        leaf("vpcId", &i.vpc_id),
        leaf("clientToken", i.client_token.as_deref().unwrap_or_default()),
        group_set,
        profile.unwrap_or_default(),
        item_list(
            "networkInterfaceSet",
            [[
                leaf("networkInterfaceId", &i.eni_id),
                leaf("subnetId", &i.subnet_id),
                leaf("privateIpAddress", &i.private_ip),
                eni_groups,
            ]
            .concat()],
        ),
        node(
            "metadataOptions",
            leaf(
                "httpTokens",
                if i.imdsv2_required {
                    "required"
                } else {
                    "optional"
                },
            ),
        ),
        tag_xml(&i.tags),
    ]
    .concat()
}

fn reservation_xml(w: &World, i: &Instance, now: f64) -> String {
    [
        leaf(
            "reservationId",
            format!("r-{}", i.id.trim_start_matches("i-")),
        ),
        leaf("ownerId", &w.account_id),
        item_list("groupSet", Vec::<String>::new()),
        item_list("instancesSet", [instance_xml(w, i, now)]),
    ]
    .concat()
}

pub fn describe_instances(w: &mut World, region: &str, f: &Form) -> ApiResult<String> {
    let now = w.now;
    let ids = f.list("InstanceId");
    let filters = f.filters();
    let r = w.region_mut(region).clone();
    for id in &ids {
        if !r.instances.contains_key(id) {
            return Err(not_found("InvalidInstanceID.NotFound", "instance", id));
        }
    }
    let items: Vec<String> = r
        .instances
        .values()
        .filter(|i| ids.is_empty() || ids.contains(&i.id))
        // A terminated instance stays listed for about an hour, as on AWS.
        .filter(|i| i.terminated_at.is_none_or(|t| now < t + 3600.0))
        .filter(|i| {
            passes(&filters, &i.tags, |n| match n {
                "instance-id" => Some(i.id.clone()),
                "vpc-id" => Some(i.vpc_id.clone()),
                "subnet-id" => Some(i.subnet_id.clone()),
                "instance-state-name" => Some(i.state(now).0.to_string()),
                "client-token" => i.client_token.clone(),
                _ => None,
            })
        })
        .map(|i| reservation_xml(w, i, now))
        .collect();
    Ok(item_list("reservationSet", items))
}

pub fn terminate_instances(w: &mut World, region: &str, f: &Form) -> ApiResult<String> {
    let now = w.now;
    let ids = f.list("InstanceId");
    let r = w.region_mut(region);
    let mut items = Vec::new();
    for id in &ids {
        let i = r
            .instances
            .get_mut(id)
            .ok_or_else(|| not_found("InvalidInstanceID.NotFound", "instance", id))?;
        let (before, before_code) = i.state(now);
        if i.terminated_at.is_none() {
            i.terminated_at = Some(now);
        }
        let (after, after_code) = i.state(now);
        items.push(
            [
                leaf("instanceId", id),
                node(
                    "currentState",
                    [leaf("code", after_code.to_string()), leaf("name", after)].concat(),
                ),
                node(
                    "previousState",
                    [leaf("code", before_code.to_string()), leaf("name", before)].concat(),
                ),
            ]
            .concat(),
        );
    }
    Ok(item_list("instancesSet", items))
}

/// Releases the network interfaces of instances that have finished terminating.
pub fn settle_terminated(w: &mut World) {
    let now = w.now;
    for r in w.regions.values_mut() {
        let gone: Vec<String> = r
            .instances
            .values()
            .filter(|i| i.state(now).0 == "terminated")
            .map(|i| i.eni_id.clone())
            .collect();
        for eni in gone {
            r.enis.remove(&eni);
        }
    }
}

pub fn modify_network_interface(w: &mut World, region: &str, f: &Form) -> ApiResult<String> {
    let id = f.required("NetworkInterfaceId")?.to_string();
    let groups = f.list("SecurityGroupId");
    let r = w.region_mut(region);
    let eni = r.enis.get(&id).cloned().ok_or_else(|| {
        not_found(
            "InvalidNetworkInterfaceID.NotFound",
            "network interface",
            &id,
        )
    })?;
    if groups.is_empty() {
        return Err(ApiError::bad(
            "MissingParameter",
            "Specify an attribute to modify",
        ));
    }
    if let Some(bad) = groups.iter().find(|g| {
        r.security_groups
            .get(*g)
            .is_none_or(|sg| sg.vpc_id != eni.vpc_id)
    }) {
        return Err(ApiError::bad(
            "InvalidGroup.NotFound",
            format!(
                "The security group '{bad}' does not exist in VPC '{}'",
                eni.vpc_id
            ),
        ));
    }
    if let Some(e) = r.enis.get_mut(&id) {
        e.group_ids = groups;
    }
    Ok(leaf("return", "true"))
}
