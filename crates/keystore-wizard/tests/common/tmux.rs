//! A tmux server of a test's own, driving the real binary: send-keys in, capture-pane out,
//! waiting for text with bounded polling (no fixed sleeps).

use std::process::Command;
use std::time::{Duration, Instant};

pub struct Tmux {
    pub socket: String,
}

impl Tmux {
    /// A tmux server of this test's own (socket `ksw-<tag>-<pid>`) running `cmd` in a 100×32 window.
    pub fn start(tag: &str, cmd: &str) -> Self {
        let t = Tmux {
            socket: format!("ksw-{tag}-{}", std::process::id()),
        };
        t.run(&["new-session", "-d", "-s", "w", "-x", "100", "-y", "32", cmd]);
        t
    }

    pub fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux");
        String::from_utf8_lossy(&out.stdout).to_string()
    }
    pub fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "w"])
    }
    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "w"];
        args.extend_from_slice(keys);
        self.run(&args);
    }
    /// Polls the screen until it shows `text` (up to `limit`), returning it.
    pub fn wait_for(&self, text: &str, limit: Duration) -> String {
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

pub fn tmux_available() -> bool {
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
