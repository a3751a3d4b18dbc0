//! The setup plan (TOML; `assets/example-plan.toml` documents every field). Parsing refuses
//! unknown fields, and `Plan::parse` checks every rule before any AWS call: a bad plan is an
//! error that names the field, the rule, the value and its line:column. No secrets live here.

mod client;
pub mod init;
mod network;
mod raw;
#[cfg(test)]
mod tests;

pub use client::{Client, ClientMode};
pub use raw::EXAMPLE;
use raw::{RawPlan, S};

/// The HSM type rule for new clusters, with the AWS page that says why (dates differ between
/// AWS pages, so the page is cited rather than a date).
pub const NEW_CLUSTER_TYPE_RULE: &str = "hsm2m.medium: hsm1.medium is deprecated and AWS migrates its clusters to hsm2m.medium (CloudHSM User Guide, \"Deprecation notifications\": https://docs.aws.amazon.com/cloudhsm/latest/userguide/deprecation.html)";

#[derive(Debug, Clone, PartialEq)]
pub struct PlanError {
    pub field: String,
    pub rule: String,
    pub value: String,
    pub line: usize,
    pub column: usize,
}

impl std::fmt::Display for PlanError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.field.is_empty() {
            let (line, column) = (self.line, self.column);
            let t = crate::i18n::tf(
                "plan.error",
                &[("line", &line), ("column", &column), ("rule", &self.rule)],
            );
            f.write_str(&t)
        } else {
            let (line, column) = (self.line, self.column);
            let t = crate::i18n::tf(
                "plan.error_field",
                &[
                    ("line", &line),
                    ("column", &column),
                    ("field", &self.field),
                    ("value", &self.value),
                    ("rule", &self.rule),
                ],
            );
            f.write_str(&t)
        }
    }
}

impl std::error::Error for PlanError {}

/// A checked plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub region: Option<String>,
    pub admin_group: String,
    pub admin_policy: String,
    pub admin_members: Vec<String>,
    /// (group, policy, members) for the key-store-manager policy the CloudHSM User Guide gives.
    pub key_store_managers: Option<(String, String, Vec<String>)>,
    pub network: Network,
    pub hsm_type: String,
    pub mode: String,
    pub backup_days: u32,
    pub key_bits: u32,
    pub ca_common_name: String,
    pub cluster_cert_days: u32,
    pub ca_key_path: Option<String>,
    pub key_store_name: String,
    pub key_alias: String,
    pub key_description: String,
    /// The CloudHSM client host (`[client]`).
    pub client: Client,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Network {
    Existing(Vec<String>),
    /// VPC CIDR and (subnet CIDR, AZ or None to pick one).
    CreateVpc {
        cidr: String,
        subnets: Vec<(String, Option<String>)>,
    },
}

struct Checker<'a> {
    text: &'a str,
}

impl Checker<'_> {
    fn position(&self, offset: usize) -> (usize, usize) {
        let before = &self.text[..offset.min(self.text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before
            .rsplit('\n')
            .next()
            .map(|l| l.chars().count())
            .unwrap_or(0)
            + 1;
        (line, column)
    }

    fn err<T: std::fmt::Debug>(&self, field: &str, v: &S<T>, rule: &str) -> PlanError {
        let (line, column) = self.position(v.span().start);
        PlanError {
            field: field.into(),
            rule: crate::i18n::lookup("rule", rule),
            value: format!("{:?}", v.get_ref()),
            line,
            column,
        }
    }

    fn check(
        &self,
        ok: bool,
        field: &str,
        v: &S<impl std::fmt::Debug>,
        rule: &str,
    ) -> Result<(), PlanError> {
        if ok {
            Ok(())
        } else {
            Err(self.err(field, v, rule))
        }
    }

    fn iam_name(&self, field: &str, v: &S<String>, max: usize) -> Result<String, PlanError> {
        let s = v.get_ref();
        let ok = !s.is_empty()
            && s.len() <= max
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "_+=,.@-".contains(c));
        self.check(
            ok,
            field,
            v,
            &format!("IAM names are 1 to {max} characters of letters, digits and _+=,.@-"),
        )?;
        Ok(s.clone())
    }
}

impl Plan {
    /// Parses and checks a plan.
    pub fn parse(text: &str) -> Result<Self, PlanError> {
        let c = Checker { text };
        let raw: RawPlan = toml::from_str(text).map_err(|e| {
            let (line, column) = e.span().map(|s| c.position(s.start)).unwrap_or((1, 1));
            PlanError {
                field: String::new(),
                rule: e.message().to_string(),
                value: String::new(),
                line,
                column,
            }
        })?;
        let region = match &raw.region {
            Some(r) => {
                let re = regex::Regex::new(r"^[a-z]{2}(-gov)?-[a-z]+-\d$")
                    .map_err(|e| c.err("region", r, &e.to_string()))?;
                c.check(
                    re.is_match(r.get_ref()),
                    "region",
                    r,
                    "a Region name such as us-east-1",
                )?;
                Some(r.get_ref().clone())
            }
            None => None,
        };
        let admin_group = c.iam_name("admin.group", &raw.admin.group, 128)?;
        let admin_policy = c.iam_name("admin.policy", &raw.admin.policy, 128)?;
        let admin_members = raw
            .admin
            .members
            .iter()
            .map(|m| c.iam_name("admin.members", m, 64))
            .collect::<Result<Vec<_>, _>>()?;
        let key_store_managers = match &raw.admin.key_store_managers {
            Some(g) => Some((
                c.iam_name("admin.key_store_managers.group", &g.group, 128)?,
                c.iam_name("admin.key_store_managers.policy", &g.policy, 128)?,
                g.members
                    .iter()
                    .map(|m| c.iam_name("admin.key_store_managers.members", m, 64))
                    .collect::<Result<Vec<_>, _>>()?,
            )),
            None => None,
        };
        let network = Self::network(&c, &raw.network)?;
        let client = Self::client(&c, raw.client.as_ref())?;
        let hsm_type = raw.cluster.hsm_type.get_ref().clone();
        // The plan describes a cluster to create; an existing hsm1.medium cluster is still read,
        // waited for and torn down (its type comes from DescribeClusters, not from here).
        c.check(
            hsm_type == "hsm2m.medium",
            "cluster.hsm_type",
            &raw.cluster.hsm_type,
            NEW_CLUSTER_TYPE_RULE,
        )?;
        let mode = raw.cluster.mode.get_ref().clone();
        c.check(
            matches!(mode.as_str(), "FIPS" | "NON_FIPS"),
            "cluster.mode",
            &raw.cluster.mode,
            "FIPS or NON_FIPS",
        )?;
        let days = *raw.cluster.backup_retention_days.get_ref();
        c.check(
            (7..=379).contains(&days),
            "cluster.backup_retention_days",
            &raw.cluster.backup_retention_days,
            "7 to 379 days",
        )?;
        let bits = *raw.pki.key_bits.get_ref();
        c.check(
            bits == 2048 || bits == 4096,
            "pki.key_bits",
            &raw.pki.key_bits,
            "2048 or 4096",
        )?;
        let cn = raw.pki.common_name.get_ref().clone();
        c.check(
            !cn.trim().is_empty() && cn.chars().count() <= 64,
            "pki.common_name",
            &raw.pki.common_name,
            "1 to 64 characters",
        )?;
        let cert_days = *raw.pki.cluster_cert_days.get_ref();
        c.check(
            (1..=3650).contains(&cert_days),
            "pki.cluster_cert_days",
            &raw.pki.cluster_cert_days,
            "1 to 3650 days (shorter than the root's ten years)",
        )?;
        let ca_key_path = raw
            .pki
            .ca_key_path
            .as_ref()
            .map(|p| {
                c.check(
                    p.get_ref().starts_with('/'),
                    "pki.ca_key_path",
                    p,
                    "an absolute path (the CA key is written there with mode 0600)",
                )
                .map(|_| p.get_ref().clone())
            })
            .transpose()?;
        let name = raw.key_store.name.get_ref().clone();
        c.check(
            !name.is_empty() && name.chars().count() <= 256 && !name.chars().any(char::is_control),
            "key_store.name",
            &raw.key_store.name,
            "1 to 256 printable characters (it appears in CloudTrail logs: no secrets)",
        )?;
        let alias = raw.key.alias.get_ref().clone();
        let alias_ok = alias.starts_with("alias/")
            && alias.len() > 6
            && alias.len() <= 256
            && !alias.starts_with("alias/aws/")
            && alias[6..]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "/_-".contains(c));
        c.check(
            alias_ok,
            "key.alias",
            &raw.key.alias,
            "alias/ followed by letters, digits, /, _ or - (alias/aws/ is reserved)",
        )?;
        let description = raw.key.description.get_ref().clone();
        c.check(
            description.chars().count() <= 8192,
            "key.description",
            &raw.key.description,
            "at most 8192 characters",
        )?;
        Ok(Self {
            region,
            admin_group,
            admin_policy,
            admin_members,
            key_store_managers,
            network,
            hsm_type,
            mode,
            backup_days: days as u32,
            key_bits: bits as u32,
            ca_common_name: cn,
            cluster_cert_days: cert_days as u32,
            ca_key_path,
            key_store_name: name,
            key_alias: alias,
            key_description: description,
            client,
        })
    }
}
