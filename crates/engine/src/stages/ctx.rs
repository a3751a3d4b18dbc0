//! What every stage works with — the AWS boundary, the journal, the checked plan, the secrets,
//! the waiter and the operator — plus the stage error type and the waits several stages share.

use crate::cloud::types::Cluster;
use crate::cloud::{Cloud, CloudError, ErrorKind};
use crate::exit::ExitCode;
use crate::i18n::{t, tf};
use crate::inputs::plan::Plan;
use crate::inputs::secrets::Secrets;
use crate::run::events::{Event, SharedReporter};
use crate::run::journal::{Journal, JournalError};
use crate::run::operator::Operator;
use crate::run::wait::{Poll, Waiter};

/// Budget for cluster and HSM state changes (Terraform's default), in seconds.
pub const CLUSTER_BUDGET: f64 = 120.0 * 60.0;
/// Budget for a key store connection (AWS: "up to 20 minutes").
pub const CONNECT_BUDGET: f64 = 30.0 * 60.0;

pub struct Ctx {
    pub cloud: Cloud,
    pub journal: Journal,
    pub plan: Plan,
    pub secrets: Secrets,
    pub waiter: Waiter,
    pub operator: Operator,
    pub guard: crate::run::guard::Guard,
    pub reporter: SharedReporter,
    pub run_id: String,
    pub account_id: String,
    pub caller_arn: String,
    /// The stage being run (for events).
    pub stage: &'static str,
    /// What the operator pasted from their own client (`client.mode = "manual"`).
    pub pasted: Pasted,
    /// Where the calls go, for the account's clock (`account_now`).
    pub target: crate::cloud::Target,
}

/// Output the operator copied from a CloudHSM CLI the wizard cannot reach: public values only
/// (the `user list` JSON has user names and roles, never a password).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Pasted {
    /// `cloudhsm-cli user list`, run after the kmsuser step.
    pub user_list: Option<String>,
}

/// Why a stage stopped: a code, what it means, the documented fix, and the exit code.
#[derive(Debug, Clone, PartialEq)]
pub struct StageError {
    pub code: String,
    pub meaning: String,
    pub fix: Vec<String>,
    pub exit: ExitCode,
    pub cloud: Option<Box<CloudError>>,
}

impl StageError {
    /// A failure found by the wizard itself (a precondition), not returned by AWS.
    pub fn local(code: &str, meaning: &str, fix: Vec<String>) -> Self {
        Self {
            code: code.into(),
            meaning: meaning.into(),
            fix,
            exit: ExitCode::Aws,
            cloud: None,
        }
    }

    /// A failure found by the wizard itself, worded from the catalog: `err.<key>` is the
    /// meaning and `fix.<key>` the steps (one per line), `{name}`s filled from `args`, in the
    /// operator's language.
    pub fn keyed(code: &str, key: &str, args: &[(&str, &dyn std::fmt::Display)]) -> Self {
        let fix = tf(&format!("fix.{key}"), args)
            .lines()
            .map(str::to_string)
            .collect();
        Self::local(code, &tf(&format!("err.{key}"), args), fix)
    }
}

impl StageError {
    /// The error on one line, for a notice on a screen: an AWS error as the SDK reported it
    /// (operation, code, message, request id), a local one as `code: meaning fix`.
    pub fn one_line(&self) -> String {
        match &self.cloud {
            Some(c) => c.to_string(),
            None if self.fix.is_empty() => format!("{}: {}", self.code, self.meaning),
            None => format!("{}: {} {}", self.code, self.meaning, self.fix.join(" ")),
        }
    }

    /// An account guard refusal: a usage error (exit 2) with the guard's fix.
    pub fn refused(r: crate::run::guard::Refusal) -> Self {
        let mut e = Self::local(r.code, &r.meaning, r.fix);
        e.exit = ExitCode::Usage;
        e
    }
}

impl crate::cloud::error::Transient for StageError {
    fn transient_code(&self) -> Option<&str> {
        self.cloud.as_deref().and_then(|c| c.transient_code())
    }
}

impl From<CloudError> for StageError {
    fn from(e: CloudError) -> Self {
        let fix = match e.kind {
            ErrorKind::AccessDenied => vec![tf("fix.AccessDenied", &[("operation", &e.operation)])],
            ErrorKind::Throttled
            | ErrorKind::Internal
            | ErrorKind::Timeout
            | ErrorKind::Network => vec![t("fix.Transient").into()],
            _ => vec![t("fix.AwsOther").into()],
        };
        Self {
            code: e.code.clone(),
            meaning: e.to_string(),
            fix,
            exit: ExitCode::Aws,
            cloud: Some(Box::new(e)),
        }
    }
}

/// A wait that ran out of budget: nothing is lost, the thing is still moving on AWS's side.
impl From<crate::run::wait::Exhausted> for StageError {
    fn from(x: crate::run::wait::Exhausted) -> Self {
        Self::keyed(
            "StillInProgress",
            "StillInProgress",
            &[
                ("what", &x.what),
                ("state", &x.last_state),
                ("minutes", &format!("{:.0}", x.waited_s / 60.0)),
            ],
        )
    }
}

impl From<JournalError> for StageError {
    fn from(e: JournalError) -> Self {
        Self::keyed("JournalError", "JournalError", &[("detail", &e)])
    }
}

impl Ctx {
    /// A context for a stage that runs beside this one: the same AWS boundary, plan, secrets,
    /// waiter, operator and reporter, and a second handle on the same journal.
    pub fn fork(&self) -> Self {
        Self {
            cloud: self.cloud.clone(),
            journal: self.journal.fork(),
            plan: self.plan.clone(),
            secrets: self.secrets.duplicate(),
            waiter: self.waiter.clone(),
            operator: self.operator.clone(),
            guard: self.guard.clone(),
            reporter: self.reporter.clone(),
            run_id: self.run_id.clone(),
            account_id: self.account_id.clone(),
            caller_arn: self.caller_arn.clone(),
            stage: self.stage,
            pasted: self.pasted.clone(),
            target: self.target.clone(),
        }
    }

    /// The account's clock (epoch seconds): the sandbox's virtual one, else the wall clock.
    pub fn account_now(&self) -> i64 {
        crate::run::open::account_now(&self.target)
    }

    /// Records that an HSM this tool created was deleted (closes it in the HSM-hours ledger).
    pub fn hsm_deleted(&mut self, id: &str) -> Result<(), StageError> {
        use crate::daytwo::slots;
        let lives = slots::closed(
            slots::ledger(self.journal.fact(slots::LEDGER)),
            id,
            self.account_now(),
        );
        self.journal
            .set_fact(slots::LEDGER, &slots::encode(&lives))?;
        self.journal.resource(self.stage, "hsm", "deleted", id)?;
        Ok(())
    }

    pub fn emit(&self, event: Event) {
        self.reporter.emit(event);
    }

    /// Records a resource the moment its create call returned.
    pub fn created(&mut self, kind: &str, id: &str) -> Result<(), StageError> {
        self.emit(Event::ResourceCreated {
            stage: self.stage.into(),
            kind: kind.into(),
            id: id.into(),
        });
        if let Err(e) = self.journal.resource(self.stage, kind, "created", id) {
            // Last resort: the journal cannot be written, so the screen must say what exists.
            let mut err = StageError::from(e);
            err.meaning = format!(
                "{kind} {id} was created (tagged {} {}) but {}",
                crate::cloud::RUN_TAG,
                self.run_id,
                err.meaning
            );
            return Err(err);
        }
        if kind == "hsm" {
            use crate::daytwo::slots;
            let lives = slots::opened(
                slots::ledger(self.journal.fact(slots::LEDGER)),
                id,
                self.account_now(),
            );
            self.journal
                .set_fact(slots::LEDGER, &slots::encode(&lives))?;
        }
        Ok(())
    }

    /// Records a resource that already existed and is taken over.
    pub fn adopted(&mut self, kind: &str, id: &str) -> Result<(), StageError> {
        self.journal.resource(self.stage, kind, "adopted", id)?;
        self.emit(Event::ResourceAdopted {
            stage: self.stage.into(),
            kind: kind.into(),
            id: id.into(),
        });
        Ok(())
    }

    /// The cluster's subnets as the network stage journaled them.
    pub fn subnet_ids(&self) -> Vec<String> {
        self.journal
            .fact("subnet_ids")
            .unwrap_or_default()
            .split(',')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    }

    pub fn cluster_id(&self) -> Result<String, StageError> {
        self.journal
            .fact("cluster_id")
            .map(str::to_string)
            .ok_or_else(|| StageError::keyed("NoCluster", "NoCluster", &[]))
    }

    /// The run's cluster as AWS describes it now. AWS reads lag behind writes, so a cluster that
    /// is not listed counts as gone only after three misses in a row, five seconds apart; then
    /// it is drift, said plainly (never silently re-created).
    pub async fn cluster(&self) -> Result<Cluster, StageError> {
        let id = self.cluster_id()?;
        for miss in 0..3 {
            if let Some(c) = self
                .cloud
                .cluster(&id)
                .await?
                .filter(|c| c.state != "DELETED")
            {
                return Ok(c);
            }
            if miss < 2 {
                self.waiter.pause(crate::run::wait::FIRST_INTERVAL).await;
            }
        }
        Err(StageError::keyed(
            "ClusterGone",
            "ClusterGone",
            &[("id", &id)],
        ))
    }

    /// Waits until the cluster satisfies `done`; fails on states that will not get there.
    pub async fn wait_cluster(
        &self,
        what: &str,
        done: impl Fn(&Cluster) -> bool,
    ) -> Result<Cluster, StageError> {
        self.wait_cluster_with(what, done, true).await
    }

    /// The same, where a DEGRADED HSM is expected (it is being deleted or replaced).
    pub async fn wait_cluster_allowing_degraded(
        &self,
        what: &str,
        done: impl Fn(&Cluster) -> bool,
    ) -> Result<Cluster, StageError> {
        self.wait_cluster_with(what, done, false).await
    }

    async fn wait_cluster_with(
        &self,
        what: &str,
        done: impl Fn(&Cluster) -> bool,
        degraded_fails: bool,
    ) -> Result<Cluster, StageError> {
        let reporter = self.reporter.clone();
        let outcome = self
            .waiter
            .until(&reporter, self.stage, what, CLUSTER_BUDGET, || async {
                let c = self.cluster().await?;
                if done(&c) {
                    return Ok(Poll::Ready(c));
                }
                if let Some(bad) = c
                    .hsms
                    .iter()
                    .find(|h| degraded_fails && h.state == "DEGRADED")
                {
                    return Err(StageError::keyed(
                        "HsmDegraded",
                        "HsmDegraded",
                        &[("id", &bad.id)],
                    ));
                }
                if matches!(
                    c.state.as_str(),
                    "DELETE_IN_PROGRESS" | "ROLLBACK_IN_PROGRESS" | "DEGRADED"
                ) {
                    return Err(StageError::keyed(
                        "ClusterState",
                        "ClusterState",
                        &[
                            ("id", &c.id),
                            ("state", &c.state),
                            ("message", &c.state_message),
                        ],
                    ));
                }
                let hsms: Vec<String> = c
                    .hsms
                    .iter()
                    .map(|h| format!("{} {}", h.id, h.state))
                    .collect();
                Ok(Poll::Pending(format!("{} [{}]", c.state, hsms.join(", "))))
            })
            .await?;
        outcome.map_err(StageError::from)
    }
}
