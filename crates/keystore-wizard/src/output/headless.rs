//! The headless reporters for `setup`: text (one line per step, with the run's elapsed time)
//! and JSON lines (one event per line, language-neutral). Writing to a closed pipe (`| head`)
//! is not an error worth a panic: output stops quietly.

use keystore_engine::cloud::error::{ErrorKind, classify};
use keystore_engine::i18n::{self, phrase, t, tf};
use keystore_engine::run::events::{Event, Reporter, retrying_text};
use keystore_engine::run::summary::Summary;
use keystore_engine::stages::StageId;
use keystore_facts::ops::is_read;
use std::io::Write;
use std::sync::Mutex;
use std::time::Instant;

pub struct TextReporter {
    started: Instant,
    last_wait: Mutex<String>,
    /// Successful reads (a wait's polls, read-before-create) of the stage running: counted and
    /// shown on the stage's last line, so the text shows changes and every mutating call, not
    /// every Describe. JSON lines keep every call.
    reads: std::sync::atomic::AtomicU32,
    /// What the run made and observed, printed at its end (the "created" lines are only there).
    summary: Mutex<Summary>,
    /// On a terminal, a live line under a wait (elapsed, polls so far), redrawn on each poll and
    /// cleared before the next real line; never written when stdout is a file or a pipe.
    live: bool,
    /// The wait in progress: what, and when its first state line was printed.
    waiting: Mutex<Option<(String, Instant)>>,
    live_shown: std::sync::atomic::AtomicBool,
}

impl Default for TextReporter {
    fn default() -> Self {
        Self {
            started: Instant::now(),
            last_wait: Mutex::new(String::new()),
            reads: std::sync::atomic::AtomicU32::new(0),
            summary: Mutex::new(Summary::default()),
            live: std::io::IsTerminal::is_terminal(&std::io::stdout()),
            waiting: Mutex::new(None),
            live_shown: std::sync::atomic::AtomicBool::new(false),
        }
    }
}

/// Writes a line to stdout; a closed pipe (`| head`) ends output quietly instead of panicking
/// as `println!` would.
pub fn say(line: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "{line}").and_then(|_| stdout.flush());
}

impl TextReporter {
    /// The live line under a wait, on a terminal only: what, how long so far, polls so far.
    fn redraw_live(&self, polls: u32) {
        if !self.live {
            return;
        }
        let Ok(w) = self.waiting.lock() else {
            return;
        };
        let Some((what, since)) = w.as_ref() else {
            return;
        };
        let text = tf(
            "h.live",
            &[
                ("what", &phrase(what)),
                ("elapsed", &format!("{:.0}", since.elapsed().as_secs_f64())),
                ("n", &polls),
            ],
        );
        let mut out = std::io::stdout().lock();
        let _ = write!(out, "\r\x1b[K    … {text}").and_then(|_| out.flush());
        self.live_shown
            .store(true, std::sync::atomic::Ordering::Relaxed);
    }

    /// Clears the live line before a real line is written.
    fn clear_live(&self) {
        if self
            .live_shown
            .swap(false, std::sync::atomic::Ordering::Relaxed)
        {
            let mut out = std::io::stdout().lock();
            let _ = write!(out, "\r\x1b[K").and_then(|_| out.flush());
        }
    }
}

/// The summary that ends a text run: resources by stage, then the roles, one line each.
pub fn summary_lines(s: &Summary) -> Vec<String> {
    if s.made.is_empty() && s.roles.is_empty() {
        return Vec::new();
    }
    let mut out = vec![tf(
        "h.summary",
        &[("created", &s.created()), ("adopted", &s.adopted())],
    )];
    for (stage, made) in s.by_stage() {
        let items: Vec<String> = made
            .iter()
            .map(|m| {
                let mark = if m.created {
                    ""
                } else {
                    t("h.summary_adopted")
                };
                format!("{} {}{mark}", m.kind, m.id)
            })
            .collect();
        out.push(format!("  {stage}: {}", items.join(", ")));
    }
    let roles: Vec<String> = s
        .roles
        .iter()
        .map(|(r, st)| format!("{r} {}", st.words()))
        .collect();
    if !roles.is_empty() {
        out.push(format!("  {}: {}", t("h.summary_roles"), roles.join("; ")));
    }
    out
}

impl Reporter for TextReporter {
    fn emit(&self, event: Event) {
        let t = self.started.elapsed().as_secs_f64();
        use std::sync::atomic::Ordering;
        if let Event::ApiCall {
            operation, outcome, ..
        } = &event
            && outcome == "ok"
            && is_read(operation)
        {
            let n = self.reads.fetch_add(1, Ordering::Relaxed) + 1;
            self.redraw_live(n);
            return;
        }
        if let Event::Waiting { what, .. } = &event
            && let Ok(mut w) = self.waiting.lock()
            && w.as_ref().is_none_or(|(x, _)| x != what)
        {
            *w = Some((what.clone(), Instant::now()));
        }
        if let Event::StageFinished { .. } = &event
            && let Ok(mut w) = self.waiting.lock()
        {
            *w = None;
        }
        if let Ok(mut s) = self.summary.lock() {
            s.record(&event);
        }
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
                retrying_text(&operation, &code, attempt, retry_in_s)
            ),
            Event::StageStarted { stage } => {
                let title = StageId::parse(&stage)
                    .map(|id| keystore_engine::i18n::stage(id).title.to_string())
                    // Day two's operations are not setup stages.
                    .unwrap_or_else(|| {
                        keystore_engine::i18n::t(&format!("d2.title.{stage}")).to_string()
                    });
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
                let call = format!("{service}:{operation}");
                let read = is_read(&operation);
                match error_code {
                    // A read that finds nothing is an answer (checked before a create), not a
                    // failure.
                    Some(c) if read && classify(&c) == ErrorKind::NotFound => format!(
                        "[{t:7.1}s]     {}",
                        tf(
                            "h.not_found",
                            &[("call", &call), ("code", &c), ("ms", &duration_ms)]
                        )
                    ),
                    Some(c) => format!("[{t:7.1}s]     {call} {outcome} {c} ({duration_ms} ms)"),
                    None => format!("[{t:7.1}s]     {call} {outcome} ({duration_ms} ms)"),
                }
            }
            // Listed in the summary at the end; the creating call is the line before.
            Event::ResourceCreated { .. } | Event::ResourceAdopted { .. } => return,
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
                            ("status", &status.words())
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
            } => {
                let reads = self.reads.swap(0, std::sync::atomic::Ordering::Relaxed);
                let mut line = format!("[{t:7.1}s] <== {stage} {outcome} in {elapsed_s:.1}s");
                if reads > 0 {
                    line.push_str(&format!(" ({})", tf("h.reads", &[("n", &reads)])));
                }
                line
            }
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
                self.clear_live();
                if let Ok(s) = self.summary.lock() {
                    for line in summary_lines(&s) {
                        say(&line);
                    }
                }
                format!("[{t:7.1}s] {outcome} (exit {exit_code})")
            }
            Event::Notice { code, args, .. } => format!(
                "[{t:7.1}s]     {}",
                keystore_engine::run::events::notice_text(&code, &args)
            ),
        };
        self.clear_live();
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
