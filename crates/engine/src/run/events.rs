//! What happens during a run, as typed events: the engine (driver, stages, `cloud/`) emits them,
//! and a reporter shows them — text lines, JSON lines, or the TUI's messages. Events
//! carry codes and ids, never sentences that would need translating, and never secrets.

use serde::Serialize;
use std::sync::{Arc, Mutex};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SlrStatus {
    /// Created by this step (GetRole said absent before and present after).
    Created,
    /// Already there before this step.
    Existed,
    /// Not there after the step either.
    Absent,
    /// This role is never created by this flow (the multi-Region keys role).
    NotApplicable,
    /// IAM would not say (GetRole denied), so the wizard cannot tell.
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    RunStarted {
        run_id: String,
        account_id: String,
        region: String,
        target: String,
    },
    StageStarted {
        stage: String,
    },
    /// A call was sent (the TUI shows it running until its `ApiCall` arrives).
    ApiCallStarted {
        /// The stage that made the call (`None` outside any stage: the teardown, a scan).
        stage: Option<String>,
        service: String,
        operation: String,
    },
    ApiCall {
        stage: Option<String>,
        service: String,
        operation: String,
        region: String,
        duration_ms: u64,
        outcome: String,
        error_code: Option<String>,
        cli: String,
    },
    ResourceCreated {
        stage: String,
        kind: String,
        id: String,
    },
    ResourceAdopted {
        stage: String,
        kind: String,
        id: String,
    },
    Slr {
        stage: String,
        role: String,
        principal: String,
        policy: String,
        status: SlrStatus,
    },
    /// The account guard let a blocked account through on the two-key bypass.
    GuardBypassed {
        account_id: String,
        reason: String,
    },
    PermissionVerdict {
        stage: String,
        action: String,
        decision: String,
    },
    /// A read-only call or a wait's poll met a transient error (throttling, a 5xx, a timeout)
    /// and is made again after `retry_in_s` (virtual seconds): the run goes on.
    Retrying {
        operation: String,
        code: String,
        attempt: u32,
        retry_in_s: f64,
    },
    Waiting {
        stage: String,
        what: String,
        state: String,
        elapsed_s: f64,
    },
    OperatorAction {
        stage: String,
        commands: Vec<String>,
        performed_by: String,
    },
    StageFinished {
        stage: String,
        outcome: String,
        elapsed_s: f64,
    },
    Error {
        stage: String,
        code: String,
        meaning: String,
        fix: Vec<String>,
    },
    Done {
        outcome: String,
        exit_code: i32,
    },
    /// What the operator must know that is not an error (day two: keys are unusable while a
    /// cluster is parked; an old address was taken): a catalog code (`d2.<code>`) and its values.
    Notice {
        stage: String,
        code: String,
        args: std::collections::BTreeMap<String, String>,
    },
}

/// An `Event::Notice` in the operator's language.
pub fn notice_text(code: &str, args: &std::collections::BTreeMap<String, String>) -> String {
    let pairs: Vec<(&str, &dyn std::fmt::Display)> = args
        .iter()
        .map(|(k, v)| (k.as_str(), v as &dyn std::fmt::Display))
        .collect();
    crate::i18n::tf(&format!("d2.{code}"), &pairs)
}

impl SlrStatus {
    /// What the status means, in the operator's language (text output and screens).
    pub fn words(self) -> &'static str {
        crate::i18n::t(match self {
            SlrStatus::Created => "h.slr.created",
            SlrStatus::Existed => "h.slr.existed",
            SlrStatus::Absent => "h.slr.absent",
            SlrStatus::NotApplicable => "h.slr.not_applicable",
            SlrStatus::Unknown => "h.slr.unknown",
        })
    }
}

/// An `Event::Retrying` in the operator's language (text output and the TUI's notice).
pub fn retrying_text(operation: &str, code: &str, attempt: u32, retry_in_s: f64) -> String {
    crate::i18n::tf(
        "h.retrying",
        &[
            ("operation", &operation),
            ("code", &code),
            ("seconds", &format!("{retry_in_s:.0}")),
            ("attempt", &attempt),
        ],
    )
}

tokio::task_local! {
    /// The stage whose future is being polled. Two stages can run at once in one task
    /// (`Session::run_together`), so the stage is scoped to each stage's future, not to a thread
    /// or a context the AWS boundary would have to be handed.
    static CURRENT_STAGE: &'static str;
}

/// Runs `fut` as stage `stage`: the calls it makes are reported as that stage's.
pub async fn in_stage<F: std::future::Future>(stage: &'static str, fut: F) -> F::Output {
    CURRENT_STAGE.scope(stage, fut).await
}

/// The stage being run, if any (see `in_stage`).
pub fn current_stage() -> Option<String> {
    CURRENT_STAGE.try_with(|s| s.to_string()).ok()
}

/// Where events go.
pub trait Reporter: Send + Sync {
    fn emit(&self, event: Event);
}

pub type SharedReporter = Arc<dyn Reporter>;

/// Keeps every event (tests, and the TUI's replay).
#[derive(Default)]
pub struct Recorder {
    events: Mutex<Vec<Event>>,
}

impl Recorder {
    pub fn events(&self) -> Vec<Event> {
        self.events.lock().map(|e| e.clone()).unwrap_or_default()
    }
}

impl Reporter for Recorder {
    fn emit(&self, event: Event) {
        if let Ok(mut e) = self.events.lock() {
            e.push(event);
        }
    }
}

/// Sends events nowhere.
pub struct Silent;

impl Reporter for Silent {
    fn emit(&self, _event: Event) {}
}
