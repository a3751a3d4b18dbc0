//! The wizard's own view of AWS resources: what the engine needs of a cluster, an HSM, a key
//! store, a key or a role, mapped from SDK types at the boundary. `PreCoPassword` is never
//! mapped, so no Debug or log of these types can leak it.

use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hsm {
    pub id: String,
    pub az: String,
    pub subnet_id: String,
    pub ip: String,
    pub state: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cluster {
    pub id: String,
    pub state: String,
    pub state_message: String,
    pub hsm_type: String,
    pub vpc_id: String,
    pub security_group: String,
    /// AZ → subnet.
    pub subnets: BTreeMap<String, String>,
    pub hsms: Vec<Hsm>,
    pub csr: Option<String>,
    pub tags: BTreeMap<String, String>,
}

impl Cluster {
    pub fn live_hsms(&self) -> impl Iterator<Item = &Hsm> {
        self.hsms
            .iter()
            .filter(|h| h.state != "DELETE_IN_PROGRESS" && h.state != "DELETED")
    }
    pub fn active_hsms(&self) -> impl Iterator<Item = &Hsm> {
        self.hsms.iter().filter(|h| h.state == "ACTIVE")
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subnet {
    pub id: String,
    pub vpc_id: String,
    pub az: String,
    pub cidr: String,
    pub free_ips: i32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyStore {
    pub id: String,
    pub name: String,
    pub cluster_id: String,
    pub state: String,
    pub error_code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    pub id: String,
    pub arn: String,
    pub state: String,
    pub store_id: Option<String>,
    pub cluster_id: Option<String>,
    pub deletion_date: Option<i64>,
    /// When KMS created it (epoch seconds): a backup older than this lacks the key.
    pub created: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    pub name: String,
    pub arn: String,
    pub path: String,
    pub created: Option<i64>,
    pub last_used: Option<i64>,
    pub last_used_region: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub account_id: String,
    pub arn: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backup {
    pub id: String,
    pub cluster_id: String,
    pub state: String,
    pub delete_at: Option<i64>,
    /// When CloudHSM took it (epoch seconds).
    pub created: Option<i64>,
    /// The HSM type and mode of the cluster it was taken of (a restore must match them).
    pub hsm_type: String,
    pub mode: String,
    /// For a copy made by CopyBackupToRegion: the Region and cluster it was copied from.
    pub source_region: Option<String>,
    pub source_cluster: Option<String>,
    pub source_backup: Option<String>,
}
