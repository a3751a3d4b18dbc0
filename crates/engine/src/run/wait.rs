//! Waiting for AWS: polls with a short first interval (5 s) that doubles up to 10 s and returns
//! to 5 s whenever the observed state changes, so a wait neither hammers AWS (six Describe calls
//! a minute once backed off: 0.1 per second against one cluster) nor sits more than 10 s idle
//! after a change. The cap was 30 s (Terraform's pace) until the benchmark (docs/benchmarks.md)
//! showed it cost up to 30 s of dead time per transition — about 4% of a full setup, the whole
//! overhead budget — to save four calls a minute. Time is the target's: real seconds against
//! AWS, scaled by the sandbox's speed against a served or in-process sandbox, or the sandbox's
//! virtual clock advanced directly (tests: deterministic, instant).

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run::events::Silent;
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
                    Ok::<_, ()>(if now >= change_at {
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
}
