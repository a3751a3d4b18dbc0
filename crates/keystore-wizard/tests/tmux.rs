//! The real binary in a real terminal (tmux): the whole setup on the sandbox to a connected key
//! store, driven with send-keys and read with capture-pane, waiting for text with bounded
//! polling (no fixed sleeps); then quit and check the terminal left the alternate screen.
//! `scripts/test` installs tmux when it can and sets KSW_REQUIRE_TMUX=1, so in CI a missing
//! tmux is a failure, not a skip.

mod common;

use common::tmux::{Tmux, tmux_available};
use std::process::Command;
use std::time::{Duration, Instant};

/// What a full run shows in one language.
struct Texts {
    first: &'static str,
    banner: &'static str,
    done: &'static str,
    last_stage: &'static str,
    cluster: &'static str,
    created_now: &'static str,
    quit: &'static str,
}

/// The whole setup in the TUI on the sandbox, `a` to CONNECTED, the cluster's role panel from
/// the real run, then `q`,`y` out of the alternate screen; returns the state directory.
fn whole_setup(tag: &str, lang: &str, x: &Texts) -> Option<tempfile::TempDir> {
    if !tmux_available() {
        return None;
    }
    let state = tempfile::tempdir().expect("state");
    let cmd = format!(
        "{} --sandbox {lang} --state-dir {}; echo EXIT=$?; sleep 600",
        env!("CARGO_BIN_EXE_keystore-wizard"),
        state.path().display()
    );
    let t = Tmux::start(tag, &cmd);
    let first = t.wait_for(x.first, Duration::from_secs(20));
    assert!(
        first.contains(x.banner),
        "the sandbox banner is visible: {first}"
    );
    t.keys(&["a"]);
    t.wait_for(x.done, Duration::from_secs(120));
    // tmux can capture a frame half written: wait for the rail's last line too.
    let done = t.wait_for(x.last_stage, Duration::from_secs(10));
    assert!(done.contains(x.done), "{done}");
    t.keys(&["g", "j", "j", "j"]);
    let cluster = t.wait_for(x.cluster, Duration::from_secs(10));
    assert!(
        cluster.contains("AWSServiceRoleForCloudHSM") && cluster.contains(x.created_now),
        "{cluster}"
    );
    t.keys(&["q"]);
    t.wait_for(x.quit, Duration::from_secs(10));
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
    assert!(
        !t.screen().contains(" INFO "),
        "a log line reached the terminal"
    );
    Some(state)
}

#[test]
fn the_whole_setup_in_the_tui_on_the_sandbox() {
    let english = Texts {
        first: "1 Preflight",
        banner: "SANDBOX",
        done: "All stages done",
        last_stage: "✓ 14 First KMS key",
        cluster: "4/14 Cluster",
        created_now: "created now",
        quit: "Quit?",
    };
    let Some(state) = whole_setup("test", "", &english) else {
        return;
    };
    let journal =
        std::fs::read_to_string(state.path().join("sandbox/journal.json")).expect("journal");
    assert!(
        journal.contains("\"first_key\": \"done\""),
        "the journal recorded the run"
    );
    // The log went to its file (0600), not under the screen.
    use std::os::unix::fs::PermissionsExt;
    let log_path = state.path().join("sandbox/keystore-wizard.log");
    let log = std::fs::read_to_string(&log_path).expect("log file");
    assert!(log.contains("first frame drawn"), "{log}");
    let mode = std::fs::metadata(&log_path)
        .expect("meta")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
}

/// The same run with `--lang ja`: Japanese screens from start to CONNECTED, and out cleanly.
#[test]
fn the_whole_setup_in_japanese() {
    let japanese = Texts {
        first: "事前チェック",
        banner: "サンドボックス",
        done: "すべてのステージが完了しました",
        last_stage: "✓ 14 最初の KMS キー",
        cluster: "4/14 クラスター",
        created_now: "このステップで今作成されました",
        quit: "終了しますか?",
    };
    whole_setup("ja", "--lang ja", &japanese);
}

#[test]
fn sigterm_restores_the_terminal_and_keeps_the_journal() {
    if !tmux_available() {
        return;
    }
    let state = tempfile::tempdir().expect("state");
    // The wizard runs in the background with the terminal as its input; the shell records its
    // PID and, once it ends, its exit code on the screen.
    let pid_file = state.path().join("pid");
    let cmd = format!(
        "{} --sandbox --state-dir {} < /dev/tty & echo $! > {}; wait $!; echo EXIT=$?; sleep 600",
        env!("CARGO_BIN_EXE_keystore-wizard"),
        state.path().display(),
        pid_file.display()
    );
    let t = Tmux::start("term", &format!("sh -c '{cmd}'"));
    t.wait_for("1 Preflight", Duration::from_secs(20));
    t.keys(&["Enter"]);
    t.wait_for("✓  1 Preflight", Duration::from_secs(20));
    let pid = std::fs::read_to_string(&pid_file).expect("pid");
    Command::new("kill")
        .args(["-TERM", pid.trim()])
        .status()
        .expect("kill");
    let screen = t.wait_for("EXIT=", Duration::from_secs(10));
    assert!(
        screen.contains("EXIT=130"),
        "non-zero exit on SIGTERM: {screen}"
    );
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

/// The wizard on a fresh sandbox, its account known (preflight's identity read), ready for keys.
fn wizard_ready(tag: &str) -> Option<(Tmux, tempfile::TempDir)> {
    if !tmux_available() {
        return None;
    }
    let state = tempfile::tempdir().expect("state");
    let cmd = format!(
        "{} --sandbox --state-dir {}; sleep 600",
        env!("CARGO_BIN_EXE_keystore-wizard"),
        state.path().display()
    );
    let t = Tmux::start(tag, &cmd);
    t.wait_for("1 Preflight", Duration::from_secs(20));
    let _ = t.wait_for("account", Duration::from_secs(20));
    Some((t, state))
}

#[test]
fn a_typed_password_never_shows_and_a_long_paste_is_capped() {
    let Some((t, _state)) = wizard_ready("form") else {
        return;
    };
    // Select the kmsuser stage and open its form.
    t.keys(&["G", "k", "k", "k"]);
    t.wait_for("11/14 kmsuser", Duration::from_secs(10));
    t.keys(&["e"]);
    t.wait_for("kmsuser password", Duration::from_secs(10));
    t.run(&["send-keys", "-t", "w", "-l", "SentinelPw4242"]);
    let screen = t.wait_for("••••••••••••••", Duration::from_secs(10));
    assert!(
        !screen.contains("SentinelPw4242"),
        "the password is masked on screen"
    );
    // A 10 kB paste into the confirmation field: capped, and the UI still answers.
    t.keys(&["Tab"]);
    // 2 kB, eight times the cap. (Known issue: after a burst of several kB through tmux, later
    // keys can be lost between tmux, the pty and the input parser; see docs/reliability.md G6.)
    let paste = "x".repeat(2_000);
    t.run(&["send-keys", "-t", "w", "-l", &paste]);
    // Masked: the paste shows as bullets, at most 256 of them (plus the 14 of the password).
    let start = Instant::now();
    let bullets = loop {
        let n = t.screen().matches('•').count();
        if n >= 14 + 256 || start.elapsed() > Duration::from_secs(20) {
            break n;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert_eq!(
        bullets,
        14 + 256,
        "the field keeps 256 characters of a 2 kB paste"
    );
    assert!(
        !t.screen().contains("xxx"),
        "nothing of the paste shows in clear"
    );
    // Still answering: a Backspace removes one character.
    t.keys(&["BSpace"]);
    let start = Instant::now();
    while t.screen().matches('•').count() != 14 + 255 {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the form stopped answering after the paste"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Polls until the screen shows `n` bullets (masked characters), failing after 20 s.
fn wait_bullets(t: &Tmux, n: usize, what: &str) {
    let start = Instant::now();
    loop {
        let seen = t.screen().matches('•').count();
        if seen == n {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "{what}: {seen} bullets, expected {n}:\n{}",
            t.screen()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_bracketed_paste_of_10_kb_is_one_capped_input_and_never_commands() {
    let Some((t, _state)) = wizard_ready("paste") else {
        return;
    };
    // Pasted on the main screen, text full of command keys (q quits, T tears down, a runs all)
    // is ignored as a whole, with a notice.
    t.run(&["set-buffer", "-b", "cmds", "qqTTaa\ny"]);
    t.run(&["paste-buffer", "-p", "-b", "cmds", "-t", "w"]);
    let screen = t.wait_for("Paste ignored", Duration::from_secs(10));
    assert!(
        !screen.contains("Quit?") && !screen.contains("nothing is deleted until"),
        "{screen}"
    );
    // Into the kmsuser form: 10 kB with line breaks, pasted with bracketed-paste markers.
    t.keys(&["G", "k", "k", "k"]);
    t.wait_for("11/14 kmsuser", Duration::from_secs(10));
    t.keys(&["e"]);
    t.wait_for("kmsuser password", Duration::from_secs(10));
    let paste = "Ab3\n".repeat(2_500);
    t.run(&["set-buffer", "-b", "big", &paste]);
    t.run(&["paste-buffer", "-p", "-b", "big", "-t", "w"]);
    wait_bullets(&t, 256, "a 10 kB paste is capped at 256 characters");
    assert!(
        !t.screen().contains("Ab3"),
        "nothing of the paste shows in clear"
    );
    // Keys right after the paste are not lost: Backspace, then Escape closes the form.
    t.keys(&["BSpace"]);
    wait_bullets(&t, 255, "Backspace after the paste");
    t.keys(&["Escape"]);
    wait_bullets(&t, 0, "Escape after the paste closes the form");
}

#[test]
fn a_resize_storm_during_a_run_changes_nothing_but_the_layout() {
    if !tmux_available() {
        return;
    }
    let state = tempfile::tempdir().expect("state");
    let cmd = format!(
        "{} --sandbox --state-dir {}; sleep 600",
        env!("CARGO_BIN_EXE_keystore-wizard"),
        state.path().display()
    );
    let t = Tmux::start("resize", &cmd);
    t.wait_for("1 Preflight", Duration::from_secs(20));
    t.keys(&["a"]);
    for (w, h) in [
        (30u16, 8u16),
        (120, 40),
        (10, 3),
        (80, 24),
        (61, 17),
        (200, 60),
        (100, 32),
    ] {
        t.run(&[
            "resize-window",
            "-t",
            "w",
            "-x",
            &w.to_string(),
            "-y",
            &h.to_string(),
        ]);
    }
    let done = t.wait_for("All stages done", Duration::from_secs(120));
    assert!(done.contains("✓ 14 First KMS key"), "{done}");
}

#[test]
fn a_panic_restores_the_terminal_and_prints_a_readable_message() {
    if !tmux_available() {
        return;
    }
    let state = tempfile::tempdir().expect("state");
    let cmd = format!(
        "RUST_BACKTRACE=0 KEYSTORE_WIZARD_TEST_PANIC=1 KEYSTORE_WIZARD_KMSUSER_PASSWORD=PanicSentinel77 {} --sandbox --state-dir {}; echo EXIT=$?; sleep 600",
        env!("CARGO_BIN_EXE_keystore-wizard"),
        state.path().display()
    );
    let t = Tmux::start("panic", &cmd);
    let screen = t.wait_for("EXIT=", Duration::from_secs(20));
    assert!(
        screen.contains("deliberate test panic"),
        "the panic message is readable: {screen}"
    );
    assert!(screen.contains("EXIT=101"), "{screen}");
    assert!(
        !screen.contains("PanicSentinel77"),
        "no secret in the panic output"
    );
    assert_eq!(
        t.run(&["display", "-p", "-t", "w", "#{alternate_on}"])
            .trim(),
        "0",
        "the terminal left the alternate screen"
    );
}
