//! The process-level figures: one wizard process against the AWS CLI on the same `sandbox
//! serve` (figure 3), and the real TUI binary in tmux — first frame, key to screen, peak RSS
//! (figure 4).

use serde_json::json;
use std::time::Instant;

#[path = "../../tests/common/mod.rs"]
mod common;
use common::serve;

const WIZARD: &str = env!("CARGO_BIN_EXE_keystore-wizard");

/// The AWS CLI command for one read call the wizard made.
fn cli_args(op: &str, region: &str) -> Option<Vec<String>> {
    let v = |s: &[&str]| Some(s.iter().map(|x| x.to_string()).collect::<Vec<_>>());
    let args = match op {
        "GetCallerIdentity" => v(&["sts", "get-caller-identity"]),
        "GetRole" => v(&[
            "iam",
            "get-role",
            "--role-name",
            "AWSServiceRoleForCloudHSM",
        ]),
        "DescribeClusters" => v(&["cloudhsmv2", "describe-clusters"]),
        "DescribeBackups" => v(&["cloudhsmv2", "describe-backups"]),
        "DescribeCustomKeyStores" => v(&["kms", "describe-custom-key-stores"]),
        "DescribeRegions" => v(&["ec2", "describe-regions"]),
        _ => None,
    }?;
    let mut args = args;
    args.extend(["--region".into(), region.into()]);
    Some(args)
}

/// Figure 3: the read calls of one `status` run, made by one wizard process and then by one
/// `aws` invocation each, against the same `sandbox serve`.
pub fn against_aws_cli() -> serde_json::Value {
    let aws = std::env::var("KSW_AWS_CLI").unwrap_or_else(|_| "aws".into());
    let served = serve("0");
    let regions = "us-east-1,us-east-2,us-west-1,us-west-2,eu-west-1";
    let before = requests(&served.url).len();
    let t = Instant::now();
    let out = std::process::Command::new(WIZARD)
        .args(["status", "--output", "json", "--regions", regions])
        .args(["--sandbox-url", &served.url])
        .output()
        .expect("status");
    let wizard_s = t.elapsed().as_secs_f64();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let calls: Vec<(String, String)> = requests(&served.url)[before..]
        .iter()
        .map(|r| {
            (
                r["operation"].as_str().unwrap_or("").to_string(),
                r["region"].as_str().unwrap_or("us-east-1").to_string(),
            )
        })
        .collect();
    let t = Instant::now();
    let mut replayed = 0;
    for (op, region) in &calls {
        let Some(args) = cli_args(
            op,
            if region.is_empty() {
                "us-east-1"
            } else {
                region
            },
        ) else {
            continue;
        };
        let status = std::process::Command::new(&aws)
            .args(&args)
            .args(["--endpoint-url", &served.url])
            .env("AWS_ACCESS_KEY_ID", "AKIASANDBOX")
            .env("AWS_SECRET_ACCESS_KEY", "sandbox")
            .env("AWS_CONFIG_FILE", "/dev/null")
            .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status();
        match status {
            Ok(_) => replayed += 1,
            Err(e) => {
                return json!({"figure": "aws_cli", "skipped": format!("no AWS CLI ({aws}): {e}")});
            }
        }
    }
    let aws_s = t.elapsed().as_secs_f64();
    json!({
        "figure": "aws_cli",
        "calls": calls.len(),
        "replayed_with_aws_cli": replayed,
        "wizard_s": wizard_s,
        "aws_cli_s": aws_s,
        "ratio": (aws_s / replayed.max(1) as f64) / (wizard_s / calls.len().max(1) as f64),
        "expected": 20.0,
    })
}

fn requests(url: &str) -> Vec<serde_json::Value> {
    keystore_sandbox::remote::post(url, "requests", &json!({}))
        .expect("requests")
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// A tmux server of the benchmark's own, removed on drop.
struct Tmux(String);

impl Tmux {
    fn run(&self, args: &[&str]) -> String {
        let out = std::process::Command::new("tmux")
            .arg("-L")
            .arg(&self.0)
            .args(args)
            .output()
            .expect("tmux");
        String::from_utf8_lossy(&out.stdout).to_string()
    }
    fn wait_for(&self, text: &str, secs: u64) -> bool {
        let t = Instant::now();
        while t.elapsed().as_secs() < secs {
            if self.run(&["capture-pane", "-p", "-t", "w"]).contains(text) {
                return true;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        false
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

/// Figure 4, on the real binary in a real terminal (tmux): time to first frame (from `main`,
/// as the wizard logs it), key-to-screen while a run is under way, and peak RSS of a full run.
pub fn tui_process() -> serde_json::Value {
    if std::process::Command::new("tmux")
        .arg("-V")
        .output()
        .is_err()
    {
        return json!({"figure": "tui_process", "skipped": "no tmux"});
    }
    let state = tempfile::tempdir().expect("state");
    let t = Tmux(format!("ksw-bench-{}", std::process::id()));
    let cmd = format!("{WIZARD} --sandbox --state-dir {}", state.path().display());
    t.run(&[
        "new-session",
        "-d",
        "-s",
        "w",
        "-x",
        "120",
        "-y",
        "40",
        &cmd,
    ]);
    assert!(t.wait_for("Preflight", 20), "the wizard did not start");
    let pid: u32 = t
        .run(&["display", "-p", "-t", "w", "#{pane_pid}"])
        .trim()
        .parse()
        .expect("pid");
    // Key to screen while the run goes on: open the help with `?` and close it with Esc, timing
    // each key until the screen shows its effect.
    t.run(&["send-keys", "-t", "w", "a"]);
    let mut lags = Vec::new();
    for i in 0..20 {
        let (key, shown) = if i % 2 == 0 {
            ("?", true)
        } else {
            ("Escape", false)
        };
        let started = Instant::now();
        t.run(&["send-keys", "-t", "w", key]);
        loop {
            let screen = t.run(&["capture-pane", "-p", "-t", "w"]);
            if screen.contains("this help") == shown || started.elapsed().as_millis() > 1000 {
                break;
            }
        }
        lags.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    lags.sort_by(f64::total_cmp);
    let done = t.wait_for("All stages done", 120);
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let peak_kb: f64 = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    t.run(&["send-keys", "-t", "w", "q", "y"]);
    std::thread::sleep(std::time::Duration::from_millis(300));
    let log = std::fs::read_to_string(state.path().join("sandbox/keystore-wizard.log"))
        .unwrap_or_default();
    let first_frame_ms: f64 = log
        .split("first_frame_ms=")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(f64::NAN);
    json!({
        "figure": "tui_process",
        "first_frame_ms": first_frame_ms,
        "first_frame_target_ms": 50.0,
        "key_to_screen_median_ms": lags[lags.len() / 2],
        "key_to_screen_max_ms": lags[lags.len() - 1],
        "key_to_screen_note": "includes tmux send-keys and capture-pane round trips (an upper bound)",
        "full_run_completed": done,
        "peak_rss_mb": peak_kb / 1024.0,
        "peak_rss_target_mb": 40.0,
    })
}
