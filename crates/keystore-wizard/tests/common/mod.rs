//! Shared by the process-level tests: a `keystore-wizard sandbox serve` child on a free
//! loopback port, stopped when dropped.
#![allow(dead_code)] // each test binary uses some of these

pub mod teardown;
pub mod tmux;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

pub struct Server {
    pub child: Child,
    pub url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `sandbox serve --port 0 --speed <speed>` and reads its URL from the banner.
pub fn serve(speed: &str) -> Server {
    serve_with(speed, &[])
}

/// The same with more `sandbox serve` arguments.
pub fn serve_with(speed: &str, extra: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_keystore-wizard"))
        .args(["sandbox", "serve", "--port", "0", "--speed", speed])
        .args(extra)
        .stdout(Stdio::piped())
        .spawn()
        .expect("start sandbox serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("banner");
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .expect("url in banner")
        .to_string();
    Server { child, url }
}
