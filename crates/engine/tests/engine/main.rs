//! The engine end to end: `setup` stages through the real SDK against the in-process sandbox,
//! on its virtual clock (the waiter advances it: deterministic and instant).

mod canary;
mod client_existing;
mod client_host;
mod client_regions;
mod client_verify;
mod daytwo;
mod daytwo_support;
mod failures;
mod guard;
mod restore;
mod resume;
mod rows;
mod setup;
mod support;
mod sweep;
mod teardown;
mod teardown_in_use;
mod teardown_leftovers;
mod teardown_sweep;
