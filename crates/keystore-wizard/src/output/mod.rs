//! What the program writes besides the TUI's screen: the headless reporters (text and JSON
//! lines) and the log setup (secrets-safe filter, the TUI's log file).

pub mod headless;
pub mod logging;
