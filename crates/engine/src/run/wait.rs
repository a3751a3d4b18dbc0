//! Waiting for AWS: polls with a short first interval (5 s) that doubles up to 10 s and returns
//! to 5 s whenever the observed state changes, so a wait neither hammers AWS (six Describe calls
//! a minute once backed off: 0.1 per second against one cluster) nor sits more than 10 s idle
//! after a change. The cap was 30 s (Terraform's pace) until the benchmark (docs/benchmarks.md)
//! showed it cost up to 30 s of dead time per transition — about 4% of a full setup, the whole
//! overhead budget — to save four calls a minute. Time is the target's: real seconds against
//! AWS, scaled by the sandbox's speed against a served or in-process sandbox, or the sandbox's
//! virtual clock advanced directly (tests: deterministic, instant).
//!
//! A wait is patient: a poll that fails transiently (throttling, a 5xx, a timeout; see
//! `Transient`) after the read's own retries is reported as `Event::Retrying` and polled again
//! at the backed-off pace, until the wait's own budget is spent; only then does the error end
//! the wait. Budgets: a cluster or HSM change 120 minutes, a key store connect or disconnect 30,
//! a teardown's deletion 30, a service-linked role deletion 5 (the stages' and teardown's
//! `*_BUDGET` constants); AWS documents up to 20 minutes for a connect.

use crate::cloud::Transient;
use crate::run::events::{Event, SharedReporter};
use keystore_sandbox::Sandbox;
use std::future::Future;
use std::time::{Duration, Instant};

pub const FIRST_INTERVAL: f64 = 5.0;
pub const MAX_INTERVAL: f64 = 10.0;

/// How waiting passes time.
#[derive(Clone, Debug)]
pub enum Pace {
    /// Real time; `speed` virtual seconds pass per real second (1 for AWS).
    Real { speed: f64 },
    /// Advance this sandbox's virtual clock instead of sleeping.
    Virtual(Sandbox),
}

#[derive(Clone, Debug)]
pub struct Waiter {
    pace: Pace,
}

/// One observation of the thing waited for.
pub enum Poll<T> {
    Ready(T),
    Pending(String),
}

/// A wait that ran out of budget; the state is still moving (or stuck) on AWS's side.
#[derive(Debug, Clone, PartialEq)]
pub struct Exhausted {
    pub what: String,
    pub last_state: String,
    pub waited_s: f64,
}

impl Waiter {
    pub fn new(pace: Pace) -> Self {
        Self { pace }
    }

    pub fn aws() -> Self {
        Self::new(Pace::Real { speed: 1.0 })
    }

    /// Lets `virtual_secs` pass (scaled for a sandbox, advanced directly in tests).
    pub async fn pause(&self, virtual_secs: f64) {
        self.sleep(virtual_secs).await;
    }

    async fn sleep(&self, virtual_secs: f64) {
        match &self.pace {
            Pace::Real { speed } => {
                tokio::time::sleep(Duration::from_secs_f64(virtual_secs / speed.max(1e-9))).await
            }
            Pace::Virtual(sb) => {
                sb.advance(virtual_secs);
                tokio::task::yield_now().await;
            }
        }
    }

    /// Polls `check` until it is ready, the budget (virtual seconds) is spent, or it errs.
    pub async fn until<T, E, F, Fut>(
        &self,
        reporter: &SharedReporter,
        stage: &str,
        what: &str,
        budget: f64,
        mut check: F,
    ) -> Result<Result<T, Exhausted>, E>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<Poll<T>, E>>,
        E: Transient,
    {
        let started = Instant::now();
        let mut waited = 0.0;
        let mut interval = FIRST_INTERVAL;
        let mut last = String::new();
        let mut failed_polls = 0;
        loop {
            let polled = check().await;
            let elapsed_s = match self.pace {
                Pace::Real { speed } => started.elapsed().as_secs_f64() * speed,
                Pace::Virtual(_) => waited,
            };
            let poll = match polled {
                Ok(p) => {
                    failed_polls = 0;
                    p
                }
                Err(e) => {
                    let code = match e.transient_code() {
                        Some(code) if elapsed_s < budget => code.to_string(),
                        _ => return Err(e),
                    };
                    failed_polls += 1;
                    reporter.emit(Event::Retrying {
                        operation: what.into(),
                        code,
                        attempt: failed_polls,
                        retry_in_s: interval,
                    });
                    self.sleep(interval).await;
                    waited += interval;
                    interval = (interval * 2.0).min(MAX_INTERVAL);
                    continue;
                }
            };
            match poll {
                Poll::Ready(v) => return Ok(Ok(v)),
                Poll::Pending(state) => {
                    if state != last {
                        interval = FIRST_INTERVAL;
                        reporter.emit(Event::Waiting {
                            stage: stage.into(),
                            what: what.into(),
                            state: state.clone(),
                            elapsed_s,
                        });
                        last = state;
                    }
                    if elapsed_s >= budget {
                        return Ok(Err(Exhausted {
                            what: what.into(),
                            last_state: last,
                            waited_s: elapsed_s,
                        }));
                    }
                    self.sleep(interval).await;
                    waited += interval;
                    interval = (interval * 2.0).min(MAX_INTERVAL);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloud::{CloudError, ErrorKind};
    use crate::run::events::{Recorder, Silent};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Polls a state that changes at `change_at` (virtual seconds) on a stopped sandbox clock;
    /// returns (polls, seconds between the change and the poll that saw it).
    async fn pace(change_at: f64) -> (usize, f64) {
        let sb = Sandbox::new(keystore_sandbox::SandboxConfig::for_tests()).expect("sandbox");
        let start = sb.now();
        let waiter = Waiter::new(Pace::Virtual(sb.clone()));
        let reporter: SharedReporter = Arc::new(Silent);
        let polls = AtomicUsize::new(0);
        let seen = waiter
            .until(&reporter, "t", "thing", 3600.0, || {
                polls.fetch_add(1, Ordering::SeqCst);
                let now = sb.now() - start;
                async move {
                    Ok::<_, CloudError>(if now >= change_at {
                        Poll::Ready(now)
                    } else {
                        Poll::Pending("CREATING".into())
                    })
                }
            })
            .await
            .expect("no error")
            .expect("within budget");
        (polls.load(Ordering::SeqCst), seen - change_at)
    }

    #[tokio::test]
    async fn polling_backs_off_to_10_s_and_never_idles_longer_after_a_change() {
        for change_at in [1.0, 37.0, 241.0, 599.0, 1199.0] {
            let (polls, dead) = pace(change_at).await;
            assert!(dead <= MAX_INTERVAL, "{change_at}: saw it {dead} s late");
            // Not a hot loop: six polls a minute once backed off.
            let per_minute = polls as f64 / ((change_at + dead) / 60.0).max(1.0);
            assert!(per_minute <= 12.0, "{change_at}: {polls} polls");
        }
        let (polls, _) = pace(1199.0).await;
        assert!((119..=123).contains(&polls), "20 minutes: {polls} polls");
    }

    fn error(kind: ErrorKind, code: &str) -> CloudError {
        CloudError::new("DescribeClusters", kind, code, "")
    }

    /// Polls that fail `failures` times with `kind`, then succeed; the outcome and the events.
    async fn flaky(
        kind: ErrorKind,
        failures: usize,
        budget: f64,
    ) -> (Result<Result<(), Exhausted>, CloudError>, Vec<Event>) {
        let sb = Sandbox::new(keystore_sandbox::SandboxConfig::for_tests()).expect("sandbox");
        let waiter = Waiter::new(Pace::Virtual(sb));
        let recorder = Arc::new(Recorder::default());
        let reporter: SharedReporter = recorder.clone();
        let polls = AtomicUsize::new(0);
        let out = waiter
            .until(&reporter, "t", "cluster", budget, || {
                let n = polls.fetch_add(1, Ordering::SeqCst);
                async move {
                    if n < failures {
                        Err(error(kind, "ThrottlingException"))
                    } else {
                        Ok(Poll::Ready(()))
                    }
                }
            })
            .await;
        (out, recorder.events())
    }

    #[tokio::test]
    async fn a_wait_rides_out_throttled_and_failed_polls() {
        for kind in [
            ErrorKind::Throttled,
            ErrorKind::Internal,
            ErrorKind::Timeout,
        ] {
            let (out, events) = flaky(kind, 10, 3600.0).await;
            assert!(matches!(out, Ok(Ok(()))), "{kind:?}: {out:?}");
            let retries: Vec<u32> = events
                .iter()
                .filter_map(|e| match e {
                    Event::Retrying { attempt, .. } => Some(*attempt),
                    _ => None,
                })
                .collect();
            assert_eq!(retries, (1..=10).collect::<Vec<u32>>(), "{kind:?}");
        }
    }

    #[tokio::test]
    async fn a_wait_ends_on_a_real_error_at_once_and_on_a_transient_one_at_its_budget() {
        let (out, events) = flaky(ErrorKind::AccessDenied, 1, 3600.0).await;
        assert!(matches!(out, Err(e) if e.kind == ErrorKind::AccessDenied));
        assert!(events.iter().all(|e| !matches!(e, Event::Retrying { .. })));
        // Throttled for longer than the budget: the error ends the wait, not a hang.
        let (out, events) = flaky(ErrorKind::Throttled, 1000, 120.0).await;
        assert!(
            matches!(out, Err(ref e) if e.kind == ErrorKind::Throttled),
            "{out:?}"
        );
        let retries = events
            .iter()
            .filter(|e| matches!(e, Event::Retrying { .. }))
            .count();
        assert!((10..=20).contains(&retries), "{retries} retries in 120 s");
    }
}
