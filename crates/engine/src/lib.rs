//! The wizard's engine: everything between the operator's intent and the AWS SDK, with no
//! terminal, no screen and no command-line parser (those are the `keystore-wizard` crate's).
//! Both the headless commands and the TUI drive it; tests drive it against the sandbox.
//!
//! - `cloud/` — the boundary over the AWS SDK: our own types, one `CloudError`, reported calls.
//!   Nothing else in the workspace names an `aws_sdk_*` type.
//! - `stages/` — the documented sequence, one stage per file, each identified by a `StageId`.
//! - `run/` — one open run: the session, the headless driver, the journal, waits, operator
//!   steps, the account guard, the event stream, and `open` (a run from its options).
//! - `inputs/` — what the operator hands in: the plan and the secrets (the CA is in
//!   `keystore_facts::pki`).
//! - `inventory`, `teardown/` — `status` and the guided teardown.
//! - `i18n/` — every user-facing text, per language.
//! - `exit` — the exit codes every command returns.
//!
//! Depends on `keystore-facts` and on `keystore-sandbox` (the in-process transport behind
//! `--sandbox`, the sandbox clock waits use, the CloudHSM CLI stand-in); never on a UI crate.

pub mod cloud;
pub mod connect_codes;
pub mod daytwo;
pub mod exit;
pub mod i18n;
pub mod inputs;
pub mod inventory;
pub mod run;
pub mod stages;
pub mod teardown;
