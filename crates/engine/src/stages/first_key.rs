//! The `first_key` stage: the first KMS key in the store (Origin AWS_CLOUDHSM), its alias, and an
//! encrypt/decrypt round trip as proof. CreateKey is attempted once; a key that appears in the
//! store anyway (lost response, or a crash before journaling) is adopted. The multi-Region keys
//! role is reported as not applicable: multi-Region keys cannot live in a custom key store.

use super::slr_observe;
use super::{Ctx, Outcome, StageError};
use crate::cloud::kms_canary::canary_text;
use base64::Engine;
use keystore_facts::slr;

/// The journal fact with the canary: a ciphertext of a fixed text under the first key (not a
/// secret), decrypted again after a park or a restore to prove the key material came back.
pub const CANARY: &str = "canary";

/// Keys of the store that are not on their way out.
async fn live_keys(ctx: &Ctx, store: &str) -> Result<Vec<crate::cloud::types::Key>, StageError> {
    Ok(ctx
        .cloud
        .keys_in_store(store)
        .await?
        .into_iter()
        .filter(|k| k.state != "PendingDeletion")
        .collect())
}

async fn find_or_create(ctx: &mut Ctx, store: &str) -> Result<String, StageError> {
    let alias = ctx.plan.key_alias.clone();
    if let Some(target) = ctx.cloud.alias_target(&alias).await? {
        let key = ctx.cloud.describe_key(&target).await?;
        if key.as_ref().and_then(|k| k.store_id.as_deref()) != Some(store) {
            return Err(StageError::keyed(
                "AliasInUse",
                "AliasInUse",
                &[("alias", &alias), ("target", &target)],
            ));
        }
        ctx.adopted("kms-key", &target)?;
        return Ok(target);
    }
    if let Some(id) = ctx.journal.fact("key_id").map(str::to_string) {
        return Ok(id);
    }
    let intended = ctx.journal.run().is_some_and(|r| {
        r.records
            .iter()
            .any(|x| x.kind == "kms-key" && x.status == "intent")
    });
    if intended {
        let live = live_keys(ctx, store).await?;
        if let [only] = live.as_slice() {
            ctx.adopted("kms-key", &only.id)?;
            return Ok(only.id.clone());
        }
    }
    ctx.journal.intent(ctx.stage, "kms-key", &alias)?;
    let description = ctx.plan.key_description.clone();
    match ctx
        .cloud
        .create_key_in_store(store, &description, &ctx.run_id.clone())
        .await
    {
        Ok(k) => {
            ctx.created("kms-key", &k.id)?;
            Ok(k.id)
        }
        Err(e) => {
            let live = live_keys(ctx, store).await?;
            match live.as_slice() {
                [only] => {
                    ctx.adopted("kms-key", &only.id)?;
                    Ok(only.id.clone())
                }
                _ => Err(e.into()),
            }
        }
    }
}

pub async fn apply(ctx: &mut Ctx) -> Result<Outcome, StageError> {
    let store = ctx
        .journal
        .fact("key_store_id")
        .map(str::to_string)
        .ok_or_else(|| StageError::keyed("NoKeyStore", "NoKeyStore", &[]))?;
    let key = find_or_create(ctx, &store).await?;
    ctx.journal.set_fact("key_id", &key)?;
    let alias = ctx.plan.key_alias.clone();
    if ctx.cloud.alias_target(&alias).await?.is_none() {
        ctx.cloud.create_alias(&alias, &key).await?;
        ctx.journal
            .resource(ctx.stage, "kms-alias", "created", &alias)?;
    }
    if !ctx.cloud.round_trip(&key, &ctx.run_id.clone()).await? {
        return Err(StageError::keyed(
            "RoundTripFailed",
            "RoundTripFailed",
            &[("key", &key)],
        ));
    }
    if ctx.journal.fact(CANARY).is_none() {
        let run_id = ctx.run_id.clone();
        let blob = ctx
            .cloud
            .encrypt(&key, &canary_text(&run_id), &run_id)
            .await?;
        let text = base64::engine::general_purpose::STANDARD.encode(blob);
        ctx.journal.set_fact(CANARY, &text)?;
    }
    slr_observe::not_applicable(ctx, &slr::KMS_MULTI_REGION_KEYS);
    Ok(Outcome::Done)
}
