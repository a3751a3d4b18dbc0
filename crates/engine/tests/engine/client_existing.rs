//! `client.mode = "existing"`: the operator's own instance (their group, their profile, no
//! run tag) in the cluster's VPC becomes the client. The run adds the cluster security group to
//! it, keeping its own, prepares it through SSM, reaches CONNECTED and launches nothing; the
//! teardown takes the cluster group off again and leaves the instance, its group and its role
//! as they were.

use crate::support::{EXAMPLE, Rig, cloud, manual_plan};
use keystore_engine::inventory;
use keystore_engine::run::journal::Journal;
use keystore_engine::run::wait::{Pace, Waiter};
use keystore_engine::teardown::{self, Options, StepStatus, exec};
use keystore_sandbox::client::sdk_config;

const TRUST: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;

/// The operator's instance, made with plain SDK calls (no run tag): its id and its group.
async fn operators_instance(rig: &Rig, vpc: &str, subnet: &str) -> (String, String) {
    let conf = sdk_config(&rig.sandbox, "us-east-1");
    let ec2 = aws_sdk_ec2::Client::new(&conf);
    let iam = aws_sdk_iam::Client::new(&conf);
    let sg = ec2
        .create_security_group()
        .vpc_id(vpc)
        .group_name("operators-bastion")
        .description("the operator's own")
        .send()
        .await
        .expect("sg")
        .group_id()
        .expect("id")
        .to_string();
    iam.create_role()
        .role_name("operators-ssm")
        .assume_role_policy_document(TRUST)
        .send()
        .await
        .expect("role");
    iam.attach_role_policy()
        .role_name("operators-ssm")
        .policy_arn("arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore")
        .send()
        .await
        .expect("attach");
    iam.create_instance_profile()
        .instance_profile_name("operators-ssm")
        .send()
        .await
        .expect("profile");
    iam.add_role_to_instance_profile()
        .instance_profile_name("operators-ssm")
        .role_name("operators-ssm")
        .send()
        .await
        .expect("add");
    rig.sandbox.advance(30.0);
    let id = plain_launch(&ec2, subnet, Some(&sg), Some("operators-ssm")).await;
    (id, sg)
}

/// RunInstances as an operator would type it, without the wizard's tag.
async fn plain_launch(
    ec2: &aws_sdk_ec2::Client,
    subnet: &str,
    group: Option<&str>,
    profile: Option<&str>,
) -> String {
    ec2.run_instances()
        .image_id(keystore_sandbox::hosts::AL2023_AMI)
        .instance_type("t3.micro".into())
        .min_count(1)
        .max_count(1)
        .subnet_id(subnet)
        .set_security_group_ids(group.map(|g| vec![g.to_string()]))
        .set_iam_instance_profile(profile.map(|p| {
            aws_sdk_ec2::types::IamInstanceProfileSpecification::builder()
                .name(p)
                .build()
        }))
        .send()
        .await
        .expect("launch")
        .instances()[0]
        .instance_id()
        .expect("id")
        .to_string()
}

/// A manual-mode run up to the cluster; the cluster as the boundary reads it.
async fn up_to_the_cluster() -> (
    Rig,
    keystore_engine::cloud::Cloud,
    keystore_engine::cloud::types::Cluster,
) {
    let mut rig = Rig::new();
    rig.plan = manual_plan();
    assert_eq!(rig.run(Some("cluster"), false).await.code, 0);
    let c = cloud(&rig).await;
    let cluster = c
        .cluster(&rig.cluster_id())
        .await
        .expect("read")
        .expect("cluster");
    (rig, c, cluster)
}

#[tokio::test]
async fn an_existing_instance_joins_the_cluster_group_is_prepared_and_is_left_as_it_was() {
    let (mut rig, c, cluster) = up_to_the_cluster().await;
    let subnet = cluster.subnets.values().next().expect("subnet").clone();
    let (id, own_sg) = operators_instance(&rig, &cluster.vpc_id, &subnet).await;
    // The operator's VPC way out: a NAT route (added to the model, as in the console).
    rig.sandbox.with_world(|w| {
        let r = w.region_mut("us-east-1");
        let mut t = keystore_sandbox::ec2::routes::main_table(r, &cluster.vpc_id).expect("table");
        t.routes.push(keystore_sandbox::hosts::RouteEntry {
            destination: "0.0.0.0/0".into(),
            target: "nat-0a1b2c3d4e5f60718".into(),
        });
        r.route_tables.insert(t.id.clone(), t);
    });
    // What the TUI's picker lists: both instances in the VPC, by name, with SSM's verdict.
    let conf = sdk_config(&rig.sandbox, "us-east-1");
    let ec2 = aws_sdk_ec2::Client::new(&conf);
    ec2.create_tags()
        .resources(&id)
        .tags(
            aws_sdk_ec2::types::Tag::builder()
                .key("Name")
                .value("bastion")
                .build(),
        )
        .send()
        .await
        .expect("tag");
    let bare = plain_launch(&ec2, &subnet, None, None).await;
    rig.sandbox.advance(120.0);
    let rows = c
        .client_candidates(&cluster.vpc_id)
        .await
        .expect("candidates");
    let row = |i: &str| rows.iter().find(|r| r.id == i).cloned().expect("listed");
    assert_eq!(rows.len(), 2, "{rows:?}");
    let (mine, other) = (row(&id), row(&bare));
    assert_eq!(
        (mine.name.as_str(), mine.managed),
        ("bastion", true),
        "{mine:?}"
    );
    assert_eq!(
        (other.name.as_str(), other.managed),
        ("", false),
        "no profile: {other:?}"
    );
    assert_eq!(mine.state, "running");
    assert!(mine.az.starts_with("us-east-1"), "{mine:?}");
    assert!(
        c.client_candidates("vpc-0000000000000000f")
            .await
            .expect("read")
            .is_empty(),
        "another VPC's instances are not offered"
    );
    rig.plan = EXAMPLE.replace(
        "mode = \"launch\"",
        &format!("mode = \"existing\"\ninstance_id = \"{id}\""),
    );
    let before = rig.mutations().len();
    let run = rig.run(None, true).await;
    assert_eq!(run.code, 0, "{:?}", run.error());
    assert_eq!(rig.store_state(), ("CONNECTED".into(), None));
    let made = rig.mutations()[before..].to_vec();
    for op in [
        "RunInstances",
        "CreateVpcEndpoint",
        "CreateRole",
        "TerminateInstances",
    ] {
        assert!(!made.iter().any(|m| m == op), "{op}: {made:?}");
    }
    assert!(made.iter().any(|m| m == "ModifyNetworkInterfaceAttribute"));
    let joined = c.instance(&id).await.expect("read").expect("instance");
    assert_eq!(
        joined.state, "running",
        "an existing client is never terminated"
    );
    assert_eq!(
        joined.groups,
        vec![own_sg.clone(), cluster.security_group.clone()],
        "its own group kept, the cluster's added"
    );

    let journal = Journal::open(rig.dir.path()).expect("journal");
    let opts = Options {
        window_days: 7,
        known_ours: journal.resources().into_iter().map(|(_, i)| i).collect(),
        memberships: teardown::memberships(&journal),
        ..Options::default()
    };
    drop(journal);
    let inv = inventory::scan(&c, Some(vec!["us-east-1".into()]))
        .await
        .expect("scan");
    assert!(
        inv.regions[0].client.is_empty() && inv.client_identities.is_empty(),
        "nothing of the operator's counts as the wizard's: {:?}",
        inv.regions[0].client
    );
    let steps = teardown::plan(&inv, &opts, rig.sandbox.now() as i64);
    assert!(
        steps
            .iter()
            .any(|s| s.action == "remove_cluster_group" && s.target.starts_with(&id)),
        "{steps:?}"
    );
    // The operator's instances live in the wizard's VPC: it stays, and the plan says why.
    let vpc_step = steps
        .iter()
        .find(|s| s.action == "delete_vpc")
        .expect("the wizard's VPC is in the plan");
    assert!(
        matches!(&vpc_step.status, StepStatus::Blocked { reason } if reason.contains(&id)),
        "{vpc_step:?}"
    );
    let mut tj = Journal::open(&rig.dir.path().join("teardown")).expect("journal");
    tj.begin("teardown-test", "us-east-1", "sandbox")
        .expect("begin");
    let waiter = Waiter::new(Pace::Virtual(rig.sandbox.clone()));
    let done = exec::execute(&c, &steps, 7, &waiter, c.reporter(), &mut tj).await;
    assert!(done.iter().all(|d| d.outcome.is_ok()), "{done:?}");
    let after = c.instance(&id).await.expect("read").expect("instance");
    assert_eq!(after.state, "running");
    assert_eq!(
        after.groups,
        vec![own_sg.clone()],
        "as it was before the run"
    );
    assert!(c.role_exists("operators-ssm").await.expect("read"));
}

#[tokio::test]
async fn an_existing_instance_ssm_does_not_manage_is_left_untouched() {
    let (mut rig, c, cluster) = up_to_the_cluster().await;
    let subnet = cluster.subnets.values().next().expect("subnet").clone();
    let ec2 = aws_sdk_ec2::Client::new(&sdk_config(&rig.sandbox, "us-east-1"));
    // No instance profile: SSM can never manage it.
    let id = plain_launch(&ec2, &subnet, None, None).await;
    let before = c
        .instance(&id)
        .await
        .expect("read")
        .expect("instance")
        .groups;
    rig.plan = EXAMPLE.replace(
        "mode = \"launch\"",
        &format!("mode = \"existing\"\ninstance_id = \"{id}\""),
    );
    let run = rig.run(None, true).await;
    assert_eq!(run.code, 3);
    assert_eq!(run.error().map(|e| e.0).as_deref(), Some("ClientNotOnline"));
    let after = c
        .instance(&id)
        .await
        .expect("read")
        .expect("instance")
        .groups;
    assert_eq!(after, before, "nothing was changed on it");
    assert!(
        !rig.mutations()
            .iter()
            .any(|m| m == "ModifyNetworkInterfaceAttribute")
    );
}
