//! Secrets canary (RELIABILITY F1/F3): a full setup logged at TRACE with sentinel passwords.
//! No sentinel may appear in the log, the events, the journal or the run folder — and the
//! test proves it is not vacuous: the sentinels did reach the wire, and the same TRACE capture
//! *without* the clamp does leak them.

use crate::support::{EXAMPLE, Rig, run_owned};
use keystore_engine::run::log_filter as logging;
use std::io::Write;
use std::sync::{Arc, Mutex};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;

const KMS_SENTINEL: &str = "CanaryKmsUser4242";

#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .map_err(|_| std::io::Error::other("poisoned"))?
            .extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Buffer {
    type Writer = Buffer;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

impl Buffer {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().map(|b| b.clone()).unwrap_or_default()).to_string()
    }
}

/// Runs a full setup with every log line at `filter` captured; returns (log, PreCoPassword seen, rig).
async fn traced_setup(filter: EnvFilter) -> (String, String, Rig) {
    let rig = Rig::new();
    rig.sandbox.record_bodies(true);
    let buf = Buffer::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(buf.clone())
        .with_env_filter(filter)
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let dir = rig.dir.path().to_path_buf();
    let first = run_owned(
        rig.sandbox.clone(),
        dir.clone(),
        EXAMPLE.into(),
        false,
        Some("initialize".into()),
        false,
        KMS_SENTINEL.into(),
    )
    .await;
    assert_eq!(first.code, 0);
    let pre_co = rig
        .sandbox
        .with_world(|w| {
            w.region_mut("us-east-1")
                .clusters
                .values()
                .next()
                .and_then(|c| c.pre_co_password.clone())
        })
        .expect("PreCoPassword shown while INITIALIZED");
    let rest = run_owned(
        rig.sandbox.clone(),
        dir,
        EXAMPLE.into(),
        false,
        None,
        true,
        KMS_SENTINEL.into(),
    )
    .await;
    assert_eq!(rest.code, 0);
    let mut all = buf.text();
    for e in first.events.iter().chain(rest.events.iter()) {
        all.push_str(&serde_json::to_string(e).unwrap_or_default());
    }
    (all, pre_co, rig)
}

#[tokio::test(flavor = "current_thread")]
async fn no_secret_reaches_the_trace_log_the_events_or_the_disk() {
    let (log, pre_co, rig) = traced_setup(logging::clamp(EnvFilter::new("trace"))).await;
    assert!(
        log.contains("aws_smithy_runtime::"),
        "the capture ran, with the SDK's own logs"
    );
    assert!(
        !log.contains(" TRACE "),
        "the wire-level targets are held at DEBUG"
    );
    assert!(
        log.len() > 100_000,
        "and captured a lot ({} bytes)",
        log.len()
    );
    assert!(
        !log.contains(KMS_SENTINEL),
        "the kmsuser password leaked into the log or events"
    );
    assert!(!log.contains("AdminPass2026"), "the admin password leaked");
    assert!(!log.contains(&pre_co), "PreCoPassword leaked");
    let wire: Vec<String> = rig
        .sandbox
        .requests()
        .into_iter()
        .filter_map(|r| r.body)
        .collect();
    assert!(
        wire.iter().any(|b| b.contains(KMS_SENTINEL)),
        "the sentinel did reach the wire (CreateCustomKeyStore)"
    );
    for entry in std::fs::read_dir(rig.dir.path()).expect("dir") {
        let bytes = std::fs::read(entry.expect("entry").path()).expect("read");
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains(KMS_SENTINEL) && !text.contains(&pre_co),
            "a secret reached the state directory"
        );
    }
}

#[tokio::test(flavor = "current_thread")]
async fn without_the_clamp_trace_would_leak_so_the_canary_is_not_vacuous() {
    let (log, pre_co, _) = traced_setup(EnvFilter::new("trace")).await;
    let leaked = format!("PreCoPassword\\\":\\\"{pre_co}");
    assert!(
        log.contains(&leaked),
        "unclamped, the SDK's TRACE logs carry response bodies with PreCoPassword"
    );
}
