//! The log filter. At TRACE the AWS SDK logs raw request and response bodies — the key store
//! password, PreCoPassword — so whenever the filter reaches TRACE, the SDK's and the HTTP
//! stack's targets are held at DEBUG, whatever RUST_LOG says. The TUI logs to a file in the
//! state directory (its screen is the terminal); other commands to stderr.

use tracing::level_filters::LevelFilter;
use tracing_subscriber::EnvFilter;

pub const WIRE_TARGETS: [&str; 8] = [
    "aws_smithy_runtime",
    "aws_smithy_runtime_api",
    "aws_smithy_http_client",
    "aws_sigv4",
    "hyper",
    "hyper_util",
    "h2",
    "rustls",
];

/// `base` with the wire-level targets capped at DEBUG when it would let TRACE through.
pub fn clamp(mut base: EnvFilter) -> EnvFilter {
    if base
        .max_level_hint()
        .is_some_and(|l| l < LevelFilter::TRACE)
    {
        return base;
    }
    for target in WIRE_TARGETS {
        if let Ok(d) = format!("{target}=debug").parse() {
            base = base.add_directive(d);
        }
    }
    base
}

/// RUST_LOG (default `warn`), clamped.
pub fn filter() -> EnvFilter {
    filter_or("warn")
}

/// RUST_LOG (default `level`), clamped.
pub fn filter_or(level: &str) -> EnvFilter {
    clamp(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(level)))
}

static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// Records when the process started (first thing in `main`).
pub fn mark_start() {
    let _ = START.get_or_init(std::time::Instant::now);
}

/// Milliseconds since [`mark_start`] (the TUI logs its first frame with it).
pub fn since_start_ms() -> f64 {
    START
        .get()
        .map(|s| s.elapsed().as_secs_f64() * 1000.0)
        .unwrap_or(0.0)
}

/// The TUI's log file, `keystore-wizard.log` in the run's state directory: appended to, 0600,
/// in a 0700 directory, like the journal.
pub fn tui_log_file(g: &crate::cli::Global) -> Result<std::fs::File, String> {
    use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
    let dir = crate::cmd_setup::run_dir(g).map_err(|f| f.message)?;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(&dir)
        .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let path = dir.join("keystore-wizard.log");
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(&path)
        .map_err(|e| format!("cannot open the log {}: {e}", path.display()))
}
