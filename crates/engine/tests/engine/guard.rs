//! RELIABILITY A2: the account guard stops a setup before anything is written, by account id
//! or by a blocked term in the account alias (read with ListAccountAliases), and lets it through
//! only with both keys: the flag and the account listed under `bypass` in the config.

use super::support::Rig;
use keystore_engine::run::events::Event;
use keystore_engine::run::guard::Guard;

const ACCOUNT: &str = "123456789012";

fn rig(config: &str, flag: bool, alias: Option<&str>) -> Rig {
    let mut rig = Rig::new();
    rig.guard = Guard::new(config, flag).expect("config");
    if let Some(a) = alias {
        rig.sandbox
            .with_world(|w| w.iam.aliases = vec![a.to_string()]);
    }
    rig
}

fn operations(rig: &Rig) -> Vec<String> {
    rig.sandbox
        .requests()
        .iter()
        .map(|r| r.operation.clone())
        .collect()
}

#[tokio::test]
async fn a_blocked_alias_term_stops_the_setup_before_any_change() {
    let rig = rig(
        "[account_guard]\nblocked_alias_terms = [\"prod\"]\n",
        false,
        Some("acme-prod-payments"),
    );
    let run = rig.run(Some("admin"), false).await;
    assert_eq!(run.code, 2, "a guard refusal is a usage error");
    let (code, meaning, fix) = run.error().expect("error");
    assert_eq!(code, "AccountGuard");
    assert!(meaning.contains("acme-prod-payments"), "{meaning}");
    assert!(
        fix.iter().any(|f| f.contains("--bypass-account-guard")),
        "{fix:?}"
    );
    assert!(rig.mutations().is_empty(), "{:?}", rig.mutations());
    assert!(operations(&rig).contains(&"ListAccountAliases".to_string()));
}

#[tokio::test]
async fn a_blocklisted_account_is_refused_with_one_key_and_runs_with_two() {
    let blocked = format!("[account_guard]\nblocklist = [\"{ACCOUNT}\"]\n");
    // The flag alone.
    let run = rig(&blocked, true, None).run(Some("admin"), false).await;
    assert_eq!(run.code, 2);
    let (_, meaning, fix) = run.error().expect("error");
    assert!(meaning.contains("blocklist"), "{meaning}");
    assert!(fix[1].contains("account_guard.bypass"), "{fix:?}");
    // The config entry alone.
    let listed = format!("{blocked}bypass = [\"{ACCOUNT}\"]\n");
    let one = rig(&listed, false, None);
    let run = one.run(Some("admin"), false).await;
    assert_eq!(run.code, 2);
    assert!(one.mutations().is_empty());
    // Both keys: the run goes on, and says that it bypassed the guard.
    let both = rig(&listed, true, None);
    let run = both.run(Some("admin"), false).await;
    assert_eq!(run.code, 0, "{:?}", run.error());
    assert!(
        run.events.iter().any(|e| matches!(e,
            Event::GuardBypassed { account_id, reason } if account_id == ACCOUNT && reason.contains("blocklist"))),
        "no bypass notice"
    );
    assert!(both.mutations().contains(&"CreateGroup".to_string()));
}

#[tokio::test]
async fn without_blocked_terms_the_alias_is_not_even_read() {
    let rig = rig("", false, Some("acme-prod"));
    let run = rig.run(Some("admin"), false).await;
    assert_eq!(run.code, 0, "setup has no built-in term: {:?}", run.error());
    assert!(!operations(&rig).contains(&"ListAccountAliases".to_string()));
}
