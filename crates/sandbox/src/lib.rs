//! The simulated AWS account (the sandbox): one request handler over a shared account state,
//! behind two transports — an in-process `HttpClient` for the SDK (`client.rs`) and a loopback
//! HTTP server (`server.rs`). Routing comes from the request itself (SigV4 scope, X-Amz-Target,
//! the form's Action). `request.rs` owns the request path: parse → authorize → faults → advance the
//! virtual clock → dispatch → render → persist. Service behaviour lives in one folder per
//! service (`iam/`, `kms/`, `cloudhsm/`, `ec2/`); `operator.rs` is the CloudHSM CLI stand-in.
//! Depends on `keystore-facts` only: it is the AWS side of the wire, usable as a library or a
//! server without the wizard, and the compiler (plus `scripts/check-layers`) keeps it so.

pub mod cbor;
pub mod client;
pub mod clock;
mod cloudhsm;
pub mod durations;
pub mod ec2;
pub mod faults;
pub mod hosts;
mod iam;
pub mod ids;
mod kms;
pub mod model;
pub mod operator;
pub mod policy;
pub mod remote;
mod replies;
mod request;
pub mod server;
mod ssm;
pub mod trail;
pub mod validate;
pub mod wire;

/// The Region table and the default network of a new account (kept at this path for callers).
pub use ec2::regions;

use clock::Clock;
use faults::FaultPlan;
use model::{Event, World};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use wire::{ApiError, Call, Outcome, Params, Reply, Service};

pub const DEFAULT_ACCOUNT_ID: &str = "123456789012";

/// How a sandbox starts.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    pub account_id: String,
    pub seed: u64,
    /// Virtual seconds per real second; 0 stops the clock (tests advance it explicitly).
    pub speed: f64,
    /// Virtual start time (epoch seconds); `None` means now.
    pub start: Option<f64>,
    /// Persist the account here as JSON after every request, and load it at start.
    pub state_file: Option<PathBuf>,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        Self {
            account_id: DEFAULT_ACCOUNT_ID.into(),
            seed: 1,
            speed: clock::DEFAULT_SPEED,
            start: None,
            state_file: None,
        }
    }
}

impl SandboxConfig {
    /// A stopped clock at a fixed date: what tests use.
    pub fn for_tests() -> Self {
        Self {
            speed: 0.0,
            start: Some(1_795_000_000.0),
            ..Self::default()
        }
    }
}

/// One request as the sandbox saw it (for tests and benchmarks).
#[derive(Debug, Clone, PartialEq)]
pub struct LogEntry {
    pub service: String,
    pub operation: String,
    pub region: String,
    pub status: u16,
    /// How many requests were being handled at once when this one started.
    pub concurrent: usize,
    /// The request body, when `record_bodies` is on (tests that prove a value reached the wire).
    pub body: Option<String>,
    /// Virtual time (epoch seconds) when the request was logged (benchmarks: poll pacing).
    pub at: f64,
}

/// What a transport should send back.
#[derive(Debug, Clone)]
pub struct Handled {
    pub status: u16,
    pub content_type: &'static str,
    pub request_id: String,
    pub body: Vec<u8>,
    /// The service and operation the request named, when it could be parsed.
    pub call: Option<(wire::Service, String)>,
}

/// Called after a request was applied (with its operation name, how many times that operation
/// has been applied, and the account): lets tests change the world at an exact moment.
pub type Hook = Arc<dyn Fn(&str, usize, &mut World) + Send + Sync>;

struct Inner {
    world: Mutex<World>,
    clock: Mutex<Clock>,
    faults: Mutex<FaultPlan>,
    log: Mutex<Vec<LogEntry>>,
    state_file: Option<PathBuf>,
    request_seq: AtomicU64,
    in_flight: AtomicUsize,
    record_bodies: std::sync::atomic::AtomicBool,
    /// Hang (never answer) after this many successful mutating calls: the client "dies"
    /// after AWS applied the call but before it heard back (kill-and-resume tests).
    kill_after: Mutex<Option<usize>>,
    mutations: AtomicUsize,
    killed: std::sync::atomic::AtomicBool,
    hook: Mutex<Option<Hook>>,
    op_counts: Mutex<std::collections::HashMap<String, usize>>,
    /// (virtual time, event) of every modelled state change, in order (benchmarks).
    timeline: Mutex<Vec<(f64, String)>>,
    /// Where every reply is written as a JSON line (`replies.rs`), when asked.
    replies: Mutex<Option<std::fs::File>>,
}

/// A handle to one simulated account; cheap to clone and shared by every transport.
#[derive(Clone)]
pub struct Sandbox {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sandbox")
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the lock must not take the whole sandbox down with it.
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Sandbox {
    pub fn new(config: SandboxConfig) -> Result<Self, String> {
        let start = config.start.unwrap_or_else(Clock::real_now);
        let mut clock = Clock::new(start, config.speed);
        let world = match &config.state_file {
            Some(path) if path.exists() => {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| format!("cannot read sandbox state {}: {e}", path.display()))?;
                let world: World = serde_json::from_str(&text).map_err(|e| {
                    format!(
                        "sandbox state {} is not a saved account: {e}",
                        path.display()
                    )
                })?;
                clock.rebase(world.now.max(start.min(world.now)));
                world
            }
            _ => World::new(&config.account_id, config.seed, start),
        };
        Ok(Self {
            inner: Arc::new(Inner {
                world: Mutex::new(world),
                clock: Mutex::new(clock),
                faults: Mutex::new(FaultPlan::default()),
                log: Mutex::new(Vec::new()),
                state_file: config.state_file,
                request_seq: AtomicU64::new(0),
                in_flight: AtomicUsize::new(0),
                record_bodies: std::sync::atomic::AtomicBool::new(false),
                kill_after: Mutex::new(None),
                mutations: AtomicUsize::new(0),
                killed: std::sync::atomic::AtomicBool::new(false),
                hook: Mutex::new(None),
                op_counts: Mutex::new(std::collections::HashMap::new()),
                timeline: Mutex::new(Vec::new()),
                replies: Mutex::new(None),
            }),
        })
    }

    /// Virtual now.
    pub fn now(&self) -> f64 {
        lock(&self.inner.clock).now()
    }

    pub fn speed(&self) -> f64 {
        lock(&self.inner.clock).speed()
    }

    /// Moves the virtual clock forward and lets everything that was due happen.
    pub fn advance(&self, seconds: f64) -> f64 {
        lock(&self.inner.clock).advance(seconds);
        self.with_world(|w| w.now)
    }

    /// Runs `f` on the account after bringing it up to the virtual now (tests use this to
    /// arrange states AWS reaches by other means, such as an exhausted subnet).
    pub fn with_world<R>(&self, f: impl FnOnce(&mut World) -> R) -> R {
        let mut w = lock(&self.inner.world);
        self.tick(&mut w);
        let out = f(&mut w);
        self.persist(&w);
        out
    }

    /// Where key material and users are: every cluster's HSMs and every backup (the
    /// sandbox's own view, also served as `/_sandbox/inspect`; not an AWS API).
    pub fn inspect(&self) -> serde_json::Value {
        self.with_world(|w| cloudhsm::material::inspect(w))
    }

    pub fn faults(&self) -> MutexGuard<'_, FaultPlan> {
        lock(&self.inner.faults)
    }

    /// Every request handled so far.
    /// Every modelled state change so far: (virtual time it happened, the event).
    pub fn timeline(&self) -> Vec<(f64, String)> {
        lock(&self.inner.timeline).clone()
    }

    pub fn requests(&self) -> Vec<LogEntry> {
        lock(&self.inner.log).clone()
    }

    /// Keep request bodies in the request log.
    pub fn record_bodies(&self, on: bool) {
        self.inner.record_bodies.store(on, Ordering::SeqCst);
    }

    /// After the `k`-th successful mutating call (counted from now), apply it and never answer.
    pub fn kill_after_mutation(&self, k: Option<usize>) {
        self.inner.mutations.store(0, Ordering::SeqCst);
        self.inner.killed.store(false, Ordering::SeqCst);
        *lock(&self.inner.kill_after) = k;
    }

    /// Runs `hook` after every applied request (tests only; see [`Hook`]).
    pub fn set_hook(&self, hook: Option<Hook>) {
        *lock(&self.inner.hook) = hook;
    }

    /// Whether the kill point was reached.
    pub fn was_killed(&self) -> bool {
        self.inner.killed.load(Ordering::SeqCst)
    }

    /// The CloudHSM CLI stand-in (see `operator.rs`).
    pub fn cloudhsm_cli(
        &self,
        cluster_id: &str,
        args: &[String],
        password: Option<&str>,
    ) -> operator::CliOutput {
        self.with_world(|w| operator::run(w, cluster_id, args, password))
    }

    fn tick(&self, w: &mut World) {
        let now = self.now();
        while let Some(timer) = w.pop_due(now) {
            w.now = w.now.max(timer.at);
            lock(&self.inner.timeline).push((timer.at, format!("{:?}", timer.event)));
            let region = timer.region.as_str();
            match &timer.event {
                Event::StoreSettled(id) => {
                    let forced = self.faults().connection_error();
                    kms::connect::settle(w, region, id, forced);
                }
                Event::StoreDisconnected(id) => kms::connect::disconnected(w, region, id),
                Event::KeyDeleted(id) => kms::keys::deleted(w, region, id),
                Event::HsmCreated { cluster, hsm } if self.faults().hsm_failure() => {
                    cloudhsm::hsm::failed(w, region, cluster, hsm);
                }
                Event::SlrDeletionFinished(id) => iam::service_roles::finish(w, id),
                other => cloudhsm::hsm::apply(w, region, other),
            }
        }
        w.now = w.now.max(now);
    }

    fn persist(&self, w: &World) {
        let Some(path) = &self.inner.state_file else {
            return;
        };
        if let Err(e) = persist_world(path, w) {
            tracing::warn!(error = %e, "could not save the sandbox state");
        }
    }

    fn next_request_id(&self) -> String {
        let n = self.inner.request_seq.fetch_add(1, Ordering::Relaxed) + 1;
        format!("5a7db0c2-0000-4000-8000-{n:012x}")
    }
}

/// Saves the account atomically (temp file + rename), readable by the owner only.
fn persist_world(path: &std::path::Path, w: &World) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(&serde_json::to_vec(w).map_err(std::io::Error::other)?)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
