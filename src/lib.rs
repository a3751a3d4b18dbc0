//! keystore-wizard: a guided, resumable path through standing up an AWS CloudHSM cluster and an
//! AWS KMS CloudHSM key store, and through tearing it down again.
//!
//! Map of the crate (see docs/architecture.md):
//! - `sandbox/` — the simulated AWS account: the AWS side of the wire, in-process or on 127.0.0.1.
//! - `slr` — the three service-linked roles as AWS documents them.
//! - `certcheck` — the certificate rules of InitializeCluster, shared by sandbox and wizard.
//! - `cli` — the command line.

pub mod certcheck;
pub mod cli;
pub mod pki;
pub mod sandbox;
pub mod slr;
