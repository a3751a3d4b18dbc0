use crate::support::{Aws, PASSWORD, code};
use aws_sdk_ec2::types::Filter;
use keystore_facts::pki::{KeyBits, RootCa};

#[tokio::test]
async fn create_key_store_rules() {
    let aws = Aws::new();
    let ca = RootCa::generate(KeyBits::Rsa2048, "CA").expect("ca");
    let create = |name: &str, cluster: &str, anchor: &str, pw: &str| {
        aws.kms
            .create_custom_key_store()
            .custom_key_store_name(name)
            .cloud_hsm_cluster_id(cluster)
            .trust_anchor_certificate(anchor)
            .key_store_password(pw)
            .send()
    };
    let e = create("S", "cluster-aaaaaaaaaaa", &ca.cert_pem, PASSWORD)
        .await
        .expect_err("no cluster");
    assert_eq!(code(&e), "CloudHsmClusterNotFoundException");

    let (cluster, ca) = aws.active_cluster().await;
    for (pw, why) in [
        ("abc123", "6 characters"),
        ("a".repeat(33).as_str(), "33 characters"),
    ] {
        let e = create("S", &cluster, &ca.cert_pem, pw)
            .await
            .expect_err(why);
        assert_eq!(code(&e), "ValidationException", "{why}");
        assert!(
            !format!("{e:?}").contains(pw),
            "the password is never echoed"
        );
    }
    let other = RootCa::generate(KeyBits::Rsa2048, "Other").expect("ca");
    let e = create("S", &cluster, &other.cert_pem, PASSWORD)
        .await
        .expect_err("anchor");
    assert_eq!(code(&e), "IncorrectTrustAnchorException");
    assert_eq!(
        code(
            &aws.iam
                .get_role()
                .role_name("AWSServiceRoleForKeyManagementServiceCustomKeyStores")
                .send()
                .await
                .expect_err("not yet")
        ),
        "NoSuchEntity"
    );

    // One ACTIVE HSM is not enough: the cluster needs two in different AZs.
    let victim = aws.cluster(&cluster).await.hsms()[1].clone();
    aws.hsm
        .delete_hsm()
        .cluster_id(&cluster)
        .hsm_id(victim.hsm_id())
        .send()
        .await
        .expect("delete");
    aws.advance_minutes(4.0);
    let e = create("S", &cluster, &ca.cert_pem, PASSWORD)
        .await
        .expect_err("one HSM");
    assert_eq!(code(&e), "CloudHsmClusterInvalidConfigurationException");
    aws.create_hsm(&cluster, victim.availability_zone().expect("az"))
        .await;
    aws.advance_minutes(11.0);

    let id = create("ExampleKeyStore", &cluster, &ca.cert_pem, PASSWORD)
        .await
        .expect("create")
        .custom_key_store_id()
        .expect("id")
        .to_string();
    assert!(id.starts_with("cks-"));
    assert_eq!(aws.store_state(&id).await, ("DISCONNECTED".into(), None));
    let role = aws
        .iam
        .get_role()
        .role_name("AWSServiceRoleForKeyManagementServiceCustomKeyStores")
        .send()
        .await
        .expect("role created on first use");
    assert_eq!(
        role.role().map(|r| r.path()),
        Some("/aws-service-role/cks.kms.amazonaws.com/")
    );
    let retry = create("ExampleKeyStore", &cluster, &ca.cert_pem, PASSWORD)
        .await
        .expect("identical retry");
    assert_eq!(
        retry.custom_key_store_id(),
        Some(id.as_str()),
        "same values return the same store"
    );
    let e = create("ExampleKeyStore", &cluster, &ca.cert_pem, "Different123")
        .await
        .expect_err("name");
    assert_eq!(code(&e), "CustomKeyStoreNameInUseException");
    let e = create("Another", &cluster, &ca.cert_pem, PASSWORD)
        .await
        .expect_err("in use");
    assert_eq!(code(&e), "CloudHsmClusterInUseException");
    let direct = aws
        .iam
        .create_service_linked_role()
        .aws_service_name("cks.kms.amazonaws.com")
        .send()
        .await
        .expect_err("not directly");
    assert_eq!(code(&direct), "InvalidInput");
}

#[tokio::test]
async fn a_cluster_that_is_not_active_is_refused() {
    let aws = Aws::new();
    let subnets = aws.subnets(2).await;
    let cluster = aws.create_cluster(2).await;
    aws.advance_minutes(5.0);
    aws.create_hsm(&cluster, &subnets[0].0).await;
    aws.advance_minutes(11.0);
    let csr = aws
        .cluster(&cluster)
        .await
        .certificates()
        .and_then(|c| c.cluster_csr())
        .expect("csr")
        .to_string();
    let ca = RootCa::generate(KeyBits::Rsa2048, "CA").expect("ca");
    let signed = ca.sign_csr(&csr, 30).expect("sign");
    aws.hsm
        .initialize_cluster()
        .cluster_id(&cluster)
        .signed_cert(signed)
        .trust_anchor(&ca.cert_pem)
        .send()
        .await
        .expect("init");
    aws.advance_minutes(6.0);
    let e = aws
        .kms
        .create_custom_key_store()
        .custom_key_store_name("S")
        .cloud_hsm_cluster_id(&cluster)
        .trust_anchor_certificate(&ca.cert_pem)
        .key_store_password(PASSWORD)
        .send()
        .await
        .expect_err("initialized only");
    assert_eq!(code(&e), "CloudHsmClusterNotActiveException");
}

#[tokio::test]
async fn the_tenth_store_is_the_last() {
    let aws = Aws::new();
    let (cluster, ca) = aws.active_cluster().await;
    aws.sandbox.with_world(|w| {
        let r = w.region_mut("us-east-1");
        for i in 0..10 {
            let id = format!("cks-{i:017}");
            r.key_stores.insert(
                id.clone(),
                keystore_sandbox::model::KeyStore {
                    id,
                    name: format!("other-{i}"),
                    cluster_id: format!("cluster-other{i:05}"),
                    trust_anchor: String::new(),
                    password_digest: String::new(),
                    state: "DISCONNECTED".into(),
                    error_code: None,
                    created: 0.0,
                    security_group: None,
                    enis: vec![],
                },
            );
        }
    });
    let e = aws
        .kms
        .create_custom_key_store()
        .custom_key_store_name("eleventh")
        .cloud_hsm_cluster_id(&cluster)
        .trust_anchor_certificate(&ca.cert_pem)
        .key_store_password(PASSWORD)
        .send()
        .await
        .expect_err("limit");
    assert_eq!(code(&e), "LimitExceededException");
}

#[tokio::test]
async fn connect_succeeds_with_network_and_disconnect_removes_it() {
    let aws = Aws::new();
    let (cluster, store) = aws.connected_store().await;
    let sgs = aws
        .ec2
        .describe_security_groups()
        .filters(
            Filter::builder()
                .name("group-name")
                .values(format!("kms-{store}"))
                .build(),
        )
        .send()
        .await
        .expect("sg");
    assert_eq!(sgs.security_groups().len(), 1);
    let sg = sgs.security_groups()[0].group_id().expect("id").to_string();
    let enis = aws
        .ec2
        .describe_network_interfaces()
        .filters(Filter::builder().name("group-id").values(&sg).build())
        .send()
        .await
        .expect("enis");
    assert_eq!(
        enis.network_interfaces().len(),
        2,
        "one ENI per cluster subnet"
    );
    let e = aws
        .kms
        .update_custom_key_store()
        .custom_key_store_id(&store)
        .new_custom_key_store_name("renamed")
        .send()
        .await
        .expect_err("connected");
    assert_eq!(code(&e), "CustomKeyStoreInvalidStateException");
    let e = aws
        .kms
        .delete_custom_key_store()
        .custom_key_store_id(&store)
        .send()
        .await
        .expect_err("connected");
    assert_eq!(code(&e), "CustomKeyStoreInvalidStateException");
    aws.kms
        .disconnect_custom_key_store()
        .custom_key_store_id(&store)
        .send()
        .await
        .expect("disconnect");
    assert_eq!(aws.store_state(&store).await.0, "DISCONNECTING");
    aws.advance_minutes(2.0);
    assert_eq!(aws.store_state(&store).await.0, "DISCONNECTED");
    let e = aws
        .kms
        .disconnect_custom_key_store()
        .custom_key_store_id(&store)
        .send()
        .await
        .expect_err("twice");
    assert_eq!(code(&e), "CustomKeyStoreInvalidStateException");
    let sgs = aws
        .ec2
        .describe_security_groups()
        .filters(
            Filter::builder()
                .name("group-name")
                .values(format!("kms-{store}"))
                .build(),
        )
        .send()
        .await
        .expect("sg");
    assert!(sgs.security_groups().is_empty());
    // KMS rotated kmsuser's password on connect, so reconnecting uses KMS's own copy.
    aws.kms
        .connect_custom_key_store()
        .custom_key_store_id(&store)
        .send()
        .await
        .expect("reconnect");
    aws.advance_minutes(20.0);
    assert_eq!(aws.store_state(&store).await.0, "CONNECTED");
    let _ = cluster;
}

/// Arranges a store in a given broken state, connects, and returns the settled state.
async fn connect_outcome(arrange: impl AsyncFnOnce(&Aws, &str, &str)) -> (String, Option<String>) {
    let aws = Aws::new();
    let (cluster, ca) = aws.active_cluster().await;
    let store = aws.key_store(&cluster, &ca, "S").await;
    arrange(&aws, &cluster, &store).await;
    let connect = aws
        .kms
        .connect_custom_key_store()
        .custom_key_store_id(&store)
        .send()
        .await;
    if let Err(e) = connect {
        return ("REFUSED".into(), Some(code(&e)));
    }
    assert_eq!(aws.store_state(&store).await.0, "CONNECTING");
    aws.advance_minutes(20.0);
    aws.store_state(&store).await
}

fn failed(code: &str) -> (String, Option<String>) {
    ("FAILED".into(), Some(code.into()))
}

#[tokio::test]
async fn connect_fails_with_the_code_the_account_implies() {
    assert_eq!(
        connect_outcome(async |_, _, _| {}).await,
        failed("USER_NOT_FOUND")
    );
    assert_eq!(
        connect_outcome(async |aws, c, _| {
            let hsm0 = aws.cluster(c).await.hsms()[0].hsm_id().to_string();
            aws.as_admin(
                c,
                &format!("user create --username kmsuser --role crypto-user --hsms {hsm0}"),
                Some(PASSWORD),
            );
        })
        .await,
        failed("USER_NOT_FOUND"),
        "kmsuser missing on one HSM"
    );
    assert_eq!(
        connect_outcome(async |aws, c, _| {
            aws.as_admin(
                c,
                "user create --username kmsuser --role crypto-user",
                Some("NotTheSame1"),
            );
        })
        .await,
        failed("INVALID_CREDENTIALS")
    );
    assert_eq!(
        connect_outcome(async |aws, c, _| {
            aws.as_admin(
                c,
                "user create --username kmsuser --role crypto-user",
                Some(PASSWORD),
            );
            aws.cli(
                c,
                "login --username kmsuser --role crypto-user",
                Some(PASSWORD),
            );
        })
        .await,
        failed("USER_LOGGED_IN")
    );
    assert_eq!(
        connect_outcome(async |aws, c, _| {
            aws.as_admin(
                c,
                "user create --username kmsuser --role crypto-user",
                Some(PASSWORD),
            );
            aws.sandbox.with_world(|w| {
                let sub = w.region_mut("us-east-1").clusters[c]
                    .subnets
                    .values()
                    .next()
                    .cloned()
                    .unwrap_or_default();
                if let Some(s) = w.region_mut("us-east-1").subnets.get_mut(&sub) {
                    s.reserved = 1_000_000;
                }
            });
        })
        .await,
        failed("INSUFFICIENT_FREE_ADDRESSES_IN_SUBNET")
    );
    assert_eq!(
        connect_outcome(async |aws, c, _| {
            aws.as_admin(
                c,
                "user create --username kmsuser --role crypto-user",
                Some(PASSWORD),
            );
            aws.sandbox.with_world(|w| {
                let sub = w.region_mut("us-east-1").clusters[c]
                    .subnets
                    .values()
                    .next()
                    .cloned()
                    .unwrap_or_default();
                w.region_mut("us-east-1").subnets.remove(&sub);
            });
        })
        .await,
        failed("SUBNET_NOT_FOUND")
    );
    assert_eq!(
        connect_outcome(async |aws, c, _| {
            aws.as_admin(
                c,
                "user create --username kmsuser --role crypto-user",
                Some(PASSWORD),
            );
            for h in aws.cluster(c).await.hsms() {
                aws.hsm
                    .delete_hsm()
                    .cluster_id(c)
                    .hsm_id(h.hsm_id())
                    .send()
                    .await
                    .expect("delete");
            }
            aws.advance_minutes(4.0);
        })
        .await,
        failed("INSUFFICIENT_CLOUDHSM_HSMS")
    );
    assert_eq!(
        connect_outcome(async |aws, c, _| {
            for h in aws.cluster(c).await.hsms() {
                aws.hsm
                    .delete_hsm()
                    .cluster_id(c)
                    .hsm_id(h.hsm_id())
                    .send()
                    .await
                    .expect("delete");
            }
            aws.advance_minutes(4.0);
            aws.hsm
                .delete_cluster()
                .cluster_id(c)
                .send()
                .await
                .expect("delete cluster");
            aws.advance_minutes(3.0);
        })
        .await,
        failed("CLUSTER_NOT_FOUND")
    );
    for forced in ["NETWORK_ERRORS", "INTERNAL_ERROR"] {
        let outcome = connect_outcome(async |aws, c, _| {
            aws.as_admin(
                c,
                "user create --username kmsuser --role crypto-user",
                Some(PASSWORD),
            );
            aws.sandbox.faults().push(
                keystore_sandbox::faults::FaultRule::new(
                    "ConnectCustomKeyStore",
                    keystore_sandbox::faults::FaultKind::ConnectionError,
                    Some(1),
                )
                .with_code(forced),
            );
        })
        .await;
        assert_eq!(outcome, failed(forced));
    }
}

#[tokio::test]
async fn five_bad_logins_lock_kmsuser_out_and_the_documented_fix_recovers() {
    let aws = Aws::new();
    let (cluster, ca) = aws.active_cluster().await;
    aws.as_admin(
        &cluster,
        "user create --username kmsuser --role crypto-user",
        Some("WrongOne123"),
    );
    let store = aws.key_store(&cluster, &ca, "S").await;
    let mut codes = Vec::new();
    for _ in 0..6 {
        aws.kms
            .connect_custom_key_store()
            .custom_key_store_id(&store)
            .send()
            .await
            .expect("connect");
        aws.advance_minutes(20.0);
        codes.push(aws.store_state(&store).await.1.unwrap_or_default());
        let e = aws
            .kms
            .connect_custom_key_store()
            .custom_key_store_id(&store)
            .send()
            .await
            .expect_err("FAILED is sticky");
        assert_eq!(code(&e), "CustomKeyStoreInvalidStateException");
        aws.kms
            .disconnect_custom_key_store()
            .custom_key_store_id(&store)
            .send()
            .await
            .expect("disconnect");
        aws.advance_minutes(2.0);
    }
    assert_eq!(codes[..5], ["INVALID_CREDENTIALS"; 5]);
    assert_eq!(codes[5], "USER_LOCKED_OUT");
    // Fix: the admin changes kmsuser's password, the store is told the same password, connect.
    assert_eq!(
        aws.as_admin(
            &cluster,
            "user change-password --username kmsuser --role crypto-user",
            Some(PASSWORD)
        )
        .exit_code,
        0
    );
    aws.kms
        .update_custom_key_store()
        .custom_key_store_id(&store)
        .key_store_password(PASSWORD)
        .send()
        .await
        .expect("update");
    aws.kms
        .connect_custom_key_store()
        .custom_key_store_id(&store)
        .send()
        .await
        .expect("connect");
    aws.advance_minutes(20.0);
    assert_eq!(aws.store_state(&store).await, ("CONNECTED".into(), None));
}

#[tokio::test]
async fn update_rules() {
    let aws = Aws::new();
    let (cluster, ca) = aws.active_cluster().await;
    let store = aws.key_store(&cluster, &ca, "S").await;
    let e = aws
        .kms
        .update_custom_key_store()
        .custom_key_store_id(&store)
        .key_store_password("short")
        .send()
        .await
        .expect_err("short");
    assert_eq!(code(&e), "ValidationException");
    aws.kms
        .update_custom_key_store()
        .custom_key_store_id(&store)
        .new_custom_key_store_name("Renamed")
        .send()
        .await
        .expect("rename");
    let out = aws
        .kms
        .describe_custom_key_stores()
        .custom_key_store_name("Renamed")
        .send()
        .await
        .expect("by name");
    assert_eq!(
        out.custom_key_stores()[0].custom_key_store_id(),
        Some(store.as_str())
    );
    let other = aws.create_cluster(2).await;
    aws.advance_minutes(5.0);
    let e = aws
        .kms
        .update_custom_key_store()
        .custom_key_store_id(&store)
        .cloud_hsm_cluster_id(&other)
        .send()
        .await
        .expect_err("unrelated");
    assert_eq!(code(&e), "CloudHsmClusterNotRelatedException");
    let e = aws
        .kms
        .describe_custom_key_stores()
        .custom_key_store_id("cks-00000000000000000")
        .send()
        .await
        .expect_err("missing");
    assert_eq!(code(&e), "CustomKeyStoreNotFoundException");
}

#[tokio::test]
async fn kmsusers_password_cannot_change_while_kms_holds_its_login() {
    let aws = Aws::new();
    let (cluster, store) = aws.connected_store().await;
    let refused = aws.as_admin(
        &cluster,
        "user change-password --username kmsuser --role crypto-user",
        Some("NewKmsPass2027"),
    );
    assert_eq!(refused.exit_code, 1);
    assert!(
        refused.stdout.contains("currently logged in"),
        "{}",
        refused.stdout
    );
    aws.kms
        .disconnect_custom_key_store()
        .custom_key_store_id(&store)
        .send()
        .await
        .expect("disconnect");
    aws.advance_minutes(2.0);
    assert_eq!(
        aws.as_admin(
            &cluster,
            "user change-password --username kmsuser --role crypto-user",
            Some("NewKmsPass2027"),
        )
        .exit_code,
        0,
        "after the disconnect KMS no longer holds the login"
    );
}
