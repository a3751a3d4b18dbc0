//! The headless reporters for `setup`: text (one line per step, with the run's elapsed time)
//! and JSON lines (one event per line, language-neutral). Writing to a closed pipe (`| head`)
//! is not an error worth a panic: output stops quietly.

use keystore_engine::i18n::{self, phrase, tf};
use keystore_engine::run::events::{Event, Reporter, SlrStatus};
use keystore_engine::stages::StageId;
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
    i18n::t(match s {
        SlrStatus::Created => "h.slr.created",
        SlrStatus::Existed => "h.slr.existed",
        SlrStatus::Absent => "h.slr.absent",
        SlrStatus::NotApplicable => "h.slr.not_applicable",
        SlrStatus::Unknown => "h.slr.unknown",
    })
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
                format!(
                    "[{t:7.1}s] {}",
                    tf(
                        "h.run",
                        &[
                            ("run", &run_id),
                            ("account", &account_id),
                            ("region", &region),
                            ("target", &target)
                        ]
                    )
                )
            }
            Event::ApiCallStarted { .. } => return,
            Event::Retrying {
                operation,
                code,
                attempt,
                retry_in_s,
            } => format!(
                "[{t:7.1}s]     {}",
                tf(
                    "h.retrying",
                    &[
                        ("operation", &operation),
                        ("code", &code),
                        ("seconds", &format!("{retry_in_s:.0}")),
                        ("attempt", &attempt),
                    ]
                )
            ),
            Event::StageStarted { stage } => {
                let title = StageId::parse(&stage)
                    .map(|id| keystore_engine::i18n::stage(id).title)
                    .unwrap_or_default();
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
                format!(
                    "[{t:7.1}s]     {}",
                    tf("h.created", &[("kind", &kind), ("id", &id)])
                )
            }
            Event::ResourceAdopted { kind, id, .. } => {
                format!(
                    "[{t:7.1}s]     {}",
                    tf("h.found", &[("kind", &kind), ("id", &id)])
                )
            }
            Event::Slr {
                role,
                principal,
                policy,
                status,
                ..
            } => {
                format!(
                    "[{t:7.1}s]     {}",
                    tf(
                        "h.slr",
                        &[
                            ("role", &role),
                            ("principal", &principal),
                            ("policy", &policy),
                            ("status", &slr_words(status))
                        ]
                    )
                )
            }
            Event::GuardBypassed { reason, .. } => {
                format!("[{t:7.1}s]     {}", tf("h.warning", &[("reason", &reason)]))
            }
            Event::PermissionVerdict {
                stage,
                action,
                decision,
            } => {
                if decision == "allowed" {
                    return;
                }
                format!(
                    "[{t:7.1}s]     {}",
                    tf(
                        "h.permission",
                        &[
                            ("action", &action),
                            ("stage", &stage),
                            ("decision", &decision)
                        ]
                    )
                )
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
                format!(
                    "[{t:7.1}s]     {}",
                    tf(
                        "h.waiting",
                        &[
                            ("what", &phrase(&what)),
                            ("state", &state),
                            ("elapsed", &format!("{elapsed_s:.0}"))
                        ]
                    )
                )
            }
            Event::OperatorAction {
                commands,
                performed_by,
                ..
            } => {
                let head = if performed_by == "sandbox" {
                    i18n::t("h.operator.sandbox")
                } else {
                    i18n::t("h.operator.you")
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
                let mut s = format!(
                    "[{t:7.1}s] {}",
                    tf(
                        "h.error",
                        &[("stage", &stage), ("code", &code), ("meaning", &meaning)]
                    )
                );
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
