//! The `key_store` stage: the AWS CloudHSM key store, with the trust anchor this run made. An existing store
//! of the same name is adopted only if it points at this run's cluster. The key-store
//! service-linked role is observed before and after.

use super::slr_observe;
use super::{Ctx, Outcome, StageError};
use keystore_facts::slr;

pub async fn apply(ctx: &mut Ctx) -> Result<Outcome, StageError> {
    let cluster = ctx.cluster_id()?;
    let before = slr_observe::present(ctx, &slr::KMS_CUSTOM_KEY_STORES).await;
    if let Some(id) = ctx.journal.fact("key_store_id").map(str::to_string) {
        if ctx.cloud.key_store(&id).await?.is_none() {
            return Err(StageError::keyed(
                "KeyStoreGone",
                "KeyStoreGone",
                &[("id", &id)],
            ));
        }
        slr_observe::report(ctx, &slr::KMS_CUSTOM_KEY_STORES, before, before);
        return Ok(Outcome::Done);
    }
    let name = ctx.plan.key_store_name.clone();
    if let Some(s) = ctx.cloud.key_store_named(&name).await? {
        if s.cluster_id != cluster {
            return Err(StageError::keyed(
                "CustomKeyStoreNameInUseException",
                "KeyStoreNameInUse",
                &[("name", &name), ("cluster", &s.cluster_id)],
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
            StageError::keyed(
                "TrustAnchorUnknown",
                "TrustAnchorUnknown",
                &[("cluster", &cluster)],
            )
        })?;
    ctx.journal.intent(ctx.stage, "key-store", &name)?;
    let id = ctx
        .cloud
        .create_key_store(&name, &cluster, &anchor, &ctx.secrets.kmsuser)
        .await
        .map_err(|e| {
            let mut err = StageError::from(e);
            if err.code == "IncorrectTrustAnchorException" {
                let path = ctx
                    .journal
                    .fact("trust_anchor_path")
                    .unwrap_or("customerCA.crt");
                err.fix = vec![crate::i18n::tf(
                    "fix.IncorrectTrustAnchor",
                    &[("path", &path)],
                )];
            }
            err
        })?;
    ctx.created("key-store", &id)?;
    ctx.journal.set_fact("key_store_id", &id)?;
    let after = slr_observe::present(ctx, &slr::KMS_CUSTOM_KEY_STORES).await;
    slr_observe::report(ctx, &slr::KMS_CUSTOM_KEY_STORES, before, after);
    Ok(Outcome::Done)
}
