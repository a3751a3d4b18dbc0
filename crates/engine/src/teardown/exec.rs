//! Carries out the Ready steps of a teardown plan, in order. A delete of something already gone
//! counts as done; a deletion counts as done only when a re-read shows it gone (or pending
//! deletion, for keys and backups); every error is reported, none swallowed. Waits (disconnect,
//! HSMs, cluster, role deletion task) use the same waiter as setup.

use super::{Step, StepStatus};
use crate::cloud::error::NotFound;
use crate::cloud::{Cloud, CloudError, ErrorKind};
use crate::i18n;
use crate::run::events::SharedReporter;
use crate::run::journal::Journal;
use crate::run::wait::{Poll, Waiter};
use serde::Serialize;

pub(super) const BUDGET: f64 = 120.0 * 60.0;
const ROLE_BUDGET: f64 = 5.0 * 60.0;
/// How long a deletion refused for a dependency that is going away is retried.
const DEPENDENCY_BUDGET: f64 = 30.0 * 60.0;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Done {
    pub region: Option<String>,
    pub action: String,
    pub target: String,
    pub outcome: Result<String, String>,
}

pub(super) fn fail(e: CloudError) -> String {
    e.to_string()
}

pub(super) async fn wait<F, Fut>(
    waiter: &Waiter,
    reporter: &SharedReporter,
    what: &str,
    budget: f64,
    check: F,
) -> Result<(), String>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<Poll<()>, CloudError>>,
{
    match waiter
        .until(reporter, "teardown", what, budget, check)
        .await
        .map_err(fail)?
    {
        Ok(()) => Ok(()),
        Err(x) => Err(format!(
            "{} is still {} after {:.0} minutes; run teardown --execute again later",
            x.what,
            x.last_state,
            x.waited_s / 60.0
        )),
    }
}

/// `delete` until AWS stops refusing it for a dependency that is going away.
pub(super) async fn patiently<F, Fut>(
    waiter: &Waiter,
    reporter: &SharedReporter,
    what: &str,
    id: &str,
    delete: F,
) -> Result<(), String>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Result<(), CloudError>>,
{
    let waited = waiter
        .until(reporter, "teardown", what, DEPENDENCY_BUDGET, || async {
            match delete().await {
                Ok(()) => Ok(Poll::Ready(())),
                Err(e) if e.code == "DependencyViolation" => Ok(Poll::Pending(e.code)),
                Err(e) => Err(e),
            }
        })
        .await
        .map_err(|e| e.to_string())?;
    waited.map_err(|x| {
        crate::i18n::tf(
            "td.still_in_use",
            &[
                ("id", &id),
                ("minutes", &format!("{:.0}", x.waited_s / 60.0)),
            ],
        )
    })
}

async fn run_step(
    c: &Cloud,
    step: &Step,
    window: i32,
    waiter: &Waiter,
    reporter: &SharedReporter,
) -> Result<String, String> {
    let t = step.target.as_str();
    match step.action.as_str() {
        "schedule_key_deletion" => {
            let date = c.schedule_key_deletion(t, window).await.map_err(fail)?;
            match c.describe_key(t).await.map_err(fail)? {
                Some(k) if k.state != "PendingDeletion" => Err(i18n::tf(
                    "td.key_not_pending",
                    &[("key", &t), ("state", &k.state)],
                )),
                _ => Ok(date
                    .map(|d| i18n::tf("td.key_deleted_on", &[("date", &day(d))]))
                    .unwrap_or_else(|| i18n::t("td.already_pending").into())),
            }
        }
        "disconnect_key_store" => {
            if let Err(e) = c.disconnect_key_store(t).await
                && e.code != "CustomKeyStoreInvalidStateException"
            {
                return Err(fail(e));
            }
            wait(
                waiter,
                reporter,
                "key store to disconnect",
                BUDGET,
                || async {
                    let s = c.key_store(t).await?;
                    Ok(match s {
                        Some(s) if s.state != "DISCONNECTED" => Poll::Pending(s.state),
                        _ => Poll::Ready(()),
                    })
                },
            )
            .await
            .map(|_| "DISCONNECTED".into())
        }
        "disable_key" => {
            c.disable_key(t).await.map_err(fail)?;
            match c.describe_key(t).await.map_err(fail)? {
                Some(k) if k.state == "Disabled" => Ok(i18n::t("td.disabled").into()),
                Some(k) => Err(i18n::tf(
                    "td.key_not_disabled",
                    &[("key", &t), ("state", &k.state)],
                )),
                None => Err(i18n::tf("td.key_gone", &[("key", &t)])),
            }
        }
        "create_hsm" => super::exec_shred::create_hsm(c, t, waiter, reporter).await,
        "connect_key_store" => super::exec_shred::connect_key_store(c, t, waiter, reporter).await,
        "delete_key_store" => {
            c.delete_key_store(t).await.gone_is_done().map_err(fail)?;
            match c.key_store(t).await.map_err(fail)? {
                None => Ok(i18n::t("td.deleted").into()),
                Some(s) => Err(i18n::tf(
                    "td.store_still_there",
                    &[("id", &t), ("state", &s.state)],
                )),
            }
        }
        "delete_hsm" => {
            let (cluster, hsm) = t.split_once('/').unwrap_or((t, ""));
            c.delete_hsm(cluster, hsm)
                .await
                .map_err(fail)
                .map(|_| i18n::t("td.deletion_started").into())
        }
        "delete_cluster" => {
            wait(
                waiter,
                reporter,
                "every HSM of the cluster to be deleted",
                BUDGET,
                || async {
                    Ok(match c.cluster(t).await? {
                        Some(cl) if !cl.hsms.is_empty() => {
                            Poll::Pending(i18n::tf("td.hsms_left", &[("n", &cl.hsms.len())]))
                        }
                        _ => Poll::Ready(()),
                    })
                },
            )
            .await?;
            c.delete_cluster(t).await.map_err(fail)?;
            wait(
                waiter,
                reporter,
                "cluster to be DELETED",
                BUDGET,
                || async {
                    Ok(match c.cluster(t).await? {
                        Some(cl) if cl.state != "DELETED" => Poll::Pending(cl.state),
                        _ => Poll::Ready(()),
                    })
                },
            )
            .await
            .map(|_| "DELETED: the HSM billing has stopped".into())
        }
        "delete_backup" => {
            c.delete_backup(t).await.map_err(fail)?;
            let left = c
                .backups()
                .await
                .map_err(fail)?
                .into_iter()
                .find(|b| b.id == t);
            match left {
                Some(b) if b.state != "PENDING_DELETION" => Err(i18n::tf(
                    "td.backup_state",
                    &[("id", &t), ("state", &b.state)],
                )),
                _ => Ok(i18n::t("td.backup_pending").into()),
            }
        }
        "delete_service_linked_role" => delete_role(c, t, waiter, reporter).await,
        "delete_iam_group" => {
            for arn in c
                .attached_policies(t)
                .await
                .found()
                .map_err(fail)?
                .unwrap_or_default()
            {
                c.detach_group_policy(t, &arn).await.map_err(fail)?;
            }
            for user in c
                .group_members(t)
                .await
                .found()
                .map_err(fail)?
                .unwrap_or_default()
            {
                c.remove_user_from_group(t, &user).await.map_err(fail)?;
            }
            c.delete_group(t).await.gone_is_done().map_err(fail)?;
            if c.group_exists(t).await.map_err(fail)? {
                Err(i18n::tf("td.group_still_there", &[("id", &t)]))
            } else {
                Ok(i18n::t("td.deleted").into())
            }
        }
        "delete_iam_policy" => {
            c.delete_policy(t).await.gone_is_done().map_err(fail)?;
            if c.policy_exists(t).await.map_err(fail)? {
                Err(i18n::tf("td.policy_still_there", &[("id", &t)]))
            } else {
                Ok(i18n::t("td.deleted").into())
            }
        }
        other => match super::client::run(c, step, waiter, reporter).await {
            Some(outcome) => outcome,
            None => match super::network::run(c, step, waiter, reporter).await {
                Some(outcome) => outcome,
                None => Err(i18n::tf("td.unknown_action", &[("action", &other)])),
            },
        },
    }
}

/// DeleteServiceLinkedRole, then the deletion task until it ends; a NoSuchEntity from the status
/// call is confirmed with GetRole before it counts as done.
async fn delete_role(
    c: &Cloud,
    name: &str,
    waiter: &Waiter,
    reporter: &SharedReporter,
) -> Result<String, String> {
    let Some(task) = c
        .delete_service_linked_role(name)
        .await
        .found()
        .map_err(fail)?
    else {
        return Ok(i18n::t("td.already_gone").into());
    };
    let mut failure = None;
    let waited = waiter
        .until(
            reporter,
            "teardown",
            "service-linked role deletion",
            ROLE_BUDGET,
            || async {
                match c.deletion_status(&task).await {
                    Ok(s) if s.status == "SUCCEEDED" => Ok(Poll::Ready(None)),
                    Ok(s) if s.status == "FAILED" => {
                        let usage: Vec<String> = s
                            .usage
                            .iter()
                            .map(|(r, res)| format!("{r}: {}", res.join(", ")))
                            .collect();
                        Ok(Poll::Ready(Some(i18n::tf(
                            "td.role_refused",
                            &[("usage", &usage.join("; "))],
                        ))))
                    }
                    Ok(s) => Ok(Poll::Pending(s.status)),
                    Err(e) if e.kind == ErrorKind::NotFound => match c.role(name).await? {
                        None => Ok(Poll::Ready(None)),
                        Some(_) => Ok(Poll::Pending(i18n::t("td.task_gone").into())),
                    },
                    Err(e) => Err(e),
                }
            },
        )
        .await
        .map_err(fail)?;
    match waited {
        Ok(Some(refused)) => failure = Some(refused),
        Ok(None) => {}
        Err(x) => {
            failure = Some(i18n::tf(
                "td.task_still",
                &[
                    ("state", &x.last_state),
                    ("minutes", &format!("{:.0}", x.waited_s / 60.0)),
                ],
            ))
        }
    }
    if let Some(f) = failure {
        return Err(f);
    }
    match c.role(name).await.map_err(fail)? {
        None => Ok(i18n::t("td.deleted").into()),
        Some(_) => Err(i18n::tf("td.role_still_there", &[("name", &name)])),
    }
}

pub fn day(epoch: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(epoch)
        .map(|d| format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day()))
        .unwrap_or_else(|_| epoch.to_string())
}

/// Runs every Ready step of `steps` (regional ones in their Region), journaling each outcome.
pub async fn execute(
    cloud: &Cloud,
    steps: &[Step],
    window: i32,
    waiter: &Waiter,
    reporter: &SharedReporter,
    journal: &mut Journal,
) -> Vec<Done> {
    let mut out = Vec::new();
    for step in steps.iter().filter(|s| s.status == StepStatus::Ready) {
        let c = match &step.region {
            Some(r) => cloud.in_region(r),
            None => cloud.clone(),
        };
        let outcome = run_step(&c, step, window, waiter, reporter).await;
        let status = if outcome.is_ok() {
            "deleted"
        } else {
            "delete_failed"
        };
        if let Err(e) = journal.resource("teardown", &step.action, status, &step.target) {
            tracing::error!(error = %e, "could not journal a teardown step");
        }
        out.push(Done {
            region: step.region.clone(),
            action: step.action.clone(),
            target: step.target.clone(),
            outcome,
        });
    }
    out
}
