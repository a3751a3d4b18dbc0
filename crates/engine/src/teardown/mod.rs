//! The guided teardown. `plan` turns an inventory into ordered steps — the client host →
//! schedule key deletion (7–30 days) → disconnect the key store → delete HSMs → delete the
//! cluster (this stops the billing) → after the waiting period delete the key store →
//! optionally backups → the subnets and VPC the wizard created → the service-linked roles when
//! nothing uses them in any Region → optionally the IAM group and policy — each Ready, waiting until a date, blocked (with why), or left alone (foreign, or
//! what AWS will not delete). `exec` carries a plan out; nothing is deleted that the plan did
//! not show. The plan is recomputed from a fresh inventory every time, so it resumes days later.

mod client;
pub mod exec;
mod exec_shred;
mod network;
mod planner;
pub mod radius;
pub mod report;
pub mod rows;
mod shred;

pub use client::memberships;
pub use planner::{Options, Order, Step, StepStatus, plan};

use crate::cloud::{Cloud, CloudError};
use crate::inventory;
use crate::run::events::SharedReporter;
use crate::run::journal::Journal;
use crate::run::wait::Waiter;

/// What one `--execute` did and what is left.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Executed {
    pub results: Vec<exec::Done>,
    pub remaining: Vec<Step>,
    /// The latest date a remaining step waits for.
    pub come_back: Option<i64>,
}

/// Carries out `steps`: the regional ones first, then — after scanning the account again — the
/// backups that deletion produced (when backups go) and the global ones (roles, IAM), then a
/// last scan for what remains.
#[allow(clippy::too_many_arguments)]
pub async fn execute_all(
    cloud: &Cloud,
    steps: &[Step],
    opts: &Options,
    regions: Option<Vec<String>>,
    now: impl Fn() -> i64,
    waiter: &Waiter,
    reporter: &SharedReporter,
    journal: &mut Journal,
) -> Result<Executed, CloudError> {
    let regional: Vec<Step> = steps
        .iter()
        .filter(|s| s.region.is_some())
        .cloned()
        .collect();
    let mut results = exec::execute(
        cloud,
        &regional,
        opts.window_days,
        waiter,
        reporter,
        journal,
    )
    .await;
    let mut again = inventory::scan(cloud, regions.clone()).await?;
    // A backup CloudHSM takes as the last HSM goes appears only now, after the plan was shown:
    // with backups chosen for deletion, it goes too (it is a backup of a cluster the plan
    // deletes). Nothing else new is touched before it has been shown.
    let late: Vec<Step> = plan(&again, opts, now())
        .into_iter()
        .filter(|s| s.region.is_some() && s.action == "delete_backup")
        .filter(|s| {
            !results
                .iter()
                .any(|d| d.action == s.action && d.target == s.target && d.region == s.region)
        })
        .collect();
    if late.iter().any(|s| s.status == StepStatus::Ready) {
        results
            .extend(exec::execute(cloud, &late, opts.window_days, waiter, reporter, journal).await);
        again = inventory::scan(cloud, regions.clone()).await?;
    }
    let global: Vec<Step> = plan(&again, opts, now())
        .into_iter()
        .filter(|s| s.region.is_none())
        .collect();
    results
        .extend(exec::execute(cloud, &global, opts.window_days, waiter, reporter, journal).await);
    let last = inventory::scan(cloud, regions).await?;
    let remaining: Vec<Step> = plan(&last, opts, now())
        .into_iter()
        .filter(|s| !matches!(s.status, StepStatus::LeftAlone { .. }))
        .collect();
    let come_back = remaining
        .iter()
        .filter_map(|s| match s.status {
            StepStatus::WaitsUntil { date, .. } => Some(date),
            _ => None,
        })
        .max();
    if let Some(d) = come_back {
        let _ = journal.set_fact("teardown_come_back", &exec::day(d));
    }
    Ok(Executed {
        results,
        remaining,
        come_back,
    })
}
