//! Stage 9: the AWS CloudHSM key store, with the trust anchor this run made. An existing store
//! of the same name is adopted only if it points at this run's cluster. The key-store
//! service-linked role is observed before and after.

use super::slr_observe;
use super::{Ctx, Outcome, StageError};
use crate::slr;

pub async fn apply(ctx: &mut Ctx) -> Result<Outcome, StageError> {
    let cluster = ctx.cluster_id()?;
    let before = slr_observe::present(ctx, &slr::KMS_CUSTOM_KEY_STORES).await;
    if let Some(id) = ctx.journal.fact("key_store_id").map(str::to_string) {
        if ctx.cloud.key_store(&id).await?.is_none() {
            return Err(StageError::local(
                "KeyStoreGone",
                &format!("key store {id}, created by this run, no longer exists"),
                vec!["Start a new run with another --state-dir.".into()],
            ));
        }
        slr_observe::report(ctx, &slr::KMS_CUSTOM_KEY_STORES, before, before);
        return Ok(Outcome::Done);
    }
    let name = ctx.plan.key_store_name.clone();
    if let Some(s) = ctx.cloud.key_store_named(&name).await? {
        if s.cluster_id != cluster {
            return Err(StageError::local(
                "CustomKeyStoreNameInUseException",
                &format!(
                    "a key store named {name} already exists for cluster {}",
                    s.cluster_id
                ),
                vec!["Choose another key_store.name in the plan.".into()],
            ));
        }
        ctx.adopted("key-store", &s.id)?;
        ctx.journal.set_fact("key_store_id", &s.id)?;
        slr_observe::report(ctx, &slr::KMS_CUSTOM_KEY_STORES, before, before);
        return Ok(Outcome::Done);
    }
    let anchor = ctx
        .journal
        .fact("trust_anchor")
        .map(str::to_string)
        .ok_or_else(|| {
            StageError::local(
                "TrustAnchorUnknown",
                &format!("this run does not know the trust anchor of cluster {cluster}"),
                vec!["Initialize the cluster with this wizard, or start a new run.".into()],
            )
        })?;
    ctx.journal.intent(ctx.stage, "key-store", &name)?;
    let id = ctx.cloud.create_key_store(&name, &cluster, &anchor, &ctx.secrets.kmsuser).await.map_err(|e| {
        let mut err = StageError::from(e);
        if err.code == "IncorrectTrustAnchorException" {
            err.fix = vec![format!("The trust anchor must be the certificate the cluster was initialized with ({}).", ctx.journal.fact("trust_anchor_path").unwrap_or("customerCA.crt"))];
        }
        err
    })?;
    ctx.created("key-store", &id)?;
    ctx.journal.set_fact("key_store_id", &id)?;
    let after = slr_observe::present(ctx, &slr::KMS_CUSTOM_KEY_STORES).await;
    slr_observe::report(ctx, &slr::KMS_CUSTOM_KEY_STORES, before, after);
    Ok(Outcome::Done)
}
