//! Waiting for AWS: polls with a short first interval that backs off to 30 s (Terraform's pace)
//! and returns to the short interval whenever the observed state changes, so a wait neither
//! hammers AWS nor sits 30 s idle after a change. Time is the target's: real seconds against
//! AWS, scaled by the sandbox's speed against a served or in-process sandbox, or the sandbox's
//! virtual clock advanced directly (tests: deterministic, instant).

use crate::events::{Event, SharedReporter};
use crate::sandbox::Sandbox;
use std::future::Future;
use std::time::{Duration, Instant};

pub const FIRST_INTERVAL: f64 = 5.0;
pub const MAX_INTERVAL: f64 = 30.0;

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
    {
        let started = Instant::now();
        let mut waited = 0.0;
        let mut interval = FIRST_INTERVAL;
        let mut last = String::new();
        loop {
            match check().await? {
                Poll::Ready(v) => return Ok(Ok(v)),
                Poll::Pending(state) => {
                    let elapsed_s = match self.pace {
                        Pace::Real { speed } => started.elapsed().as_secs_f64() * speed,
                        Pace::Virtual(_) => waited,
                    };
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
