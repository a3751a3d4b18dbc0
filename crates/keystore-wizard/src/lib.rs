//! keystore-wizard, the program: the command line, one module per subcommand, the headless
//! output, and the TUI. Everything it does to an account goes through `keystore_engine`; it
//! names no AWS SDK type (the engine's `cloud/` is the only boundary over the SDK).
//!
//! - `cli` — the clap types, and nothing else.
//! - `commands/` — one file per subcommand, plus `context` (the global flags as the engine's
//!   run options) shared by them and the TUI.
//! - `output/` — the headless reporters and the log setup.
//! - `tui/` — the terminal loop, the engine task, `app/` (model, messages, one update) and
//!   `ui/` (pure render).
//!
//! docs/architecture.md draws the workspace and says what each crate may depend on.

pub mod cli;
pub mod commands;
pub mod output;
pub mod tui;
