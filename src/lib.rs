//! keystore-wizard: a guided, resumable path through standing up an AWS CloudHSM cluster and an
//! AWS KMS CloudHSM key store, and through tearing it down again.
//!
//! Map of the crate (see docs/architecture.md):
//! - `sandbox/` — the simulated AWS account: the AWS side of the wire, in-process or on 127.0.0.1.
//! - `slr` — the three service-linked roles as AWS documents them.
//! - `certcheck` — the certificate rules of InitializeCluster, shared by sandbox and wizard.
//! - `cli` — the command line.

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
