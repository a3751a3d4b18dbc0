use crate::support::{Aws, code};
use aws_sdk_kms::primitives::Blob;
use aws_sdk_kms::types::{KeySpec, KeyState, OriginType, Tag};

#[tokio::test]
async fn keys_in_a_store_encrypt_decrypt_and_carry_the_store() {
    let aws = Aws::new();
    let (cluster, store) = aws.connected_store().await;
    let out = aws
        .kms
        .create_key()
        .origin(OriginType::AwsCloudhsm)
        .custom_key_store_id(&store)
        .description("first")
        .tags(
            Tag::builder()
                .tag_key("keystore-wizard:run-id")
                .tag_value("r1")
                .build()
                .expect("tag"),
        )
        .send()
        .await
        .expect("create key");
    let meta = out.key_metadata().expect("metadata");
    assert_eq!(meta.origin(), Some(&OriginType::AwsCloudhsm));
    assert_eq!(meta.custom_key_store_id(), Some(store.as_str()));
    assert_eq!(meta.cloud_hsm_cluster_id(), Some(cluster.as_str()));
    assert_eq!(meta.key_state(), Some(&KeyState::Enabled));
    let key = meta.key_id().to_string();

    aws.kms
        .create_alias()
        .alias_name("alias/keystore-wizard-first")
        .target_key_id(&key)
        .send()
        .await
        .expect("alias");
    let dup = aws
        .kms
        .create_alias()
        .alias_name("alias/keystore-wizard-first")
        .target_key_id(&key)
        .send()
        .await
        .expect_err("dup");
    assert_eq!(code(&dup), "AlreadyExistsException");
    let reserved = aws
        .kms
        .create_alias()
        .alias_name("alias/aws/mine")
        .target_key_id(&key)
        .send()
        .await
        .expect_err("reserved");
    assert_eq!(code(&reserved), "NotAuthorizedException");
    let aliases = aws
        .kms
        .list_aliases()
        .key_id(&key)
        .send()
        .await
        .expect("aliases");
    assert_eq!(
        aliases.aliases()[0].alias_name(),
        Some("alias/keystore-wizard-first")
    );

    let plain = b"attack at dawn".to_vec();
    let enc = aws
        .kms
        .encrypt()
        .key_id("alias/keystore-wizard-first")
        .plaintext(Blob::new(plain.clone()))
        .encryption_context("purpose", "proof")
        .send()
        .await
        .expect("encrypt");
    let blob = enc.ciphertext_blob().expect("ciphertext").clone();
    assert!(
        !blob
            .as_ref()
            .windows(plain.len())
            .any(|w| w == plain.as_slice()),
        "really encrypted"
    );
    let dec = aws
        .kms
        .decrypt()
        .ciphertext_blob(blob.clone())
        .encryption_context("purpose", "proof")
        .send()
        .await
        .expect("decrypt");
    assert_eq!(dec.plaintext().map(|p| p.as_ref().to_vec()), Some(plain));
    let wrong_ctx = aws
        .kms
        .decrypt()
        .ciphertext_blob(blob.clone())
        .send()
        .await
        .expect_err("context is bound");
    assert_eq!(code(&wrong_ctx), "InvalidCiphertextException");
    let mut tampered = blob.as_ref().to_vec();
    let last = tampered.len() - 1;
    tampered[last] ^= 1;
    let e = aws
        .kms
        .decrypt()
        .ciphertext_blob(Blob::new(tampered))
        .encryption_context("purpose", "proof")
        .send()
        .await
        .expect_err("tampered");
    assert_eq!(code(&e), "InvalidCiphertextException");
    let random = aws
        .kms
        .generate_random()
        .number_of_bytes(32)
        .custom_key_store_id(&store)
        .send()
        .await
        .expect("random");
    assert_eq!(random.plaintext().map(|p| p.as_ref().len()), Some(32));

    let listed = aws.kms.list_keys().send().await.expect("list");
    assert_eq!(listed.keys().len(), 1);
    // A disconnected store makes its keys Unavailable.
    aws.kms
        .disconnect_custom_key_store()
        .custom_key_store_id(&store)
        .send()
        .await
        .expect("disconnect");
    aws.advance_minutes(2.0);
    let d = aws
        .kms
        .describe_key()
        .key_id(&key)
        .send()
        .await
        .expect("describe");
    assert_eq!(
        d.key_metadata().and_then(|m| m.key_state()),
        Some(&KeyState::Unavailable)
    );
    let e = aws
        .kms
        .encrypt()
        .key_id(&key)
        .plaintext(Blob::new(b"x".to_vec()))
        .send()
        .await
        .expect_err("unavailable");
    assert_eq!(code(&e), "KMSInvalidStateException");
}

#[tokio::test]
async fn key_store_keys_are_symmetric_single_region_and_need_a_connected_store() {
    let aws = Aws::new();
    let (_, store) = aws.connected_store().await;
    let e = aws
        .kms
        .create_key()
        .origin(OriginType::AwsCloudhsm)
        .custom_key_store_id(&store)
        .multi_region(true)
        .send()
        .await
        .expect_err("mrk");
    assert_eq!(code(&e), "UnsupportedOperationException");
    let e = aws
        .kms
        .create_key()
        .origin(OriginType::AwsCloudhsm)
        .custom_key_store_id(&store)
        .key_spec(KeySpec::Rsa2048)
        .send()
        .await
        .expect_err("rsa");
    assert_eq!(code(&e), "UnsupportedOperationException");
    assert_eq!(
        code(
            &aws.iam
                .get_role()
                .role_name("AWSServiceRoleForKeyManagementServiceMultiRegionKeys")
                .send()
                .await
                .expect_err("never")
        ),
        "NoSuchEntity"
    );
    aws.kms
        .disconnect_custom_key_store()
        .custom_key_store_id(&store)
        .send()
        .await
        .expect("disconnect");
    aws.advance_minutes(2.0);
    let e = aws
        .kms
        .create_key()
        .origin(OriginType::AwsCloudhsm)
        .custom_key_store_id(&store)
        .send()
        .await
        .expect_err("disconnected");
    assert_eq!(code(&e), "CustomKeyStoreInvalidStateException");
    let e = aws
        .kms
        .create_key()
        .origin(OriginType::AwsCloudhsm)
        .custom_key_store_id("cks-00000000000000000")
        .send()
        .await
        .expect_err("missing");
    assert_eq!(code(&e), "CustomKeyStoreNotFoundException");
}

#[tokio::test]
async fn scheduled_deletion_blocks_the_store_until_the_key_is_gone() {
    let aws = Aws::new();
    let (_, store) = aws.connected_store().await;
    let key = aws
        .kms
        .create_key()
        .origin(OriginType::AwsCloudhsm)
        .custom_key_store_id(&store)
        .send()
        .await
        .expect("key")
        .key_metadata()
        .map(|m| m.key_id().to_string())
        .expect("id");
    for bad in [6, 31] {
        let e = aws
            .kms
            .schedule_key_deletion()
            .key_id(&key)
            .pending_window_in_days(bad)
            .send()
            .await
            .expect_err("window");
        assert_eq!(code(&e), "ValidationException", "{bad} days");
    }
    let out = aws
        .kms
        .schedule_key_deletion()
        .key_id(&key)
        .pending_window_in_days(7)
        .send()
        .await
        .expect("schedule");
    assert_eq!(out.key_state(), Some(&KeyState::PendingDeletion));
    assert_eq!(out.pending_window_in_days(), Some(7));
    let deletion = out.deletion_date().expect("date").secs() as f64;
    assert!((deletion - aws.sandbox.now() - 7.0 * 86400.0).abs() < 5.0);
    let again = aws
        .kms
        .schedule_key_deletion()
        .key_id(&key)
        .pending_window_in_days(7)
        .send()
        .await
        .expect_err("already pending");
    assert_eq!(code(&again), "KMSInvalidStateException");

    aws.kms
        .disconnect_custom_key_store()
        .custom_key_store_id(&store)
        .send()
        .await
        .expect("disconnect");
    aws.advance_minutes(2.0);
    let e = aws
        .kms
        .delete_custom_key_store()
        .custom_key_store_id(&store)
        .send()
        .await
        .expect_err("pending keys count");
    assert_eq!(code(&e), "CustomKeyStoreHasCMKsException");
    aws.sandbox.advance(7.0 * 86400.0);
    let gone = aws
        .kms
        .describe_key()
        .key_id(&key)
        .send()
        .await
        .expect_err("deleted");
    assert_eq!(code(&gone), "NotFoundException");
    aws.kms
        .delete_custom_key_store()
        .custom_key_store_id(&store)
        .send()
        .await
        .expect("delete store");
    assert!(
        aws.kms
            .describe_custom_key_stores()
            .send()
            .await
            .expect("list")
            .custom_key_stores()
            .is_empty()
    );
}

#[tokio::test]
async fn cancel_deletion_leaves_the_key_disabled() {
    let aws = Aws::new();
    let key = aws
        .kms
        .create_key()
        .send()
        .await
        .expect("key")
        .key_metadata()
        .map(|m| m.key_id().to_string())
        .expect("id");
    aws.kms
        .schedule_key_deletion()
        .key_id(&key)
        .send()
        .await
        .expect("schedule");
    aws.kms
        .cancel_key_deletion()
        .key_id(&key)
        .send()
        .await
        .expect("cancel");
    let d = aws
        .kms
        .describe_key()
        .key_id(&key)
        .send()
        .await
        .expect("describe");
    assert_eq!(
        d.key_metadata().and_then(|m| m.key_state()),
        Some(&KeyState::Disabled)
    );
    aws.sandbox.advance(31.0 * 86400.0);
    aws.kms
        .describe_key()
        .key_id(&key)
        .send()
        .await
        .expect("still there");
    let e = aws
        .kms
        .cancel_key_deletion()
        .key_id(&key)
        .send()
        .await
        .expect_err("not pending");
    assert_eq!(code(&e), "KMSInvalidStateException");
}
