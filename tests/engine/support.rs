//! Builds a `setup` run on an in-process sandbox and collects its events.

use keystore_wizard::cloud::Target;
use keystore_wizard::driver::{self, Confirm, Setup};
use keystore_wizard::events::{Event, Recorder, SlrStatus};
use keystore_wizard::journal::Journal;
use keystore_wizard::operator::Operator;
use keystore_wizard::plan::Plan;
use keystore_wizard::sandbox::{Sandbox, SandboxConfig};
use keystore_wizard::secrets::Secrets;
use keystore_wizard::wait::{Pace, Waiter};
use secrecy::SecretString;
use std::sync::Arc;

pub const EXAMPLE: &str = include_str!("../../assets/example-plan.toml");
pub const KMSUSER: &str = "KmsUser2026pw";

pub struct Rig {
    pub sandbox: Sandbox,
    pub dir: tempfile::TempDir,
    pub manual: bool,
    pub plan: String,
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

impl Rig {
    pub fn new() -> Self {
        Self {
            sandbox: Sandbox::new(SandboxConfig::for_tests()).expect("sandbox"),
            dir: tempfile::tempdir().expect("dir"),
            manual: false,
            plan: EXAMPLE.to_string(),
        }
    }

    pub fn secrets(&self, kmsuser: &str) -> Secrets {
        Secrets {
            kmsuser: SecretString::from(kmsuser.to_string()),
            admin: Some(SecretString::from("AdminPass2026".to_string())),
            kmsuser_given: true,
        }
    }

    pub async fn run(&self, until: Option<&str>, resume: bool) -> Run {
        self.run_with(until, resume, KMSUSER).await
    }

    pub async fn run_with(&self, until: Option<&str>, resume: bool, kmsuser: &str) -> Run {
        let recorder = Arc::new(Recorder::default());
        let journal = Journal::open(self.dir.path()).expect("journal");
        let operator = if self.manual {
            Operator::Human
        } else {
            Operator::Sandbox(self.sandbox.clone())
        };
        let setup = Setup {
            target: Target::Sandbox(self.sandbox.clone()),
            plan: Plan::parse(&self.plan).expect("plan"),
            journal,
            secrets: self.secrets(kmsuser),
            waiter: Waiter::new(Pace::Virtual(self.sandbox.clone())),
            operator,
            region: None,
            resume,
            confirm: Confirm::Given,
            until: until.map(str::to_string),
        };
        let code = driver::run(setup, recorder.clone()).await;
        Run {
            code,
            events: recorder.events(),
        }
    }

    /// Creates, deletes and other mutating calls the sandbox has seen, in order.
    pub fn mutations(&self) -> Vec<String> {
        let read = [
            "Describe",
            "List",
            "Get",
            "Simulate",
            "Encrypt",
            "Decrypt",
            "GenerateRandom",
        ];
        self.sandbox
            .requests()
            .iter()
            .filter(|r| r.status == 200 && !read.iter().any(|p| r.operation.starts_with(p)))
            .map(|r| r.operation.clone())
            .collect()
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
