//! The teardown of the network the wizard created: its subnets, then the VPC (with the group
//! CloudHSM made for the cluster, if AWS left it). A subnet is refused (DependencyViolation)
//! while a network interface that is going away (an HSM's, the client's, an endpoint's) is
//! still in it, so the deletion is retried until it has gone; anything else left in the VPC is
//! named and stays. Each counts as done only when a re-read shows it gone.

use super::Step;
use super::exec::patiently;
use crate::cloud::Cloud;
use crate::run::events::SharedReporter;
use crate::run::wait::Waiter;

async fn confirm_gone(c: &Cloud, id: &str) -> Result<String, String> {
    match c.network_exists(id).await {
        Ok(false) => Ok(crate::i18n::t("td.deleted").into()),
        Ok(true) => Err(crate::i18n::tf("td.still_listed", &[("id", &id)])),
        Err(e) => Err(e.to_string()),
    }
}

/// Runs one network step; `None` when the action is not a network one.
pub async fn run(
    c: &Cloud,
    step: &Step,
    waiter: &Waiter,
    reporter: &SharedReporter,
) -> Option<Result<String, String>> {
    let t = step.target.as_str();
    Some(match step.action.as_str() {
        "delete_subnet" => {
            match patiently(
                waiter,
                reporter,
                "subnet to be free of network interfaces",
                t,
                || c.delete_subnet(t),
            )
            .await
            {
                Ok(()) => confirm_gone(c, t).await,
                Err(e) => Err(e),
            }
        }
        "delete_vpc" => {
            let inside = match c.wizard_vpc(t).await {
                Ok(v) => v,
                Err(e) => return Some(Err(e.to_string())),
            };
            if !inside.others.is_empty() {
                return Some(Err(crate::i18n::tf(
                    "td.vpc_holds",
                    &[("what", &inside.others.join(", "))],
                )));
            }
            for g in &inside.cluster_groups {
                if let Err(e) = patiently(
                    waiter,
                    reporter,
                    "cluster security group to be free",
                    g,
                    || c.delete_security_group(g),
                )
                .await
                {
                    return Some(Err(e));
                }
            }
            match patiently(waiter, reporter, "VPC to be empty", t, || c.delete_vpc(t)).await {
                Ok(()) => confirm_gone(c, t).await,
                Err(e) => Err(e),
            }
        }
        _ => return None,
    })
}
