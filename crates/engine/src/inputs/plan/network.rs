//! The `[network]` section's rules: existing subnets (ids, count, each once) or a VPC to
//! create (CIDR sizes, subnets inside the VPC's block, no overlaps, one subnet per AZ).

use super::raw::RawNetwork;
use super::{Checker, Network, Plan, PlanError};
use keystore_facts::net::{cidr_overlaps, cidr_within, parse_cidr};
use std::collections::BTreeSet;

impl Plan {
    pub(super) fn network(c: &Checker, n: &RawNetwork) -> Result<Network, PlanError> {
        match (&n.subnet_ids, &n.create_vpc) {
            (Some(ids), None) => {
                c.check(ids.get_ref().len() >= 2, "network.subnet_ids", ids, "at least two subnets, in different Availability Zones (a key store needs HSMs in two AZs)")?;
                c.check(
                    ids.get_ref().len() <= 10,
                    "network.subnet_ids",
                    ids,
                    "at most 10 subnets",
                )?;
                let re = regex::Regex::new("^subnet-[0-9a-f]{8,17}$")
                    .map_err(|e| c.err("network.subnet_ids", ids, &e.to_string()))?;
                let mut seen = BTreeSet::new();
                for id in ids.get_ref() {
                    c.check(
                        re.is_match(id.get_ref()),
                        "network.subnet_ids",
                        id,
                        "a subnet id such as subnet-0123456789abcdef0",
                    )?;
                    c.check(
                        seen.insert(id.get_ref().clone()),
                        "network.subnet_ids",
                        id,
                        "each subnet once",
                    )?;
                }
                Ok(Network::Existing(
                    ids.get_ref().iter().map(|i| i.get_ref().clone()).collect(),
                ))
            }
            (None, Some(v)) => {
                let vpc = parse_cidr(v.cidr.get_ref());
                c.check(
                    vpc.is_some_and(|(_, l)| (16..=28).contains(&l)),
                    "network.create_vpc.cidr",
                    &v.cidr,
                    "an IPv4 CIDR block from /16 to /28 with no host bits set",
                )?;
                let vpc = vpc.unwrap_or((0, 0));
                c.check(
                    v.subnets.get_ref().len() >= 2,
                    "network.create_vpc.subnets",
                    &v.subnets,
                    "at least two subnets, in different Availability Zones",
                )?;
                let mut out: Vec<(String, Option<String>)> = Vec::new();
                let mut parsed = Vec::new();
                for s in v.subnets.get_ref() {
                    let cidr = parse_cidr(s.cidr.get_ref());
                    c.check(
                        cidr.is_some_and(|x| cidr_within(x, vpc) && x.1 <= 28),
                        "network.create_vpc.subnets.cidr",
                        &s.cidr,
                        "a /16../28 CIDR inside the VPC's block",
                    )?;
                    let cidr = cidr.unwrap_or((0, 0));
                    c.check(
                        !parsed.iter().any(|p| cidr_overlaps(*p, cidr)),
                        "network.create_vpc.subnets.cidr",
                        &s.cidr,
                        "subnets must not overlap",
                    )?;
                    parsed.push(cidr);
                    if let Some(az) = &s.az {
                        c.check(
                            !out.iter().any(|(_, a)| a.as_ref() == Some(az.get_ref())),
                            "network.create_vpc.subnets.az",
                            az,
                            "one subnet per Availability Zone",
                        )?;
                    }
                    out.push((
                        s.cidr.get_ref().clone(),
                        s.az.as_ref().map(|a| a.get_ref().clone()),
                    ));
                }
                Ok(Network::CreateVpc {
                    cidr: v.cidr.get_ref().clone(),
                    subnets: out,
                })
            }
            (Some(ids), Some(_)) => Err(c.err(
                "network",
                ids,
                "give either subnet_ids or [network.create_vpc], not both",
            )),
            (None, None) => Err(PlanError {
                field: "network".into(),
                rule: crate::i18n::lookup(
                    "rule",
                    "give subnet_ids or a [network.create_vpc] table",
                ),
                value: "(none)".into(),
                line: 1,
                column: 1,
            }),
        }
    }
}
