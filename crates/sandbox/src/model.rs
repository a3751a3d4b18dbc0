//! The simulated account's state: IAM (global), and per Region the network, CloudHSM clusters
//! and HSMs, and KMS key stores and keys; plus the timer queue that drives every state machine
//! on the virtual clock. Plain data with serde, so `--state FILE` persists it whole. Behaviour
//! lives in the service modules; this file only defines shapes and look-ups.

use crate::ids::IdGen;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

pub use crate::durations;

pub type Tags = BTreeMap<String, String>;

/// Who is calling: an administrator (the default) or a principal limited to given policies.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct CallerConfig {
    /// IAM policy documents of a restricted caller; `None` means AdministratorAccess.
    pub policies: Option<Vec<serde_json::Value>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct World {
    pub account_id: String,
    /// Virtual time of the last tick.
    pub now: f64,
    pub ids: IdGen,
    pub caller: CallerConfig,
    /// Regions the account has not opted in to: calls there fail as on AWS.
    pub disabled_regions: BTreeSet<String>,
    /// Regions where every call is denied (an SCP, say): for "unknown Region" tests.
    pub denied_regions: BTreeSet<String>,
    pub iam: Iam,
    pub regions: BTreeMap<String, RegionState>,
    pub timers: Vec<Timer>,
    pub timer_seq: u64,
    /// When CloudTrail lookups were answered, per Region, on the real clock (its rate limit).
    #[serde(skip)]
    pub lookup_times: BTreeMap<String, Vec<std::time::Instant>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct Iam {
    pub policies: BTreeMap<String, ManagedPolicy>,
    pub groups: BTreeMap<String, Group>,
    pub users: BTreeMap<String, User>,
    pub roles: BTreeMap<String, Role>,
    pub deletion_tasks: BTreeMap<String, DeletionTask>,
    /// The account alias (IAM allows at most one).
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub instance_profiles: BTreeMap<String, crate::hosts::InstanceProfile>,
}

pub use crate::iam::shapes::{DeletionTask, Group, ManagedPolicy, Role, User};

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct RegionState {
    pub vpcs: BTreeMap<String, Vpc>,
    pub subnets: BTreeMap<String, Subnet>,
    pub security_groups: BTreeMap<String, SecurityGroup>,
    pub enis: BTreeMap<String, Eni>,
    pub clusters: BTreeMap<String, Cluster>,
    pub backups: BTreeMap<String, Backup>,
    pub key_stores: BTreeMap<String, KeyStore>,
    pub keys: BTreeMap<String, Key>,
    pub aliases: BTreeMap<String, Alias>,
    /// KMS grants by grant id (`kms::grants`).
    #[serde(default)]
    pub grants: BTreeMap<String, Grant>,
    /// CloudTrail's management events of KMS operations on keys (`trail`).
    #[serde(default)]
    pub trail: Vec<crate::trail::TrailEvent>,
    #[serde(default)]
    pub instances: BTreeMap<String, crate::hosts::Instance>,
    #[serde(default)]
    pub route_tables: BTreeMap<String, crate::hosts::RouteTable>,
    #[serde(default)]
    pub endpoints: BTreeMap<String, crate::hosts::VpcEndpoint>,
    #[serde(default)]
    pub commands: BTreeMap<String, crate::hosts::SsmCommand>,
    /// The Session Manager preferences document (`SSM-SessionManagerRunShell`), if set.
    #[serde(default)]
    pub session_preferences: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Vpc {
    pub id: String,
    pub cidr: String,
    pub is_default: bool,
    pub tags: Tags,
    /// `enableDnsSupport` (true for every new VPC).
    #[serde(default = "yes")]
    pub dns_support: bool,
    /// `enableDnsHostnames` (true only for a default VPC unless modified).
    #[serde(default)]
    pub dns_hostnames: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Subnet {
    pub id: String,
    pub vpc_id: String,
    pub cidr: String,
    pub az: String,
    pub default_for_az: bool,
    /// Addresses taken by something the sandbox does not model (to exhaust a subnet in tests).
    pub reserved: u32,
    pub tags: Tags,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SgRule {
    pub protocol: String,
    pub from_port: i32,
    pub to_port: i32,
    /// A referenced security group, or empty for a CIDR rule.
    pub group_id: String,
    pub cidr: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SecurityGroup {
    pub id: String,
    pub name: String,
    pub description: String,
    pub vpc_id: String,
    pub ingress: Vec<SgRule>,
    pub egress: Vec<SgRule>,
    pub tags: Tags,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Eni {
    pub id: String,
    pub subnet_id: String,
    pub vpc_id: String,
    pub az: String,
    pub ip: String,
    pub description: String,
    pub group_ids: Vec<String>,
    pub requester: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CryptoUser {
    pub role: String,
    /// Salted digest of the password; the plain password is never stored.
    pub password_digest: String,
    /// HSMs this user exists on.
    pub hsms: BTreeSet<String>,
    pub failed_logins: u32,
    pub logged_in: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Cluster {
    pub id: String,
    pub state: String,
    pub state_message: String,
    pub hsm_type: String,
    pub mode: String,
    pub backup_days: u32,
    pub vpc_id: String,
    /// AZ → subnet.
    pub subnets: BTreeMap<String, String>,
    pub security_group: String,
    pub created: f64,
    pub deleted_at: Option<f64>,
    pub tags: Tags,
    pub hsms: BTreeMap<String, Hsm>,
    /// PKCS#8 DER (hex) of the cluster's simulated HSM key pair; made once per cluster.
    pub key_pkcs8_hex: String,
    pub csr_pem: Option<String>,
    pub cluster_cert: Option<String>,
    pub trust_anchor: Option<String>,
    /// The initial crypto-officer password AWS shows until activation (a secret).
    pub pre_co_password: Option<String>,
    pub users: BTreeMap<String, CryptoUser>,
    /// KMS key id → the HSMs its key material is on (`cloudhsm::material`).
    #[serde(default)]
    pub material: BTreeMap<String, BTreeSet<String>>,
    /// Who is logged in to the CloudHSM CLI on the client host (the stand-in keeps one session
    /// per cluster across commands, as an interactive session does).
    #[serde(default)]
    pub cli_session: Option<String>,
    /// Clusters restored from one another's backups share a lineage (UpdateCustomKeyStore).
    pub lineage: String,
    /// The backup this cluster was created from (`SourceBackupId`), if any.
    #[serde(default)]
    pub source_backup: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Hsm {
    pub id: String,
    pub az: String,
    pub subnet_id: String,
    pub eni_id: String,
    pub ip: String,
    pub state: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Backup {
    pub id: String,
    pub cluster_id: String,
    pub state: String,
    pub created: f64,
    pub delete_at: Option<f64>,
    pub hsm_type: String,
    pub mode: String,
    pub tags: Tags,
    /// What the HSMs held when it was taken: KMS key ids whose material it has, and the users
    /// (name → role). KMS never deletes key material from a backup.
    #[serde(default)]
    pub keys: BTreeSet<String>,
    #[serde(default)]
    pub users: BTreeMap<String, String>,
    /// The users' salted password digests as they were (a cluster restored from the backup
    /// has the passwords of then, which is why KMS's rotation of kmsuser's matters).
    #[serde(default)]
    pub user_digests: BTreeMap<String, String>,
    /// The source cluster's backup lineage and its certificates, which a restored cluster keeps.
    #[serde(default)]
    pub lineage: String,
    #[serde(default)]
    pub trust_anchor: Option<String>,
    #[serde(default)]
    pub cluster_cert: Option<String>,
    /// A copy made by CopyBackupToRegion: where it came from and when it was copied.
    #[serde(default)]
    pub source_region: Option<String>,
    #[serde(default)]
    pub source_backup: Option<String>,
    #[serde(default)]
    pub source_cluster: Option<String>,
    #[serde(default)]
    pub copied: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KeyStore {
    pub id: String,
    pub name: String,
    pub cluster_id: String,
    pub trust_anchor: String,
    pub password_digest: String,
    pub state: String,
    pub error_code: Option<String>,
    pub created: f64,
    /// The `kms-<id>` security group and ENIs of a connected store.
    pub security_group: Option<String>,
    pub enis: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Key {
    pub id: String,
    pub description: String,
    pub origin: String,
    pub key_spec: String,
    pub key_usage: String,
    pub store_id: Option<String>,
    pub cluster_id: Option<String>,
    pub multi_region: bool,
    pub enabled: bool,
    pub pending_deletion: Option<(f64, u32)>,
    pub created: f64,
    pub tags: Tags,
    /// Simulated key material (hex), 32 bytes for AES-256-GCM.
    pub material_hex: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Grant {
    pub key_id: String,
    pub name: String,
    pub grantee: String,
    pub retiring: Option<String>,
    pub operations: Vec<String>,
    pub created: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Alias {
    pub name: String,
    pub key_id: String,
    pub created: f64,
}

/// Something that happens at a virtual time.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Timer {
    pub at: f64,
    pub seq: u64,
    pub region: String,
    pub event: Event,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub enum Event {
    ClusterCreated(String),
    ClusterInitialized(String),
    ClusterDeleted(String),
    ClusterPurged(String),
    HsmCreated {
        cluster: String,
        hsm: String,
    },
    HsmDeleted {
        cluster: String,
        hsm: String,
    },
    StoreSettled(String),
    StoreDisconnected(String),
    KeyDeleted(String),
    BackupDeleted(String),
    /// A CopyBackupToRegion copy is READY in its Region.
    BackupCopied(String),
    /// CloudHSM's daily backup of a cluster and its retention sweep (`cloudhsm::backups`).
    DailyBackup(String),
    SlrDeletionFinished(String),
}

impl World {
    pub fn new(account_id: &str, seed: u64, now: f64) -> Self {
        Self {
            account_id: account_id.to_string(),
            now,
            ids: IdGen::new(seed),
            caller: CallerConfig::default(),
            disabled_regions: BTreeSet::new(),
            denied_regions: BTreeSet::new(),
            iam: Iam::default(),
            regions: BTreeMap::new(),
            timers: Vec::new(),
            timer_seq: 0,
            lookup_times: BTreeMap::new(),
        }
    }

    pub fn schedule(&mut self, delay: f64, region: &str, event: Event) {
        self.timer_seq += 1;
        let at = self.now + delay;
        self.timers.push(Timer {
            at,
            seq: self.timer_seq,
            region: region.to_string(),
            event,
        });
    }

    /// Removes and returns the earliest timer due at or before `now`.
    pub fn pop_due(&mut self, now: f64) -> Option<Timer> {
        let idx = self
            .timers
            .iter()
            .enumerate()
            .filter(|(_, t)| t.at <= now)
            .min_by(|(_, a), (_, b)| a.at.total_cmp(&b.at).then(a.seq.cmp(&b.seq)))
            .map(|(i, _)| i)?;
        Some(self.timers.remove(idx))
    }

    /// Clusters (not DELETED) in every Region, for service-linked-role usage.
    pub fn live_clusters(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (region, r) in &self.regions {
            for c in r.clusters.values().filter(|c| c.state != "DELETED") {
                out.push((region.clone(), c.id.clone()));
            }
        }
        out
    }

    pub fn user_arn(&self) -> String {
        format!("arn:aws:iam::{}:user/sandbox-admin", self.account_id)
    }
}
