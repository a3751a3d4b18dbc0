//! The teardown of the client host: terminate a launched instance and wait until it is gone,
//! delete the VPC endpoints and security groups the wizard created (a group still in use by a
//! network interface that is going away is retried until the interface has gone), the client
//! role with its instance profile, and — for an `existing` instance — take the cluster security
//! group off it again, leaving everything else of that instance as it was. Each counts as done
//! only when a re-read shows it gone.

use super::Step;
use crate::cloud::Cloud;
use crate::run::events::SharedReporter;
use crate::run::journal::Journal;
use crate::run::wait::{Poll, Waiter};
use crate::stages::client_existing::MEMBERSHIP;

const BUDGET: f64 = 30.0 * 60.0;

/// What an `existing` run changed on instances (region, `instance/group`), from its journal.
pub fn memberships(journal: &Journal) -> Vec<(String, String)> {
    let region = journal.run().map(|r| r.region.clone()).unwrap_or_default();
    journal
        .resources()
        .into_iter()
        .filter(|(kind, _)| kind == MEMBERSHIP)
        .map(|(_, id)| (region.clone(), id))
        .collect()
}

async fn gone(
    c: &Cloud,
    waiter: &Waiter,
    reporter: &SharedReporter,
    what: &str,
    id: &str,
) -> Result<(), String> {
    super::exec::wait(waiter, reporter, what, BUDGET, || async {
        let left = c.client_pieces().await?;
        Ok(match left.iter().find(|p| p.id == id) {
            Some(p) => Poll::Pending(p.state.clone()),
            None => Poll::Ready(()),
        })
    })
    .await
}

/// Runs one client step; `None` when the action is not a client one.
pub async fn run(
    c: &Cloud,
    step: &Step,
    waiter: &Waiter,
    reporter: &SharedReporter,
) -> Option<Result<String, String>> {
    let t = step.target.as_str();
    let fail = |e: crate::cloud::CloudError| e.to_string();
    Some(match step.action.as_str() {
        "terminate_client_instance" => match c.terminate(t).await.map_err(fail) {
            Err(e) => Err(e),
            Ok(()) => gone(c, waiter, reporter, "client instance to terminate", t)
                .await
                .map(|_| "terminated".into()),
        },
        "delete_vpc_endpoint" => match c.delete_endpoint(t).await.map_err(fail) {
            Err(e) => Err(e),
            Ok(()) => gone(c, waiter, reporter, "VPC endpoint to be deleted", t)
                .await
                .map(|_| crate::i18n::t("td.deleted").into()),
        },
        "delete_client_security_group" => {
            // A group is refused (DependencyViolation) while a network interface that is going
            // away (the instance's, an endpoint's) still uses it.
            let what = "security group to be free of network interfaces";
            match super::exec::patiently(waiter, reporter, what, t, || c.delete_security_group(t))
                .await
            {
                Err(e) => Err(e),
                Ok(()) => match c.client_pieces().await.map_err(fail) {
                    Ok(left) if left.iter().any(|p| p.id == t) => {
                        Err(crate::i18n::tf("td.still_listed", &[("id", &t)]))
                    }
                    Ok(_) => Ok(crate::i18n::t("td.deleted").into()),
                    Err(e) => Err(e),
                },
            }
        }
        "delete_client_identity" => match c.delete_client_identity(t, t).await.map_err(fail) {
            Err(e) => Err(e),
            Ok(()) => match c.role_exists(t).await.map_err(fail) {
                Ok(false) => Ok(crate::i18n::t("td.deleted").into()),
                Ok(true) => Err(format!("the role {t} is still there")),
                Err(e) => Err(e),
            },
        },
        "remove_cluster_group" => {
            let (instance, group) = t.split_once('/').unwrap_or((t, ""));
            match c.instance(instance).await.map_err(fail) {
                Err(e) => Err(e),
                Ok(None) => Ok("the instance is gone".into()),
                Ok(Some(i)) if !i.groups.iter().any(|g| g == group) => {
                    Ok("the cluster security group is no longer on it".into())
                }
                Ok(Some(i)) => {
                    let keep: Vec<String> =
                        i.groups.iter().filter(|g| *g != group).cloned().collect();
                    c.set_interface_groups(&i.eni, &keep)
                        .await
                        .map_err(fail)
                        .map(|_| format!("{group} removed; its other groups are as they were"))
                }
            }
        }
        _ => return None,
    })
}
