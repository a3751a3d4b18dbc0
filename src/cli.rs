//! The command line (clap): global options and the subcommands, and the `sandbox` commands'
//! implementations (serve, the CloudHSM CLI stand-in, advancing the clock). Exit codes are the
//! ones README documents: 0 done, 2 usage or bad input, 3 AWS or sandbox failure.

use crate::sandbox::{self, Sandbox, SandboxConfig, clock, faults::FaultPlan};
use clap::{Args, Parser, Subcommand};
use std::io::BufRead;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "keystore-wizard",
    version,
    about = "Stand up and tear down an AWS CloudHSM cluster and AWS KMS key store, safely"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The simulated AWS account.
    #[command(subcommand)]
    Sandbox(SandboxCommand),
}

#[derive(Debug, Subcommand)]
pub enum SandboxCommand {
    /// Serve the simulated account on 127.0.0.1 for the AWS CLI and other clients.
    Serve(ServeArgs),
    /// Run a CloudHSM CLI command (cluster activate, user create …) on a served sandbox.
    CloudhsmCli(CloudHsmCliArgs),
    /// Move a served sandbox's virtual clock forward (e.g. --by 8d).
    Advance(AdvanceArgs),
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[arg(long, default_value_t = 4566)]
    pub port: u16,
    /// Keep the account in this JSON file between runs.
    #[arg(long)]
    pub state: Option<PathBuf>,
    /// Virtual seconds per real second (600: a 10-minute HSM creation takes a second).
    #[arg(long, default_value_t = clock::DEFAULT_SPEED)]
    pub speed: f64,
    /// Fault injection rules (TOML, see README).
    #[arg(long)]
    pub faults: Option<PathBuf>,
    /// Seed of the id generator.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    #[arg(long, default_value = sandbox::DEFAULT_ACCOUNT_ID)]
    pub account_id: String,
    /// An IAM policy document (JSON) that limits the caller (default: administrator).
    #[arg(long)]
    pub caller_policy: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CloudHsmCliArgs {
    #[arg(long)]
    pub sandbox_url: String,
    #[arg(long)]
    pub cluster_id: String,
    /// The CloudHSM CLI command, e.g. `user create --username kmsuser --role crypto-user`.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, required = true)]
    pub args: Vec<String>,
}

#[derive(Debug, Args)]
pub struct AdvanceArgs {
    #[arg(long)]
    pub sandbox_url: String,
    /// How far: 45s, 90m, 36h, 8d.
    #[arg(long)]
    pub by: String,
}

/// An error with the exit code it maps to.
#[derive(Debug)]
pub struct Failure {
    pub code: i32,
    pub message: String,
}

impl Failure {
    pub fn usage(message: impl Into<String>) -> Self {
        Self {
            code: 2,
            message: message.into(),
        }
    }
    pub fn aws(message: impl Into<String>) -> Self {
        Self {
            code: 3,
            message: message.into(),
        }
    }
}

pub async fn run(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        None => Err(Failure::usage(
            "the wizard's screens are not built yet; run `keystore-wizard sandbox serve` (see README)",
        )),
        Some(Command::Sandbox(SandboxCommand::Serve(args))) => serve(args).await,
        Some(Command::Sandbox(SandboxCommand::CloudhsmCli(args))) => cloudhsm_cli(args),
        Some(Command::Sandbox(SandboxCommand::Advance(args))) => {
            let seconds = clock::parse_duration(&args.by).map_err(Failure::usage)?;
            let out = sandbox::remote::post(
                &args.sandbox_url,
                "advance",
                &serde_json::json!({ "seconds": seconds }),
            )
            .map_err(Failure::aws)?;
            println!("virtual clock now at {}", out["now"]);
            Ok(())
        }
    }
}

async fn serve(args: ServeArgs) -> Result<(), Failure> {
    if !args.speed.is_finite() || args.speed < 0.0 {
        return Err(Failure::usage("--speed must be zero or a positive number"));
    }
    let faults = match &args.faults {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| Failure::usage(format!("cannot read {}: {e}", path.display())))?;
            Some(FaultPlan::from_toml(&text).map_err(Failure::usage)?)
        }
        None => None,
    };
    let caller = match &args.caller_policy {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| Failure::usage(format!("cannot read {}: {e}", path.display())))?;
            Some(
                sandbox::policy::validate_document(&text)
                    .map_err(|e| Failure::usage(format!("{}: {e}", path.display())))?,
            )
        }
        None => None,
    };
    let config = SandboxConfig {
        account_id: args.account_id,
        seed: args.seed,
        speed: args.speed,
        start: None,
        state_file: args.state,
    };
    let sandbox = Sandbox::new(config).map_err(Failure::usage)?;
    if let Some(plan) = faults {
        *sandbox.faults() = plan;
    }
    if let Some(doc) = caller {
        sandbox.with_world(|w| w.caller.policies = Some(vec![doc]));
    }
    let listener = sandbox::server::bind(args.port)
        .await
        .map_err(|e| Failure::aws(format!("cannot listen on 127.0.0.1:{}: {e}", args.port)))?;
    let addr = listener
        .local_addr()
        .map_err(|e| Failure::aws(e.to_string()))?;
    println!(
        "sandbox listening on http://{addr} (account {}, speed {}x)",
        sandbox.with_world(|w| w.account_id.clone()),
        sandbox.speed()
    );
    println!("try: aws --endpoint-url http://{addr} --region us-east-1 sts get-caller-identity");
    tokio::select! {
        r = sandbox::server::run(listener, sandbox) => r.map_err(|e| Failure::aws(e.to_string())),
        _ = tokio::signal::ctrl_c() => Ok(()),
    }
}

fn cloudhsm_cli(args: CloudHsmCliArgs) -> Result<(), Failure> {
    let needs_password = args
        .args
        .iter()
        .take(2)
        .map(String::as_str)
        .collect::<Vec<_>>()
        != ["user", "list"]
        && !args.args.iter().any(|a| a == "--password")
        && !matches!(args.args.first().map(String::as_str), Some("logout"));
    let password = if needs_password {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| Failure::usage(format!("reading the password from stdin: {e}")))?;
        Some(zeroize::Zeroizing::new(
            line.trim_end_matches(['\r', '\n']).to_string(),
        ))
    } else {
        None
    };
    let body = serde_json::json!({"cluster_id": args.cluster_id, "args": args.args, "password": password.as_ref().map(|p| p.as_str())});
    let out =
        sandbox::remote::post(&args.sandbox_url, "cloudhsm-cli", &body).map_err(Failure::aws)?;
    println!("{}", out["stdout"].as_str().unwrap_or_default());
    match out["exit_code"].as_i64() {
        Some(0) => Ok(()),
        _ => Err(Failure {
            code: 1,
            message: "the CloudHSM CLI command failed".into(),
        }),
    }
}
