//! Service-linked roles are observed, not assumed: a stage that may create one reads GetRole
//! before and after its create call and reports `created` (by this step), `existed` or `absent`,
//! with the trusted principal and the managed policy. A denied GetRole is reported as unknown.

use super::Ctx;
use crate::run::events::{Event, SlrStatus};
use keystore_facts::slr::ServiceLinkedRole;

/// Whether the role exists now (`None` when IAM would not say).
pub async fn present(ctx: &Ctx, role: &ServiceLinkedRole) -> Option<bool> {
    match ctx.cloud.role(role.name).await {
        Ok(r) => Some(r.is_some()),
        Err(e) => {
            tracing::warn!(role = role.name, code = %e.code, "could not read the service-linked role");
            None
        }
    }
}

pub fn report(ctx: &Ctx, role: &ServiceLinkedRole, before: Option<bool>, after: Option<bool>) {
    let status = match (before, after) {
        (Some(false), Some(true)) => SlrStatus::Created,
        (Some(true), _) => SlrStatus::Existed,
        (_, Some(false)) => SlrStatus::Absent,
        (None, _) | (_, None) => SlrStatus::Unknown,
    };
    ctx.emit(Event::Slr {
        stage: ctx.stage.into(),
        role: role.name.into(),
        principal: role.principal.into(),
        policy: role.policy_name.into(),
        status,
    });
}

pub fn not_applicable(ctx: &Ctx, role: &ServiceLinkedRole) {
    ctx.emit(Event::Slr {
        stage: ctx.stage.into(),
        role: role.name.into(),
        principal: role.principal.into(),
        policy: role.policy_name.into(),
        status: SlrStatus::NotApplicable,
    });
}
