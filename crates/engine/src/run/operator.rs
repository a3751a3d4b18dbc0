//! Operator steps — cluster activation and creating `kmsuser` happen in the CloudHSM CLI on a
//! client inside the VPC, not through an AWS API. This module writes the exact commands with
//! this cluster's values, and in a sandbox performs them through the CLI stand-in. Passwords
//! are never part of a command: the real CLI prompts for them, the stand-in takes them apart.

use crate::cloud::types::Cluster;
use keystore_sandbox::{Sandbox, operator::CliOutput, remote};
use secrecy::{ExposeSecret, SecretString};

#[derive(Clone, Debug)]
pub enum Operator {
    /// A person at a CloudHSM CLI: the run stops and says what to do.
    Human,
    Sandbox(Sandbox),
    SandboxUrl(String),
}

impl Operator {
    pub fn can_perform(&self) -> bool {
        !matches!(self, Self::Human)
    }

    /// Runs one CloudHSM CLI command through the sandbox's stand-in.
    pub async fn perform(
        &self,
        cluster: &str,
        args: &[&str],
        password: Option<&SecretString>,
    ) -> Result<CliOutput, String> {
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        match self {
            Self::Human => Err("operator steps are performed by a person".into()),
            Self::Sandbox(sb) => {
                Ok(sb.cloudhsm_cli(cluster, &args, password.map(|p| p.expose_secret())))
            }
            Self::SandboxUrl(url) => {
                let body = serde_json::json!({"cluster_id": cluster, "args": args, "password": password.map(|p| p.expose_secret().to_string())});
                let url = url.clone();
                let out =
                    tokio::task::spawn_blocking(move || remote::post(&url, "cloudhsm-cli", &body))
                        .await
                        .map_err(|e| e.to_string())??;
                serde_json::from_value(out)
                    .map_err(|e| format!("the sandbox's CLI answer is malformed: {e}"))
            }
        }
    }
}

fn first_ip(c: &Cluster) -> String {
    c.active_hsms()
        .next()
        .map(|h| h.ip.clone())
        .unwrap_or_else(|| "<HSM ENI IP>".into())
}

/// Activation, as in the CloudHSM User Guide, with this cluster's values.
pub fn activate_commands(c: &Cluster, ca_path: &str) -> Vec<String> {
    vec![
        format!(
            "# On an EC2 instance in {} that the cluster security group {} admits:",
            c.vpc_id, c.security_group
        ),
        format!("sudo cp {ca_path} /opt/cloudhsm/etc/customerCA.crt"),
        format!("sudo /opt/cloudhsm/bin/configure-cli -a {}", first_ip(c)),
        "/opt/cloudhsm/bin/cloudhsm-cli interactive".into(),
        "aws-cloudhsm > cluster activate        # sets the admin password; it prompts for it"
            .into(),
    ]
}

/// Creating kmsuser on every HSM, as the KMS Developer Guide describes.
pub fn kmsuser_commands(c: &Cluster) -> Vec<String> {
    vec![
        format!("# In the CloudHSM CLI connected to cluster {}:", c.id),
        "aws-cloudhsm > login --username admin --role admin".into(),
        "aws-cloudhsm > user create --username kmsuser --role crypto-user   # the KMS key store password; it prompts".into(),
        "aws-cloudhsm > user list     # kmsuser must show \"cluster-coverage\": \"full\"".into(),
        "aws-cloudhsm > logout        # never leave kmsuser logged in: KMS must log in as kmsuser".into(),
    ]
}
