//! The kill-and-resume sweep, teardown half: for every mutating call k of a teardown, in both
//! orders, let AWS apply call k, kill the teardown before it hears back, run the teardown
//! again from a fresh scan, and compare the account with an uninterrupted teardown's — nothing
//! deleted twice (every result of the second run is Ok), nothing forgotten.

use crate::support::Rig;
use keystore_engine::inventory;
use keystore_engine::run::journal::Journal;
use keystore_engine::run::wait::{Pace, Waiter};
use keystore_engine::teardown::{self, Options, Order};
use keystore_sandbox::Sandbox;
use std::time::Duration;

fn opts(order: Order) -> Options {
    Options {
        order,
        window_days: 7,
        delete_backups: true,
        ..Options::default()
    }
}

/// One teardown that owns what it uses (so it can be spawned and aborted): scan, plan, execute.
async fn teardown_owned(sandbox: Sandbox, dir: std::path::PathBuf, order: Order) -> usize {
    let reporter: keystore_engine::run::events::SharedReporter =
        std::sync::Arc::new(keystore_engine::run::events::Silent);
    let c = keystore_engine::cloud::Cloud::connect(
        &keystore_engine::cloud::Target::Sandbox(sandbox.clone()),
        Some("us-east-1"),
        reporter,
    )
    .await
    .expect("cloud");
    let regions = Some(vec!["us-east-1".to_string()]);
    let inv = inventory::scan(&c, regions.clone()).await.expect("scan");
    let o = opts(order);
    let steps = teardown::plan(&inv, &o, sandbox.now() as i64);
    let mut journal = Journal::open(&dir).expect("journal");
    if journal.run().is_none() {
        journal
            .begin("teardown-sweep", "us-east-1", "sandbox")
            .expect("begin");
    }
    let waiter = Waiter::new(Pace::Virtual(sandbox.clone()));
    let now = || sandbox.now() as i64;
    let done = teardown::execute_all(
        &c,
        &steps,
        &o,
        regions,
        now,
        &waiter,
        c.reporter(),
        &mut journal,
    )
    .await
    .expect("execute");
    let failed: Vec<_> = done.results.iter().filter(|d| d.outcome.is_err()).collect();
    assert!(failed.is_empty(), "{failed:#?}");
    done.results.len()
}

/// What a teardown leaves: the setup's fingerprint and the pieces it does not cover.
fn leftovers(rig: &Rig) -> Vec<String> {
    let mut out = rig.fingerprint();
    out.extend(rig.sandbox.with_world(|w| {
        let r = w.region_mut("us-east-1");
        let mut backups: Vec<String> = r.backups.values().map(|b| b.state.clone()).collect();
        backups.sort();
        vec![
            format!("backups {backups:?}"),
            format!(
                "instances {}",
                r.instances
                    .values()
                    .filter(|i| i.terminated_at.is_none())
                    .count()
            ),
            format!("endpoints {}", r.endpoints.len()),
            format!(
                "groups {}",
                r.security_groups
                    .values()
                    .filter(|g| g.name != "default")
                    .count()
            ),
        ]
    }));
    out
}

async fn sweep(order: Order) {
    let reference = Rig::new();
    assert_eq!(reference.run(None, false).await.code, 0);
    let before = reference.mutations().len();
    teardown_owned(
        reference.sandbox.clone(),
        reference.dir.path().join("teardown"),
        order,
    )
    .await;
    let expected = leftovers(&reference);
    let points = reference.mutations().len() - before;
    assert!(points >= 8, "a teardown makes {points} mutating calls");
    for k in 1..=points {
        let rig = Rig::new();
        assert_eq!(rig.run(None, false).await.code, 0);
        rig.sandbox.kill_after_mutation(Some(k));
        let task = tokio::spawn(teardown_owned(
            rig.sandbox.clone(),
            rig.dir.path().join("teardown"),
            order,
        ));
        let mut polls = 0;
        while !rig.sandbox.was_killed() {
            assert!(
                !task.is_finished(),
                "the teardown ended before mutating call {k}"
            );
            polls += 1;
            assert!(polls < 20_000, "mutating call {k} never came");
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        task.abort();
        let _ = task.await;
        rig.sandbox.kill_after_mutation(None);
        teardown_owned(rig.sandbox.clone(), rig.dir.path().join("teardown"), order).await;
        assert_eq!(
            leftovers(&rig),
            expected,
            "{order:?}: end state after a kill at mutating call {k}"
        );
    }
    eprintln!(
        "teardown sweep ({order:?}): {points} kill points, each resumed to the same end state"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stop_billing_teardown_killed_after_any_mutating_call_resumes_to_the_same_end() {
    sweep(Order::StopBilling).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shred_teardown_killed_after_any_mutating_call_resumes_to_the_same_end() {
    sweep(Order::Shred).await;
}
