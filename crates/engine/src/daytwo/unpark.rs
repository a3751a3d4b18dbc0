//! `unpark`: the HSMs of a parked cluster back in their AZs — at their old addresses where those
//! are free (`CreateHsm` `IpAddress`), so a client's configuration still names them — each
//! journaled as its create returns; a DEGRADED one replaced once (`repair`); the client's CLI
//! refreshed when the run still has a client; the store connected; and the proof: the canary
//! ciphertext setup made under the first key decrypts to its text again.

use super::notice;
use super::slots::{self, Slot};
use crate::cloud::kms_canary::canary_text;
use crate::stages::{Ctx, StageError};
use base64::Engine;

pub async fn apply(ctx: &mut Ctx) -> Result<(), StageError> {
    let places = slots::parked(ctx.journal.fact(slots::PARKED))
        .map_err(|why| StageError::local("JournalError", &why, Vec::new()))?;
    let c = ctx.cluster().await?;
    if places.is_empty() && c.active_hsms().count() < 2 {
        return Err(StageError::keyed(
            "NotParked",
            "NotParked",
            &[("cluster", &c.id)],
        ));
    }
    for slot in &places {
        // A re-run after a crash finds the HSM it made: one per place, by AZ.
        let c = ctx.cluster().await?;
        let here = c.live_hsms().filter(|h| h.az == slot.az).count();
        let wanted = places.iter().filter(|s| s.az == slot.az).count();
        if here < wanted {
            create_at(ctx, &c.id, slot).await?;
        }
    }
    let n = places.len().max(2);
    super::repair::wait_repairing(ctx, "the HSMs to be ACTIVE", |c| {
        c.active_hsms().count() >= n && c.live_hsms().all(|h| h.state == "ACTIVE")
    })
    .await?;
    let c = ctx.cluster().await?;
    let moved: Vec<String> = places
        .iter()
        .filter(|s| !c.live_hsms().any(|h| h.ip == s.ip))
        .map(|s| format!("{} {}", s.az, s.ip))
        .collect();
    if super::live_client(ctx).is_some() {
        // "If you add or delete HSMs, update the configuration files."
        crate::stages::client::configure(ctx).await?;
    } else if !moved.is_empty() {
        notice(ctx, "ClientConfigStale", &[("places", moved.join(", "))]);
    }
    crate::stages::connect::connect(ctx).await?;
    prove(ctx).await?;
    ctx.journal.set_fact(slots::PARKED, "")?;
    notice(
        ctx,
        "Unparked",
        &[
            ("cluster", c.id.clone()),
            ("n", c.active_hsms().count().to_string()),
        ],
    );
    Ok(())
}

/// Decrypts the canary setup made; a run set up before canaries existed proves the key with a
/// fresh round trip instead, and says so.
pub(crate) async fn prove(ctx: &mut Ctx) -> Result<(), StageError> {
    let key = ctx
        .journal
        .fact("key_id")
        .map(str::to_string)
        .ok_or_else(|| StageError::keyed("NoKey", "NoKey", &[]))?;
    let Some(blob) = ctx.journal.fact(crate::stages::CANARY).map(str::to_string) else {
        notice(ctx, "NoCanary", &[("key", key.clone())]);
        if ctx.cloud.round_trip(&key, &ctx.run_id.clone()).await? {
            return Ok(());
        }
        return Err(StageError::keyed(
            "RoundTripFailed",
            "RoundTripFailed",
            &[("key", &key)],
        ));
    };
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(blob.trim())
        .map_err(|e| {
            StageError::local(
                "JournalError",
                &format!("the journal's canary is not base64: {e}"),
                Vec::new(),
            )
        })?;
    let plain = ctx.cloud.decrypt(&bytes, &ctx.run_id.clone()).await?;
    if plain != canary_text(&ctx.run_id) {
        return Err(StageError::keyed(
            "CanaryMismatch",
            "CanaryMismatch",
            &[("key", &key)],
        ));
    }
    notice(ctx, "CanaryDecrypted", &[("key", key)]);
    Ok(())
}

/// Creates an HSM in `slot`'s AZ at its address, or anywhere in the subnet when the address
/// is taken (said, not silent); after a failed create the cluster is read again and an HSM
/// that appeared anyway is adopted rather than duplicated.
pub(crate) async fn create_at(ctx: &mut Ctx, cluster: &str, slot: &Slot) -> Result<(), StageError> {
    let known: Vec<String> = ctx
        .cluster()
        .await?
        .live_hsms()
        .map(|h| h.id.clone())
        .collect();
    ctx.journal.intent(ctx.stage, "hsm", &slot.az)?;
    let ip = (!slot.ip.is_empty()).then_some(slot.ip.as_str());
    let result = match ctx.cloud.create_hsm_at(cluster, &slot.az, ip).await {
        Err(e)
            if ip.is_some()
                && e.code == "CloudHsmInvalidRequestException"
                && e.message.contains(&slot.ip) =>
        {
            notice(
                ctx,
                "AddressTaken",
                &[
                    ("ip", slot.ip.clone()),
                    ("az", slot.az.clone()),
                    ("why", e.message.clone()),
                ],
            );
            ctx.cloud.create_hsm_at(cluster, &slot.az, None).await
        }
        other => other,
    };
    match result {
        Ok(id) => ctx.created("hsm", &id),
        Err(e) => {
            let again = ctx.cluster().await?;
            match again
                .live_hsms()
                .find(|h| !known.contains(&h.id) && h.az == slot.az)
            {
                Some(h) => ctx.adopted("hsm", &h.id.clone()),
                None => Err(e.into()),
            }
        }
    }
}
