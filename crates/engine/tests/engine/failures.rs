use crate::support::{KMSUSER, Rig};
use keystore_engine::run::events::Event;
use keystore_facts::pki::{KeyBits, RootCa};
use keystore_sandbox::client::sdk_config;
use keystore_sandbox::faults::{FaultKind, FaultRule};

#[tokio::test]
async fn a_caller_without_create_service_linked_role_is_stopped_before_any_write() {
    let rig = Rig::new();
    rig.deny("iam:CreateServiceLinkedRole");
    let run = rig.run(None, false).await;
    assert_eq!(run.code, 3);
    let (code, _, fix) = run.error().expect("error");
    assert_eq!(code, "PermissionsMissing");
    assert!(
        fix.iter()
            .any(|f| f.contains("cluster: iam:CreateServiceLinkedRole")),
        "{fix:?}"
    );
    assert!(
        fix.iter()
            .any(|f| f.contains("key_store: iam:CreateServiceLinkedRole")),
        "{fix:?}"
    );
    assert!(rig.mutations().is_empty(), "{:?}", rig.mutations());
}

#[tokio::test]
async fn two_subnets_in_one_az_are_refused_before_the_cluster() {
    let rig = Rig::new();
    let ec2 = aws_sdk_ec2::Client::new(&sdk_config(&rig.sandbox, "us-east-1"));
    let vpc = ec2
        .create_vpc()
        .cidr_block("10.7.0.0/16")
        .send()
        .await
        .expect("vpc")
        .vpc()
        .and_then(|v| v.vpc_id())
        .expect("id")
        .to_string();
    let mut ids = Vec::new();
    for cidr in ["10.7.0.0/24", "10.7.1.0/24"] {
        let s = ec2
            .create_subnet()
            .vpc_id(&vpc)
            .cidr_block(cidr)
            .availability_zone("us-east-1a")
            .send()
            .await
            .expect("subnet");
        ids.push(
            s.subnet()
                .and_then(|s| s.subnet_id())
                .expect("id")
                .to_string(),
        );
    }
    let start = rig.plan.find("[network.create_vpc]").expect("section");
    let end = start + rig.plan[start..].find("\n\n").expect("end");
    let mut rig = rig;
    rig.plan = format!(
        "{}subnet_ids = [\"{}\", \"{}\"]{}",
        &rig.plan[..start],
        ids[0],
        ids[1],
        &rig.plan[end..]
    );
    let run = rig.run(None, false).await;
    assert_eq!(run.code, 3);
    assert_eq!(run.error().map(|e| e.0).as_deref(), Some("OneSubnetPerAz"));
    assert_eq!(rig.counts().0, 0, "no cluster was created");
}

#[tokio::test]
async fn a_trust_anchor_that_does_not_match_is_explained() {
    let rig = Rig::new();
    assert_eq!(rig.run(Some("kmsuser"), false).await.code, 0);
    let other = RootCa::generate(KeyBits::Rsa2048, "Not the cluster's").expect("ca");
    let path = rig.dir.path().join("journal.json");
    let mut journal: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("json");
    journal["facts"]["trust_anchor"] = serde_json::json!(other.cert_pem);
    std::fs::write(&path, serde_json::to_vec(&journal).expect("json")).expect("write");
    let run = rig.run(None, true).await;
    assert_eq!(run.code, 3);
    let (code, _, fix) = run.error().expect("error");
    assert_eq!(code, "IncorrectTrustAnchorException");
    assert!(fix[0].contains("customerCA.crt"), "{fix:?}");
    assert_eq!(rig.counts().2, 0, "no key store");
}

#[tokio::test]
async fn operator_steps_stop_the_run_until_done_and_connect_failure_recovers_on_resume() {
    let mut rig = Rig::new();
    rig.manual = true;
    // The operator's own host: only the connect can tell a missing kmsuser (client_verify.rs
    // has the run where the wizard's client checks it first).
    rig.plan = crate::support::manual_plan();
    let run = rig.run(None, false).await;
    assert_eq!(run.code, 4, "{:?}", run.error());
    let again = rig.run(None, true).await;
    assert_eq!(
        again.code, 4,
        "the cluster is still not ACTIVE: the run stops again with the commands"
    );
    let cluster = rig.cluster_id();
    assert_eq!(
        rig.sandbox
            .cloudhsm_cli(
                &cluster,
                &["cluster".into(), "activate".into()],
                Some("AdminPass2026")
            )
            .exit_code,
        0
    );
    let at_kmsuser = rig.run(None, true).await;
    assert_eq!(
        at_kmsuser.code,
        4,
        "kmsuser instructions: {:?}",
        at_kmsuser.error()
    );
    assert_eq!(
        rig.counts().1,
        2,
        "the second HSM was created once the cluster was ACTIVE"
    );
    // The operator says done (resumes) without showing the wizard anything: it cannot reach
    // their host, so it asks for `user list`'s output and stops again.
    let unproven = rig.run(None, true).await;
    assert_eq!(unproven.code, 4, "{:?}", unproven.error());
    let (code, _, fix) = unproven.error().expect("error");
    assert_eq!(code, "KmsuserListNeeded");
    assert!(fix.iter().any(|f| f.contains("--user-list")), "{fix:?}");
    // What the CLI really prints with no kmsuser yet is caught before CreateCustomKeyStore.
    let list: Vec<String> = vec!["user".into(), "list".into()];
    let real = rig.sandbox.cloudhsm_cli(&cluster, &list, None).stdout;
    let absent = rig.run_pasting(&real).await;
    assert_eq!(absent.code, 3);
    let (code, meaning, _) = absent.error().expect("error");
    assert_eq!(code, "KmsuserNotOnEveryHsm");
    assert!(meaning.contains("absent"), "{meaning}");
    assert_eq!(rig.counts().2, 0, "no key store yet");
    // A list that shows kmsuser (from another cluster, say) passes the paste check: the
    // connect is then what tells.
    let other = r#"{"error_code": 0, "data": {"users": [{"username": "admin", "role": "admin", "locked": "false", "mfa": [], "cluster-coverage": "full"}, {"username": "kmsuser", "role": "crypto-user", "locked": "false", "mfa": [], "cluster-coverage": "full"}]}}"#;
    let failed = rig.run_pasting(other).await;
    assert_eq!(failed.code, 5);
    let (code, meaning, fix) = failed.error().expect("error");
    assert_eq!(code, "USER_NOT_FOUND");
    assert!(meaning.contains("kmsuser"));
    assert!(fix.iter().any(|f| f.contains("setup --resume")));
    assert_eq!(
        rig.store_state(),
        ("FAILED".into(), Some("USER_NOT_FOUND".into()))
    );
    let args: Vec<String> = "user create --username kmsuser --role crypto-user"
        .split(' ')
        .map(str::to_string)
        .collect();
    let login: Vec<String> = "login --username admin --role admin"
        .split(' ')
        .map(str::to_string)
        .collect();
    assert_eq!(
        rig.sandbox
            .cloudhsm_cli(&cluster, &args, Some(KMSUSER))
            .exit_code,
        1,
        "the CLI refuses user management without an admin login"
    );
    assert_eq!(
        rig.sandbox
            .cloudhsm_cli(&cluster, &login, Some("AdminPass2026"))
            .exit_code,
        0
    );
    assert_eq!(
        rig.sandbox
            .cloudhsm_cli(&cluster, &args, Some(KMSUSER))
            .exit_code,
        0
    );
    assert_eq!(
        rig.sandbox
            .cloudhsm_cli(&cluster, &["logout".to_string()], None)
            .exit_code,
        0
    );
    let ok = rig.run(None, true).await;
    assert_eq!(ok.code, 0, "{:?}", ok.error());
    assert_eq!(rig.store_state(), ("CONNECTED".into(), None));
    assert!(
        rig.mutations()
            .contains(&"DisconnectCustomKeyStore".to_string())
    );
    assert_eq!(rig.counts(), (1, 2, 1, 1));
}

#[tokio::test]
async fn lost_responses_and_throttling_make_no_duplicates() {
    let rig = Rig::new();
    {
        let mut f = rig.sandbox.faults();
        for op in ["CreateCluster", "CreateHsm", "CreateKey"] {
            f.push(FaultRule::new(op, FaultKind::LostResponse, Some(1)));
        }
        f.push(FaultRule::new(
            "DescribeClusters",
            FaultKind::Throttle,
            Some(2),
        ));
        f.push(FaultRule::new(
            "DescribeCustomKeyStores",
            FaultKind::Throttle,
            Some(2),
        ));
    }
    let run = rig.run(None, false).await;
    assert_eq!(run.code, 0, "{:?}", run.error());
    assert_eq!(
        rig.counts(),
        (1, 2, 1, 1),
        "exactly one cluster, two HSMs, one key"
    );
    let creates = |op: &str| {
        rig.sandbox
            .requests()
            .iter()
            .filter(|r| r.operation == op)
            .count()
    };
    assert_eq!(creates("CreateCluster"), 1, "never retried blindly");
    assert_eq!(creates("CreateKey"), 1);
}

/// Issue 17: AWS throttles Describe calls under account-wide load; a run that is only reading
/// or waiting rides it out. Ten throttled DescribeClusters in a row and five 500s from
/// DescribeCustomKeyStores in a row, and the setup still reaches the end with no duplicate,
/// each retry reported (the SDK's own three attempts are spent first, then the read's).
#[tokio::test]
async fn a_setup_rides_out_ten_throttles_and_five_failures_in_a_row() {
    let rig = Rig::new();
    {
        let mut f = rig.sandbox.faults();
        f.push(FaultRule::new(
            "DescribeClusters",
            FaultKind::Throttle,
            Some(10),
        ));
        f.push(FaultRule::new(
            "DescribeCustomKeyStores",
            FaultKind::InternalError,
            Some(5),
        ));
    }
    let run = rig.run(None, false).await;
    assert_eq!(run.code, 0, "{:?}", run.error());
    assert_eq!(rig.counts(), (1, 2, 1, 1), "one cluster, two HSMs, one key");
    let retried: Vec<(String, String)> = run
        .events
        .iter()
        .filter_map(|e| match e {
            Event::Retrying {
                operation, code, ..
            } => Some((operation.clone(), code.clone())),
            _ => None,
        })
        .collect();
    assert!(
        retried
            .iter()
            .any(|(op, c)| op == "DescribeClusters" && c == "ThrottlingException"),
        "{retried:?}"
    );
    assert!(
        retried
            .iter()
            .any(|(op, c)| op == "DescribeCustomKeyStores" && c == "KMSInternalException"),
        "{retried:?}"
    );
    let reads = |op: &str| {
        rig.sandbox
            .requests()
            .iter()
            .filter(|r| r.operation == op)
            .count()
    };
    assert!(
        reads("DescribeClusters") > 10,
        "the throttled reads were made again"
    );
}

#[tokio::test]
async fn persistent_throttling_fails_the_step_keeps_the_journal_and_resume_continues() {
    let rig = Rig::new();
    assert_eq!(rig.run(Some("cluster"), false).await.code, 0);
    let journal_before = std::fs::read(rig.dir.path().join("journal.json")).expect("journal");
    rig.sandbox.faults().push(FaultRule::new(
        "DescribeClusters",
        FaultKind::Throttle,
        None,
    ));
    let run = rig.run(None, true).await;
    assert_eq!(run.code, 3);
    let (code, meaning, fix) = run.error().expect("error");
    assert_eq!(code, "ThrottlingException");
    assert!(
        meaning.contains("DescribeClusters"),
        "the message names the operation: {meaning}"
    );
    assert!(fix[0].contains("--resume"));
    let journal_after: serde_json::Value = serde_json::from_slice(
        &std::fs::read(rig.dir.path().join("journal.json")).expect("journal"),
    )
    .expect("json");
    let before: serde_json::Value = serde_json::from_slice(&journal_before).expect("json");
    assert_eq!(
        journal_after["facts"]["cluster_id"], before["facts"]["cluster_id"],
        "progress kept"
    );
    rig.sandbox.faults().clear();
    let resumed = rig.run(None, true).await;
    assert_eq!(resumed.code, 0, "{:?}", resumed.error());
    assert_eq!(rig.counts(), (1, 2, 1, 1));
}

/// B7: right after CreateCluster, AWS may not list the new cluster yet; that is a wait, not drift.
#[tokio::test]
async fn a_cluster_not_yet_visible_after_its_creation_is_waited_for() {
    let rig = Rig::new();
    rig.sandbox.faults().push(FaultRule::new(
        "DescribeClusters",
        FaultKind::StaleRead,
        Some(3),
    ));
    let run = rig.run(None, false).await;
    assert_eq!(run.code, 0, "{:?}", run.error());
    assert_eq!(
        rig.counts(),
        (1, 2, 1, 1),
        "one cluster: the lag made no duplicate"
    );
    let stale = rig
        .sandbox
        .requests()
        .iter()
        .filter(|r| r.operation == "DescribeClusters")
        .count();
    assert!(
        stale >= 4,
        "the missing cluster was read again ({stale} reads)"
    );
}

/// Preflight also simulates what a later teardown's blast-radius check calls: a caller that
/// may not list grants is told so under `teardown`, and the setup still runs to the end.
#[tokio::test]
async fn preflight_tells_of_a_teardown_check_it_may_not_call_without_stopping_the_setup() {
    let rig = Rig::new();
    rig.deny("kms:ListGrants");
    let run = rig.run(None, false).await;
    assert_eq!(run.code, 0, "{:?}", run.error());
    let verdict = |action: &str| {
        run.events.iter().find_map(|e| match e {
            Event::PermissionVerdict {
                stage,
                action: a,
                decision,
            } if stage == "teardown" && a == action => Some(decision.clone()),
            _ => None,
        })
    };
    assert_eq!(verdict("kms:ListGrants").as_deref(), Some("explicitDeny"));
    assert_eq!(
        verdict("cloudtrail:LookupEvents").as_deref(),
        Some("allowed")
    );
    assert_eq!(verdict("kms:DisableKey").as_deref(), Some("allowed"));
}
