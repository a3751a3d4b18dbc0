//! Day two, on a cluster and key store a setup made (its journal): **park** (disconnect the
//! store and delete the HSMs, keeping the cluster and its backups: most of the bill stops),
//! **unpark** (the HSMs back in their AZs at their old addresses, the client's CLI refreshed,
//! the store connected, the setup's canary decrypted), and **repair** (a DEGRADED HSM deleted
//! and created again in its AZ). Each runs in the setup's journal — every delete and create
//! journaled as it returns, so a killed run is resumed by running it again — after its own
//! preflight: the caller, the account the journal belongs to, the account guard, and the IAM
//! actions it will call, simulated before any write. Speaks through events; no ratatui.

pub mod copy;
pub mod park;
pub mod repair;
pub mod report;
pub mod restore;
pub mod slots;
pub mod unpark;

use crate::cloud::iam::principal_for_simulation;
use crate::run::events::{Event, SharedReporter};
use crate::run::session::{Parts, Session};
use crate::stages::{Ctx, StageError};
use std::collections::BTreeMap;

/// A day-two operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Park,
    Unpark,
    Repair,
    /// From a backup into a new cluster, the key store re-pointed (`restore::apply`).
    Restore,
    /// A backup copied to another Region (`copy::apply`).
    CopyBackup,
}

/// What an operation is given besides the run: the backup (restore, copy-backup) and the
/// Region a copy goes to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpArgs {
    pub backup: Option<String>,
    pub to_region: Option<String>,
}

const HSM_CHANGE: &[&str] = &[
    "cloudhsm:DescribeClusters",
    "cloudhsm:CreateHsm",
    "cloudhsm:DeleteHsm",
    "ec2:CreateNetworkInterface",
    "ec2:DeleteNetworkInterface",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DescribeSubnets",
];

impl Op {
    /// As the journal, events and the command line spell it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Op::Park => "park",
            Op::Unpark => "unpark",
            Op::Repair => "repair",
            Op::Restore => "restore",
            Op::CopyBackup => "copy-backup",
        }
    }

    /// The IAM actions the operation calls (preflight simulates them before any write). The
    /// client refresh's SSM actions are added when the run has a client to refresh.
    pub fn actions(self, with_client: bool) -> Vec<&'static str> {
        let mut out: Vec<&'static str> = match self {
            Op::Park => vec![
                "cloudhsm:DescribeClusters",
                "cloudhsm:DescribeBackups",
                "cloudhsm:DeleteHsm",
                "kms:DescribeCustomKeyStores",
                "kms:DisconnectCustomKeyStore",
                "kms:ListKeys",
                "kms:DescribeKey",
            ],
            Op::Unpark => [
                HSM_CHANGE,
                &[
                    "kms:DescribeCustomKeyStores",
                    "kms:ConnectCustomKeyStore",
                    "kms:DisconnectCustomKeyStore",
                    "kms:Decrypt",
                    "kms:Encrypt",
                ],
            ]
            .concat(),
            Op::Repair => HSM_CHANGE.to_vec(),
            Op::CopyBackup => vec!["cloudhsm:DescribeBackups", "cloudhsm:CopyBackupToRegion"],
            Op::Restore => [
                HSM_CHANGE,
                &[
                    "cloudhsm:DescribeBackups",
                    "cloudhsm:CreateCluster",
                    "cloudhsm:TagResource",
                    "cloudhsm:ListTags",
                    "kms:DescribeCustomKeyStores",
                    "kms:ListKeys",
                    "kms:DescribeKey",
                    "kms:DisconnectCustomKeyStore",
                    "kms:UpdateCustomKeyStore",
                    "kms:ConnectCustomKeyStore",
                    "kms:Decrypt",
                    "kms:Encrypt",
                ],
            ]
            .concat(),
        };
        if with_client && self != Op::Park {
            out.extend_from_slice(crate::stages::actions::PREPARE);
        }
        out
    }
}

/// Says something to the operator (`d2.<code>` in the catalog).
pub(crate) fn notice(ctx: &Ctx, code: &str, args: &[(&str, String)]) {
    ctx.emit(Event::Notice {
        stage: ctx.stage.into(),
        code: code.into(),
        args: args
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect::<BTreeMap<_, _>>(),
    });
}

/// The instance of a client this run still has (launched and kept, or named by the plan),
/// whose CLI must follow the HSMs' addresses.
pub(crate) fn live_client(ctx: &Ctx) -> Option<String> {
    use crate::stages::client::{INSTANCE, RETIRED};
    let gone = matches!(
        ctx.journal.fact(RETIRED),
        Some("terminating") | Some("terminated")
    );
    (!gone)
        .then(|| ctx.journal.fact(INSTANCE).map(str::to_string))
        .flatten()
}

/// Opens the setup's run and carries out `op`, with its StageStarted/StageFinished events and
/// its status in the journal.
pub async fn run(op: Op, parts: Parts, reporter: SharedReporter) -> Result<(), StageError> {
    run_with(op, parts, reporter, OpArgs::default()).await
}

/// The same with what the operation is given (a resumed restore finds its backup in the journal).
pub async fn run_with(
    op: Op,
    parts: Parts,
    reporter: SharedReporter,
    args: OpArgs,
) -> Result<(), StageError> {
    let mut session = Session::open(parts, reporter).await?;
    run_in(op, &mut session.ctx, args).await
}

/// Carries out `op` in an open run (the TUI's session), with its events and journal status.
pub async fn run_in(op: Op, ctx: &mut Ctx, args: OpArgs) -> Result<(), StageError> {
    let reporter = ctx.reporter.clone();
    ctx.stage = op.as_str();
    reporter.emit(Event::StageStarted {
        stage: op.as_str().into(),
    });
    let started = std::time::Instant::now();
    let result = Box::pin(carry_out(op, ctx, &args)).await;
    let outcome = if result.is_ok() { "done" } else { "failed" };
    ctx.journal.set_stage(op.as_str(), outcome)?;
    reporter.emit(Event::StageFinished {
        stage: op.as_str().into(),
        outcome: outcome.into(),
        elapsed_s: started.elapsed().as_secs_f64(),
    });
    result
}

async fn carry_out(op: Op, ctx: &mut Ctx, args: &OpArgs) -> Result<(), StageError> {
    if ctx.journal.fact("cluster_id").is_none() {
        return Err(StageError::keyed("NoCluster", "NoCluster", &[]));
    }
    preflight(ctx, op).await?;
    match op {
        Op::Park => park::apply(ctx).await,
        Op::Unpark => unpark::apply(ctx).await,
        Op::Repair => repair::apply(ctx).await,
        Op::Restore => restore::apply(ctx, args.backup.as_deref()).await,
        Op::CopyBackup => {
            let to = args.to_region.clone().unwrap_or_default();
            copy::apply(ctx, args.backup.as_deref(), &to).await
        }
    }
}

/// Who is calling, in the journal's account, past the account guard, allowed every action.
async fn preflight(ctx: &mut Ctx, op: Op) -> Result<(), StageError> {
    let me = crate::stages::preflight::identify(ctx).await?;
    let actions: Vec<String> = op
        .actions(live_client(ctx).is_some())
        .into_iter()
        .map(str::to_string)
        .collect();
    let principal = principal_for_simulation(&me.arn);
    let verdicts = match ctx.cloud.simulate(&principal, &actions).await {
        Ok(v) => v,
        Err(e) => {
            // As setup's preflight: a caller who may not simulate is told, not stopped.
            ctx.emit(Event::PermissionVerdict {
                stage: op.as_str().into(),
                action: "iam:SimulatePrincipalPolicy".into(),
                decision: format!("unknown ({})", e.code),
            });
            return Ok(());
        }
    };
    let mut denied = Vec::new();
    for action in &actions {
        let decision = crate::stages::preflight::decision_of(&verdicts, action);
        if decision != "allowed" {
            denied.push(format!("{}: {action} ({decision})", op.as_str()));
        }
        ctx.emit(Event::PermissionVerdict {
            stage: op.as_str().into(),
            action: action.clone(),
            decision,
        });
    }
    if denied.is_empty() {
        return Ok(());
    }
    Err(crate::stages::preflight::permissions_missing(
        &me.arn, &denied,
    ))
}
