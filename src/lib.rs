//! keystore-wizard: a guided, resumable path through standing up an AWS CloudHSM cluster and an
//! AWS KMS CloudHSM key store, and through tearing it down again.
//!
//! Map of the crate (docs/architecture.md has the picture and the reasons):
//! - `sandbox/` — the simulated AWS account: the AWS side of the wire, in-process or on 127.0.0.1.
//! - `cloud/` — the boundary over the AWS SDK: our types, one `CloudError`, reported calls.
//! - `stages/`, `session`, `driver` — the documented sequence, one stage per file, run headless
//!   (`driver`) or by the TUI's `engine_task`.
//! - `app/`, `ui/`, `tui`, `i18n/` — the TUI: model + update, pure render, the terminal loop, strings.
//! - `inventory`, `teardown/` — `status` and the guided teardown.
//! - `journal`, `plan`, `secrets`, `pki`, `certcheck`, `wait`, `operator`, `slr`, `connect_codes`,
//!   `events`, `logging`, `net` — what the stages build on.
//! - `cli`, `cmd_*`, `headless` — the command line and its output.

pub mod app;
pub mod certcheck;
pub mod cli;
pub mod cloud;
pub mod cmd_sandbox;
pub mod cmd_setup;
pub mod cmd_teardown;
pub mod connect_codes;
pub mod driver;
pub mod engine_task;
pub mod events;
pub mod guard;
pub mod headless;
pub mod i18n;
pub mod inventory;
pub mod journal;
pub mod logging;
pub mod net;
pub mod operator;
pub mod pki;
pub mod plan;
pub mod sandbox;
pub mod secrets;
pub mod session;
pub mod slr;
pub mod stages;
pub mod teardown;
pub mod tui;
pub mod ui;
pub mod wait;
