//! The client host through the real SDK clients: an instance in a private subnet registers with
//! SSM only once the documented way in exists; Run Command prepares it (the package installs
//! only with a path to it); `cloudhsm-cli user list` answers from the simulated HSMs; retries
//! with the same ClientToken make one instance and one endpoint; teardown order is enforced.

use crate::support::{Aws, REGION, code};
use aws_sdk_ec2::types::{
    IpPermission, ResourceType, Tag, TagSpecification, UserIdGroupPair, VpcEndpointType,
};
use keystore_facts::reach::{AL2023_AMI_PARAMETER, CLI_PACKAGE_URL};

const SSM_CORE: &str = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore";

/// A private VPC with one subnet, a client group and an instance profile with the SSM policy.
async fn private_vpc(aws: &Aws) -> (String, String, String) {
    let vpc = aws
        .ec2
        .create_vpc()
        .cidr_block("10.9.0.0/16")
        .send()
        .await
        .expect("vpc");
    let vpc = vpc.vpc().and_then(|v| v.vpc_id()).expect("id").to_string();
    let subnet = aws
        .ec2
        .create_subnet()
        .vpc_id(&vpc)
        .cidr_block("10.9.1.0/24")
        .availability_zone("us-east-1a")
        .send()
        .await
        .expect("subnet");
    let subnet = subnet
        .subnet()
        .and_then(|s| s.subnet_id())
        .expect("id")
        .to_string();
    let sg = aws
        .ec2
        .create_security_group()
        .group_name("client")
        .description("client")
        .vpc_id(&vpc)
        .send()
        .await
        .expect("sg")
        .group_id()
        .expect("id")
        .to_string();
    client_identity(aws).await;
    (vpc, subnet, sg)
}

/// The role `client` (trusted by EC2, with the SSM policy) in the instance profile `client`.
pub(crate) async fn client_identity(aws: &Aws) {
    let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
    aws.iam
        .create_role()
        .role_name("client")
        .assume_role_policy_document(trust)
        .send()
        .await
        .expect("role");
    aws.iam
        .attach_role_policy()
        .role_name("client")
        .policy_arn(SSM_CORE)
        .send()
        .await
        .expect("attach");
    aws.iam
        .create_instance_profile()
        .instance_profile_name("client")
        .send()
        .await
        .expect("profile");
    aws.iam
        .add_role_to_instance_profile()
        .instance_profile_name("client")
        .role_name("client")
        .send()
        .await
        .expect("add role");
}

pub(crate) async fn launch(
    aws: &Aws,
    subnet: &str,
    sg: &str,
    token: &str,
) -> Result<String, String> {
    let ami = aws
        .ssm
        .get_parameter()
        .name(AL2023_AMI_PARAMETER)
        .send()
        .await
        .expect("ami");
    let ami = ami
        .parameter()
        .and_then(|p| p.value())
        .expect("value")
        .to_string();
    aws.ec2
        .run_instances()
        .image_id(ami)
        .instance_type(aws_sdk_ec2::types::InstanceType::T3Micro)
        .min_count(1)
        .max_count(1)
        .subnet_id(subnet)
        .security_group_ids(sg)
        .client_token(token)
        .iam_instance_profile(
            aws_sdk_ec2::types::IamInstanceProfileSpecification::builder()
                .name("client")
                .build(),
        )
        .tag_specifications(
            TagSpecification::builder()
                .resource_type(ResourceType::Instance)
                .tags(Tag::builder().key("Name").value("client").build())
                .build(),
        )
        .send()
        .await
        .map(|o| o.instances()[0].instance_id().expect("id").to_string())
        .map_err(|e| code(&e))
}

pub(crate) async fn online(aws: &Aws, id: &str) -> bool {
    let out = aws
        .ssm
        .describe_instance_information()
        .filters(
            aws_sdk_ssm::types::InstanceInformationStringFilter::builder()
                .key("InstanceIds")
                .values(id)
                .build()
                .expect("filter"),
        )
        .send()
        .await
        .expect("describe");
    !out.instance_information_list().is_empty()
}

pub(crate) async fn run(aws: &Aws, id: &str, lines: &[&str]) -> (String, i32, String, String) {
    let sent = aws
        .ssm
        .send_command()
        .instance_ids(id)
        .document_name("AWS-RunShellScript")
        .parameters("commands", lines.iter().map(|l| l.to_string()).collect())
        .send()
        .await
        .expect("send");
    let command = sent
        .command()
        .and_then(|c| c.command_id())
        .expect("id")
        .to_string();
    let early = aws
        .ssm
        .get_command_invocation()
        .command_id(&command)
        .instance_id(id)
        .send()
        .await;
    assert_eq!(code(&early.expect_err("not yet")), "InvocationDoesNotExist");
    aws.advance_minutes(1.0);
    let inv = aws
        .ssm
        .get_command_invocation()
        .command_id(&command)
        .instance_id(id)
        .send()
        .await
        .expect("invocation");
    (
        inv.status()
            .map(|s| s.as_str().to_string())
            .unwrap_or_default(),
        inv.response_code(),
        inv.standard_output_content()
            .unwrap_or_default()
            .to_string(),
        inv.standard_error_content().unwrap_or_default().to_string(),
    )
}

#[tokio::test]
async fn a_private_instance_registers_only_once_the_documented_way_in_exists() {
    let aws = Aws::new();
    let (vpc, subnet, sg) = private_vpc(&aws).await;
    // IAM has not propagated the new profile yet: EC2 does not know it.
    let early = launch(&aws, &subnet, &sg, "tok-1").await;
    assert_eq!(early.expect_err("too early"), "InvalidParameterValue");
    aws.advance_minutes(0.5);
    let id = launch(&aws, &subnet, &sg, "tok-1").await.expect("launch");
    assert_eq!(
        launch(&aws, &subnet, &sg, "tok-1").await.expect("again"),
        id,
        "same ClientToken, same instance"
    );
    aws.advance_minutes(5.0);
    assert!(
        !online(&aws, &id).await,
        "no way to SSM: no endpoints, no NAT"
    );
    // Private DNS needs both DNS attributes.
    let endpoint = |service: &str, token: &str| {
        aws.ec2
            .create_vpc_endpoint()
            .vpc_id(&vpc)
            .service_name(format!("com.amazonaws.{REGION}.{service}"))
            .vpc_endpoint_type(VpcEndpointType::Interface)
            .subnet_ids(&subnet)
            .security_group_ids(&sg)
            .private_dns_enabled(true)
            .client_token(token)
            .send()
    };
    assert_eq!(
        code(&endpoint("ssm", "e1").await.expect_err("dns")),
        "InvalidParameter"
    );
    aws.ec2
        .modify_vpc_attribute()
        .vpc_id(&vpc)
        .enable_dns_hostnames(
            aws_sdk_ec2::types::AttributeBooleanValue::builder()
                .value(true)
                .build(),
        )
        .send()
        .await
        .expect("dns hostnames");
    let first = endpoint("ssm", "e1").await.expect("ssm endpoint");
    let again = endpoint("ssm", "e1").await.expect("same token");
    assert_eq!(
        first.vpc_endpoint().and_then(|e| e.vpc_endpoint_id()),
        again.vpc_endpoint().and_then(|e| e.vpc_endpoint_id())
    );
    endpoint("ssmmessages", "e2")
        .await
        .expect("ssmmessages endpoint");
    assert!(
        !online(&aws, &id).await,
        "the endpoints' group does not admit 443 from the client"
    );
    aws.ec2
        .authorize_security_group_ingress()
        .group_id(&sg)
        .ip_permissions(
            IpPermission::builder()
                .ip_protocol("tcp")
                .from_port(443)
                .to_port(443)
                .user_id_group_pairs(UserIdGroupPair::builder().group_id(&sg).build())
                .build(),
        )
        .send()
        .await
        .expect("443");
    assert!(online(&aws, &id).await);
    // No way to the package yet: curl times out, exit 28, and the script stops there.
    let (status, rc, _, err) = run(
        &aws,
        &id,
        &[
            "set -euo pipefail",
            &format!("curl -fsSL -o /tmp/cli.rpm {CLI_PACKAGE_URL}"),
            "rpm -q cloudhsm-cli",
        ],
    )
    .await;
    assert_eq!((status.as_str(), rc), ("Failed", 28), "{err}");
    assert!(err.contains("Connection timed out"));
    let table = aws
        .ec2
        .describe_route_tables()
        .filters(
            aws_sdk_ec2::types::Filter::builder()
                .name("vpc-id")
                .values(&vpc)
                .build(),
        )
        .send()
        .await
        .expect("tables");
    let table = table.route_tables()[0]
        .route_table_id()
        .expect("id")
        .to_string();
    aws.ec2
        .create_vpc_endpoint()
        .vpc_id(&vpc)
        .service_name(format!("com.amazonaws.{REGION}.s3"))
        .vpc_endpoint_type(VpcEndpointType::Gateway)
        .route_table_ids(&table)
        .send()
        .await
        .expect("s3 gateway");
    let (status, rc, out, err) = run(
        &aws,
        &id,
        &[
            "set -euo pipefail",
            &format!("curl -fsSL -o /tmp/cli.rpm {CLI_PACKAGE_URL}"),
            "sudo dnf install -y /tmp/cli.rpm",
            "rpm -q cloudhsm-cli",
            "unknown-tool --x",
        ],
    )
    .await;
    assert_eq!((status.as_str(), rc), ("Failed", 127), "{out}{err}");
    assert!(out.contains("cloudhsm-cli-5."), "{out}");
    assert!(err.contains("command not found"), "{err}");
    // The endpoints and the instance hold the VPC: it cannot be deleted before them.
    assert_eq!(
        code(
            &aws.ec2
                .delete_security_group()
                .group_id(&sg)
                .send()
                .await
                .expect_err("in use")
        ),
        "DependencyViolation"
    );
    aws.ec2
        .terminate_instances()
        .instance_ids(&id)
        .send()
        .await
        .expect("terminate");
    aws.advance_minutes(2.0);
    let gone = aws
        .ec2
        .describe_instances()
        .instance_ids(&id)
        .send()
        .await
        .expect("describe");
    let state = gone.reservations()[0].instances()[0]
        .state()
        .and_then(|s| s.name())
        .map(|n| n.as_str().to_string());
    assert_eq!(state.as_deref(), Some("terminated"));
    let ids: Vec<String> = aws
        .ec2
        .describe_vpc_endpoints()
        .send()
        .await
        .expect("eps")
        .vpc_endpoints()
        .iter()
        .filter_map(|e| e.vpc_endpoint_id().map(str::to_string))
        .collect();
    assert_eq!(ids.len(), 3);
    aws.ec2
        .delete_vpc_endpoints()
        .set_vpc_endpoint_ids(Some(ids))
        .send()
        .await
        .expect("delete endpoints");
    aws.ec2
        .delete_security_group()
        .group_id(&sg)
        .send()
        .await
        .expect("sg free now");
    // The role cannot go while the profile holds it.
    assert_eq!(
        code(
            &aws.iam
                .delete_role()
                .role_name("client")
                .send()
                .await
                .expect_err("held")
        ),
        "DeleteConflict"
    );
}
