//! The TUI without a terminal: `App::update` fed messages (pure state assertions), and the pure
//! render on ratatui's TestBackend (insta snapshots; every size from 1×1 to 120×40).

mod daytwo;
mod instances;
mod japanese;
mod pasted;
mod render;
mod support;
mod teardown_choice;
mod together;
mod update;
