//! The guided teardown. `plan` turns an inventory into ordered steps — schedule key deletion
//! (7–30 days) → disconnect the key store → delete HSMs → delete the cluster (this stops the
//! billing) → after the waiting period delete the key store → optionally backups → the
//! service-linked roles when nothing uses them in any Region → optionally the IAM group and
//! policy — each Ready, waiting until a date, blocked (with why), or left alone (foreign, or
//! what AWS will not delete). `exec` carries a plan out; nothing is deleted that the plan did
//! not show. The plan is recomputed from a fresh inventory every time, so it resumes days later.

pub mod exec;
mod planner;

pub use planner::{Options, Step, StepStatus, plan};
