//! The plan file's shape as serde reads it: every section and field, with its position in the
//! file (for errors) and its documented default. Checking the values is `mod.rs`'s job.

use serde::Deserialize;
use toml::Spanned;

pub(super) type S<T> = Spanned<T>;

/// The commented example plan: every field with its default and what it means (`plan init`
/// writes it; the TUI starts from it).
pub const EXAMPLE: &str = include_str!("../../../../../assets/example-plan.toml");

/// Every section and field is optional: what is left out takes the documented default (the
/// values in `assets/example-plan.toml`), so a plan of two lines is a whole plan. A section
/// that is written but empty where a choice is needed (`[network]` with neither subnet_ids nor
/// create_vpc) is still an error.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPlan {
    pub(super) region: Option<S<String>>,
    #[serde(default)]
    pub(super) admin: RawAdmin,
    #[serde(default)]
    pub(super) network: RawNetwork,
    #[serde(default)]
    pub(super) cluster: RawCluster,
    #[serde(default)]
    pub(super) pki: RawPki,
    #[serde(default)]
    pub(super) key_store: RawKeyStore,
    #[serde(default)]
    pub(super) key: RawKey,
    /// Left out: `manual` (a plan written before the section keeps doing what it did).
    pub(super) client: Option<super::client::RawClient>,
}

/// A default value (no position in the file: defaults are valid by construction).
fn d<T>(v: T) -> S<T> {
    Spanned::new(0..0, v)
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawGroup {
    pub(super) group: S<String>,
    pub(super) policy: S<String>,
    #[serde(default)]
    pub(super) members: Vec<S<String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAdmin {
    #[serde(default = "admin_group")]
    pub(super) group: S<String>,
    #[serde(default = "admin_policy")]
    pub(super) policy: S<String>,
    #[serde(default)]
    pub(super) members: Vec<S<String>>,
    pub(super) key_store_managers: Option<RawGroup>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSubnet {
    pub(super) cidr: S<String>,
    pub(super) az: Option<S<String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawVpc {
    pub(super) cidr: S<String>,
    pub(super) subnets: S<Vec<RawSubnet>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawNetwork {
    pub(super) subnet_ids: Option<S<Vec<S<String>>>>,
    pub(super) create_vpc: Option<RawVpc>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCluster {
    #[serde(default = "hsm2m")]
    pub(super) hsm_type: S<String>,
    #[serde(default = "fips")]
    pub(super) mode: S<String>,
    #[serde(default = "ninety")]
    pub(super) backup_retention_days: S<i64>,
}

fn fips() -> S<String> {
    d("FIPS".into())
}
fn ninety() -> S<i64> {
    d(90)
}
fn hsm2m() -> S<String> {
    d("hsm2m.medium".into())
}
fn admin_group() -> S<String> {
    d("CloudHsmAdministrator".into())
}
fn admin_policy() -> S<String> {
    d("CloudHsmAdminPolicy".into())
}
fn rsa2048() -> S<i64> {
    d(2048)
}
fn ca_name() -> S<String> {
    d("keystore-wizard root CA".into())
}
fn one_year() -> S<i64> {
    d(365)
}
fn store_name() -> S<String> {
    d("keystore-wizard".into())
}
fn key_alias() -> S<String> {
    d("alias/keystore-wizard".into())
}
fn key_description() -> S<String> {
    d("First KMS key in the CloudHSM key store (created by keystore-wizard)".into())
}

impl Default for RawAdmin {
    fn default() -> Self {
        Self {
            group: admin_group(),
            policy: admin_policy(),
            members: Vec::new(),
            key_store_managers: None,
        }
    }
}

/// No `[network]` section: a new VPC with two subnets in AZs the wizard picks.
impl Default for RawNetwork {
    fn default() -> Self {
        let subnet = |cidr: &str| RawSubnet {
            cidr: d(cidr.into()),
            az: None,
        };
        Self {
            subnet_ids: None,
            create_vpc: Some(RawVpc {
                cidr: d("10.42.0.0/16".into()),
                subnets: d(vec![subnet("10.42.0.0/24"), subnet("10.42.1.0/24")]),
            }),
        }
    }
}

impl Default for RawCluster {
    fn default() -> Self {
        Self {
            hsm_type: hsm2m(),
            mode: fips(),
            backup_retention_days: ninety(),
        }
    }
}

impl Default for RawPki {
    fn default() -> Self {
        Self {
            key_bits: rsa2048(),
            common_name: ca_name(),
            cluster_cert_days: one_year(),
            ca_key_path: None,
        }
    }
}

impl Default for RawKeyStore {
    fn default() -> Self {
        Self { name: store_name() }
    }
}

impl Default for RawKey {
    fn default() -> Self {
        Self {
            alias: key_alias(),
            description: key_description(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPki {
    #[serde(default = "rsa2048")]
    pub(super) key_bits: S<i64>,
    #[serde(default = "ca_name")]
    pub(super) common_name: S<String>,
    #[serde(default = "one_year")]
    pub(super) cluster_cert_days: S<i64>,
    pub(super) ca_key_path: Option<S<String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawKeyStore {
    #[serde(default = "store_name")]
    pub(super) name: S<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawKey {
    #[serde(default = "key_alias")]
    pub(super) alias: S<String>,
    #[serde(default = "key_description")]
    pub(super) description: S<String>,
}
