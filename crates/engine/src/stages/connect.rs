//! The `connect` stage: connect the key store and wait for CONNECTED *or* FAILED (automation that waits
//! only for CONNECTED hangs on a failure). FAILED ends the stage with the code's meaning and
//! documented fix (exit 5); a re-run resumes here: disconnect, push the kmsuser password if the
//! operator gave one, connect again. Once CONNECTED, a client the wizard launched is
//! terminated unless the plan keeps it.

use super::ctx::CONNECT_BUDGET;
use super::{Ctx, Outcome, StageError};
use crate::connect_codes;
use crate::run::wait::Poll;

async fn state(ctx: &Ctx, id: &str) -> Result<(String, Option<String>), StageError> {
    let s = ctx
        .cloud
        .key_store(id)
        .await?
        .ok_or_else(|| StageError::keyed("KeyStoreGone", "KeyStoreGoneNow", &[("id", &id)]))?;
    Ok((s.state, s.error_code))
}

async fn wait_for(
    ctx: &Ctx,
    id: &str,
    what: &str,
    done: &[&str],
) -> Result<(String, Option<String>), StageError> {
    let reporter = ctx.reporter.clone();
    let outcome = ctx
        .waiter
        .until(&reporter, ctx.stage, what, CONNECT_BUDGET, || async {
            let (s, code) = state(ctx, id).await?;
            Ok::<_, StageError>(if done.contains(&s.as_str()) {
                Poll::Ready((s, code))
            } else {
                Poll::Pending(s)
            })
        })
        .await?;
    outcome.map_err(|x| {
        StageError::keyed(
            "StillConnecting",
            "StillConnecting",
            &[
                ("state", &x.last_state),
                ("minutes", &format!("{:.0}", x.waited_s / 60.0)),
            ],
        )
    })
}

/// Connects, then retires the client the wizard launched (it is not needed once KMS holds
/// the connection; `client.keep` keeps it).
pub async fn apply(ctx: &mut Ctx) -> Result<Outcome, StageError> {
    let out = connect(ctx).await?;
    super::client::retire(ctx).await?;
    Ok(out)
}

/// Disconnects the store (day two's park) and waits until it is DISCONNECTED; a store already
/// disconnected is left as it is.
pub(crate) async fn disconnect(ctx: &mut Ctx, id: &str) -> Result<(), StageError> {
    let (s, _) = state(ctx, id).await?;
    if s == "DISCONNECTED" {
        return Ok(());
    }
    if s != "DISCONNECTING" {
        ctx.cloud.disconnect_key_store(id).await?;
    }
    wait_for(ctx, id, "key store to disconnect", &["DISCONNECTED"]).await?;
    Ok(())
}

/// Connects the run's store and waits for CONNECTED or FAILED (the stage, and day two's
/// unpark).
pub(crate) async fn connect(ctx: &mut Ctx) -> Result<Outcome, StageError> {
    let id = ctx
        .journal
        .fact("key_store_id")
        .map(str::to_string)
        .ok_or_else(|| StageError::keyed("NoKeyStore", "NoKeyStore", &[]))?;
    let (mut s, _) = state(ctx, &id).await?;
    if s == "CONNECTED" {
        return Ok(Outcome::Done);
    }
    if s == "CONNECTING" || s == "DISCONNECTING" {
        s = wait_for(
            ctx,
            &id,
            "key store to settle",
            &["CONNECTED", "FAILED", "DISCONNECTED"],
        )
        .await?
        .0;
    }
    let retrying = s == "FAILED" || ctx.journal.stage_status(ctx.stage) == Some("failed");
    if s == "FAILED" {
        ctx.cloud.disconnect_key_store(&id).await?;
        wait_for(ctx, &id, "key store to disconnect", &["DISCONNECTED"]).await?;
    }
    if s != "CONNECTED" {
        if retrying && ctx.secrets.kmsuser_given {
            ctx.cloud
                .update_key_store_password(&id, &ctx.secrets.kmsuser)
                .await?;
        }
        ctx.cloud.connect_key_store(&id).await?;
        let (s, code) = wait_for(
            ctx,
            &id,
            "key store to connect (AWS: up to 20 minutes)",
            &["CONNECTED", "FAILED"],
        )
        .await?;
        if s == "FAILED" {
            ctx.journal.set_stage(ctx.stage, "failed")?;
            let code = code.unwrap_or_else(|| "UNKNOWN".into());
            let (meaning, mut fix) = connect_codes::explain(&code);
            fix.push(crate::i18n::t("fix.ConnectResume").into());
            return Err(StageError {
                code,
                meaning,
                fix,
                exit: crate::exit::ExitCode::ConnectFailed,
                cloud: None,
            });
        }
    }
    Ok(Outcome::Done)
}
