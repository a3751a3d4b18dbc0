use crate::support::{KMSUSER, Rig};
use keystore_engine::run::events::{Event, SlrStatus};
use keystore_sandbox::client::sdk_config;

#[tokio::test]
async fn the_full_setup_ends_connected_with_a_working_key_and_observed_roles() {
    let rig = Rig::new();
    let run = rig.run(None, false).await;
    assert_eq!(run.code, 0, "{:?}", run.error());
    assert_eq!(
        run.slr("AWSServiceRoleForCloudHSM"),
        [("cluster".to_string(), SlrStatus::Created)]
    );
    assert_eq!(
        run.slr("AWSServiceRoleForKeyManagementServiceCustomKeyStores"),
        [("key_store".to_string(), SlrStatus::Created)]
    );
    assert_eq!(
        run.slr("AWSServiceRoleForKeyManagementServiceMultiRegionKeys"),
        [("first_key".to_string(), SlrStatus::NotApplicable)]
    );
    assert_eq!(rig.counts(), (1, 2, 1, 1));
    assert_eq!(rig.store_state(), ("CONNECTED".into(), None));
    let kinds: Vec<String> = run.created().into_iter().map(|(k, _)| k).collect();
    assert_eq!(
        kinds,
        [
            "iam-policy",
            "iam-group",
            "vpc",
            "subnet",
            "subnet",
            "cluster",
            "security-group",
            "security-group",
            "vpc-endpoint",
            "vpc-endpoint",
            "vpc-endpoint",
            "iam-role",
            "instance-profile",
            // client_launch runs beside first_hsm: the HSM is requested while the client's
            // pieces are made, before its instance.
            "hsm",
            "instance",
            "hsm",
            "key-store",
            "kms-key"
        ]
    );

    // The key really works, through an independent client.
    let conf = sdk_config(&rig.sandbox, "us-east-1");
    let kms = aws_sdk_kms::Client::new(&conf);
    let enc = kms
        .encrypt()
        .key_id("alias/keystore-wizard-example")
        .plaintext(aws_sdk_kms::primitives::Blob::new(b"hello".to_vec()))
        .send()
        .await
        .expect("encrypt");
    let dec = kms
        .decrypt()
        .ciphertext_blob(enc.ciphertext_blob().expect("blob").clone())
        .send()
        .await
        .expect("decrypt");
    assert_eq!(
        dec.plaintext().map(|p| p.as_ref().to_vec()),
        Some(b"hello".to_vec())
    );
    let meta = kms
        .describe_key()
        .key_id("alias/keystore-wizard-example")
        .send()
        .await
        .expect("describe");
    assert_eq!(
        meta.key_metadata()
            .and_then(|m| m.origin())
            .map(|o| o.as_str()),
        Some("AWS_CLOUDHSM")
    );

    // The group has exactly the documented policy.
    let iam = aws_sdk_iam::Client::new(&conf);
    let attached = iam
        .list_attached_group_policies()
        .group_name("CloudHsmAdministrator")
        .send()
        .await
        .expect("attached");
    assert_eq!(
        attached.attached_policies()[0].policy_name(),
        Some("CloudHsmAdminPolicy")
    );
    let doc = rig.sandbox.with_world(|w| {
        w.iam
            .policies
            .values()
            .next()
            .map(|p| p.document.clone())
            .unwrap_or_default()
    });
    assert_eq!(
        doc,
        include_str!("../../../../assets/policies/CloudHsmAdminPolicy.json")
    );

    // No secret reached the journal or the run folder.
    for entry in std::fs::read_dir(rig.dir.path()).expect("dir") {
        let bytes = std::fs::read(entry.expect("entry").path()).expect("read");
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains(KMSUSER) && !text.contains("AdminPass2026"),
            "a secret was written to disk"
        );
        assert!(
            !text.contains("PRIVATE KEY"),
            "the CA key is discarded unless asked for"
        );
    }
    let ca =
        std::fs::read_to_string(rig.dir.path().join("customerCA.crt")).expect("customerCA.crt");
    assert!(ca.starts_with("-----BEGIN CERTIFICATE-----"));
    assert!(
        run.events
            .iter()
            .any(|e| matches!(e, Event::Done { exit_code: 0, .. }))
    );
}

#[tokio::test]
async fn a_second_complete_run_creates_nothing() {
    let rig = Rig::new();
    assert_eq!(rig.run(None, false).await.code, 0);
    let before = rig.mutations().len();
    let again = rig.run(None, false).await;
    assert_eq!(again.code, 0, "{:?}", again.error());
    assert!(again.created().is_empty(), "{:?}", again.created());
    assert_eq!(
        rig.mutations()[before..],
        [] as [String; 0],
        "no mutating call the second time"
    );
    assert_eq!(rig.counts(), (1, 2, 1, 1));
}

#[tokio::test]
async fn every_api_call_is_reported_with_its_cli_equivalent_and_no_password() {
    let rig = Rig::new();
    let run = rig.run(None, false).await;
    let calls: Vec<(String, String)> = run
        .events
        .iter()
        .filter_map(|e| match e {
            Event::ApiCall { operation, cli, .. } => Some((operation.clone(), cli.clone())),
            _ => None,
        })
        .collect();
    assert!(calls.len() > 30);
    let create = calls
        .iter()
        .find(|(op, _)| op == "CreateCustomKeyStore")
        .expect("create store");
    assert!(
        create.1.starts_with("aws kms create-custom-key-store ")
            && create.1.contains("--key-store-password '****'"),
        "{}",
        create.1
    );
    assert!(calls.iter().all(|(_, cli)| !cli.contains(KMSUSER)));
    let json = serde_json::to_string(&run.events).expect("json");
    assert!(!json.contains(KMSUSER) && !json.contains("AdminPass2026"));
}

#[tokio::test]
async fn the_ca_key_is_written_only_on_request_with_mode_0600_and_never_overwritten() {
    use std::os::unix::fs::PermissionsExt;
    let mut rig = Rig::new();
    let key_dir = tempfile::tempdir().expect("dir");
    let key_path = key_dir.path().join("customerCA.key");
    rig.plan = rig.plan.replace(
        "# ca_key_path = \"/secure/place/customerCA.key\"",
        &format!("ca_key_path = \"{}\"", key_path.display()),
    );
    let run = rig.run(Some("initialize"), false).await;
    assert_eq!(run.code, 0, "{:?}", run.error());
    let mode = std::fs::metadata(&key_path)
        .expect("key written")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
    assert!(
        std::fs::read_to_string(&key_path)
            .expect("read")
            .contains("PRIVATE KEY")
    );
    // A second run that would write it again refuses to overwrite.
    let other = Rig {
        plan: rig.plan.clone(),
        ..Rig::new()
    };
    let again = other.run(Some("initialize"), false).await;
    assert_eq!(again.code, 3);
    assert_eq!(
        again.error().map(|e| e.0).as_deref(),
        Some("CaKeyNotWritten")
    );
}
