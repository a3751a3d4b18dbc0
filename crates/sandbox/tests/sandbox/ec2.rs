use crate::support::{Aws, code};
use aws_sdk_ec2::types::Filter;

#[tokio::test]
async fn regions_azs_and_the_default_network() {
    let aws = Aws::new();
    let regions = aws.ec2.describe_regions().send().await.expect("regions");
    assert_eq!(regions.regions().len(), 32);
    aws.sandbox
        .with_world(|w| w.disabled_regions.insert("af-south-1".into()));
    let enabled = aws.ec2.describe_regions().send().await.expect("regions");
    assert_eq!(enabled.regions().len(), 31);
    let all = aws
        .ec2
        .describe_regions()
        .all_regions(true)
        .send()
        .await
        .expect("all");
    let af = all
        .regions()
        .iter()
        .find(|r| r.region_name() == Some("af-south-1"))
        .expect("listed");
    assert_eq!(af.opt_in_status(), Some("not-opted-in"));

    let azs = aws
        .ec2
        .describe_availability_zones()
        .send()
        .await
        .expect("azs");
    assert_eq!(azs.availability_zones().len(), 6);
    let vpcs = aws
        .ec2
        .describe_vpcs()
        .filters(Filter::builder().name("is-default").values("true").build())
        .send()
        .await
        .expect("vpcs");
    assert_eq!(vpcs.vpcs().len(), 1);
    let subnets = aws.ec2.describe_subnets().send().await.expect("subnets");
    assert!(
        subnets
            .subnets()
            .iter()
            .all(|s| s.available_ip_address_count() == Some(4091))
    );
}

#[tokio::test]
async fn private_vpc_and_subnets_with_validation() {
    let aws = Aws::new();
    let vpc = aws
        .ec2
        .create_vpc()
        .cidr_block("10.0.0.0/16")
        .send()
        .await
        .expect("vpc");
    let vpc_id = vpc.vpc().and_then(|v| v.vpc_id()).expect("id").to_string();
    let s = aws
        .ec2
        .create_subnet()
        .vpc_id(&vpc_id)
        .cidr_block("10.0.1.0/24")
        .availability_zone("us-east-1a")
        .send()
        .await
        .expect("subnet");
    let subnet = s.subnet().expect("subnet");
    assert_eq!(subnet.available_ip_address_count(), Some(251));
    let subnet_id = subnet.subnet_id().expect("id").to_string();
    let overlap = aws
        .ec2
        .create_subnet()
        .vpc_id(&vpc_id)
        .cidr_block("10.0.1.128/25")
        .availability_zone("us-east-1b")
        .send()
        .await
        .expect_err("overlap");
    assert_eq!(code(&overlap), "InvalidSubnet.Conflict");
    let outside = aws
        .ec2
        .create_subnet()
        .vpc_id(&vpc_id)
        .cidr_block("10.9.0.0/24")
        .availability_zone("us-east-1b")
        .send()
        .await
        .expect_err("range");
    assert_eq!(code(&outside), "InvalidSubnet.Range");
    let bad_az = aws
        .ec2
        .create_subnet()
        .vpc_id(&vpc_id)
        .cidr_block("10.0.2.0/24")
        .availability_zone("us-west-2a")
        .send()
        .await
        .expect_err("az");
    assert_eq!(code(&bad_az), "InvalidParameterValue");
    let missing = aws
        .ec2
        .describe_subnets()
        .subnet_ids("subnet-00000000000000000")
        .send()
        .await
        .expect_err("missing");
    assert_eq!(code(&missing), "InvalidSubnetID.NotFound");

    aws.ec2
        .create_tags()
        .resources(&subnet_id)
        .tags(
            aws_sdk_ec2::types::Tag::builder()
                .key("keystore-wizard:run-id")
                .value("r1")
                .build(),
        )
        .send()
        .await
        .expect("tag");
    let tagged = aws
        .ec2
        .describe_subnets()
        .filters(
            Filter::builder()
                .name("tag:keystore-wizard:run-id")
                .values("r1")
                .build(),
        )
        .send()
        .await
        .expect("by tag");
    assert_eq!(tagged.subnets().len(), 1);
    let by_vpc = aws
        .ec2
        .describe_subnets()
        .filters(Filter::builder().name("vpc-id").values(&vpc_id).build())
        .send()
        .await
        .expect("by vpc");
    assert_eq!(by_vpc.subnets().len(), 1);

    let busy = aws
        .ec2
        .delete_vpc()
        .vpc_id(&vpc_id)
        .send()
        .await
        .expect_err("has subnet");
    assert_eq!(code(&busy), "DependencyViolation");
    aws.ec2
        .delete_subnet()
        .subnet_id(&subnet_id)
        .send()
        .await
        .expect("delete subnet");
    aws.ec2
        .delete_vpc()
        .vpc_id(&vpc_id)
        .send()
        .await
        .expect("delete vpc");
    let gone = aws
        .ec2
        .describe_vpcs()
        .vpc_ids(&vpc_id)
        .send()
        .await
        .expect_err("gone");
    assert_eq!(code(&gone), "InvalidVpcID.NotFound");
}
