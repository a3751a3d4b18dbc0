//! What a teardown leaves behind, tried on a `launch` run: with `--delete-backups`, the backup
//! CloudHSM takes as the last HSM goes (it appears only after the plan was computed) is deleted
//! in the same run, so no READY backup is left; the subnets and the VPC the wizard created are
//! gone at the end, with the client's pieces; a VPC the plan adopted is never touched.

use crate::support::{Rig, cloud};
use keystore_engine::inventory;
use keystore_engine::run::journal::Journal;
use keystore_engine::run::wait::{Pace, Waiter};
use keystore_engine::teardown::{self, Options};

fn opts(delete_backups: bool) -> Options {
    Options {
        window_days: 7,
        delete_backups,
        ..Options::default()
    }
}

pub(crate) async fn teardown(rig: &Rig, opts: &Options) -> teardown::Executed {
    let c = cloud(rig).await;
    let inv = inventory::scan(&c, Some(vec!["us-east-1".into()]))
        .await
        .expect("scan");
    let steps = teardown::plan(&inv, opts, rig.sandbox.now() as i64);
    let mut journal = Journal::open(&rig.dir.path().join("teardown")).expect("journal");
    journal
        .begin("teardown-test", "us-east-1", "sandbox")
        .expect("begin");
    let waiter = Waiter::new(Pace::Virtual(rig.sandbox.clone()));
    teardown::execute_all(
        &c,
        &steps,
        opts,
        Some(vec!["us-east-1".into()]),
        || rig.sandbox.now() as i64,
        &waiter,
        c.reporter(),
        &mut journal,
    )
    .await
    .expect("execute")
}

/// The sandbox's view of where key material is: (HSM id → keys) and (backup id → keys).
/// (holder id, the KMS key ids it holds).
pub(crate) type Holders = Vec<(String, Vec<String>)>;

pub(crate) fn material(rig: &Rig) -> (Holders, Holders) {
    let v = rig.sandbox.inspect();
    let r = &v["us-east-1"];
    let list = |x: &serde_json::Value| -> Vec<String> {
        x.as_array()
            .into_iter()
            .flatten()
            .filter_map(|k| k.as_str().map(str::to_string))
            .collect()
    };
    let hsms = r["clusters"]
        .as_object()
        .into_iter()
        .flat_map(|m| m.values())
        .flat_map(|c| c["hsms"].as_object().cloned().unwrap_or_default())
        .map(|(h, x)| (h, list(&x["keys"])))
        .collect();
    let backups = r["backups"]
        .as_object()
        .into_iter()
        .flat_map(|m| m.iter())
        .map(|(b, x)| (b.clone(), list(&x["keys"])))
        .collect();
    (hsms, backups)
}

fn the_key(rig: &Rig) -> String {
    rig.sandbox
        .with_world(|w| w.region_mut("us-east-1").keys.keys().next().cloned())
        .expect("the run's KMS key")
}

/// (backup id, state) of every backup in us-east-1.
fn backups(rig: &Rig) -> Vec<(String, String)> {
    rig.sandbox.with_world(|w| {
        w.region_mut("us-east-1")
            .backups
            .values()
            .map(|b| (b.id.clone(), b.state.clone()))
            .collect()
    })
}

#[tokio::test]
async fn the_backup_taken_as_the_last_hsm_goes_is_deleted_and_the_wizards_vpc_goes_too() {
    let rig = Rig::new();
    assert_eq!(rig.run(None, false).await.code, 0);
    let key = the_key(&rig);
    let (hsms, _) = material(&rig);
    assert_eq!(hsms.len(), 2);
    assert!(
        hsms.iter().all(|(_, keys)| keys == &vec![key.clone()]),
        "{hsms:?}"
    );
    let before = backups(&rig);
    let (vpc, default_vpcs) = rig.sandbox.with_world(|w| {
        let r = w.region_mut("us-east-1");
        let ours = r
            .vpcs
            .values()
            .find(|v| !v.is_default)
            .map(|v| v.id.clone())
            .expect("the wizard's VPC");
        (ours, r.vpcs.values().filter(|v| v.is_default).count())
    });
    let done = teardown(&rig, &opts(true)).await;
    assert!(
        done.results.iter().all(|d| d.outcome.is_ok()),
        "{:#?}",
        done.results
    );
    let after = backups(&rig);
    let new: Vec<&(String, String)> = after
        .iter()
        .filter(|(id, _)| !before.iter().any(|(b, _)| b == id))
        .collect();
    assert!(!new.is_empty(), "deleting the HSMs took a backup");
    assert!(
        after.iter().all(|(_, state)| state == "PENDING_DELETION"),
        "no READY backup left, the late one included: {after:?}"
    );
    let late = &new[0].0;
    // It holds the key material the last HSM had: why it must go too.
    let (hsms, held) = material(&rig);
    assert!(hsms.is_empty(), "{hsms:?}");
    assert!(
        held.iter()
            .any(|(b, keys)| b == late && keys.contains(&key)),
        "{held:?}"
    );
    assert!(
        done.results
            .iter()
            .any(|d| d.action == "delete_backup" && &d.target == late),
        "{:#?}",
        done.results
    );
    // The network: subnets first, then the VPC, each confirmed gone.
    let actions: Vec<&str> = done.results.iter().map(|d| d.action.as_str()).collect();
    let subnet_at = actions
        .iter()
        .position(|a| *a == "delete_subnet")
        .expect("subnets");
    let vpc_at = actions
        .iter()
        .position(|a| *a == "delete_vpc")
        .expect("vpc");
    let cluster_at = actions
        .iter()
        .position(|a| *a == "delete_cluster")
        .expect("cluster");
    assert!(cluster_at < subnet_at && subnet_at < vpc_at, "{actions:?}");
    let left = rig.sandbox.with_world(|w| {
        let r = w.region_mut("us-east-1");
        (
            r.vpcs.contains_key(&vpc),
            r.subnets.values().filter(|s| s.vpc_id == vpc).count(),
            r.vpcs.values().filter(|v| v.is_default).count(),
        )
    });
    assert_eq!(
        left,
        (false, 0, default_vpcs),
        "the default VPC is untouched"
    );
    // A second run has no network step left to do.
    let again = teardown(&rig, &opts(true)).await;
    assert!(
        !again
            .results
            .iter()
            .any(|d| d.action == "delete_vpc" || d.action == "delete_subnet"),
        "{:#?}",
        again.results
    );
}

#[tokio::test]
async fn without_delete_backups_the_late_backup_stays_and_an_adopted_vpc_is_untouched() {
    let mut rig = Rig::new();
    // The plan adopts two subnets of the default VPC (network.subnet_ids).
    let subnets: Vec<String> = rig.sandbox.with_world(|w| {
        w.region_mut("us-east-1")
            .subnets
            .values()
            .filter(|s| s.default_for_az)
            .take(2)
            .map(|s| s.id.clone())
            .collect()
    });
    let plan = crate::support::manual_plan();
    let (head, rest) = plan.split_once("[network]").expect("network");
    let (_, tail) = rest.split_once("[cluster]").expect("cluster");
    rig.plan = format!(
        "{head}[network]\nsubnet_ids = [\"{}\", \"{}\"]\n\n[cluster]{tail}",
        subnets[0], subnets[1]
    );
    assert_eq!(rig.run(None, false).await.code, 0, "adopted subnets");
    let vpcs_before = rig
        .sandbox
        .with_world(|w| w.region_mut("us-east-1").vpcs.len());
    let done = teardown(&rig, &opts(false)).await;
    assert!(
        done.results.iter().all(|d| d.outcome.is_ok()),
        "{:#?}",
        done.results
    );
    assert!(
        !done
            .results
            .iter()
            .any(|d| d.action.starts_with("delete_subnet") || d.action == "delete_vpc"),
        "{:#?}",
        done.results
    );
    let after = rig.sandbox.with_world(|w| {
        let r = w.region_mut("us-east-1");
        (
            r.vpcs.len(),
            subnets.iter().all(|s| r.subnets.contains_key(s)),
        )
    });
    assert_eq!(after, (vpcs_before, true));
    assert!(
        backups(&rig).iter().any(|(_, s)| s == "READY"),
        "backups are kept unless asked: {:?}",
        backups(&rig)
    );
    // The sandbox shows the key material still in a kept backup: what the plan said.
    let key = the_key(&rig);
    let (_, held) = material(&rig);
    assert!(held.iter().any(|(_, keys)| keys.contains(&key)), "{held:?}");
    // What is left says where the key material still is.
    let c = cloud(&rig).await;
    let inv = inventory::scan(&c, Some(vec!["us-east-1".into()]))
        .await
        .expect("scan");
    let kept: Vec<String> = teardown::plan(&inv, &opts(false), rig.sandbox.now() as i64)
        .iter()
        .filter(|s| s.action == "delete_backup")
        .map(|s| s.status_reason())
        .collect();
    assert!(!kept.is_empty());
    assert!(
        kept.iter()
            .all(|r| r.contains("key material") && r.contains("restoring")),
        "{kept:?}"
    );
}

/// The shred order on the sandbox: the first run schedules the keys and keeps the store
/// CONNECTED with one HSM; once KMS has deleted the keys (past the waiting period), the next
/// run deletes the store, the HSM, the cluster and every backup, with no --delete-backups.
#[tokio::test]
async fn shred_keeps_the_store_connected_until_kms_deleted_the_keys_then_everything_goes() {
    let rig = Rig::new();
    assert_eq!(rig.run(None, false).await.code, 0);
    let shred = Options {
        order: teardown::Order::Shred,
        window_days: 7,
        ..Options::default()
    };
    let first = teardown(&rig, &shred).await;
    assert!(
        first.results.iter().all(|d| d.outcome.is_ok()),
        "{:#?}",
        first.results
    );
    let world = |rig: &Rig| {
        rig.sandbox.with_world(|w| {
            let r = w.region_mut("us-east-1");
            (
                r.key_stores
                    .values()
                    .map(|s| s.state.clone())
                    .collect::<Vec<_>>(),
                r.clusters
                    .values()
                    .map(|c| {
                        let live = c.hsms.values().filter(|h| h.state == "ACTIVE").count();
                        (c.state.clone(), live)
                    })
                    .collect::<Vec<_>>(),
                r.keys.len(),
            )
        })
    };
    assert_eq!(
        world(&rig),
        (
            vec!["CONNECTED".to_string()],
            vec![("ACTIVE".to_string(), 1)],
            1
        ),
        "connected, one HSM, the key pending deletion"
    );
    assert!(first.come_back.is_some(), "the date to come back is given");
    assert!(
        !first.results.iter().any(|d| d.action == "delete_vpc"),
        "the network stays while the cluster does"
    );
    let key = the_key(&rig);
    let (hsms, _) = material(&rig);
    assert!(
        hsms.iter().any(|(_, keys)| keys.contains(&key)),
        "the kept HSM holds it: {hsms:?}"
    );
    // Past the waiting period: KMS deletes the key from the cluster (the store connected).
    rig.sandbox.advance(8.0 * 86400.0);
    let (hsms, _) = material(&rig);
    assert!(
        !hsms.is_empty() && hsms.iter().all(|(_, keys)| keys.is_empty()),
        "the material is gone from the HSM: {hsms:?}"
    );
    let second = teardown(&rig, &shred).await;
    assert!(
        second.results.iter().all(|d| d.outcome.is_ok()),
        "{:#?}",
        second.results
    );
    let (stores, clusters, keys) = world(&rig);
    assert!(stores.is_empty(), "the store is deleted: {stores:?}");
    assert!(
        clusters.iter().all(|(s, n)| s == "DELETED" && *n == 0),
        "{clusters:?}"
    );
    assert_eq!(keys, 0);
    assert!(
        backups(&rig).iter().all(|(_, s)| s == "PENDING_DELETION"),
        "every backup goes in shred: {:?}",
        backups(&rig)
    );
    assert!(second.results.iter().any(|d| d.action == "delete_vpc"));
    // The daily backups of the waiting period hold the key material; deleted, AWS keeps them
    // restorable for 7 days. After that, nowhere in the account is it left.
    let (hsms, held) = material(&rig);
    assert!(hsms.is_empty());
    assert!(
        held.iter().any(|(_, keys)| keys.contains(&key)),
        "daily backups taken while the key waited hold it until purged: {held:?}"
    );
    // A final status: nothing of the run but backups pending deletion, each with its date.
    let c = crate::support::cloud(&rig).await;
    let inv = keystore_engine::inventory::scan(&c, Some(vec!["us-east-1".into()]))
        .await
        .expect("scan");
    let r = &inv.regions[0];
    assert!(
        r.clusters
            .iter()
            .all(|c| c.state == "DELETED" && c.hsms.is_empty())
            && r.stores.is_empty()
            && r.client.is_empty()
            && r.networks.is_empty(),
        "{r:#?}"
    );
    assert!(!r.backups.is_empty());
    let lines = keystore_engine::i18n::with_lang(keystore_engine::i18n::Lang::En, || {
        keystore_engine::teardown::report::inventory_lines(&inv)
    });
    for b in &r.backups {
        assert_eq!(b.state, "PENDING_DELETION");
        let date = keystore_engine::teardown::exec::day(b.delete_at.expect("purge date"));
        assert!(
            lines
                .iter()
                .any(|l| l.contains(&b.id) && l.contains(&format!("AWS purges it on {date}"))),
            "{lines:#?}"
        );
    }
    rig.sandbox.advance(7.0 * 86400.0 + 1.0);
    let (_, held) = material(&rig);
    assert!(held.is_empty(), "purged: {held:?}");
    assert!(backups(&rig).is_empty());
}
