//! The client modes in the real TUI (tmux): a `manual` plan runs to CONNECTED with nothing
//! launched (the sandbox's stand-in performs the operator steps), and the client stage's `i`
//! opens the instance picker, which reads the cluster's VPC and, with no instance in it, says
//! what to do instead; Esc leaves the plan's client as it was.

mod common;

use common::tmux::{Tmux, tmux_available};
use std::time::Duration;

#[test]
fn a_manual_plan_runs_to_connected_in_the_tui_and_launches_nothing() {
    if !tmux_available() {
        return;
    }
    let state = tempfile::tempdir().expect("state");
    let plan = state.path().join("plan.toml");
    let text = include_str!("../../../assets/example-plan.toml")
        .replace("mode = \"launch\"", "mode = \"manual\"");
    std::fs::write(&plan, text).expect("plan");
    let cmd = format!(
        "{} --sandbox --plan {} --state-dir {}; echo EXIT=$?; sleep 600",
        env!("CARGO_BIN_EXE_keystore-wizard"),
        plan.display(),
        state.path().display()
    );
    let t = Tmux::start("manual", &cmd);
    t.wait_for("1 Preflight", Duration::from_secs(20));
    t.keys(&["a"]);
    let done = t.wait_for("All stages done", Duration::from_secs(120));
    assert!(done.contains("✓ 14 First KMS key"), "{done}");
    t.keys(&["g", "j", "j", "j", "j"]);
    let client = t.wait_for("5/14 Client host", Duration::from_secs(10));
    assert!(!client.contains("RunInstances"), "{client}");
    let journal =
        std::fs::read_to_string(state.path().join("sandbox/journal.json")).expect("journal");
    assert!(journal.contains("\"first_key\": \"done\""));
    assert!(
        !journal.contains("\"kind\": \"instance\""),
        "no instance journaled: {journal}"
    );
    t.keys(&["q"]);
    t.wait_for("Quit?", Duration::from_secs(10));
    t.keys(&["y"]);
    t.wait_for("EXIT=0", Duration::from_secs(10));
}

#[test]
fn the_instance_picker_reads_the_vpc_at_80x24_and_esc_keeps_the_plan() {
    if !tmux_available() {
        return;
    }
    let state = tempfile::tempdir().expect("state");
    let cmd = format!(
        "{} --sandbox --state-dir {}; echo EXIT=$?; sleep 600",
        env!("CARGO_BIN_EXE_keystore-wizard"),
        state.path().display()
    );
    let t = Tmux::start("picker", &cmd);
    t.run(&["resize-window", "-t", "w", "-x", "80", "-y", "24"]);
    t.wait_for("1 Preflight", Duration::from_secs(20));
    for n in 1..=4 {
        t.keys(&["Enter"]);
        t.wait_for(&format!("{n}/14"), Duration::from_secs(30));
        // The stage shows its result: wait for its mark in the rail.
        let mark = format!("✓ {n:>2} ");
        t.wait_for(&mark, Duration::from_secs(60));
    }
    t.keys(&["j"]);
    t.wait_for("5/14 Client host", Duration::from_secs(10));
    t.keys(&["i"]);
    let picker = t.wait_for("No instance in this VPC", Duration::from_secs(20));
    assert!(
        picker.contains("Instances in the cluster's VPC"),
        "{picker}"
    );
    t.keys(&["Escape"]);
    let after = t.wait_for("Inputs: launch", Duration::from_secs(10));
    assert!(!after.contains("No instance in this VPC"), "{after}");
    t.keys(&["q"]);
    t.wait_for("Quit?", Duration::from_secs(10));
    t.keys(&["y"]);
    t.wait_for("EXIT=0", Duration::from_secs(10));
}
