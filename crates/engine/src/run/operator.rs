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

    /// One command as the real CLI needs it done: log in as admin, run it, log out (the session
    /// is closed even when the command fails; kmsuser must never be left with one open).
    pub async fn as_admin(
        &self,
        cluster: &str,
        admin: Option<&SecretString>,
        args: &[&str],
        password: Option<&SecretString>,
    ) -> Result<CliOutput, String> {
        let login = self
            .perform(
                cluster,
                &["login", "--username", "admin", "--role", "admin"],
                admin,
            )
            .await?;
        if login.exit_code != 0 {
            return Err(format!(
                "admin login failed; the rehearsal logs in with KEYSTORE_WIZARD_ADMIN_PASSWORD (or the password it generated, if this process also activated the cluster): {}",
                login.stdout
            ));
        }
        let out = self.perform(cluster, args, password).await;
        let logout = self.perform(cluster, &["logout"], None).await;
        let out = out?;
        logout?;
        Ok(out)
    }
}

fn first_ip(c: &Cluster) -> String {
    c.active_hsms()
        .next()
        .map(|h| h.ip.clone())
        .unwrap_or_else(|| "<HSM ENI IP>".into())
}

/// How the operator reaches the CloudHSM CLI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientAccess {
    /// The client the wizard launched or joined, prepared through SSM: a Session Manager
    /// session on it.
    Ssm { instance: String, region: String },
    /// The operator's own host: the whole checklist.
    Manual,
}

/// Where the Session Manager plugin for the AWS CLI is documented.
pub const SESSION_PLUGIN_URL: &str = "https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-working-with-install-plugin.html";

/// Whether a program is on this workstation's PATH.
pub fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

/// The lines that open a shell on the client, or prepare the operator's own host.
fn reach_cli(c: &Cluster, ca_path: &str, access: &ClientAccess) -> Vec<String> {
    match access {
        ClientAccess::Ssm { instance, region } => {
            let mut out = vec![
                crate::i18n::t("op.session").into(),
                format!("aws ssm start-session --target {instance} --region {region}"),
            ];
            if !on_path("session-manager-plugin") {
                out.push(crate::i18n::tf(
                    "op.no_plugin",
                    &[("url", &SESSION_PLUGIN_URL)],
                ));
            }
            out.push(crate::i18n::t("op.passwords").into());
            out
        }
        ClientAccess::Manual => vec![
            crate::i18n::tf(
                "op.manual_host",
                &[("vpc", &c.vpc_id), ("group", &c.security_group)],
            ),
            format!(
                "curl -o /tmp/cloudhsm-cli.rpm {} && sudo dnf install -y /tmp/cloudhsm-cli.rpm   # Client SDK 5.9 or later for hsm2m.medium",
                keystore_facts::reach::CLI_PACKAGE_URL
            ),
            crate::i18n::tf("op.copy_ca", &[("path", &ca_path)]),
            "sudo cp customerCA.crt /opt/cloudhsm/etc/customerCA.crt".into(),
            format!("sudo /opt/cloudhsm/bin/configure-cli -a {}", first_ip(c)),
        ],
    }
}

/// Activation, as in the CloudHSM User Guide, with this cluster's values.
pub fn activate_commands(c: &Cluster, ca_path: &str, access: &ClientAccess) -> Vec<String> {
    let mut out = reach_cli(c, ca_path, access);
    if matches!(access, ClientAccess::Ssm { .. }) {
        out.push(crate::i18n::t("op.prepared").into());
    }
    out.push("/opt/cloudhsm/bin/cloudhsm-cli interactive".into());
    out.push(
        "aws-cloudhsm > cluster activate        # sets the admin password; it prompts for it"
            .into(),
    );
    out
}

/// Creating kmsuser on every HSM, as the KMS Developer Guide describes.
pub fn kmsuser_commands(c: &Cluster, ca_path: &str, access: &ClientAccess) -> Vec<String> {
    let mut out = match access {
        ClientAccess::Ssm { .. } => reach_cli(c, ca_path, access),
        ClientAccess::Manual => vec![],
    };
    out.extend([
        crate::i18n::tf("op.in_cli", &[("id", &c.id)]),
        "/opt/cloudhsm/bin/cloudhsm-cli interactive".into(),
        "aws-cloudhsm > login --username admin --role admin".into(),
        "aws-cloudhsm > user create --username kmsuser --role crypto-user   # the KMS key store password; it prompts".into(),
        "aws-cloudhsm > user list     # kmsuser must show \"cluster-coverage\": \"full\"".into(),
        "aws-cloudhsm > logout        # never leave kmsuser logged in: KMS must log in as kmsuser".into(),
    ]);
    out.push(match access {
        ClientAccess::Ssm { .. } => crate::i18n::t("op.verify").into(),
        ClientAccess::Manual => crate::i18n::t("op.paste_user_list").into(),
    });
    out
}
