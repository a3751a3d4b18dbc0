//! Regions, Availability Zones and the default network every Region of a new AWS account has
//! (a default VPC with one default subnet per AZ), plus the IPv4 arithmetic that free-address
//! counts and ENI addresses need.

use crate::model::{RegionState, SecurityGroup, SgRule, Subnet, Vpc, World};
use crate::wire::{item_list, leaf};
pub use keystore_facts::net::{
    cidr_overlaps, cidr_within, format_ip, parse_cidr, usable_addresses,
};
use std::collections::BTreeMap;

/// The 32 commercial Regions with CloudHSM and KMS (AWS-FACTS.md, 2026).
pub const REGIONS: [&str; 32] = [
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "af-south-1",
    "ap-east-1",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
    "sa-east-1",
];

/// Regions that need an opt-in on AWS (DescribeRegions reports `opted-in` for them).
pub fn is_opt_in(region: &str) -> bool {
    !matches!(
        region,
        "us-east-1"
            | "us-east-2"
            | "us-west-1"
            | "us-west-2"
            | "ap-northeast-1"
            | "ap-northeast-2"
            | "ap-northeast-3"
            | "ap-south-1"
            | "ap-southeast-1"
            | "ap-southeast-2"
            | "ca-central-1"
            | "eu-central-1"
            | "eu-north-1"
            | "eu-west-1"
            | "eu-west-2"
            | "eu-west-3"
            | "sa-east-1"
    )
}

pub fn is_known(region: &str) -> bool {
    REGIONS.contains(&region)
}

/// The AZs the sandbox gives a Region: six in us-east-1, three elsewhere.
pub fn azs(region: &str) -> Vec<String> {
    let letters = if region == "us-east-1" {
        "abcdef"
    } else {
        "abc"
    };
    letters.chars().map(|c| format!("{region}{c}")).collect()
}

/// A short AZ id as DescribeAvailabilityZones reports (`us-east-1a` → `use1-az1`,
/// `ap-northeast-1c` → `apne1-az3`).
pub fn az_id(az: &str) -> String {
    let (region, letter) = az.split_at(az.len().saturating_sub(1));
    let parts: Vec<&str> = region.split('-').collect();
    let direction = |d: &str| {
        match d {
            "northeast" => "ne",
            "southeast" => "se",
            "northwest" => "nw",
            "southwest" => "sw",
            other => other.get(..1).unwrap_or(""),
        }
        .to_string()
    };
    let short = match parts.as_slice() {
        [geo, dir, n] => format!("{geo}{}{n}", direction(dir)),
        _ => region.replace('-', ""),
    };
    let n = letter
        .chars()
        .next()
        .map(|c| c as u32 - 'a' as u32 + 1)
        .unwrap_or(1);
    format!("{short}-az{n}")
}

impl World {
    /// The state of a Region, created on first use with its default network.
    pub fn region_mut(&mut self, region: &str) -> &mut RegionState {
        if !self.regions.contains_key(region) {
            let state = default_network(self, region);
            self.regions.insert(region.to_string(), state);
        }
        self.regions.entry(region.to_string()).or_default()
    }

    pub fn region(&self, region: &str) -> Option<&RegionState> {
        self.regions.get(region)
    }
}

fn default_network(world: &mut World, region: &str) -> RegionState {
    let mut state = RegionState::default();
    let vpc_id = world.ids.ec2("vpc");
    state.vpcs.insert(
        vpc_id.clone(),
        Vpc {
            id: vpc_id.clone(),
            cidr: "172.31.0.0/16".into(),
            is_default: true,
            tags: BTreeMap::new(),
            dns_support: true,
            dns_hostnames: true,
        },
    );
    for (i, az) in azs(region).into_iter().enumerate() {
        let id = world.ids.ec2("subnet");
        let cidr = format!("172.31.{}.0/20", i * 16);
        state.subnets.insert(
            id.clone(),
            Subnet {
                id,
                vpc_id: vpc_id.clone(),
                cidr,
                az,
                default_for_az: true,
                reserved: 0,
                tags: BTreeMap::new(),
            },
        );
    }
    let sg = default_security_group(world, &vpc_id);
    state.security_groups.insert(sg.id.clone(), sg);
    state
}

/// Every VPC has a `default` security group that admits traffic from itself.
pub fn default_security_group(world: &mut World, vpc_id: &str) -> SecurityGroup {
    let id = world.ids.ec2("sg");
    let all = |group_id: &str, cidr: &str| SgRule {
        protocol: "-1".into(),
        from_port: -1,
        to_port: -1,
        group_id: group_id.into(),
        cidr: cidr.into(),
    };
    SecurityGroup {
        id: id.clone(),
        name: "default".into(),
        description: "default VPC security group".into(),
        vpc_id: vpc_id.into(),
        ingress: vec![all(&id, "")],
        egress: vec![all("", "0.0.0.0/0")],
        tags: BTreeMap::new(),
    }
}

impl RegionState {
    pub fn free_addresses(&self, subnet_id: &str) -> u32 {
        let Some(subnet) = self.subnets.get(subnet_id) else {
            return 0;
        };
        let used = self
            .enis
            .values()
            .filter(|e| e.subnet_id == subnet_id)
            .count() as u32;
        usable_addresses(&subnet.cidr).saturating_sub(used + subnet.reserved)
    }

    /// The lowest free address of a subnet (AWS reserves the first four).
    pub fn next_address(&self, subnet_id: &str) -> Option<String> {
        if self.free_addresses(subnet_id) == 0 {
            return None;
        }
        let subnet = self.subnets.get(subnet_id)?;
        let (base, len) = parse_cidr(&subnet.cidr)?;
        let size = 1u64 << (32 - len);
        let taken: Vec<&str> = self
            .enis
            .values()
            .filter(|e| e.subnet_id == subnet_id)
            .map(|e| e.ip.as_str())
            .collect();
        (4..size.saturating_sub(1))
            .map(|off| format_ip(base.wrapping_add(off as u32)))
            .find(|ip| !taken.contains(&ip.as_str()))
    }

    /// `ip` when it is a usable, free address of the subnet (not one of the five AWS reserves:
    /// the network address, the next three, and the last); else why not.
    pub fn address_if_free(&self, subnet_id: &str, ip: &str) -> Result<String, String> {
        let subnet = self
            .subnets
            .get(subnet_id)
            .ok_or_else(|| format!("Subnet {subnet_id} no longer exists"))?;
        let (base, len) =
            parse_cidr(&subnet.cidr).ok_or_else(|| format!("Subnet {subnet_id} has no CIDR"))?;
        let wanted = parse_cidr(&format!("{ip}/32"))
            .ok_or_else(|| format!("{ip} is not an IPv4 address"))?
            .0;
        let size = 1u64 << (32 - len);
        let off = u64::from(wanted.wrapping_sub(base));
        if wanted < base || off >= size {
            return Err(format!(
                "IP address {ip} is not in subnet {subnet_id} ({})",
                subnet.cidr
            ));
        }
        if off < 4 || off == size - 1 {
            return Err(format!(
                "IP address {ip} is reserved by AWS in subnet {subnet_id}"
            ));
        }
        if self.enis.values().any(|e| e.ip == ip) {
            return Err(format!("IP address {ip} is already in use"));
        }
        Ok(ip.to_string())
    }
}

/// DescribeRegions: the enabled Regions (all with `AllRegions`), with their opt-in status.
pub fn describe_regions(w: &World, f: &crate::wire::Form) -> String {
    let all = f.get("AllRegions") == Some("true");
    let names = f.list("RegionName");
    let items = REGIONS
        .iter()
        .filter(|r| all || !w.disabled_regions.contains(**r))
        .filter(|r| names.is_empty() || names.iter().any(|n| n == *r))
        .map(|r| {
            let status = if !is_opt_in(r) {
                "opt-in-not-required"
            } else if w.disabled_regions.contains(*r) {
                "not-opted-in"
            } else {
                "opted-in"
            };
            [
                leaf("regionName", r),
                leaf("regionEndpoint", format!("ec2.{r}.amazonaws.com")),
                leaf("optInStatus", status),
            ]
            .concat()
        });
    item_list("regionInfo", items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_and_azs() {
        assert_eq!(REGIONS.len(), 32);
        assert_eq!(azs("us-east-1").len(), 6);
        assert_eq!(az_id("us-east-1a"), "use1-az1");
        assert_eq!(az_id("ap-northeast-1c"), "apne1-az3");
        assert!(is_opt_in("af-south-1"));
        assert!(!is_opt_in("us-east-1"));
    }
}
