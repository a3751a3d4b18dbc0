//! The `kmsuser` stage (operator step): the kmsuser crypto user on every HSM. No AWS API can see it. In a
//! sandbox the stand-in creates it (on the HSMs that lack it); against AWS the run stops once
//! with the commands, and `setup --resume` is the operator's word that it is done. With a
//! client the wizard drives, that word is checked before the key store is created:
//! `cloudhsm-cli user list` through SSM must show kmsuser on every HSM (the late
//! USER_NOT_FOUND at connect is what this prevents); in `manual` mode the operator pastes the
//! `user list` output of their own client (`setup --user-list FILE`, or on the TUI's screen)
//! and the same check reads it.

use super::{Ctx, Outcome, StageError, client};
use crate::run::events::Event;
use crate::run::operator::kmsuser_commands;

pub async fn apply(ctx: &mut Ctx) -> Result<Outcome, StageError> {
    let c = ctx.cluster().await?;
    let ca_path = ctx
        .journal
        .fact("trust_anchor_path")
        .unwrap_or("customerCA.crt")
        .to_string();
    let commands = kmsuser_commands(&c, &ca_path, &client::access(ctx));
    if !ctx.operator.can_perform() {
        match ctx.journal.stage_status(ctx.stage) {
            Some("operator_instructed") => {
                // The operator's word, checked: on the client the wizard drives, or in the
                // `user list` the operator pasted from their own.
                if client::driven(ctx) {
                    client::verify_kmsuser(ctx).await?;
                } else {
                    client::verify_pasted(ctx)?;
                }
                ctx.journal.set_stage(ctx.stage, "operator_confirmed")?;
                return Ok(Outcome::Done);
            }
            Some("operator_confirmed") | Some("done") => return Ok(Outcome::Done),
            _ => {}
        }
        ctx.emit(Event::OperatorAction {
            stage: ctx.stage.into(),
            commands: commands.clone(),
            performed_by: "operator".into(),
        });
        ctx.journal.set_stage(ctx.stage, "operator_instructed")?;
        return Ok(Outcome::OperatorNeeded(commands));
    }
    let fail =
        |e: String| StageError::keyed("OperatorStepFailed", "KmsuserStepFailed", &[("detail", &e)]);
    let list = ctx
        .operator
        .perform(&c.id, &["user", "list"], None)
        .await
        .map_err(fail)?;
    let parsed: serde_json::Value = serde_json::from_str(&list.stdout).unwrap_or_default();
    let coverage = parsed["data"]["users"]
        .as_array()
        .and_then(|users| users.iter().find(|u| u["username"] == "kmsuser"))
        .map(|u| u["cluster-coverage"].as_str().unwrap_or("").to_string());
    if coverage.as_deref() != Some("full") {
        let out = ctx
            .operator
            .as_admin(
                &c.id,
                ctx.secrets.admin.as_ref(),
                &[
                    "user",
                    "create",
                    "--username",
                    "kmsuser",
                    "--role",
                    "crypto-user",
                ],
                Some(&ctx.secrets.kmsuser),
            )
            .await
            .map_err(fail)?;
        if out.exit_code != 0 && coverage.is_none() {
            return Err(fail(format!("user create failed: {}", out.stdout)));
        }
    }
    ctx.emit(Event::OperatorAction {
        stage: ctx.stage.into(),
        commands,
        performed_by: "sandbox".into(),
    });
    if client::driven(ctx) {
        client::verify_kmsuser(ctx).await?;
    }
    Ok(Outcome::Done)
}
