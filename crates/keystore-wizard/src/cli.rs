//! The command line as clap types: global options, the subcommands and their arguments. Only
//! types: `commands::dispatch` runs them, and the exit codes are `keystore_engine::exit`'s.

use clap::{Args, Parser, Subcommand, ValueEnum};
use keystore_engine::stages::StageId;
use keystore_sandbox::{self as sandbox, clock};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "keystore-wizard",
    version,
    long_version = long_version(),
    about = "Stand up and tear down an AWS CloudHSM cluster and AWS KMS key store, safely",
    after_help = "Exit codes: 0 done, 1 CloudHSM CLI stand-in command failed, 2 usage, 3 AWS call or precondition failed (--resume), 4 operator step needed, 5 key store connect FAILED, 130 interrupted."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    /// The wizard's starting plan (default: assets/example-plan.toml, built in).
    #[arg(long)]
    pub plan: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Args, Clone)]
pub struct Global {
    /// Language of the screens and the text output: en or ja (default: the locale from
    /// LC_ALL, LC_MESSAGES or LANG; else English). JSON output is always language-neutral.
    #[arg(long, global = true, value_parser = ["en", "ja"])]
    pub lang: Option<String>,
    /// The config file with the account guard (default: ~/.config/keystore-wizard/config.toml).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// One of the two keys to run in an account the guard blocks (the other: the account id
    /// under account_guard.bypass in the config).
    #[arg(long, global = true)]
    pub bypass_account_guard: bool,
    /// Use the embedded simulated AWS account (kept in the state directory between runs).
    #[arg(long, global = true, conflicts_with = "sandbox_url")]
    pub sandbox: bool,
    /// Use a served sandbox (`keystore-wizard sandbox serve`).
    #[arg(long, global = true, value_name = "URL")]
    pub sandbox_url: Option<String>,
    /// AWS profile (real AWS only).
    #[arg(long, global = true)]
    pub profile: Option<String>,
    /// AWS Region (default: the profile's, or AWS_REGION; a sandbox uses us-east-1).
    #[arg(long, global = true)]
    pub region: Option<String>,
    /// AWS endpoint override (real AWS only; also AWS_ENDPOINT_URL).
    #[arg(long, global = true)]
    pub endpoint_url: Option<String>,
    /// Where runs are journaled (default: $XDG_STATE_HOME/keystore-wizard).
    #[arg(long, global = true)]
    pub state_dir: Option<PathBuf>,
    /// Text for people, or JSON lines (every event) for programs.
    #[arg(long, global = true, value_enum, default_value_t = Output::Text)]
    pub output: Output,
    /// The wire protocol CloudHSM v2 calls use: awsJson 1.1 (the SDK's default) or Smithy RPC
    /// v2 CBOR (listed first by the service's current model).
    #[arg(long, global = true, value_enum, env = "KSW_CLOUDHSM_PROTOCOL", default_value_t = HsmWire::Json)]
    pub cloudhsm_protocol: HsmWire,
    /// Also print the log (the SDK's own warnings included) on stderr; it always goes to
    /// keystore-wizard.log in the state directory.
    #[arg(long, short = 'v', global = true)]
    pub verbose: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HsmWire {
    Json,
    Cbor,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Output {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the whole setup headless from a plan file.
    Setup(SetupArgs),
    /// What exists, in every Region: clusters, HSMs, backups, key stores, keys, roles.
    Status(StatusArgs),
    /// Day two: disconnect the key store and delete the cluster's HSMs, keeping the cluster and
    /// its backups (most of the bill stops; the store's keys are unusable until unpark).
    Park(DayTwoArgs),
    /// Day two: the parked cluster's HSMs back at their addresses, the store connected, and the
    /// canary made at setup decrypted as proof.
    Unpark(DayTwoArgs),
    /// Day two: replace each DEGRADED HSM of the cluster in its Availability Zone.
    Repair(DayTwoArgs),
    /// Day two: a new cluster from a backup, its HSMs, and the key store pointed at it (same key
    /// ids), proven by the canary; the old cluster is left for the teardown to offer.
    Restore(RestoreArgs),
    /// Day two: copy a backup of the cluster (default: the newest READY one) to another Region,
    /// for disaster recovery; shown by status, included in the teardown.
    CopyBackup(CopyBackupArgs),
    /// Show the teardown plan (a dry run), or carry it out with --execute --confirm ACCOUNT_ID.
    Teardown(TeardownArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell) to stdout.
    Completions(CompletionsArgs),
    /// Print the man page (roff) to stdout.
    Manpage,
    /// Write a commented plan, or check one without touching AWS.
    #[command(subcommand)]
    Plan(PlanCommand),
    /// The simulated AWS account.
    #[command(subcommand)]
    Sandbox(SandboxCommand),
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    /// Write the commented example plan (to FILE, never over an existing one; else to stdout),
    /// for --region or the profile's Region, listing the account's subnets when it can be read.
    Init(PlanInitArgs),
    /// Check a plan file: every rule, no AWS call (exit 0 valid, 2 not).
    Check(PlanCheckArgs),
}

#[derive(Debug, Args)]
pub struct PlanInitArgs {
    /// Where to write the plan (default: standard output).
    pub file: Option<PathBuf>,
    /// Do not try to read the account's subnets.
    #[arg(long)]
    pub offline: bool,
}

#[derive(Debug, Args)]
pub struct PlanCheckArgs {
    /// The plan file to check.
    pub file: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum SandboxCommand {
    /// Serve the simulated account on 127.0.0.1 for the AWS CLI and other clients.
    Serve(ServeArgs),
    /// Run a CloudHSM CLI command (cluster activate, user create …) on a served sandbox.
    CloudhsmCli(CloudHsmCliArgs),
    /// Move a served sandbox's virtual clock forward (e.g. --by 8d).
    Advance(AdvanceArgs),
    /// Show where key material and users are on a served sandbox: each cluster's HSMs and
    /// each backup (the sandbox's own view, not an AWS API).
    Inspect(InspectArgs),
}

#[derive(Debug, Args)]
pub struct SetupArgs {
    /// The plan (TOML; see assets/example-plan.toml).
    #[arg(long)]
    pub plan: PathBuf,
    /// Do not ask before creating resources.
    #[arg(long)]
    pub yes: bool,
    /// Continue the unfinished run in the state directory.
    #[arg(long)]
    pub resume: bool,
    /// Read the kmsuser password from this file (mode 0600) instead of the environment.
    #[arg(long)]
    pub kmsuser_password_file: Option<PathBuf>,
    /// Stop after this stage (the list is the engine's `StageId`s).
    #[arg(long, value_name = "STAGE", help = until_help())]
    pub until: Option<String>,
    /// In a sandbox, stop at the operator steps as on AWS instead of performing them.
    #[arg(long)]
    pub manual_operator_steps: bool,
    /// With `client.mode = "manual"`: what `cloudhsm-cli user list` printed on your client
    /// after the kmsuser step (`-` reads it from standard input). Checked for kmsuser on every
    /// HSM before the key store is created.
    #[arg(long, value_name = "FILE")]
    pub user_list: Option<PathBuf>,
}

/// `--version --verbose`-style long version: the program's and the AWS SDK crates' versions.
fn long_version() -> &'static str {
    static TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TEXT.get_or_init(|| {
        let sdks: Vec<String> = keystore_engine::cloud::sdk_versions()
            .iter()
            .map(|(name, v)| format!("{name} {v}"))
            .collect();
        format!("{}\n{}", env!("CARGO_PKG_VERSION"), sdks.join("\n"))
    })
}

/// `--until`'s help, listing every stage id.
fn until_help() -> String {
    let ids: Vec<&str> = StageId::ALL.iter().map(|s| s.as_str()).collect();
    format!("Stop after this stage: {}", ids.join(", "))
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// `all` (every enabled Region) or a comma-separated list.
    #[arg(long, default_value = "all")]
    pub regions: String,
}

#[derive(Debug, Args)]
pub struct DayTwoArgs {
    /// The plan the setup ran with (its client settings); default: the built-in example.
    #[arg(long)]
    pub plan: Option<PathBuf>,
    /// Go ahead (without it the command says what it would change, and changes nothing).
    #[arg(long)]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup to restore (`backup-…`, as `status` lists them); a resumed restore may omit it.
    #[arg(long, value_name = "BACKUP_ID")]
    pub from_backup: Option<String>,
    /// The new kmsuser password, when the backup holds an older one (else
    /// KEYSTORE_WIZARD_KMSUSER_PASSWORD); a file of mode 0600.
    #[arg(long, value_name = "FILE")]
    pub kmsuser_password_file: Option<PathBuf>,
    #[command(flatten)]
    pub common: DayTwoArgs,
}

#[derive(Debug, Args)]
pub struct CopyBackupArgs {
    /// The Region to copy to, e.g. us-west-2.
    #[arg(long, value_name = "REGION")]
    pub to_region: String,
    /// The backup to copy (default: the cluster's newest READY backup).
    #[arg(long, value_name = "BACKUP_ID")]
    pub backup: Option<String>,
    #[command(flatten)]
    pub common: DayTwoArgs,
}

#[derive(Debug, Args)]
pub struct TeardownArgs {
    /// `all` (every enabled Region; needed before the CloudHSM role can go) or a list.
    #[arg(long, default_value = "all")]
    pub regions: String,
    /// Carry the plan out (otherwise only show it).
    #[arg(long)]
    pub execute: bool,
    /// The account id the credentials belong to, typed out as confirmation.
    #[arg(long)]
    pub confirm: Option<String>,
    /// KMS key deletion waiting period, 7 to 30 days.
    #[arg(long, default_value_t = 7)]
    pub pending_window_days: i32,
    /// `stop-billing` (default): keys scheduled, store, HSMs and cluster deleted in one run;
    /// the key material stays in the backups until they go. `shred`: the store stays
    /// connected with one HSM until KMS has deleted the keys, then everything goes, backups too.
    #[arg(long, default_value = "stop-billing", value_parser = ["stop-billing", "shred"])]
    pub order: String,
    /// Also delete the clusters' backups (always, in the shred order).
    #[arg(long)]
    pub delete_backups: bool,
    /// Also try to delete AWSServiceRoleForKeyManagementServiceCustomKeyStores (AWS documents no procedure).
    #[arg(long)]
    pub delete_key_store_role: bool,
    /// Also delete the IAM group and policy this wizard created (from the journal).
    #[arg(long)]
    pub delete_iam: bool,
    /// Select a foreign resource by id (repeatable); foreign resources are otherwise left alone.
    /// A KMS key that grants hold is scheduled only when named here (or with --include-in-use).
    #[arg(long)]
    pub include: Vec<String>,
    /// Also schedule the deletion of keys that are in use (grants, recent use, unknown use).
    #[arg(long)]
    pub include_in_use: bool,
    /// Only disable the keys (reversible: aws kms enable-key) and stop, to see what breaks.
    #[arg(long)]
    pub disable_first: bool,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The port on 127.0.0.1 (the sandbox never listens on another address).
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
    /// The simulated account's id.
    #[arg(long, default_value = sandbox::DEFAULT_ACCOUNT_ID)]
    pub account_id: String,
    /// An IAM policy document (JSON) that limits the caller (default: administrator).
    #[arg(long)]
    pub caller_policy: Option<PathBuf>,
    /// Seconds the simulated AWS clock is ahead of this machine's (negative: behind): requests
    /// signed more than 5 minutes off are refused as AWS does, to rehearse a skewed clock.
    #[arg(long, default_value_t = 0.0, allow_hyphen_values = true)]
    pub clock_skew: f64,
    /// Write every reply (service, operation, protocol, status and body; never a request
    /// body) to FILE as JSON lines, to check the answers against the AWS models' output shapes.
    #[arg(long, value_name = "FILE")]
    pub record_replies: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CloudHsmCliArgs {
    /// The served sandbox (`sandbox serve`), e.g. http://127.0.0.1:4566.
    #[arg(long)]
    pub sandbox_url: String,
    /// The simulated cluster whose HSMs the command acts on.
    #[arg(long)]
    pub cluster_id: String,
    /// The CloudHSM CLI command, e.g. `user create --username kmsuser --role crypto-user`.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, required = true)]
    pub args: Vec<String>,
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    /// The served sandbox (`sandbox serve`), e.g. http://127.0.0.1:4566.
    #[arg(long)]
    pub sandbox_url: String,
}

#[derive(Debug, Args)]
pub struct AdvanceArgs {
    /// The served sandbox (`sandbox serve`), e.g. http://127.0.0.1:4566.
    #[arg(long)]
    pub sandbox_url: String,
    /// How far: 45s, 90m, 36h, 8d.
    #[arg(long)]
    pub by: String,
}
