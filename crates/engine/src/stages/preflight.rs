//! The `preflight` stage: who is calling, in which account and Region, and — before any write — whether IAM
//! allows every action of every stage (SimulatePrincipalPolicy). A journal made in another
//! account is refused, showing both account ids, and so is an account the operator's account
//! guard blocks (`guard.rs`), before the journal records the account.

use super::{Ctx, ORDER, Outcome, StageError};
use crate::cloud::iam::principal_for_simulation;
use crate::i18n::tf;
use crate::run::events::Event;
use crate::run::guard::Purpose;

/// Who is calling: refused when the journal was made in another account or the account guard
/// blocks this one (a bypass is announced); the context learns the account and the caller.
/// Setup's preflight and day two's both start here.
pub(crate) async fn identify(ctx: &mut Ctx) -> Result<crate::cloud::types::Identity, StageError> {
    let me = ctx.cloud.identity().await?;
    if let Some(previous) = ctx.journal.run().and_then(|r| r.account_id.clone())
        && previous != me.account_id
    {
        return Err(StageError::keyed(
            "WrongAccount",
            "WrongAccount",
            &[("me", &me.account_id), ("previous", &previous)],
        ));
    }
    match ctx
        .guard
        .enforce(&ctx.cloud, Purpose::Setup, &me.account_id)
        .await
    {
        Ok(None) => {}
        Ok(Some(reason)) => ctx.emit(Event::GuardBypassed {
            account_id: me.account_id.clone(),
            reason,
        }),
        Err(r) => return Err(StageError::refused(r)),
    }
    ctx.account_id = me.account_id.clone();
    ctx.caller_arn = me.arn.clone();
    Ok(me)
}

pub async fn apply(ctx: &mut Ctx) -> Result<Outcome, StageError> {
    let me = identify(ctx).await?;
    ctx.journal.set_account(&me.account_id)?;
    let mut actions: Vec<String> = ORDER
        .iter()
        .flat_map(|s| super::actions(s.id, &ctx.plan))
        .filter(|a| *a != "sts:GetCallerIdentity")
        .chain(super::actions::TEARDOWN_CHECKS.iter().copied())
        .map(|a| a.to_string())
        .collect();
    actions.sort();
    actions.dedup();
    let principal = principal_for_simulation(&me.arn);
    let verdicts = match ctx.cloud.simulate(&principal, &actions).await {
        Ok(v) => v,
        Err(e) => {
            ctx.emit(Event::PermissionVerdict {
                stage: "preflight".into(),
                action: "iam:SimulatePrincipalPolicy".into(),
                decision: format!("unknown ({})", e.code),
            });
            return Ok(Outcome::Done);
        }
    };
    let mut denied = Vec::new();
    for stage in ORDER.iter() {
        for action in super::actions(stage.id, &ctx.plan)
            .into_iter()
            .filter(|a| *a != "sts:GetCallerIdentity")
        {
            let decision = decision_of(&verdicts, action);
            if decision != "allowed" {
                denied.push(format!("{}: {action} ({decision})", stage.id));
            }
            ctx.emit(Event::PermissionVerdict {
                stage: stage.id.as_str().into(),
                action: action.to_string(),
                decision,
            });
        }
    }
    // The teardown's checks: told, never a reason to stop the setup.
    for action in super::actions::TEARDOWN_CHECKS {
        let decision = decision_of(&verdicts, action);
        ctx.emit(Event::PermissionVerdict {
            stage: "teardown".into(),
            action: action.to_string(),
            decision,
        });
    }
    if !denied.is_empty() {
        return Err(permissions_missing(&me.arn, &denied));
    }
    Ok(Outcome::Done)
}

/// What IAM's simulation said of `action` ("unknown" when it did not say).
pub(crate) fn decision_of(verdicts: &[(String, String)], action: &str) -> String {
    verdicts
        .iter()
        .find(|(a, _)| a == action)
        .map(|(_, d)| d.clone())
        .unwrap_or_else(|| "unknown".into())
}

/// The refusal for denied actions (`stage: action (decision)` each), with one fix per action.
pub(crate) fn permissions_missing(arn: &str, denied: &[String]) -> StageError {
    StageError::local(
        "PermissionsMissing",
        &tf(
            "err.PermissionsMissing",
            &[("arn", &arn), ("n", &denied.len())],
        ),
        denied
            .iter()
            .map(|d| tf("fix.PermissionsMissing", &[("item", d)]))
            .collect(),
    )
}
