//! CloudTrail's LookupEvents over the real SDK: the KMS calls that name a key are there, newest
//! first, by the key's ARN; MaxResults above 50 is refused with the model's error; and a third
//! lookup within a second is throttled, as CloudTrail's two a second per Region.

use crate::support::{Aws, REGION};
use aws_sdk_cloudtrail::config::retry::RetryConfig;
use aws_sdk_cloudtrail::types::{LookupAttribute, LookupAttributeKey};
use aws_sdk_kms::primitives::Blob;

fn trail(aws: &Aws) -> aws_sdk_cloudtrail::Client {
    let conf = keystore_sandbox::client::sdk_config(&aws.sandbox, REGION);
    let conf = aws_sdk_cloudtrail::config::Builder::from(&conf)
        .retry_config(RetryConfig::disabled())
        .build();
    aws_sdk_cloudtrail::Client::from_conf(conf)
}

#[tokio::test]
async fn lookup_events_lists_a_keys_kms_calls_and_keeps_cloudtrails_limits() {
    let aws = Aws::new();
    let key = aws
        .kms
        .create_key()
        .send()
        .await
        .expect("key")
        .key_metadata()
        .expect("meta")
        .arn()
        .expect("arn")
        .to_string();
    aws.kms
        .encrypt()
        .key_id(&key)
        .plaintext(Blob::new("x"))
        .send()
        .await
        .expect("encrypt");
    aws.kms
        .describe_key()
        .key_id(&key)
        .send()
        .await
        .expect("describe");
    let ct = trail(&aws);
    let by_key = LookupAttribute::builder()
        .attribute_key(LookupAttributeKey::ResourceName)
        .attribute_value(&key)
        .build()
        .expect("attr");
    let out = ct
        .lookup_events()
        .lookup_attributes(by_key.clone())
        .send()
        .await
        .expect("lookup");
    let names: Vec<&str> = out.events().iter().filter_map(|e| e.event_name()).collect();
    assert_eq!(names, vec!["DescribeKey", "Encrypt"], "newest first");
    let e = &out.events()[1];
    assert_eq!(e.event_source(), Some("kms.amazonaws.com"));
    assert_eq!(e.resources()[0].resource_name(), Some(key.as_str()));
    assert!(
        e.cloud_trail_event()
            .is_some_and(|j| j.contains("\"eventName\":\"Encrypt\""))
    );

    let err = ct
        .lookup_events()
        .max_results(51)
        .send()
        .await
        .expect_err("51");
    assert_eq!(
        aws_sdk_cloudtrail::error::ProvideErrorMetadata::code(&err),
        Some("InvalidMaxResultsException")
    );
    // Two a second. The front end refused the 51 before CloudTrail counted it, so one more
    // lookup takes this second's second and a third is throttled.
    ct.lookup_events()
        .lookup_attributes(by_key.clone())
        .send()
        .await
        .expect("the second lookup of the second");
    let throttled = ct
        .lookup_events()
        .lookup_attributes(by_key)
        .send()
        .await
        .expect_err("a third lookup within a second");
    assert_eq!(
        aws_sdk_cloudtrail::error::ProvideErrorMetadata::code(&throttled),
        Some("ThrottlingException")
    );
}
