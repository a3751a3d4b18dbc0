//! A `launch` run with the operator steps left to a person: the run stops with the Session
//! Manager command for the wizard's own client (no `--password` anywhere), and after the
//! kmsuser step it checks the operator's word with `cloudhsm-cli user list` through SSM — a
//! missing kmsuser, then one created on a single HSM only, are each caught before
//! `CreateCustomKeyStore`, with the fix; once kmsuser is on every HSM the run connects and the
//! client is terminated. No password reaches any recorded request.

use crate::support::{KMSUSER, Rig};
use keystore_engine::run::events::Event;

const ADMIN: &str = "AdminPass2026";

fn cli(rig: &Rig, line: &str, password: Option<&str>) -> i32 {
    let args: Vec<String> = line.split(' ').map(str::to_string).collect();
    rig.sandbox
        .cloudhsm_cli(&rig.cluster_id(), &args, password)
        .exit_code
}

#[tokio::test]
async fn the_wizards_client_checks_kmsuser_on_every_hsm_before_the_key_store() {
    let mut rig = Rig::new();
    rig.manual = true;
    rig.sandbox.record_bodies(true);
    let at_activate = rig.run(None, false).await;
    assert_eq!(at_activate.code, 4, "{:?}", at_activate.error());
    let commands: Vec<String> = at_activate
        .events
        .iter()
        .filter_map(|e| match e {
            Event::OperatorAction { commands, .. } => Some(commands.clone()),
            _ => None,
        })
        .flatten()
        .collect();
    let instance = rig.sandbox.with_world(|w| {
        w.region_mut("us-east-1")
            .instances
            .keys()
            .next()
            .cloned()
            .expect("the wizard launched a client")
    });
    assert!(
        commands
            .iter()
            .any(|c| c == &format!("aws ssm start-session --target {instance} --region us-east-1")),
        "{commands:#?}"
    );
    assert!(
        !commands.iter().any(|c| c.contains("sudo cp")),
        "the CLI is already prepared"
    );
    assert!(!commands.iter().any(|c| c.contains("--password ")));
    assert_eq!(cli(&rig, "cluster activate", Some(ADMIN)), 0);
    assert_eq!(rig.run(None, true).await.code, 4, "kmsuser instructions");

    let missing = rig.run(None, true).await;
    assert_eq!(missing.code, 3);
    let (code, meaning, fix) = missing.error().expect("error");
    assert_eq!(code, "KmsuserNotOnEveryHsm");
    assert!(meaning.contains("absent"), "{meaning}");
    assert!(fix.iter().any(|f| f.contains("user create")), "{fix:?}");
    assert_eq!(rig.counts().2, 0, "no key store before kmsuser is verified");

    let hsms: Vec<String> = rig.sandbox.with_world(|w| {
        w.region_mut("us-east-1")
            .clusters
            .values()
            .flat_map(|c| c.hsms.keys().cloned())
            .collect()
    });
    assert_eq!(hsms.len(), 2);
    assert_eq!(
        cli(&rig, "login --username admin --role admin", Some(ADMIN)),
        0
    );
    let create =
        |hsm: &str| format!("user create --username kmsuser --role crypto-user --hsms {hsm}");
    assert_eq!(cli(&rig, &create(&hsms[0]), Some(KMSUSER)), 0);
    assert_eq!(cli(&rig, "logout", None), 0);
    let partial = rig.run(None, true).await;
    assert_eq!(partial.code, 3);
    let (code, meaning, _) = partial.error().expect("error");
    assert_eq!(code, "KmsuserNotOnEveryHsm");
    assert!(meaning.contains("partial"), "{meaning}");
    assert_eq!(rig.counts().2, 0, "still no key store");

    assert_eq!(
        cli(&rig, "login --username admin --role admin", Some(ADMIN)),
        0
    );
    assert_eq!(cli(&rig, &create(&hsms[1]), Some(KMSUSER)), 0);
    assert_eq!(cli(&rig, "logout", None), 0);
    let done = rig.run(None, true).await;
    assert_eq!(done.code, 0, "{:?}", done.error());
    assert_eq!(rig.store_state(), ("CONNECTED".into(), None));
    let state = rig.sandbox.with_world(|w| {
        let now = w.now;
        w.region_mut("us-east-1").instances[&instance].state(now).0
    });
    assert!(
        matches!(state, "shutting-down" | "terminated"),
        "the client is terminated once connected: {state}"
    );
    let leaks: Vec<String> = rig
        .sandbox
        .requests()
        .iter()
        .filter(|r| {
            r.body
                .as_deref()
                .is_some_and(|b| b.contains(KMSUSER) || b.contains(ADMIN))
        })
        .map(|r| format!("{}:{}", r.service, r.operation))
        .collect();
    assert!(
        leaks.iter().all(|l| l.starts_with("kms:")),
        "a password reached {leaks:?}"
    );
}
