//! `plan init`: the commented example plan for a Region, with the account's subnets listed in
//! it when they could be read, ready for `plan check` and `setup --plan`.

use super::EXAMPLE;
use crate::cloud::types::Subnet;
use std::collections::BTreeMap;

/// The example plan for `region` (the example's own Region when None), with `subnets` (the
/// account's, in that Region) listed as comments under `[network]`, and the two a plan would
/// use — the VPC with subnets in the most AZs, one subnet per AZ — written out as a ready
/// `subnet_ids` line to uncomment.
pub fn init_text(region: Option<&str>, subnets: &[Subnet]) -> String {
    let mut text = match region {
        Some(r) => EXAMPLE.replace("us-east-1", r),
        None => EXAMPLE.to_string(),
    };
    if subnets.is_empty() {
        return text;
    }
    let mut by_vpc: BTreeMap<&str, BTreeMap<&str, &Subnet>> = BTreeMap::new();
    for s in subnets {
        by_vpc
            .entry(s.vpc_id.as_str())
            .or_default()
            .entry(s.az.as_str())
            .or_insert(s);
    }
    let mut lines = vec![format!(
        "# This account's subnets in {} (DescribeSubnets, when this plan was written):",
        region.unwrap_or("us-east-1")
    )];
    for s in subnets {
        lines.push(format!(
            "#   {}  {}  {}  {}  {} free addresses",
            s.id, s.az, s.cidr, s.vpc_id, s.free_ips
        ));
    }
    if let Some((vpc, azs)) = by_vpc
        .iter()
        .filter(|(_, azs)| azs.len() >= 2)
        .max_by_key(|(_, azs)| azs.len())
    {
        let ids: Vec<String> = azs
            .values()
            .take(2)
            .map(|s| format!("\"{}\"", s.id))
            .collect();
        lines.push(format!(
            "# To use {vpc} instead of a new VPC, delete [network.create_vpc] below and uncomment:"
        ));
        lines.push(format!("# subnet_ids = [{}]", ids.join(", ")));
    }
    let block = lines.join("\n");
    text = text.replacen("[network]\n", &format!("[network]\n{block}\n"), 1);
    text
}

#[cfg(test)]
mod tests {
    use super::super::Plan;
    use super::*;

    fn subnet(id: &str, vpc: &str, az: &str) -> Subnet {
        Subnet {
            id: id.into(),
            vpc_id: vpc.into(),
            az: az.into(),
            cidr: "10.0.0.0/24".into(),
            free_ips: 251,
        }
    }

    #[test]
    fn the_init_text_passes_the_plan_check_with_and_without_subnets() {
        let bare = init_text(Some("eu-west-1"), &[]);
        let p = Plan::parse(&bare).expect("check");
        assert_eq!(p.region.as_deref(), Some("eu-west-1"));
        let subnets = [
            subnet("subnet-0aaaaaaaaaaaaaaa1", "vpc-small", "eu-west-1a"),
            subnet("subnet-0bbbbbbbbbbbbbbb1", "vpc-big", "eu-west-1a"),
            subnet("subnet-0bbbbbbbbbbbbbbb2", "vpc-big", "eu-west-1b"),
            subnet("subnet-0bbbbbbbbbbbbbbb3", "vpc-big", "eu-west-1b"),
        ];
        let text = init_text(Some("eu-west-1"), &subnets);
        assert!(Plan::parse(&text).is_ok(), "{text}");
        assert!(text.contains("#   subnet-0aaaaaaaaaaaaaaa1  eu-west-1a"));
        assert!(
            text.contains(
                "# subnet_ids = [\"subnet-0bbbbbbbbbbbbbbb1\", \"subnet-0bbbbbbbbbbbbbbb2\"]"
            ),
            "the VPC with two AZs, one subnet per AZ: {text}"
        );
        // Uncommented as the comment says, it is a valid plan on existing subnets.
        let chosen = text
            .lines()
            .find_map(|l| l.strip_prefix("# subnet_ids = "))
            .expect("line");
        let start = text.find("\n[network.create_vpc]\n").expect("vpc") + 1;
        let end = text[start..].find("\n[cluster]").expect("next section") + start;
        let edited = format!("{}subnet_ids = {chosen}\n{}", &text[..start], &text[end..]);
        let p = Plan::parse(&edited).expect("edited plan");
        assert!(matches!(p.network, super::super::Network::Existing(ref ids) if ids.len() == 2));
    }
}
