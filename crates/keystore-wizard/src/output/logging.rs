//! Where the log goes: the TUI logs to a file in the state directory (its screen is the
//! terminal); other commands to stderr. The filter is the engine's (`run::log_filter`), which
//! holds the SDK's wire-level targets below TRACE so no secret reaches a log.

pub use keystore_engine::run::log_filter::{WIRE_TARGETS, clamp, filter, filter_or};

use std::io::IsTerminal;
use tracing_subscriber::Layer;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// Whether stderr may carry colour: a terminal, and NO_COLOR unset (no-color.org).
pub fn stderr_ansi() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Sets up the log. Everything at `info` (RUST_LOG overrides) goes to `keystore-wizard.log`
/// in the run's state directory, so the terminal shows only the program's own lines: the SDK's
/// warnings (an IMDS probe without a Region, say) reach stderr only with `--verbose`. The
/// `sandbox` subcommands, which have no run, log to stderr at `warn`. The TUI never logs to
/// the terminal it draws on.
pub fn init(cli: &crate::cli::Cli) -> Result<(), String> {
    let registry = tracing_subscriber::registry();
    if matches!(cli.command, Some(crate::cli::Command::Sandbox(_))) {
        registry
            .with(
                tracing_subscriber::fmt::layer()
                    .with_writer(std::io::stderr)
                    .with_ansi(stderr_ansi())
                    .with_filter(filter()),
            )
            .init();
        return Ok(());
    }
    // Without a usable state directory a headless command still runs, logging warnings to
    // stderr as before; the TUI needs the file (its screen is the terminal).
    let file = match tui_log_file(&cli.global) {
        Ok(f) => Some(f),
        Err(e) if cli.command.is_none() => return Err(e),
        Err(_) => None,
    };
    let verbose = cli.global.verbose || file.is_none();
    let to_stderr = (verbose && cli.command.is_some()).then(|| {
        tracing_subscriber::fmt::layer()
            .with_writer(std::io::stderr)
            .with_ansi(stderr_ansi())
            .with_filter(if cli.global.verbose {
                filter_or("info")
            } else {
                filter()
            })
    });
    registry
        .with(file.map(|f| {
            tracing_subscriber::fmt::layer()
                .with_writer(std::sync::Mutex::new(f))
                .with_ansi(false)
                .with_filter(filter_or("info"))
        }))
        .with(to_stderr)
        .init();
    Ok(())
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

/// The log file, `keystore-wizard.log` in the run's state directory: appended to, 0600,
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
