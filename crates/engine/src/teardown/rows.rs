//! The teardown as table rows (Region, step, resource, state, reason) for the TUI's teardown
//! screen, with each key's blast radius (aliases, grants, recent use) and whether the operator
//! may confirm a key held back because it is in use. Text only: no UI crate, no AWS call.

use super::exec::{Done, day};
use super::{Options, Step, StepStatus};
use crate::cloud::key_trail::KeyUse;
use crate::i18n::{t, tf};
use crate::inventory::{Inventory, KeyItem};

/// What a row's state is, for its colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowState {
    Ready,
    Waits,
    Blocked,
    LeftAlone,
    Done,
    Failed,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// `global` for the account-wide steps (roles, IAM).
    pub region: String,
    pub step: String,
    pub resource: String,
    pub state: RowState,
    /// The state in words ("ready", "waits until 2026-12-09", "blocked", …).
    pub state_text: String,
    /// The day a waiting row waits for (`YYYY-MM-DD`), for a narrow column.
    pub until: Option<String>,
    pub reason: String,
    /// A key's aliases, grants and recent use (CloudTrail), for a key's row.
    pub radius: Option<String>,
    /// The key this row holds back because it is in use: the operator may confirm it.
    pub confirmable: Option<String>,
}

/// The plan's steps as rows; `inv` and `opts` give each key row its blast radius.
pub fn plan_rows(steps: &[Step], inv: &Inventory, opts: &Options, now: i64) -> Vec<Row> {
    steps
        .iter()
        .map(|s| {
            let (state, state_text, reason) = status(&s.status);
            let until = match s.status {
                StepStatus::WaitsUntil { date, .. } => Some(day(date)),
                _ => None,
            };
            let key = key_of(inv, s);
            let used = key.and_then(|k| opts.recent_use.get(&k.id));
            let confirmable = match (key, &s.status) {
                (Some(k), StepStatus::Blocked { .. })
                    if s.action == "schedule_key_deletion"
                        && super::radius::in_use(k, used, &opts.me, now).is_some() =>
                {
                    Some(k.id.clone())
                }
                _ => None,
            };
            Row {
                region: s.region.clone().unwrap_or_else(|| "global".into()),
                step: s.action.clone(),
                resource: s.target.clone(),
                state,
                state_text,
                until,
                reason,
                radius: key.map(|k| radius(k, used, now)),
                confirmable,
            }
        })
        .collect()
}

/// What one execution did, as rows.
pub fn result_rows(done: &[Done]) -> Vec<Row> {
    done.iter()
        .map(|d| {
            let (state, state_text, reason) = match &d.outcome {
                Ok(m) => (RowState::Done, t("rep.done").to_string(), m.clone()),
                Err(e) => (RowState::Failed, t("rep.failed").to_string(), e.clone()),
            };
            Row {
                region: d.region.clone().unwrap_or_else(|| "global".into()),
                step: d.action.clone(),
                resource: d.target.clone(),
                state,
                state_text,
                until: None,
                reason,
                radius: None,
                confirmable: None,
            }
        })
        .collect()
}

fn status(s: &StepStatus) -> (RowState, String, String) {
    match s {
        StepStatus::Ready => (RowState::Ready, t("rep.ready").into(), String::new()),
        StepStatus::WaitsUntil { date, reason } => (
            RowState::Waits,
            tf("rep.waits_until", &[("date", &day(*date))]),
            reason.clone(),
        ),
        StepStatus::Blocked { reason } => {
            (RowState::Blocked, t("rep.blocked").into(), reason.clone())
        }
        StepStatus::LeftAlone { reason } => (
            RowState::LeftAlone,
            t("rep.left_alone").into(),
            reason.clone(),
        ),
    }
}

/// The key a key step is about (schedule or disable), from the inventory.
fn key_of<'a>(inv: &'a Inventory, s: &Step) -> Option<&'a KeyItem> {
    if !matches!(s.action.as_str(), "schedule_key_deletion" | "disable_key") {
        return None;
    }
    inv.regions
        .iter()
        .filter(|r| Some(&r.region) == s.region.as_ref())
        .flat_map(|r| r.stores.iter())
        .flat_map(|st| st.keys.iter())
        .find(|k| k.id == s.target)
}

/// A key's blast radius in one sentence: aliases, grants (grantee and operations) and what
/// CloudTrail says of its use in the last 90 days ("unknown" when the scan did not finish).
pub fn radius(k: &KeyItem, used: Option<&KeyUse>, now: i64) -> String {
    if let Some(reason) = &k.unread {
        return tf("td.radius_unread", &[("reason", reason)]);
    }
    let none = t("td.radius_none");
    let aliases = if k.aliases.is_empty() {
        none.to_string()
    } else {
        k.aliases.join(", ")
    };
    let grants = if k.grants.is_empty() {
        none.to_string()
    } else {
        super::radius::grants_text(k)
    };
    let trail = match used {
        None => t("td.radius_not_read").to_string(),
        Some(KeyUse::Unknown { reason }) => tf("td.radius_unknown", &[("reason", reason)]),
        Some(KeyUse::Known { events }) if events.is_empty() => t("td.radius_unused").into(),
        Some(KeyUse::Known { events }) => {
            let last = events.iter().max_by_key(|e| e.when);
            let recent = events
                .iter()
                .filter(|e| e.when >= now - super::radius::RECENT_DAYS * 86400)
                .count();
            match last {
                Some(e) => tf(
                    "td.radius_events",
                    &[
                        ("n", &events.len()),
                        ("recent", &recent),
                        ("date", &day(e.when)),
                        ("who", &e.who),
                        ("operation", &e.operation),
                    ],
                ),
                None => t("td.radius_unused").into(),
            }
        }
    };
    tf(
        "td.radius",
        &[
            ("aliases", &aliases),
            ("grants", &grants),
            ("trail", &trail),
        ],
    )
}
