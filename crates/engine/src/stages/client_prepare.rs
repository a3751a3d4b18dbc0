//! The `client_prepare` stage (after initialize, before activate): the client's CloudHSM CLI, through SSM Run
//! Command — install the package, write the cluster's trust anchor (public) to
//! `/opt/cloudhsm/etc/customerCA.crt`, `configure-cli -a` with the HSM addresses — and check
//! the installed release supports the HSM type. The second HSM stage runs the same step again
//! ("If you add or delete HSMs, update the configuration files"). Nothing here in `manual` mode.

use super::client;
use super::{Ctx, Outcome, StageError};

pub async fn apply(ctx: &mut Ctx) -> Result<Outcome, StageError> {
    if client::driven(ctx) {
        client::configure(ctx).await?;
    }
    Ok(Outcome::Done)
}
