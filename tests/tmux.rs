//! The real binary in a real terminal (tmux): the whole setup on the sandbox to a connected key
//! store, driven with send-keys and read with capture-pane, waiting for text with bounded
//! polling (no fixed sleeps); then quit and check the terminal left the alternate screen.
//! `scripts/test` installs tmux when it can and sets KSW_REQUIRE_TMUX=1, so in CI a missing
//! tmux is a failure, not a skip.

use std::process::Command;
use std::time::{Duration, Instant};

struct Tmux {
    socket: String,
}

impl Tmux {
    fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux");
        String::from_utf8_lossy(&out.stdout).to_string()
    }
    fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "w"])
    }
    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "w"];
        args.extend_from_slice(keys);
        self.run(&args);
    }
    /// Polls the screen until it shows `text` (up to `limit`), returning it.
    fn wait_for(&self, text: &str, limit: Duration) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(text) {
                return s;
            }
            assert!(
                start.elapsed() < limit,
                "timed out waiting for {text:?}; the screen shows:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .arg("kill-server")
            .output();
    }
}

fn tmux_available() -> bool {
    let ok = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var("KSW_REQUIRE_TMUX").is_err(),
            "KSW_REQUIRE_TMUX is set but tmux is missing"
        );
        eprintln!("SKIPPED: tmux is not installed; scripts/test installs it");
    }
    ok
}

#[test]
fn the_whole_setup_in_the_tui_on_the_sandbox() {
    if !tmux_available() {
        return;
    }
    let state = tempfile::tempdir().expect("state");
    let t = Tmux {
        socket: format!("ksw-test-{}", std::process::id()),
    };
    let cmd = format!(
        "{} --sandbox --state-dir {}; echo EXIT=$?; sleep 600",
        env!("CARGO_BIN_EXE_keystore-wizard"),
        state.path().display()
    );
    t.run(&[
        "new-session",
        "-d",
        "-s",
        "w",
        "-x",
        "100",
        "-y",
        "32",
        &cmd,
    ]);
    t.wait_for("1 Preflight", Duration::from_secs(20));
    assert!(
        t.screen().contains("SANDBOX"),
        "the sandbox banner is visible"
    );
    t.keys(&["a"]);
    let done = t.wait_for("All stages done", Duration::from_secs(120));
    assert!(done.contains("✓ 12 First KMS key"), "{done}");
    // The cluster stage's role panel, from the real run.
    t.keys(&["g", "j", "j", "j"]);
    let cluster = t.wait_for("4/12 Cluster", Duration::from_secs(10));
    assert!(
        cluster.contains("AWSServiceRoleForCloudHSM") && cluster.contains("created now"),
        "{cluster}"
    );
    t.keys(&["q"]);
    t.wait_for("Quit?", Duration::from_secs(10));
    assert_eq!(
        t.run(&["display", "-p", "-t", "w", "#{alternate_on}"])
            .trim(),
        "1"
    );
    t.keys(&["y"]);
    t.wait_for("EXIT=0", Duration::from_secs(10));
    assert_eq!(
        t.run(&["display", "-p", "-t", "w", "#{alternate_on}"])
            .trim(),
        "0",
        "the terminal left the alternate screen"
    );
    let journal =
        std::fs::read_to_string(state.path().join("sandbox/journal.json")).expect("journal");
    assert!(
        journal.contains("\"first_key\": \"done\""),
        "the journal recorded the run"
    );
}

#[test]
fn sigterm_restores_the_terminal_and_keeps_the_journal() {
    if !tmux_available() {
        return;
    }
    let state = tempfile::tempdir().expect("state");
    let t = Tmux {
        socket: format!("ksw-term-{}", std::process::id()),
    };
    let cmd = format!(
        "exec {} --sandbox --state-dir {}",
        env!("CARGO_BIN_EXE_keystore-wizard"),
        state.path().display()
    );
    t.run(&[
        "start-server",
        ";",
        "set-option",
        "-g",
        "remain-on-exit",
        "on",
        ";",
        "new-session",
        "-d",
        "-s",
        "w",
        "-x",
        "100",
        "-y",
        "32",
        &cmd,
    ]);
    t.wait_for("1 Preflight", Duration::from_secs(20));
    t.keys(&["Enter"]);
    t.wait_for("✓  1 Preflight", Duration::from_secs(20));
    let pid = t.run(&["display", "-p", "-t", "w", "#{pane_pid}"]);
    Command::new("kill")
        .args(["-TERM", pid.trim()])
        .status()
        .expect("kill");
    // tmux may mark the pane dead a moment before it records the exit status: poll for both.
    let start = Instant::now();
    let status = loop {
        let s = t.run(&[
            "display",
            "-p",
            "-t",
            "w",
            "#{pane_dead}:#{pane_dead_status}",
        ]);
        if let Some(code) = s.trim().strip_prefix("1:").filter(|c| !c.is_empty()) {
            break code.to_string();
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the wizard did not stop on SIGTERM ({s})"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status, "130", "non-zero exit on SIGTERM");
    assert_eq!(
        t.run(&["display", "-p", "-t", "w", "#{alternate_on}"])
            .trim(),
        "0",
        "restored after SIGTERM"
    );
    let journal =
        std::fs::read_to_string(state.path().join("sandbox/journal.json")).expect("journal");
    assert!(journal.contains("\"preflight\": \"done\""));
}

#[test]
fn without_a_terminal_it_says_to_use_setup_and_exits_2() {
    let out = Command::new(env!("CARGO_BIN_EXE_keystore-wizard"))
        .args(["--sandbox", "--state-dir"])
        .arg(tempfile::tempdir().expect("dir").path())
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("interactive terminal") && err.contains("setup --plan"),
        "{err}"
    );
}
