//! The headless reporters for `setup`: text (one line per step, with the run's elapsed time)
//! and JSON lines (one event per line, language-neutral). Writing to a closed pipe (`| head`)
//! is not an error worth a panic: output stops quietly.

use crate::events::{Event, Reporter, SlrStatus};
use std::io::Write;
use std::sync::Mutex;
use std::time::Instant;

pub struct TextReporter {
    started: Instant,
    last_wait: Mutex<String>,
}

impl Default for TextReporter {
    fn default() -> Self {
        Self {
            started: Instant::now(),
            last_wait: Mutex::new(String::new()),
        }
    }
}

/// Writes a line to stdout; a closed pipe (`| head`) ends output quietly instead of panicking
/// as `println!` would.
pub fn say(line: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "{line}").and_then(|_| stdout.flush());
}

fn slr_words(s: SlrStatus) -> &'static str {
    match s {
        SlrStatus::Created => "created by this step",
        SlrStatus::Existed => "already existed",
        SlrStatus::Absent => "absent",
        SlrStatus::NotApplicable => {
            "not applicable: multi-Region keys cannot live in a custom key store, so this flow never creates it"
        }
        SlrStatus::Unknown => "unknown (iam:GetRole was refused)",
    }
}

impl Reporter for TextReporter {
    fn emit(&self, event: Event) {
        let t = self.started.elapsed().as_secs_f64();
        let line = match event {
            Event::RunStarted {
                run_id,
                account_id,
                region,
                target,
            } => {
                format!("[{t:7.1}s] run {run_id}: account {account_id}, Region {region}, {target}")
            }
            Event::ApiCallStarted { .. } => return,
            Event::StageStarted { stage } => {
                let title = crate::i18n::stage(&stage).title;
                format!("[{t:7.1}s] ==> {stage}: {title}")
            }
            Event::ApiCall {
                service,
                operation,
                duration_ms,
                outcome,
                error_code,
                ..
            } => {
                let code = error_code.map(|c| format!(" {c}")).unwrap_or_default();
                format!("[{t:7.1}s]     {service}:{operation} {outcome}{code} ({duration_ms} ms)")
            }
            Event::ResourceCreated { kind, id, .. } => {
                format!("[{t:7.1}s]     created {kind} {id}")
            }
            Event::ResourceAdopted { kind, id, .. } => {
                format!("[{t:7.1}s]     found {kind} {id} (already there; not created again)")
            }
            Event::Slr {
                role,
                principal,
                policy,
                status,
                ..
            } => {
                format!(
                    "[{t:7.1}s]     service-linked role {role} (trusts {principal}; policy {policy}): {}",
                    slr_words(status)
                )
            }
            Event::GuardBypassed { reason, .. } => {
                format!("[{t:7.1}s]     WARNING {reason}")
            }
            Event::PermissionVerdict {
                stage,
                action,
                decision,
            } => {
                if decision == "allowed" {
                    return;
                }
                format!("[{t:7.1}s]     permission {action} for {stage}: {decision}")
            }
            Event::Waiting {
                what,
                state,
                elapsed_s,
                ..
            } => {
                let key = format!("{what}|{state}");
                if let Ok(mut last) = self.last_wait.lock() {
                    if *last == key {
                        return;
                    }
                    *last = key;
                }
                format!("[{t:7.1}s]     waiting for {what}: {state} ({elapsed_s:.0}s)")
            }
            Event::OperatorAction {
                commands,
                performed_by,
                ..
            } => {
                let head = if performed_by == "sandbox" {
                    "performed in the sandbox (on AWS you run these yourself):"
                } else {
                    "YOUR TURN — run these in the CloudHSM CLI, then `keystore-wizard setup --resume`:"
                };
                let mut s = format!("[{t:7.1}s]     {head}");
                for c in commands {
                    s.push_str(&format!("\n              {c}"));
                }
                s
            }
            Event::StageFinished {
                stage,
                outcome,
                elapsed_s,
            } => format!("[{t:7.1}s] <== {stage} {outcome} in {elapsed_s:.1}s"),
            Event::Error {
                stage,
                code,
                meaning,
                fix,
            } => {
                let mut s = format!("[{t:7.1}s] error in {stage}: {code}: {meaning}");
                for (i, f) in fix.iter().enumerate() {
                    s.push_str(&format!("\n              {}. {f}", i + 1));
                }
                s
            }
            Event::Done { outcome, exit_code } => {
                format!("[{t:7.1}s] {outcome} (exit {exit_code})")
            }
        };
        say(&line);
    }
}

pub struct JsonReporter {
    started: Instant,
}

impl Default for JsonReporter {
    fn default() -> Self {
        Self {
            started: Instant::now(),
        }
    }
}

impl Reporter for JsonReporter {
    fn emit(&self, event: Event) {
        let mut v = serde_json::to_value(&event).unwrap_or_default();
        if let Some(obj) = v.as_object_mut() {
            obj.insert(
                "t".into(),
                serde_json::json!((self.started.elapsed().as_secs_f64() * 1000.0).round() / 1000.0),
            );
        }
        say(&v.to_string());
    }
}
