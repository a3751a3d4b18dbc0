//! The `activate` stage (operator step): cluster activation in the CloudHSM CLI. The wizard shows the exact
//! commands and then verifies what it can observe — the cluster becoming ACTIVE. In a sandbox
//! the stand-in performs them; against AWS the run stops (exit 4) until `setup --resume`.

use super::{Ctx, Outcome, StageError};
use crate::run::events::Event;
use crate::run::operator::activate_commands;

pub async fn apply(ctx: &mut Ctx) -> Result<Outcome, StageError> {
    let c = ctx
        .wait_cluster("cluster to be INITIALIZED", |c| {
            matches!(c.state.as_str(), "INITIALIZED" | "ACTIVE")
        })
        .await?;
    if c.state == "ACTIVE" {
        return Ok(Outcome::Done);
    }
    let ca_path = ctx
        .journal
        .fact("trust_anchor_path")
        .unwrap_or("customerCA.crt")
        .to_string();
    let commands = activate_commands(&c, &ca_path, &super::client::access(ctx));
    if !ctx.operator.can_perform() {
        ctx.emit(Event::OperatorAction {
            stage: ctx.stage.into(),
            commands: commands.clone(),
            performed_by: "operator".into(),
        });
        ctx.journal.set_stage(ctx.stage, "operator_instructed")?;
        return Ok(Outcome::OperatorNeeded(commands));
    }
    let out = ctx
        .operator
        .perform(&c.id, &["cluster", "activate"], ctx.secrets.admin.as_ref())
        .await
        .map_err(|e| {
            StageError::keyed(
                "OperatorStepFailed",
                "OperatorStepFailed",
                &[("detail", &e)],
            )
        })?;
    ctx.emit(Event::OperatorAction {
        stage: ctx.stage.into(),
        commands,
        performed_by: "sandbox".into(),
    });
    if out.exit_code != 0 {
        return Err(StageError::keyed(
            "ActivationFailed",
            "ActivationFailed",
            &[("output", &out.stdout)],
        ));
    }
    ctx.wait_cluster("cluster to be ACTIVE", |c| c.state == "ACTIVE")
        .await?;
    Ok(Outcome::Done)
}
