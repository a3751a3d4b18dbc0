//! The simulated client side of a VPC: EC2 instances (with what is installed and configured on
//! them), route tables, VPC endpoints, SSM commands and IAM instance profiles. Plain data with
//! serde, like `model.rs`; behaviour lives in `ec2/instances.rs`, `ec2/endpoints.rs`, `ssm/`
//! and `iam/roles.rs`. Must not depend on the wire layer.

use crate::model::Tags;
use serde::{Deserialize, Serialize};

/// Durations in virtual seconds, chosen to resemble what AWS takes.
pub mod durations {
    /// RunInstances → running.
    pub const INSTANCE_START: f64 = 40.0;
    /// running → SSM Agent registered (Online) when it has a way to SSM.
    pub const SSM_REGISTER: f64 = 50.0;
    /// TerminateInstances → terminated.
    pub const INSTANCE_TERMINATE: f64 = 60.0;
    /// A new instance profile is not yet usable by EC2 (IAM is eventually consistent).
    pub const PROFILE_PROPAGATION: f64 = 8.0;
    /// SendCommand → the invocation exists (GetCommandInvocation says InvocationDoesNotExist).
    pub const INVOCATION_VISIBLE: f64 = 2.0;
    /// SendCommand → a script that installs a package has finished (the install dominates).
    pub const COMMAND_RUN: f64 = 45.0;
    /// SendCommand → any other script has finished (`configure-cli`, `user list`).
    pub const COMMAND_QUICK: f64 = 3.0;
}

/// The AMI the sandbox publishes under the public Amazon Linux 2023 parameter.
pub const AL2023_AMI: &str = "ami-0a1b2c3d4e5f67890";
/// The CloudHSM CLI release the simulated package repository installs.
pub const CLI_RELEASE: &str = "5.16.0";
/// The SSM Agent version simulated instances report.
pub const AGENT_VERSION: &str = "3.3.1142.0";

/// What is on a client instance's disk, as the preparation leaves it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Host {
    /// The package downloaded to the instance (`curl -o`), by path.
    pub downloaded: Vec<String>,
    /// `cloudhsm-cli` installed, with its version.
    pub cli_version: Option<String>,
    /// `/opt/cloudhsm/etc/customerCA.crt`.
    pub ca_pem: Option<String>,
    /// The HSM addresses `configure-cli -a` wrote.
    pub cli_addresses: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Instance {
    pub id: String,
    pub image_id: String,
    pub instance_type: String,
    pub subnet_id: String,
    pub vpc_id: String,
    pub az: String,
    /// The primary network interface (its security groups are the instance's).
    pub eni_id: String,
    pub private_ip: String,
    pub public_ip: bool,
    pub profile_name: Option<String>,
    pub imdsv2_required: bool,
    pub root_encrypted: bool,
    pub client_token: Option<String>,
    pub launched: f64,
    pub terminated_at: Option<f64>,
    pub tags: Tags,
    #[serde(default)]
    pub host: Host,
}

impl Instance {
    /// The EC2 state name and code at `now`.
    pub fn state(&self, now: f64) -> (&'static str, u32) {
        match self.terminated_at {
            Some(t) if now >= t + durations::INSTANCE_TERMINATE => ("terminated", 48),
            Some(_) => ("shutting-down", 32),
            None if now < self.launched + durations::INSTANCE_START => ("pending", 0),
            None => ("running", 16),
        }
    }
}

/// One route of a route table.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RouteEntry {
    pub destination: String,
    /// `local`, `igw-…`, `nat-…`, or a gateway endpoint `vpce-…` (destination `pl-…`).
    pub target: String,
}

/// A VPC's main route table (subnets use it: the sandbox models no explicit associations).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RouteTable {
    pub id: String,
    pub vpc_id: String,
    pub routes: Vec<RouteEntry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct VpcEndpoint {
    pub id: String,
    pub vpc_id: String,
    pub service_name: String,
    /// `Interface` or `Gateway`.
    pub kind: String,
    pub subnet_ids: Vec<String>,
    pub group_ids: Vec<String>,
    pub eni_ids: Vec<String>,
    pub route_table_ids: Vec<String>,
    pub private_dns: bool,
    pub client_token: Option<String>,
    pub created: f64,
    pub tags: Tags,
}

/// One SendCommand to one instance, already run against the simulated host.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SsmCommand {
    pub id: String,
    pub instance_id: String,
    pub document: String,
    pub commands: Vec<String>,
    pub comment: String,
    pub requested: f64,
    pub exit_code: i32,
    pub stdout: String,
    pub stderr: String,
    /// How long the script runs, in virtual seconds (a persisted account from before the field
    /// takes the long one).
    #[serde(default = "long_run")]
    pub runs_for: f64,
}

fn long_run() -> f64 {
    durations::COMMAND_RUN
}

/// How long `commands` run on a host: long when they install a package.
pub fn run_time(commands: &[String]) -> f64 {
    let installs = commands
        .iter()
        .any(|c| c.contains("dnf install") || c.contains("yum install"));
    if installs {
        durations::COMMAND_RUN
    } else {
        durations::COMMAND_QUICK
    }
}

impl SsmCommand {
    /// The invocation's status at `now`, or `None` while it does not exist yet.
    pub fn status(&self, now: f64) -> Option<&'static str> {
        if now < self.requested + durations::INVOCATION_VISIBLE {
            None
        } else if now < self.requested + self.runs_for.max(durations::INVOCATION_VISIBLE) {
            Some("InProgress")
        } else if self.exit_code == 0 {
            Some("Success")
        } else {
            Some("Failed")
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct InstanceProfile {
    pub name: String,
    pub id: String,
    pub path: String,
    pub roles: Vec<String>,
    pub created: f64,
    pub tags: Tags,
}
