use super::*;
use crate::wire::{Dialect, Form};
use serde_json::json;

fn call(service: Service, operation: &str, params: Params) -> Call {
    Call {
        service,
        region: "us-east-1".into(),
        operation: operation.into(),
        params,
    }
}

fn form_in(dialect: Dialect, pairs: &[(&str, &str)]) -> Params {
    Params::Form(Form {
        fields: pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        dialect,
    })
}

fn form(pairs: &[(&str, &str)]) -> Params {
    form_in(Dialect::AwsQuery, pairs)
}

fn ec2_form(pairs: &[(&str, &str)]) -> Params {
    form_in(Dialect::Ec2Query, pairs)
}

#[test]
fn the_models_load_and_every_pattern_compiles() {
    let loaded = model::loaded().expect("a value");
    assert!(loaded.models.botocore.starts_with("1."));
    assert_eq!(loaded.unenforced_patterns(), Vec::<(&str, &str)>::new());
    for name in [
        "sts",
        "iam",
        "ec2",
        "cloudhsmv2",
        "kms",
        "ssm",
        "cloudtrail",
    ] {
        assert!(loaded.service(name).is_some(), "{name} is missing");
    }
}

#[test]
fn a_json_request_breaking_three_constraints_gets_one_error_naming_each() {
    let c = call(
        Service::CloudHsm,
        "CreateCluster",
        Params::Json(json!({"HsmType": "hsm1.medium", "Mode": "SOMETIMES", "SubnetIds": []})),
    );
    let e = check(&c).expect_err("an error");
    assert_eq!((e.status, e.code.as_str()), (400, "ValidationException"));
    assert!(
        e.message.starts_with("2 validation errors detected: "),
        "{}",
        e.message
    );
    assert!(e.message.contains("Value 'SOMETIMES' at 'mode' failed to satisfy constraint: Member must satisfy enum value set: [FIPS, NON_FIPS]"), "{}", e.message);
    assert!(e.message.contains("Value '[]' at 'subnetIds' failed to satisfy constraint: Member must have length greater than or equal to 1"), "{}", e.message);
}

#[test]
fn patterns_match_the_whole_value() {
    let ok = call(
        Service::CloudHsm,
        "DeleteCluster",
        Params::Json(json!({"ClusterId": "cluster-abcdefghijk"})),
    );
    assert_eq!(check(&ok), Ok(()));
    let padded = call(
        Service::CloudHsm,
        "DeleteCluster",
        Params::Json(json!({"ClusterId": "xcluster-abcdefghijk"})),
    );
    let e = check(&padded).expect_err("an error");
    assert!(
        e.message
            .contains("Member must satisfy regular expression pattern: cluster-[2-7a-zA-Z]{11,16}"),
        "{}",
        e.message
    );
}

#[test]
fn sensitive_values_are_never_echoed() {
    let c = call(
        Service::Kms,
        "CreateCustomKeyStore",
        Params::Json(json!({"CustomKeyStoreName": "s", "KeyStorePassword": "short"})),
    );
    let e = check(&c).expect_err("an error");
    assert!(e.message.contains("Value at 'keyStorePassword' failed to satisfy constraint: Member must have length greater than or equal to 7"), "{}", e.message);
    assert!(!e.message.contains("short"), "{}", e.message);
    let blob = call(
        Service::Kms,
        "Encrypt",
        Params::Json(json!({"KeyId": "k", "Plaintext": ""})),
    );
    let e = check(&blob).expect_err("an error");
    assert!(e.message.contains("at 'plaintext' failed to satisfy constraint: Member must have length greater than or equal to 1"), "{}", e.message);
}

#[test]
fn a_wrong_json_type_is_a_serialization_error() {
    let c = call(
        Service::Kms,
        "ListKeys",
        Params::Json(json!({"Limit": "ten"})),
    );
    assert_eq!(
        check(&c).expect_err("an error").code,
        "SerializationException"
    );
}

#[test]
fn iam_forms_are_read_through_the_shape() {
    let long = "r".repeat(65);
    let c = call(
        Service::Iam,
        "CreateRole",
        form(&[
            ("Action", "CreateRole"),
            ("RoleName", &long),
            ("AssumeRolePolicyDocument", "{}"),
        ]),
    );
    let e = check(&c).expect_err("an error");
    assert_eq!(e.code, "ValidationError");
    assert!(e.message.contains("at 'roleName' failed to satisfy constraint: Member must have length less than or equal to 64"), "{}", e.message);
    let sim = call(
        Service::Iam,
        "SimulatePrincipalPolicy",
        form(&[
            ("PolicySourceArn", "arn:aws:iam::123456789012:user/a"),
            ("ActionNames.member.1", "kms:CreateKey"),
        ]),
    );
    assert_eq!(check(&sim), Ok(()));
    let missing = call(
        Service::Iam,
        "SimulatePrincipalPolicy",
        form(&[("PolicySourceArn", "arn:aws:iam::123456789012:user/a")]),
    );
    assert!(check(&missing).expect_err("an error").message.contains(
        "Value null at 'actionNames' failed to satisfy constraint: Member must not be null"
    ));
    let spaced = call(Service::Iam, "GetRole", form(&[("RoleName", "my role")]));
    assert!(check(&spaced).is_err(), "a space is not in [\\w+=,.@-]+");
}

#[test]
fn ec2_forms_use_the_ec2_names_and_codes() {
    let c = call(
        Service::Ec2,
        "DeleteSubnet",
        ec2_form(&[("Action", "DeleteSubnet")]),
    );
    let e = check(&c).expect_err("an error");
    assert_eq!(
        (e.code.as_str(), e.message.as_str()),
        (
            "MissingParameter",
            "The request must contain the parameter SubnetId"
        )
    );
    let tagged = call(
        Service::Ec2,
        "CreateTags",
        ec2_form(&[
            ("ResourceId.1", "vpc-1"),
            ("Tag.1.Key", "Name"),
            ("Tag.1.Value", "x"),
        ]),
    );
    assert_eq!(check(&tagged), Ok(()));
    let few = call(
        Service::Ec2,
        "DescribeVpcs",
        ec2_form(&[("MaxResults", "4")]),
    );
    assert_eq!(
        check(&few).expect_err("an error").code,
        "InvalidParameterValue"
    );
}

#[test]
fn an_operation_the_models_do_not_list_is_unknown() {
    let kms = call(Service::Kms, "ImportKeyMaterial", Params::Json(json!({})));
    assert_eq!(
        check(&kms).expect_err("an error").code,
        "UnknownOperationException"
    );
    let iam = call(Service::Iam, "CreateLoginProfile", form(&[]));
    assert_eq!(check(&iam).expect_err("an error").code, "InvalidAction");
}

#[test]
fn perl_classes_are_ascii_as_in_java() {
    assert_eq!(model::ascii_classes(r"[\w+=,.@-]+"), "[0-9A-Za-z_+=,.@-]+");
    assert_eq!(
        model::ascii_classes(r"\d{3}\S"),
        r"[0-9]{3}[^ \t\n\x0B\x0C\r]"
    );
    assert_eq!(model::ascii_classes(r"[]\w]"), r"[]0-9A-Za-z_]");
    let loaded = model::loaded().expect("a value");
    assert!(loaded.matches(r"[\w+=,.@-]+", "role_1@x"));
    assert!(
        !loaded.matches(r"[\w+=,.@-]+", "rôle"),
        "Java's \\w has no accented letters"
    );
    let accented = call(Service::Iam, "GetRole", form(&[("RoleName", "rôle")]));
    assert_eq!(
        check(&accented).expect_err("an error").code,
        "ValidationError"
    );
}
