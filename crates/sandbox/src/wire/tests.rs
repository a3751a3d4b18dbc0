//! Routing and rendering, on requests and replies built by hand.

use super::*;

#[test]
fn scope_is_read_from_authorization() {
    let auth = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261123/eu-west-1/kms/aws4_request, SignedHeaders=host, Signature=abc";
    assert_eq!(
        credential_scope(auth),
        Some(("eu-west-1".into(), "kms".into()))
    );
    assert_eq!(credential_scope("Bearer x"), None);
}

#[test]
fn form_lists_and_filters_keep_index_order() {
    let f = Form::parse(b"Action=X&SubnetId.2=b&SubnetId.1=a&SubnetId.10=c&Filter.1.Name=vpc-id&Filter.1.Value.1=vpc-1", Dialect::AwsQuery);
    assert_eq!(f.list("SubnetId"), vec!["a", "b", "c"]);
    assert_eq!(
        f.filters(),
        vec![("vpc-id".to_string(), vec!["vpc-1".to_string()])]
    );
}

#[test]
fn xml_text_is_escaped() {
    assert_eq!(leaf("M", "a<b&\"c\""), "<M>a&lt;b&amp;&quot;c&quot;</M>");
}

#[test]
fn json_call_without_target_is_rejected() {
    let auth = "AWS4-HMAC-SHA256 Credential=A/20261123/us-east-1/kms/aws4_request";
    let err = parse_call(Some(auth), None, b"{}").expect_err("needs a target");
    assert_eq!(err.code, "UnknownOperationException");
    let err =
        parse_call(Some(auth), Some("TrentService.ListKeys"), b"[1]").expect_err("object only");
    assert_eq!(err.code, "SerializationException");
}
