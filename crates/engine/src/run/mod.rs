//! One run of the wizard: `open` builds it from the run options (the state directory, the
//! journal, where calls go, how waits pass time, who performs operator steps, the account
//! guard); `session` runs stages over it; `driver` runs them all headless. `journal`, `wait`,
//! `operator`, `guard` and `events` are what a session is made of.

pub mod driver;
pub mod events;
pub mod guard;
pub mod journal;
pub mod log_filter;
pub mod open;
pub mod operator;
pub mod session;
pub mod summary;
pub mod wait;
