//! Builds a `setup` run on an in-process sandbox and collects its events.

use keystore_engine::cloud::Target;
use keystore_engine::inputs::plan::Plan;
use keystore_engine::inputs::secrets::Secrets;
use keystore_engine::run::driver::{self, Confirm, Setup};
use keystore_engine::run::events::{Event, Recorder, SlrStatus};
use keystore_engine::run::guard::Guard;
use keystore_engine::run::journal::Journal;
use keystore_engine::run::operator::Operator;
use keystore_engine::run::session::Parts;
use keystore_engine::run::wait::{Pace, Waiter};
use keystore_sandbox::{Sandbox, SandboxConfig};
use secrecy::SecretString;
use std::sync::Arc;

pub const EXAMPLE: &str = include_str!("../../../../assets/example-plan.toml");
pub const KMSUSER: &str = "KmsUser2026pw";

pub struct Rig {
    pub sandbox: Sandbox,
    pub dir: tempfile::TempDir,
    pub manual: bool,
    pub plan: String,
    pub guard: Guard,
}

pub struct Run {
    pub code: i32,
    pub events: Vec<Event>,
}

impl Run {
    pub fn created(&self) -> Vec<(String, String)> {
        self.events
            .iter()
            .filter_map(|e| match e {
                Event::ResourceCreated { kind, id, .. } => Some((kind.clone(), id.clone())),
                _ => None,
            })
            .collect()
    }
    pub fn slr(&self, role: &str) -> Vec<(String, SlrStatus)> {
        self.events
            .iter()
            .filter_map(|e| match e {
                Event::Slr {
                    stage,
                    role: r,
                    status,
                    ..
                } if r == role => Some((stage.clone(), *status)),
                _ => None,
            })
            .collect()
    }
    pub fn error(&self) -> Option<(String, String, Vec<String>)> {
        self.events.iter().find_map(|e| match e {
            Event::Error {
                code, meaning, fix, ..
            } => Some((code.clone(), meaning.clone(), fix.clone())),
            _ => None,
        })
    }
}

/// The parts of a run on `sandbox` with its journal in `dir`, on the virtual clock.
pub fn parts(
    sandbox: &Sandbox,
    dir: &std::path::Path,
    plan: &str,
    manual: bool,
    kmsuser: String,
    guard: Guard,
) -> Parts {
    let journal = Journal::open(dir).expect("journal");
    let operator = if manual {
        Operator::Human
    } else {
        Operator::Sandbox(sandbox.clone())
    };
    let secrets = Secrets {
        kmsuser: SecretString::from(kmsuser),
        admin: Some(SecretString::from("AdminPass2026".to_string())),
        kmsuser_given: true,
    };
    Parts {
        target: Target::Sandbox(sandbox.clone()),
        plan: Plan::parse(plan).expect("plan"),
        journal,
        secrets,
        waiter: Waiter::new(Pace::Virtual(sandbox.clone())),
        operator,
        region: None,
        guard,
        pasted: Default::default(),
    }
}

/// A setup run that owns everything it uses, so it can be spawned (and aborted) as a task.
pub async fn run_owned(
    sandbox: Sandbox,
    dir: std::path::PathBuf,
    plan: String,
    manual: bool,
    until: Option<String>,
    resume: bool,
    kmsuser: String,
) -> Run {
    let flags = (manual, until, resume);
    run_guarded(sandbox, dir, plan, flags, kmsuser, Guard::default()).await
}

/// [`run_owned`] with an account guard.
pub async fn run_guarded(
    sandbox: Sandbox,
    dir: std::path::PathBuf,
    plan: String,
    (manual, until, resume): (bool, Option<String>, bool),
    kmsuser: String,
    guard: Guard,
) -> Run {
    run_pasted(
        sandbox,
        dir,
        plan,
        (manual, until, resume),
        kmsuser,
        guard,
        None,
    )
    .await
}

/// [`run_guarded`] with a `user list` the operator pasted (`setup --user-list`).
pub async fn run_pasted(
    sandbox: Sandbox,
    dir: std::path::PathBuf,
    plan: String,
    (manual, until, resume): (bool, Option<String>, bool),
    kmsuser: String,
    guard: Guard,
    user_list: Option<String>,
) -> Run {
    let recorder = Arc::new(Recorder::default());
    let mut parts = parts(&sandbox, &dir, &plan, manual, kmsuser, guard);
    parts.pasted.user_list = user_list;
    let setup = Setup {
        parts,
        resume,
        confirm: Confirm::Given,
        until: until.map(|u| u.parse().expect("a stage id")),
    };
    let code = driver::run(setup, recorder.clone()).await.code();
    Run {
        code,
        events: recorder.events(),
    }
}

/// A name with the run id in it (`ksw-0123456789-client`), the run id left out.
fn run_id_out(name: &str) -> String {
    regex::Regex::new("ksw-[0-9a-f]{10}")
        .map(|re| re.replace_all(name, "ksw-<run>").into_owned())
        .unwrap_or_else(|_| name.to_string())
}

/// The example plan with the client left to the operator (`client.mode = "manual"`).
pub fn manual_plan() -> String {
    EXAMPLE.replace("mode = \"launch\"", "mode = \"manual\"")
}

impl Rig {
    /// The parts of a run on this rig (the example plan, the sandbox's operator).
    pub fn parts(&self) -> Parts {
        parts(
            &self.sandbox,
            self.dir.path(),
            EXAMPLE,
            false,
            KMSUSER.into(),
            Guard::default(),
        )
    }

    /// The caller may do everything but `action` (an explicit Deny, as an SCP or a boundary
    /// would make it).
    pub fn deny(&self, action: &str) {
        let doc = serde_json::json!({"Statement": [
            {"Effect": "Allow", "Action": "*", "Resource": "*"},
            {"Effect": "Deny", "Action": action, "Resource": "*"}
        ]});
        self.sandbox
            .with_world(|w| w.caller.policies = Some(vec![doc]));
    }

    pub fn new() -> Self {
        Self {
            sandbox: Sandbox::new(SandboxConfig::for_tests()).expect("sandbox"),
            dir: tempfile::tempdir().expect("dir"),
            manual: false,
            plan: EXAMPLE.to_string(),
            guard: Guard::default(),
        }
    }

    pub async fn run(&self, until: Option<&str>, resume: bool) -> Run {
        self.run_with(until, resume, KMSUSER).await
    }

    pub async fn run_with(&self, until: Option<&str>, resume: bool, kmsuser: &str) -> Run {
        run_guarded(
            self.sandbox.clone(),
            self.dir.path().to_path_buf(),
            self.plan.clone(),
            (self.manual, until.map(str::to_string), resume),
            kmsuser.to_string(),
            self.guard.clone(),
        )
        .await
    }

    /// A resume with the `user list` output the operator pasted.
    pub async fn run_pasting(&self, user_list: &str) -> Run {
        run_pasted(
            self.sandbox.clone(),
            self.dir.path().to_path_buf(),
            self.plan.clone(),
            (self.manual, None, true),
            KMSUSER.to_string(),
            self.guard.clone(),
            Some(user_list.to_string()),
        )
        .await
    }

    /// Creates, deletes and other mutating calls the sandbox has seen, in order.
    pub fn mutations(&self) -> Vec<String> {
        self.sandbox
            .requests()
            .iter()
            .filter(|r| r.status == 200 && !keystore_sandbox::wire::is_read_only(&r.operation))
            .map(|r| r.operation.clone())
            .collect()
    }

    /// The account's resources with ids left out: what "the same end state" means.
    pub fn fingerprint(&self) -> Vec<String> {
        self.sandbox.with_world(|w| {
            let mut out = vec![
                format!(
                    "policies {:?}",
                    w.iam
                        .policies
                        .values()
                        .map(|p| p.name.clone())
                        .collect::<Vec<_>>()
                ),
                format!(
                    "groups {:?}",
                    w.iam
                        .groups
                        .values()
                        .map(|g| (g.name.clone(), g.attached.len()))
                        .collect::<Vec<_>>()
                ),
                format!(
                    "roles {:?}",
                    w.iam
                        .roles
                        .keys()
                        .map(|k| run_id_out(k))
                        .collect::<Vec<_>>()
                ),
            ];
            let r = w.region_mut("us-east-1");
            out.push(format!(
                "vpcs {}",
                r.vpcs.values().filter(|v| !v.is_default).count()
            ));
            out.push(format!(
                "subnets {:?}",
                r.subnets
                    .values()
                    .filter(|s| !s.default_for_az)
                    .map(|s| (s.cidr.clone(), s.az.clone()))
                    .collect::<std::collections::BTreeSet<_>>()
            ));
            out.push(format!(
                "clusters {:?}",
                r.clusters
                    .values()
                    .map(|c| (
                        c.state.clone(),
                        c.hsms.len(),
                        c.users.keys().cloned().collect::<Vec<_>>()
                    ))
                    .collect::<Vec<_>>()
            ));
            out.push(format!(
                "stores {:?}",
                r.key_stores
                    .values()
                    .map(|s| (s.name.clone(), s.state.clone()))
                    .collect::<Vec<_>>()
            ));
            out.push(format!(
                "keys {} aliases {:?}",
                r.keys.len(),
                r.aliases.keys().collect::<Vec<_>>()
            ));
            out.push(format!("enis {}", r.enis.len()));
            out
        })
    }

    /// (clusters, live HSMs, stores, keys) in us-east-1.
    pub fn counts(&self) -> (usize, usize, usize, usize) {
        self.sandbox.with_world(|w| {
            let r = w.region_mut("us-east-1");
            let clusters: Vec<_> = r
                .clusters
                .values()
                .filter(|c| c.state != "DELETED")
                .collect();
            (
                clusters.len(),
                clusters.iter().map(|c| c.hsms.len()).sum(),
                r.key_stores.len(),
                r.keys.len(),
            )
        })
    }

    pub fn cluster_id(&self) -> String {
        self.sandbox.with_world(|w| {
            w.region_mut("us-east-1")
                .clusters
                .keys()
                .next()
                .cloned()
                .unwrap_or_default()
        })
    }

    pub fn store_state(&self) -> (String, Option<String>) {
        self.sandbox.with_world(|w| {
            w.region_mut("us-east-1")
                .key_stores
                .values()
                .next()
                .map(|s| (s.state.clone(), s.error_code.clone()))
                .unwrap_or_default()
        })
    }
}

/// The wizard's AWS boundary on the rig's sandbox, in us-east-1, reporting nowhere.
pub async fn cloud(rig: &Rig) -> keystore_engine::cloud::Cloud {
    let reporter: keystore_engine::run::events::SharedReporter =
        Arc::new(keystore_engine::run::events::Silent);
    keystore_engine::cloud::Cloud::connect(
        &Target::Sandbox(rig.sandbox.clone()),
        Some("us-east-1"),
        reporter,
    )
    .await
    .expect("cloud")
}
