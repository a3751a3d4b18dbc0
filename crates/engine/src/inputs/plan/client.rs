//! The `[client]` section: how the CloudHSM client host comes to exist. `launch` (the wizard
//! starts an instance in a cluster subnet and prepares it through SSM), `existing` (an instance
//! the operator names; the wizard adds the cluster security group to it), or `manual` (the
//! operator's own host, with a checklist). A plan without the section is `manual`, so a plan
//! written before it existed never starts paying for an instance on resume.

use super::raw::S;
use super::{Checker, Plan, PlanError};
use serde::Deserialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientMode {
    Launch,
    Existing,
    Manual,
}

impl ClientMode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Launch => "launch",
            Self::Existing => "existing",
            Self::Manual => "manual",
        }
    }
}

/// The checked `[client]` section.
#[derive(Debug, Clone, PartialEq)]
pub struct Client {
    pub mode: ClientMode,
    /// `launch`: the instance type (x86_64: the Amazon Linux 2023 x86_64 AMI).
    pub instance_type: String,
    /// `launch`: keep the instance after the key store has connected.
    pub keep: bool,
    /// `launch`, in a VPC the wizard created: consent to create what the client needs to reach
    /// SSM and the package repositories (endpoints, DNS hostnames, a group for the endpoints).
    pub create_endpoints: bool,
    /// `existing`: the instance.
    pub instance_id: Option<String>,
}

impl Default for Client {
    fn default() -> Self {
        Self {
            mode: ClientMode::Manual,
            instance_type: DEFAULT_TYPE.into(),
            keep: false,
            create_endpoints: false,
            instance_id: None,
        }
    }
}

pub const DEFAULT_TYPE: &str = "t3.micro";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawClient {
    mode: S<String>,
    instance_type: Option<S<String>>,
    keep: Option<S<bool>>,
    create_endpoints: Option<S<bool>>,
    instance_id: Option<S<String>>,
}

/// Whether an instance type names an arm64 (Graviton) family: a `g` among the letters after
/// the generation digit (t4g, m6gd, c7gn), which the x86_64 AMI cannot boot.
fn arm64(instance_type: &str) -> bool {
    let family = instance_type.split('.').next().unwrap_or("");
    family
        .find(|c: char| c.is_ascii_digit())
        .map(|i| {
            family[i..]
                .trim_start_matches(|c: char| c.is_ascii_digit())
                .contains('g')
        })
        .unwrap_or(false)
}

impl Plan {
    pub(super) fn client(c: &Checker, raw: Option<&RawClient>) -> Result<Client, PlanError> {
        let Some(raw) = raw else {
            return Ok(Client::default());
        };
        let mode = match raw.mode.get_ref().as_str() {
            "launch" => ClientMode::Launch,
            "existing" => ClientMode::Existing,
            "manual" => ClientMode::Manual,
            _ => return Err(c.err("client.mode", &raw.mode, "launch, existing or manual")),
        };
        let mut out = Client {
            mode,
            ..Client::default()
        };
        if let Some(t) = &raw.instance_type {
            let re = regex::Regex::new(r"^[a-z][a-z0-9-]*[0-9][a-z0-9-]*\.[a-z0-9]+$")
                .map_err(|e| c.err("client.instance_type", t, &e.to_string()))?;
            c.check(
                re.is_match(t.get_ref()),
                "client.instance_type",
                t,
                "an EC2 instance type such as t3.micro",
            )?;
            c.check(
                !arm64(t.get_ref()),
                "client.instance_type",
                t,
                "an x86_64 instance type (the client runs the Amazon Linux 2023 x86_64 AMI; Graviton types such as t4g are arm64)",
            )?;
            out.instance_type = t.get_ref().clone();
        }
        out.keep = raw.keep.as_ref().is_some_and(|k| *k.get_ref());
        out.create_endpoints = raw.create_endpoints.as_ref().is_some_and(|k| *k.get_ref());
        match (&raw.instance_id, mode) {
            (Some(id), ClientMode::Existing) => {
                let re = regex::Regex::new("^i-([0-9a-f]{8}|[0-9a-f]{17})$")
                    .map_err(|e| c.err("client.instance_id", id, &e.to_string()))?;
                c.check(
                    re.is_match(id.get_ref()),
                    "client.instance_id",
                    id,
                    "an instance id such as i-0123456789abcdef0",
                )?;
                out.instance_id = Some(id.get_ref().clone());
            }
            (None, ClientMode::Existing) => {
                return Err(c.err(
                    "client.instance_id",
                    &raw.mode,
                    "mode = \"existing\" needs instance_id, the instance in the cluster's VPC",
                ));
            }
            (Some(id), _) => {
                return Err(c.err("client.instance_id", id, "only with mode = \"existing\""));
            }
            (None, _) => {}
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::super::EXAMPLE;
    use super::*;

    #[test]
    fn the_example_launches_and_a_plan_without_the_section_is_manual() {
        let p = Plan::parse(EXAMPLE).expect("example");
        assert_eq!(p.client.mode, ClientMode::Launch);
        assert_eq!(p.client.instance_type, "t3.micro");
        assert!(p.client.create_endpoints && !p.client.keep);
        assert_eq!(Plan::parse("").expect("empty").client, Client::default());
        assert_eq!(Client::default().mode, ClientMode::Manual);
    }

    #[test]
    fn client_rules_name_the_field() {
        let bad = |text: &str| Plan::parse(text).expect_err(text);
        let e = bad("[client]\nmode = \"ssh\"\n");
        assert_eq!((e.field.as_str(), e.line), ("client.mode", 2));
        let e = bad("[client]\nmode = \"launch\"\ninstance_type = \"t4g.micro\"\n");
        assert!(e.rule.contains("x86_64"), "{e}");
        for arm in ["m6gd.large", "c7gn.xlarge", "r8g.medium"] {
            assert!(arm64(arm), "{arm}");
        }
        for x86 in [
            "t3.micro",
            "m6i.large",
            "g4dn.xlarge",
            "c5n.large",
            "t3a.nano",
        ] {
            assert!(!arm64(x86), "{x86}");
        }
        assert_eq!(
            bad("[client]\nmode = \"launch\"\ninstance_type = \"micro\"\n").field,
            "client.instance_type"
        );
        assert_eq!(
            bad("[client]\nmode = \"existing\"\n").field,
            "client.instance_id"
        );
        assert_eq!(
            bad("[client]\nmode = \"existing\"\ninstance_id = \"i-12\"\n").field,
            "client.instance_id"
        );
        assert_eq!(
            bad("[client]\nmode = \"launch\"\ninstance_id = \"i-0123456789abcdef0\"\n").field,
            "client.instance_id"
        );
        let p =
            Plan::parse("[client]\nmode = \"existing\"\ninstance_id = \"i-0123456789abcdef0\"\n")
                .expect("existing");
        assert_eq!(p.client.instance_id.as_deref(), Some("i-0123456789abcdef0"));
        assert!(
            bad("[client]\nmode = \"launch\"\nspeed = 1\n")
                .rule
                .contains("speed")
        );
    }
}
