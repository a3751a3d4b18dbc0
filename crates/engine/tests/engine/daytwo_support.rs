//! The day-two tests' rig: an operation run as its command runs it, the notices it gave, and
//! a kill at a chosen mutating call (the kill-and-resume sweeps).

use crate::support::{EXAMPLE, KMSUSER, Run, parts};
use keystore_engine::run::events::{Event, Recorder};
use keystore_engine::run::guard::Guard;
use keystore_sandbox::Sandbox;
use std::sync::Arc;

/// A day-two operation on `sandbox` in the run at `dir`, as its command runs it: the events,
/// and the exit code (an error is reported as an `Error` event, as the command does).
pub async fn day_two(
    sandbox: Sandbox,
    dir: std::path::PathBuf,
    op: keystore_engine::daytwo::Op,
    args: keystore_engine::daytwo::OpArgs,
) -> Run {
    use keystore_engine::run::events::Reporter;
    let recorder = Arc::new(Recorder::default());
    let p = parts(
        &sandbox,
        &dir,
        EXAMPLE,
        false,
        KMSUSER.into(),
        Guard::default(),
    );
    let code = match keystore_engine::daytwo::run_with(op, p, recorder.clone(), args).await {
        Ok(()) => 0,
        Err(e) => {
            recorder.emit(Event::Error {
                stage: op.as_str().into(),
                code: e.code.clone(),
                meaning: e.meaning.clone(),
                fix: e.fix.clone(),
            });
            e.exit.code()
        }
    };
    Run {
        code,
        events: recorder.events(),
    }
}

/// The codes of a run's `Notice` events, in order.
pub fn notices(run: &Run) -> Vec<String> {
    run.events
        .iter()
        .filter_map(|e| match e {
            Event::Notice { code, .. } => Some(code.clone()),
            _ => None,
        })
        .collect()
}

/// Runs `work` until the sandbox has applied its mutating call `k` and hangs instead of
/// answering (a kill at the worst moment: AWS did it, the caller never heard), then aborts it.
pub async fn kill_at<F>(sandbox: &Sandbox, k: usize, work: F)
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    sandbox.kill_after_mutation(Some(k));
    let task = tokio::spawn(work);
    let mut polls = 0;
    while !sandbox.was_killed() {
        assert!(
            !task.is_finished(),
            "the run ended before mutating call {k}"
        );
        polls += 1;
        assert!(polls < 20_000, "mutating call {k} never came");
        tokio::time::sleep(std::time::Duration::from_millis(1)).await;
    }
    task.abort();
    let _ = task.await;
    sandbox.kill_after_mutation(None);
}
