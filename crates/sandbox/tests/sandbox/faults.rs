use crate::support::{Aws, code};
use aws_smithy_types::retry::RetryConfig;
use keystore_sandbox::faults::{FaultKind, FaultRule};

fn statuses(aws: &Aws, op: &str) -> Vec<u16> {
    aws.sandbox
        .requests()
        .iter()
        .filter(|r| r.operation == op)
        .map(|r| r.status)
        .collect()
}

#[tokio::test]
async fn throttling_is_retried_by_the_sdk_until_it_passes() {
    let aws = Aws::new();
    aws.sandbox.faults().push(FaultRule::new(
        "DescribeClusters",
        FaultKind::Throttle,
        Some(2),
    ));
    aws.hsm
        .describe_clusters()
        .send()
        .await
        .expect("third attempt passes");
    assert_eq!(statuses(&aws, "DescribeClusters"), [400, 400, 200]);
}

#[tokio::test]
async fn persistent_throttling_fails_with_the_services_code() {
    let aws = Aws::new();
    aws.sandbox
        .faults()
        .push(FaultRule::new("*", FaultKind::Throttle, None));
    let e = aws
        .kms
        .list_keys()
        .send()
        .await
        .expect_err("always throttled");
    assert_eq!(code(&e), "ThrottlingException");
    let e = aws
        .iam
        .list_roles()
        .send()
        .await
        .expect_err("always throttled");
    assert_eq!(code(&e), "Throttling");
    let e = aws
        .ec2
        .describe_vpcs()
        .send()
        .await
        .expect_err("always throttled");
    assert_eq!(code(&e), "RequestLimitExceeded");
    assert_eq!(
        statuses(&aws, "ListKeys").len(),
        3,
        "the SDK's standard three attempts"
    );
}

#[tokio::test]
async fn internal_errors_have_each_services_shape() {
    let aws = Aws::new();
    aws.sandbox
        .faults()
        .push(FaultRule::new("*", FaultKind::InternalError, None));
    assert_eq!(
        code(&aws.hsm.describe_clusters().send().await.expect_err("500")),
        "CloudHsmInternalFailureException"
    );
    assert_eq!(
        code(&aws.kms.list_keys().send().await.expect_err("500")),
        "KMSInternalException"
    );
    assert_eq!(
        code(&aws.iam.list_roles().send().await.expect_err("500")),
        "ServiceFailure"
    );
    assert!(statuses(&aws, "ListKeys").iter().all(|s| *s == 500));
}

#[tokio::test]
async fn a_lost_create_cluster_response_makes_sdk_retries_duplicate_it() {
    let aws = Aws::new();
    let ids: Vec<String> = aws.subnets(2).await.into_iter().map(|(_, s)| s).collect();
    aws.sandbox.faults().push(FaultRule::new(
        "CreateCluster",
        FaultKind::LostResponse,
        Some(1),
    ));
    aws.hsm
        .create_cluster()
        .hsm_type("hsm2m.medium")
        .set_subnet_ids(Some(ids.clone()))
        .send()
        .await
        .expect("the retry succeeds");
    let clusters = aws.hsm.describe_clusters().send().await.expect("list");
    assert_eq!(
        clusters.clusters().len(),
        2,
        "the lost first attempt created a cluster too: a duplicate"
    );

    // With retries disabled the caller sees the failure, and exactly one more cluster exists.
    aws.sandbox.faults().push(FaultRule::new(
        "CreateCluster",
        FaultKind::LostResponse,
        Some(1),
    ));
    let e = aws
        .hsm
        .create_cluster()
        .hsm_type("hsm2m.medium")
        .set_subnet_ids(Some(ids))
        .customize()
        .config_override(
            aws_sdk_cloudhsmv2::config::Builder::default().retry_config(RetryConfig::disabled()),
        )
        .send()
        .await
        .expect_err("lost");
    assert_eq!(code(&e), "CloudHsmInternalFailureException");
    assert_eq!(
        aws.hsm
            .describe_clusters()
            .send()
            .await
            .expect("list")
            .clusters()
            .len(),
        3
    );
}

#[tokio::test]
async fn latency_faults_overlap_concurrent_calls() {
    let aws = Aws::new();
    aws.sandbox
        .faults()
        .push(FaultRule::new("DescribeRegions", FaultKind::Latency, None).with_latency(50));
    let calls: Vec<_> = (0..5)
        .map(|_| {
            let ec2 = aws.ec2.clone();
            tokio::spawn(async move { ec2.describe_regions().send().await })
        })
        .collect();
    for c in calls {
        c.await.expect("join").expect("regions");
    }
    let max = aws
        .sandbox
        .requests()
        .iter()
        .map(|r| r.concurrent)
        .max()
        .unwrap_or(0);
    assert!(
        max >= 2,
        "calls held by latency overlap (max concurrent {max})"
    );
}
