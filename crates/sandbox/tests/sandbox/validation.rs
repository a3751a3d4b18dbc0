//! The front end's validation through the real Rust SDK clients (which check no lengths,
//! patterns or ranges of their own): the issue's cases, one or more per service, and the
//! CloudHSM client switched to RPC v2 CBOR through its protocol setting.

use crate::support::{Aws, code};
use aws_sdk_kms::primitives::Blob;

#[tokio::test]
async fn constraints_from_the_models_are_refused_before_any_lookup() {
    let aws = Aws::new();
    // A cluster id that cannot exist is a validation error, not "not found".
    let e = aws
        .hsm
        .delete_cluster()
        .cluster_id("cluster-nope")
        .send()
        .await
        .expect_err("pattern");
    assert_eq!(code(&e), "ValidationException");
    let text = format!("{e:?}");
    assert!(
        text.contains("Value 'cluster-nope' at 'clusterId' failed to satisfy constraint: Member must satisfy regular expression pattern: cluster-[2-7a-zA-Z]{11,16}"),
        "{text}"
    );
    let e = aws
        .hsm
        .describe_clusters()
        .max_results(26)
        .send()
        .await
        .expect_err("range");
    assert!(format!("{e:?}").contains("Member must have value less than or equal to 25"));

    let e = aws
        .iam
        .get_role()
        .role_name("r".repeat(65))
        .send()
        .await
        .expect_err("length");
    assert_eq!(code(&e), "ValidationError");

    let e = aws
        .kms
        .create_key()
        .key_spec(aws_sdk_kms::types::KeySpec::from("NOT_A_SPEC"))
        .send()
        .await
        .expect_err("enum");
    assert_eq!(code(&e), "ValidationException");
    assert!(
        format!("{e:?}").contains(
            "at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set"
        )
    );
    // A sensitive member's value is never echoed.
    let e = aws
        .kms
        .encrypt()
        .key_id("alias/x")
        .plaintext(Blob::new(vec![7u8; 4097]))
        .send()
        .await
        .expect_err("too long");
    let text = format!("{e:?}");
    assert!(text.contains("Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096"), "{text}");

    let e = aws
        .ec2
        .describe_vpcs()
        .max_results(4)
        .send()
        .await
        .expect_err("range");
    assert_eq!(code(&e), "InvalidParameterValue");
    let e = aws
        .ssm
        .get_command_invocation()
        .command_id("not-a-uuid")
        .instance_id("i-0123456789abcdef0")
        .send()
        .await
        .expect_err("length");
    assert_eq!(code(&e), "ValidationException");
}

#[tokio::test]
async fn cloudhsm_over_rpc_v2_cbor_answers_results_and_errors() {
    let aws = Aws::new();
    let conf = aws_sdk_cloudhsmv2::config::Builder::from(&keystore_sandbox::client::sdk_config(
        &aws.sandbox,
        crate::support::REGION,
    ))
    .protocol(aws_smithy_cbor::protocol::RpcV2CborProtocol::new())
    .build();
    // A client switched to CBOR can read only CBOR answers, so every success below is a CBOR
    // request answered in CBOR.
    let cbor = aws_sdk_cloudhsmv2::Client::from_conf(conf);
    let id = aws.create_cluster(2).await;
    let clusters = cbor
        .describe_clusters()
        .send()
        .await
        .expect("describe over CBOR");
    let c = &clusters.clusters()[0];
    assert_eq!(c.cluster_id(), Some(id.as_str()));
    // Timestamps travel as CBOR tag 1 and come back as dates.
    assert!(
        c.create_timestamp()
            .is_some_and(|t| t.secs() > 1_700_000_000)
    );
    assert!(c.tag_list().is_empty(), "an empty optional list is omitted");
    let e = cbor
        .delete_cluster()
        .cluster_id("cluster-nope")
        .send()
        .await
        .expect_err("pattern");
    assert_eq!(code(&e), "ValidationException");
    let e = cbor
        .delete_cluster()
        .cluster_id("cluster-abcdefghijklm")
        .send()
        .await
        .expect_err("missing");
    assert_eq!(code(&e), "CloudHsmResourceNotFoundException");
}
