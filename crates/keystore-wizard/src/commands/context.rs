//! The run context every command and the TUI share: the global flags as the engine's
//! `RunOptions`, and the helpers that open a run from them. The logic lives in
//! `keystore_engine::run::open`; this module only translates flags.

use crate::cli::Global;
use keystore_engine::cloud::{Cloud, Target};
use keystore_engine::exit::Failure;
use keystore_engine::run::events::SharedReporter;
use keystore_engine::run::open::RunOptions;

pub use keystore_engine::run::open::{
    build_target, load_guard, open_journal, open_parts, read_plan_file, run_dir,
};

/// The engine's run options for the global flags.
pub fn options(g: &Global) -> RunOptions {
    RunOptions {
        sandbox: g.sandbox,
        sandbox_url: g.sandbox_url.clone(),
        profile: g.profile.clone(),
        region: g.region.clone(),
        endpoint_url: g.endpoint_url.clone(),
        state_dir: g.state_dir.clone(),
        config: g.config.clone(),
        bypass_account_guard: g.bypass_account_guard,
    }
}

/// A client for the target in the flags' Region (a sandbox defaults to us-east-1).
pub async fn connect(
    g: &Global,
    target: &Target,
    reporter: SharedReporter,
) -> Result<Cloud, Failure> {
    let region = g
        .region
        .clone()
        .or_else(|| target.is_sandbox().then(|| "us-east-1".to_string()));
    Cloud::connect(target, region.as_deref(), reporter)
        .await
        .map_err(|e| Failure::aws(e.to_string()))
}
