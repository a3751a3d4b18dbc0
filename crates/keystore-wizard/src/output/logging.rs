//! Where the log goes: the TUI logs to a file in the state directory (its screen is the
//! terminal); other commands to stderr. The filter is the engine's (`run::log_filter`), which
//! holds the SDK's wire-level targets below TRACE so no secret reaches a log.

pub use keystore_engine::run::log_filter::{WIRE_TARGETS, clamp, filter, filter_or};

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
    let options = crate::commands::context::options(g);
    let dir = crate::commands::context::run_dir(&options).map_err(|f| f.message)?;
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
