//! The AWS CLI reads the sandbox's client-host answers: route tables, VPC attributes, endpoints,
//! instance profiles, the AMI parameter, instances and SSM (including an error's shape).

use super::{aws, aws_cli, serve, wizard};

#[test]
fn the_aws_cli_reads_the_client_host_answers() {
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
    let vpc = ok(&["ec2", "create-vpc", "--cidr-block", "10.8.0.0/16"])["Vpc"]["VpcId"]
        .as_str()
        .expect("vpc")
        .to_string();
    let subnet = ok(&[
        "ec2",
        "create-subnet",
        "--vpc-id",
        &vpc,
        "--cidr-block",
        "10.8.1.0/24",
        "--availability-zone",
        "us-east-1a",
    ])["Subnet"]["SubnetId"]
        .as_str()
        .expect("subnet")
        .to_string();
    let sg = ok(&[
        "ec2",
        "create-security-group",
        "--vpc-id",
        &vpc,
        "--group-name",
        "client",
        "--description",
        "client host",
    ])["GroupId"]
        .as_str()
        .expect("sg")
        .to_string();
    ok(&[
        "ec2",
        "authorize-security-group-ingress",
        "--group-id",
        &sg,
        "--protocol",
        "tcp",
        "--port",
        "443",
        "--source-group",
        &sg,
    ]);
    let tables = ok(&[
        "ec2",
        "describe-route-tables",
        "--filters",
        &format!("Name=vpc-id,Values={vpc}"),
    ]);
    assert_eq!(tables["RouteTables"][0]["Routes"][0]["GatewayId"], "local");
    assert_eq!(tables["RouteTables"][0]["Associations"][0]["Main"], true);
    let dns = ok(&[
        "ec2",
        "describe-vpc-attribute",
        "--vpc-id",
        &vpc,
        "--attribute",
        "enableDnsHostnames",
    ]);
    assert_eq!(dns["EnableDnsHostnames"]["Value"], false);
    ok(&[
        "ec2",
        "modify-vpc-attribute",
        "--vpc-id",
        &vpc,
        "--enable-dns-hostnames",
    ]);
    let ep = ok(&[
        "ec2",
        "create-vpc-endpoint",
        "--vpc-id",
        &vpc,
        "--vpc-endpoint-type",
        "Interface",
        "--service-name",
        "com.amazonaws.us-east-1.ssm",
        "--subnet-ids",
        &subnet,
        "--security-group-ids",
        &sg,
        "--private-dns-enabled",
    ]);
    let ep_id = ep["VpcEndpoint"]["VpcEndpointId"]
        .as_str()
        .expect("endpoint")
        .to_string();
    assert_eq!(ep["VpcEndpoint"]["PrivateDnsEnabled"], true);
    let eps = ok(&[
        "ec2",
        "describe-vpc-endpoints",
        "--vpc-endpoint-ids",
        &ep_id,
    ]);
    assert_eq!(
        eps["VpcEndpoints"][0]["NetworkInterfaceIds"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    ok(&[
        "iam",
        "create-role",
        "--role-name",
        "client",
        "--assume-role-policy-document",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#,
    ]);
    ok(&[
        "iam",
        "attach-role-policy",
        "--role-name",
        "client",
        "--policy-arn",
        "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
    ]);
    let profile = ok(&[
        "iam",
        "create-instance-profile",
        "--instance-profile-name",
        "client",
    ]);
    assert_eq!(profile["InstanceProfile"]["InstanceProfileName"], "client");
    ok(&[
        "iam",
        "add-role-to-instance-profile",
        "--instance-profile-name",
        "client",
        "--role-name",
        "client",
    ]);
    let got = ok(&[
        "iam",
        "get-instance-profile",
        "--instance-profile-name",
        "client",
    ]);
    assert_eq!(got["InstanceProfile"]["Roles"][0]["RoleName"], "client");
    let attached = ok(&[
        "iam",
        "list-attached-role-policies",
        "--role-name",
        "client",
    ]);
    assert_eq!(
        attached["AttachedPolicies"][0]["PolicyName"],
        "AmazonSSMManagedInstanceCore"
    );
    let ami = ok(&[
        "ssm",
        "get-parameter",
        "--name",
        keystore_facts::reach::AL2023_AMI_PARAMETER,
    ]);
    let ami = ami["Parameter"]["Value"].as_str().expect("ami").to_string();
    let out = wizard(
        &[
            "sandbox",
            "advance",
            "--sandbox-url",
            &server.url,
            "--by",
            "30s",
        ],
        "",
    );
    assert!(out.status.success());
    let run = ok(&[
        "ec2",
        "run-instances",
        "--image-id",
        &ami,
        "--instance-type",
        "t3.micro",
        "--count",
        "1",
        "--subnet-id",
        &subnet,
        "--security-group-ids",
        &sg,
        "--iam-instance-profile",
        "Name=client",
        "--metadata-options",
        "HttpTokens=required",
        "--client-token",
        "tok",
    ]);
    let id = run["Instances"][0]["InstanceId"]
        .as_str()
        .expect("instance")
        .to_string();
    assert_eq!(
        run["Instances"][0]["MetadataOptions"]["HttpTokens"],
        "required"
    );
    let described = ok(&["ec2", "describe-instances", "--instance-ids", &id]);
    assert_eq!(
        described["Reservations"][0]["Instances"][0]["SubnetId"],
        subnet.as_str()
    );
    let info = ok(&[
        "ssm",
        "describe-instance-information",
        "--filters",
        &format!("Key=InstanceIds,Values={id}"),
    ]);
    assert_eq!(
        info["InstanceInformationList"].as_array().map(Vec::len),
        Some(0),
        "no ssmmessages endpoint yet"
    );
    let (rc, _, err) = aws(
        &cli,
        &server,
        &[
            "ssm",
            "send-command",
            "--instance-ids",
            &id,
            "--document-name",
            "AWS-RunShellScript",
            "--parameters",
            "commands=[\"rpm -q cloudhsm-cli\"]",
        ],
    );
    assert_ne!(rc, 0);
    assert!(err.contains("InvalidInstanceId"), "{err}");
    let listed = ok(&["ssm", "list-commands"]);
    assert_eq!(listed["Commands"].as_array().map(Vec::len), Some(0));
    let gone = ok(&["ec2", "terminate-instances", "--instance-ids", &id]);
    assert_eq!(
        gone["TerminatingInstances"][0]["CurrentState"]["Name"],
        "shutting-down"
    );
    let deleted = ok(&["ec2", "delete-vpc-endpoints", "--vpc-endpoint-ids", &ep_id]);
    assert_eq!(deleted["Unsuccessful"].as_array().map(Vec::len), Some(0));
}
