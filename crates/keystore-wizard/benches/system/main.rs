//! System benchmarks (issue 8), each figure a ratio measured in the same run so a noisy machine
//! does not change the verdict: setup wall time against the modelled critical path, poll pacing,
//! all-Region inventory against one Region, and one wizard process against the AWS CLI. Prints
//! one JSON object per figure on stdout (`scripts/bench` turns them into docs/benchmarks.md).
//! `BENCH_QUICK=1` runs a faster model (CI keeps the benchmark working, nothing more).

use keystore_engine::cloud::{Cloud, Target};
use keystore_engine::inputs::plan::Plan;
use keystore_engine::inputs::secrets::Secrets;
use keystore_engine::run::driver::{self, Confirm, Setup};
use keystore_engine::run::events::{SharedReporter, Silent};
use keystore_engine::run::guard::Guard;
use keystore_engine::run::journal::Journal;
use keystore_engine::run::operator::Operator;
use keystore_engine::run::session::Parts;
use keystore_engine::run::wait::{Pace, Waiter};
use keystore_sandbox::faults::{FaultKind, FaultRule};
use keystore_sandbox::hosts;
use keystore_sandbox::model::durations;
use keystore_sandbox::{Sandbox, SandboxConfig};
use secrecy::SecretString;
use serde_json::json;
use std::sync::Arc;
use std::time::Instant;

const PLAN: &str = include_str!("../../../../assets/example-plan.toml");

fn sandbox(speed: f64, latency_ms: u64) -> Sandbox {
    let sb = Sandbox::new(SandboxConfig {
        speed,
        start: Some(1_795_000_000.0),
        ..SandboxConfig::default()
    })
    .expect("sandbox");
    if latency_ms > 0 {
        sb.faults()
            .push(FaultRule::new("*", FaultKind::Latency, None).with_latency(latency_ms));
    }
    sb
}

/// Figures 1 and 5: a full headless setup against the latency model.
async fn setup_overhead(speed: f64, latency_ms: u64) -> serde_json::Value {
    let sb = sandbox(speed, latency_ms);
    let dir = tempfile::tempdir().expect("dir");
    let parts = Parts {
        target: Target::Sandbox(sb.clone()),
        plan: Plan::parse(PLAN).expect("plan"),
        journal: Journal::open(dir.path()).expect("journal"),
        secrets: Secrets {
            kmsuser: SecretString::from("KmsUser2026pw".to_string()),
            admin: Some(SecretString::from("AdminPass2026".to_string())),
            kmsuser_given: true,
        },
        waiter: Waiter::new(Pace::Real { speed }),
        operator: Operator::Sandbox(sb.clone()),
        region: None,
        guard: Guard::default(),
        pasted: Default::default(),
    };
    let setup = Setup {
        parts,
        resume: false,
        confirm: Confirm::Given,
        until: None,
    };
    let reporter: SharedReporter = Arc::new(Silent);
    let started = Instant::now();
    let code = driver::run(setup, reporter).await.code();
    let wall = started.elapsed().as_secs_f64();
    assert_eq!(code, 0, "the benchmark setup failed");

    // The model's critical path: the transitions that depend on each other, plus one call to
    // start each and one to see it end (what even an ideal client cannot avoid).
    // With the client host (the example plan launches one), three Run Command scripts sit on
    // the path too: the CLI install (activation needs it), the refresh after the second HSM
    // (kmsuser needs both addresses) and `user list` (the key store needs its verdict), each
    // one call to send and one to read. The instance's boot and SSM registration overlap the
    // first HSM's creation, so they are not on it.
    let client = hosts::durations::COMMAND_RUN + 2.0 * hosts::durations::COMMAND_QUICK;
    let waits = durations::CLUSTER_CREATE
        + durations::HSM_CREATE
        + durations::CLUSTER_INITIALIZE
        + durations::HSM_CREATE
        + durations::STORE_CONNECT
        + client;
    let critical = waits / speed + 16.0 * latency_ms as f64 / 1000.0;
    let requests = sb.requests();
    let calls = requests.len();
    if std::env::var_os("BENCH_TRACE").is_some() {
        let mut last = requests.first().map(|r| r.at).unwrap_or(0.0);
        for r in &requests {
            eprintln!(
                "{:9.1} +{:7.1} {}",
                r.at - 1_795_000_000.0,
                r.at - last,
                r.operation
            );
            last = r.at;
        }
        for (at, e) in sb.timeline() {
            eprintln!("state change at {:9.1}: {e}", at - 1_795_000_000.0);
        }
    }
    let describes: Vec<f64> = requests
        .iter()
        .filter(|r| {
            matches!(
                r.operation.as_str(),
                "DescribeClusters" | "DescribeCustomKeyStores"
            )
        })
        .map(|r| r.at)
        .collect();
    // Dead time: from each modelled state change to the first Describe that could see it.
    let timeline = sb.timeline();
    let dead: Vec<f64> = timeline
        .iter()
        .filter_map(|(at, _)| describes.iter().find(|d| **d >= *at).map(|d| d - at))
        .collect();
    let max_dead = dead.iter().copied().fold(0.0, f64::max);
    let total_dead: f64 = dead.iter().sum();
    json!({
        "figure": "setup_overhead",
        "speed": speed,
        "latency_ms": latency_ms,
        "wall_s": wall,
        "critical_path_s": critical,
        "ratio": wall / critical,
        "target": 1.05,
        "calls": calls,
        "describe_calls": describes.len(),
        "modelled_wait_minutes": waits / 60.0,
        "describes_per_modelled_minute": describes.len() as f64 / (waits / 60.0),
        "state_changes": timeline.len(),
        "max_dead_time_modelled_s": max_dead,
        "total_dead_time_modelled_s": total_dead,
    })
}

/// Figure 2: `status` over every Region against one Region, same latency per call.
async fn inventory(latency_ms: u64, rounds: usize) -> serde_json::Value {
    let sb = sandbox(0.0, latency_ms);
    let reporter: SharedReporter = Arc::new(Silent);
    let cloud = Cloud::connect(&Target::Sandbox(sb.clone()), Some("us-east-1"), reporter)
        .await
        .expect("cloud");
    let mut one = Vec::new();
    let mut all = Vec::new();
    let mut regions = 0;
    for _ in 0..rounds {
        let t = Instant::now();
        let inv = keystore_engine::inventory::scan(&cloud, Some(vec!["us-east-1".into()]))
            .await
            .expect("scan");
        one.push(t.elapsed().as_secs_f64());
        assert_eq!(inv.regions.len(), 1);
        let t = Instant::now();
        let inv = keystore_engine::inventory::scan(&cloud, None)
            .await
            .expect("scan");
        all.push(t.elapsed().as_secs_f64());
        regions = inv.regions.len();
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (one, all) = (median(&mut one), median(&mut all));
    json!({
        "figure": "inventory",
        "latency_ms": latency_ms,
        "regions": regions,
        "one_region_s": one,
        "all_regions_s": all,
        "ratio": all / one,
        "target": 1.5,
    })
}

mod process;

fn main() {
    // `cargo test --all-targets` runs this without `--bench`: a smoke run of the in-process
    // figures only, so the test suite keeps the benchmark compiling and working.
    let smoke = !std::env::args().any(|a| a == "--bench");
    let quick = smoke || std::env::var_os("BENCH_QUICK").is_some();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let (speed, latency) = if quick { (600.0, 5) } else { (60.0, 20) };
    let rounds = if quick { 1 } else { 5 };
    println!("{}", rt.block_on(setup_overhead(speed, latency)));
    println!("{}", rt.block_on(inventory(latency, rounds)));
    if !smoke {
        println!("{}", process::against_aws_cli());
        println!("{}", process::tui_process());
    }
}
