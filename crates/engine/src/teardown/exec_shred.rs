//! The two steps only the *shred* order takes (`shred.rs` plans them): one HSM back in a parked
//! cluster, and the store connected, so that when the keys' waiting period ends KMS can delete
//! their material from the cluster. Carried out like every other step (`exec.rs`).

use super::exec::{BUDGET, fail, wait};
use crate::cloud::Cloud;
use crate::i18n;
use crate::run::events::SharedReporter;
use crate::run::wait::{Poll, Waiter};

/// Shred of a parked cluster: one HSM back (one already on its way is waited for).
pub(super) async fn create_hsm(
    c: &Cloud,
    t: &str,
    waiter: &Waiter,
    reporter: &SharedReporter,
) -> Result<String, String> {
    // Shred of a parked cluster: one HSM back, so KMS can delete the key material.
    let cluster = c
        .cluster(t)
        .await
        .map_err(fail)?
        .ok_or_else(|| i18n::tf("td.cluster_gone", &[("id", &t)]))?;
    let az = cluster.subnets.keys().next().cloned().unwrap_or_default();
    // One already on its way (a resumed teardown) is waited for, not doubled.
    let coming = cluster
        .hsms
        .iter()
        .find(|h| h.state == "CREATE_IN_PROGRESS")
        .map(|h| h.id.clone());
    let hsm = match coming {
        Some(id) => id,
        None => c.create_hsm(t, &az).await.map_err(fail)?,
    };
    wait(waiter, reporter, "the HSM to be ACTIVE", BUDGET, || async {
        Ok(match c.cluster(t).await? {
            Some(cl) if !cl.hsms.iter().any(|h| h.id == hsm && h.state == "ACTIVE") => {
                Poll::Pending(cl.state)
            }
            _ => Poll::Ready(()),
        })
    })
    .await?;
    Ok(i18n::tf("td.hsm_back", &[("hsm", &hsm), ("az", &az)]))
}

/// KMS deletes key material from the cluster only through a connected store.
pub(super) async fn connect_key_store(
    c: &Cloud,
    t: &str,
    waiter: &Waiter,
    reporter: &SharedReporter,
) -> Result<String, String> {
    // Shred: KMS deletes key material from the cluster only through a connected store.
    if let Err(e) = c.connect_key_store(t).await
        && e.code != "CustomKeyStoreInvalidStateException"
    {
        return Err(fail(e));
    }
    wait(waiter, reporter, "key store to connect", BUDGET, || async {
        Ok(match c.key_store(t).await? {
            Some(s) if !matches!(s.state.as_str(), "CONNECTED" | "FAILED") => {
                Poll::Pending(s.state)
            }
            _ => Poll::Ready(()),
        })
    })
    .await?;
    match c.key_store(t).await.map_err(fail)? {
        Some(s) if s.state == "CONNECTED" => Ok("CONNECTED".into()),
        Some(s) => {
            let code = s.error_code.unwrap_or(s.state);
            Err(i18n::tf(
                "td.connect_failed",
                &[("id", &t), ("code", &code)],
            ))
        }
        None => Err(i18n::tf("td.store_gone", &[("id", &t)])),
    }
}
