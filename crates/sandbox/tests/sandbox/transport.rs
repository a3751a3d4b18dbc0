use crate::support::{Aws, code};
use aws_config::{BehaviorVersion, Region};
use aws_credential_types::Credentials;
use keystore_sandbox::{Sandbox, SandboxConfig, remote, server};

const AUTH: &str = "AWS4-HMAC-SHA256 Credential=AKID/20261123/us-east-1/kms/aws4_request, SignedHeaders=host, Signature=x";

/// (Authorization, X-Amz-Target, body, expected error code).
type Case<'a> = (Option<&'a str>, Option<&'a str>, &'a [u8], &'a str);

#[tokio::test]
async fn bad_requests_get_service_errors_never_a_panic_or_200() {
    let sandbox = Sandbox::new(SandboxConfig::for_tests()).expect("sandbox");
    let cases: Vec<Case> = vec![
        (
            None,
            Some("TrentService.ListKeys"),
            b"{}",
            "MissingAuthenticationToken",
        ),
        (Some(AUTH), None, b"{}", "UnknownOperationException"),
        (
            Some(AUTH),
            Some("TrentService.ListKeys"),
            b"{not json",
            "SerializationException",
        ),
        (
            Some(AUTH),
            Some("TrentService.Frobnicate"),
            b"{}",
            "UnknownOperationException",
        ),
        (
            Some(AUTH),
            Some("TrentService.CreateCustomKeyStore"),
            b"{}",
            "ValidationException",
        ),
        (
            Some(AUTH),
            Some("TrentService.ScheduleKeyDeletion"),
            b"{\"KeyId\": 5}",
            "SerializationException",
        ),
    ];
    for (auth, target, body, expected) in cases {
        let h = sandbox
            .handle_async(
                auth.map(str::to_string),
                target.map(str::to_string),
                body.to_vec(),
            )
            .await;
        assert_eq!(h.status, 400, "{expected}");
        let v: serde_json::Value = serde_json::from_slice(&h.body).expect("json error");
        assert_eq!(v["__type"], expected);
    }
    let iam_auth = AUTH.replace("/kms/", "/iam/");
    let h = sandbox
        .handle_async(
            Some(iam_auth),
            None,
            b"Action=CreateGroup&Version=2010-05-08".to_vec(),
        )
        .await;
    assert_eq!(h.status, 400);
    let text = String::from_utf8(h.body).expect("utf8");
    assert!(
        text.contains("<ErrorResponse") && text.contains("<Code>ValidationError</Code>"),
        "{text}"
    );
    let ec2_auth = AUTH.replace("/kms/", "/ec2/");
    let h = sandbox
        .handle_async(
            Some(ec2_auth),
            None,
            b"Action=CreateSubnet&Version=2016-11-15".to_vec(),
        )
        .await;
    let text = String::from_utf8(h.body).expect("utf8");
    assert!(text.contains("<Response><Errors><Error>"), "{text}");
}

#[tokio::test]
async fn the_served_sandbox_answers_the_sdk_and_the_operator_api() {
    let sandbox = Sandbox::new(SandboxConfig {
        speed: 0.0,
        ..SandboxConfig::default()
    })
    .expect("sandbox");
    let listener = server::bind(0).await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    assert!(addr.ip().is_loopback());
    tokio::spawn(server::run(listener, sandbox.clone()));
    let url = format!("http://{addr}");
    let conf = aws_config::defaults(BehaviorVersion::latest())
        .endpoint_url(&url)
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("AKID", "secret", None, None, "test"))
        .load()
        .await;
    let sts = aws_sdk_sts::Client::new(&conf);
    assert_eq!(
        sts.get_caller_identity()
            .send()
            .await
            .expect("sts")
            .account(),
        Some("123456789012")
    );
    let aws = Aws::with(sandbox.clone(), "us-east-1");
    let cluster = aws.create_cluster(2).await;
    let hsm = aws_sdk_cloudhsmv2::Client::new(&conf);
    let u = url.clone();
    let out = tokio::task::spawn_blocking(move || {
        remote::post(&u, "advance", &serde_json::json!({"seconds": 300}))
    })
    .await
    .expect("join")
    .expect("advance");
    assert!(out["now"].as_f64().is_some());
    let c = hsm
        .describe_clusters()
        .send()
        .await
        .expect("describe over HTTP");
    assert_eq!(
        c.clusters()[0].state().map(|s| s.as_str()),
        Some("UNINITIALIZED")
    );
    let u = url.clone();
    let body = serde_json::json!({"cluster_id": cluster, "args": ["user", "list"]});
    let out = tokio::task::spawn_blocking(move || remote::post(&u, "cloudhsm-cli", &body))
        .await
        .expect("join")
        .expect("cli");
    assert_eq!(
        out["exit_code"], 1,
        "user list before activation fails like the real CLI"
    );
    let e = hsm
        .delete_cluster()
        .cluster_id("cluster-aaaaaaaaaaa")
        .send()
        .await
        .expect_err("missing");
    assert_eq!(code(&e), "CloudHsmResourceNotFoundException");
}

#[tokio::test]
async fn the_account_persists_in_a_private_state_file() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("account.json");
    let config = SandboxConfig {
        state_file: Some(path.clone()),
        ..SandboxConfig::for_tests()
    };
    let first = Aws::with(Sandbox::new(config.clone()).expect("sandbox"), "us-east-1");
    first
        .iam
        .create_group()
        .group_name("Persisted")
        .send()
        .await
        .expect("group");
    let cluster = first.create_cluster(2).await;
    drop(first);
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&path)
        .expect("state")
        .permissions()
        .mode();
    assert_eq!(mode & 0o077, 0, "state file is private: {mode:o}");
    let second = Aws::with(Sandbox::new(config).expect("reload"), "us-east-1");
    second
        .iam
        .get_group()
        .group_name("Persisted")
        .send()
        .await
        .expect("group survived");
    second.advance_minutes(5.0);
    assert_eq!(
        second.cluster(&cluster).await.state().map(|s| s.as_str()),
        Some("UNINITIALIZED"),
        "timers survived too"
    );
    let again = second.create_cluster(2).await;
    assert_ne!(
        again, cluster,
        "the id stream continues, it does not restart"
    );
    std::fs::write(&path, b"{ torn").expect("corrupt");
    let e = Sandbox::new(SandboxConfig {
        state_file: Some(path),
        ..SandboxConfig::for_tests()
    })
    .expect_err("corrupt");
    assert!(e.contains("not a saved account"), "{e}");
}

/// Issue 16: `TagList` on a cluster has a model minimum of one element, so AWS leaves the
/// member out when a cluster has no tags, and sends it when it has some.
#[tokio::test]
async fn an_untagged_cluster_has_no_tag_list_member() {
    let aws = crate::support::Aws::new();
    let untagged = aws.create_cluster(2).await;
    let tagged = aws.create_cluster(2).await;
    aws.hsm
        .tag_resource()
        .resource_id(&tagged)
        .tag_list(
            aws_sdk_cloudhsmv2::types::Tag::builder()
                .key("team")
                .value("keys")
                .build()
                .expect("tag"),
        )
        .send()
        .await
        .expect("tag");
    let auth = AUTH.replace("/kms/", "/cloudhsm/");
    let h = aws
        .sandbox
        .handle_async(
            Some(auth),
            Some("BaldrApiService.DescribeClusters".into()),
            b"{}".to_vec(),
        )
        .await;
    assert_eq!(h.status, 200);
    let v: serde_json::Value = serde_json::from_slice(&h.body).expect("json");
    let clusters = v["Clusters"].as_array().expect("clusters");
    let by_id = |id: &str| {
        clusters
            .iter()
            .find(|c| c["ClusterId"] == id)
            .expect("cluster")
            .clone()
    };
    assert!(by_id(&untagged).get("TagList").is_none(), "{v}");
    assert_eq!(by_id(&tagged)["TagList"][0]["Key"], "team");
}
