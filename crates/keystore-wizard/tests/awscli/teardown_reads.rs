//! The AWS CLI reads the sandbox's answers the teardown added: a key's grants and aliases
//! (CreateGrant, ListGrants, ListAliases --key-id, RetireGrant), CloudTrail's LookupEvents of
//! them, DisableKey, and deleting a subnet and a VPC (a VPC with a subnet in it is refused with DependencyViolation).

use super::{aws, aws_cli, serve};

#[test]
fn the_aws_cli_reads_the_teardown_answers() {
    let Some(cli) = aws_cli() else {
        eprintln!("SKIPPED: no AWS CLI on PATH; scripts/test installs one");
        return;
    };
    let server = serve();
    let ok = |args: &[&str]| {
        let (rc, out, err) = aws(&cli, &server, args);
        assert_eq!(rc, 0, "aws {}: {err}", args.join(" "));
        out
    };
    let key = ok(&["kms", "create-key", "--description", "teardown reads"])["KeyMetadata"]["KeyId"]
        .as_str()
        .expect("key")
        .to_string();
    ok(&[
        "kms",
        "create-alias",
        "--alias-name",
        "alias/payments",
        "--target-key-id",
        &key,
    ]);
    let grant = ok(&[
        "kms",
        "create-grant",
        "--key-id",
        &key,
        "--grantee-principal",
        "arn:aws:iam::123456789012:role/payments-db",
        "--operations",
        "Decrypt",
        "GenerateDataKey",
        "--name",
        "db",
    ]);
    let grant_id = grant["GrantId"].as_str().expect("grant id").to_string();
    let grants = ok(&["kms", "list-grants", "--key-id", &key]);
    assert_eq!(
        grants["Grants"][0]["GranteePrincipal"],
        "arn:aws:iam::123456789012:role/payments-db"
    );
    assert_eq!(grants["Grants"][0]["Operations"][1], "GenerateDataKey");
    assert_eq!(grants["Grants"][0]["GrantId"], grant_id.as_str());
    let aliases = ok(&["kms", "list-aliases", "--key-id", &key]);
    assert_eq!(aliases["Aliases"][0]["AliasName"], "alias/payments");
    let (rc, _, err) = aws(
        &cli,
        &server,
        &[
            "kms",
            "create-grant",
            "--key-id",
            &key,
            "--grantee-principal",
            "x",
            "--operations",
            "Shred",
        ],
    );
    assert_ne!(rc, 0);
    assert!(
        err.contains("ValidationException") || err.contains("Invalid"),
        "{err}"
    );
    ok(&[
        "kms",
        "retire-grant",
        "--key-id",
        &key,
        "--grant-id",
        &grant_id,
    ]);
    assert_eq!(
        ok(&["kms", "list-grants", "--key-id", &key])["Grants"],
        serde_json::json!([])
    );
    let events = ok(&[
        "cloudtrail",
        "lookup-events",
        "--lookup-attributes",
        &format!("AttributeKey=ResourceName,AttributeValue={key}"),
    ]);
    let names: Vec<&str> = events["Events"]
        .as_array()
        .expect("events")
        .iter()
        .filter_map(|e| e["EventName"].as_str())
        .collect();
    assert!(
        names.contains(&"CreateGrant") && names.contains(&"RetireGrant"),
        "{names:?}"
    );
    ok(&["kms", "disable-key", "--key-id", &key]);
    let meta = ok(&["kms", "describe-key", "--key-id", &key]);
    assert_eq!(meta["KeyMetadata"]["KeyState"], "Disabled");

    let vpc = ok(&["ec2", "create-vpc", "--cidr-block", "10.9.0.0/16"])["Vpc"]["VpcId"]
        .as_str()
        .expect("vpc")
        .to_string();
    let subnet = ok(&[
        "ec2",
        "create-subnet",
        "--vpc-id",
        &vpc,
        "--cidr-block",
        "10.9.1.0/24",
        "--availability-zone",
        "us-east-1a",
    ])["Subnet"]["SubnetId"]
        .as_str()
        .expect("subnet")
        .to_string();
    let (rc, _, err) = aws(&cli, &server, &["ec2", "delete-vpc", "--vpc-id", &vpc]);
    assert_ne!(rc, 0);
    assert!(err.contains("DependencyViolation"), "{err}");
    ok(&["ec2", "delete-subnet", "--subnet-id", &subnet]);
    ok(&["ec2", "delete-vpc", "--vpc-id", &vpc]);
    let (rc, _, err) = aws(&cli, &server, &["ec2", "describe-vpcs", "--vpc-ids", &vpc]);
    assert_ne!(rc, 0);
    assert!(err.contains("InvalidVpcID.NotFound"), "{err}");
}
