//! The client host's AWS boundary (`cloud::client_host`, `cloud::iam_profile`) against the
//! sandbox, in the VPC a full setup created: the documented reachability rules say what is
//! missing, the creates fill it in (the same ClientToken makes one endpoint and one instance),
//! a new instance profile is refused until IAM propagates it, the instance registers with SSM,
//! a script runs, and the removal order IAM and EC2 require leaves nothing behind. No password
//! reaches any recorded request.

use crate::support::{KMSUSER, Rig, cloud, manual_plan};
use keystore_engine::cloud::iam_profile::SSM_CORE_POLICY;
use keystore_facts::reach::{self, CLI_PACKAGE_URL, Missing};

#[tokio::test]
async fn the_boundary_builds_a_way_in_launches_a_client_and_removes_it_all() {
    let mut rig = Rig::new();
    rig.plan = manual_plan();
    rig.sandbox.record_bodies(true);
    let setup = rig.run(None, false).await;
    assert_eq!(setup.code, 0, "{:?}", setup.error());
    let c = cloud(&rig).await;
    let cluster = c
        .cluster(&rig.cluster_id())
        .await
        .expect("read")
        .expect("cluster");
    let vpc = cluster.vpc_id.clone();
    let run = "run-client-test";
    let client_sg = c
        .create_security_group(&vpc, "kw-client", "client host", run)
        .await
        .expect("sg");
    let endpoint_sg = c
        .create_security_group(&vpc, "kw-endpoints", "SSM endpoints", run)
        .await
        .expect("sg");
    let (network, table) = c
        .network_for_client(&vpc, Some(&client_sg))
        .await
        .expect("network");
    assert_eq!(
        reach::ssm_missing(&network),
        vec![
            Missing::SsmEndpoint("ssm"),
            Missing::SsmEndpoint("ssmmessages"),
            Missing::DnsHostnames
        ],
        "a wizard-made VPC has no way out and no endpoints"
    );
    assert_eq!(reach::package_missing(&network), vec![Missing::S3Gateway]);
    c.allow_443_from(&endpoint_sg, &client_sg)
        .await
        .expect("443");
    c.allow_443_from(&endpoint_sg, &client_sg)
        .await
        .expect("a second time is no error");
    c.enable_dns_hostnames(&vpc).await.expect("dns");
    let subnets: Vec<String> = cluster.subnets.values().cloned().collect();
    let ssm = c
        .create_interface_endpoint(&vpc, "ssm", &subnets, &endpoint_sg, "kw-ssm-1", run)
        .await
        .expect("ssm");
    let again = c
        .create_interface_endpoint(&vpc, "ssm", &subnets, &endpoint_sg, "kw-ssm-1", run)
        .await
        .expect("retry");
    assert_eq!(ssm, again, "the same ClientToken makes one endpoint");
    let msgs = c
        .create_interface_endpoint(
            &vpc,
            "ssmmessages",
            &subnets,
            &endpoint_sg,
            "kw-msgs-1",
            run,
        )
        .await
        .expect("msgs");
    let s3 = c
        .create_s3_gateway(&vpc, table.as_deref().expect("main table"), "kw-s3-1", run)
        .await
        .expect("s3");
    let (network, _) = c
        .network_for_client(&vpc, Some(&client_sg))
        .await
        .expect("network");
    assert!(
        reach::ssm_missing(&network).is_empty(),
        "{:?}",
        reach::ssm_missing(&network)
    );
    assert!(reach::package_missing(&network).is_empty());
    // The identity: a role with only what SSM needs, in a profile.
    assert!(!c.role_exists("kw-client").await.expect("read"));
    c.create_client_role("kw-client", run).await.expect("role");
    c.attach_role_policy("kw-client", SSM_CORE_POLICY)
        .await
        .expect("attach");
    assert_eq!(c.instance_profile("kw-client").await.expect("read"), None);
    c.create_instance_profile("kw-client")
        .await
        .expect("profile");
    c.add_role_to_profile("kw-client", "kw-client")
        .await
        .expect("add");
    assert_eq!(
        c.instance_profile("kw-client").await.expect("read"),
        Some(vec!["kw-client".to_string()])
    );
    let ami = c.al2023_ami().await.expect("ami");
    assert!(ami.starts_with("ami-"));
    assert_eq!(
        c.session_kms_key().await.expect("prefs"),
        None,
        "no preferences document: no key"
    );
    let groups = vec![cluster.security_group.clone(), client_sg.clone()];
    let early = c
        .run_client(
            &ami,
            "t3.micro",
            &subnets[0],
            &groups,
            "kw-client",
            "kw-i-1",
            run,
        )
        .await;
    assert_eq!(
        early.expect_err("IAM has not propagated the profile").code,
        "InvalidParameterValue"
    );
    rig.sandbox.advance(10.0);
    let id = c
        .run_client(
            &ami,
            "t3.micro",
            &subnets[0],
            &groups,
            "kw-client",
            "kw-i-1",
            run,
        )
        .await
        .expect("launch");
    let same = c
        .run_client(
            &ami,
            "t3.micro",
            &subnets[0],
            &groups,
            "kw-client",
            "kw-i-1",
            run,
        )
        .await
        .expect("retry");
    assert_eq!(id, same, "the same ClientToken makes one instance");
    let (public_ip, imdsv2, encrypted) = rig.sandbox.with_world(|w| {
        let i = &w.regions["us-east-1"].instances[&id];
        (i.public_ip, i.imdsv2_required, i.root_encrypted)
    });
    assert_eq!((public_ip, imdsv2, encrypted), (false, true, true));
    assert!(!c.ssm_online(&id).await.expect("read"), "still booting");
    rig.sandbox.advance(120.0);
    assert!(c.ssm_online(&id).await.expect("read"));
    let script = vec![
        "set -euo pipefail".to_string(),
        format!("curl -fsSL -o /tmp/cloudhsm-cli.rpm {CLI_PACKAGE_URL}"),
        "sudo dnf install -y /tmp/cloudhsm-cli.rpm".into(),
        "rpm -q cloudhsm-cli".into(),
    ];
    let command = c
        .send_script(&id, &script, "install the CloudHSM CLI")
        .await
        .expect("send");
    assert_eq!(
        c.invocation(&command, &id).await.expect("read"),
        None,
        "not visible yet"
    );
    rig.sandbox.advance(60.0);
    let done = c
        .invocation(&command, &id)
        .await
        .expect("read")
        .expect("invocation");
    assert_eq!(
        (done.status.as_str(), done.exit_code),
        ("Success", 0),
        "{}",
        done.stderr
    );
    let version = reach::cli_version(&done.stdout).expect("version");
    assert!(
        version >= reach::min_cli_version(&cluster.hsm_type),
        "{version:?}"
    );
    // Removal, in the order AWS requires.
    c.terminate(&id).await.expect("terminate");
    assert_eq!(
        c.delete_security_group(&client_sg)
            .await
            .expect_err("the instance still holds it")
            .code,
        "DependencyViolation"
    );
    rig.sandbox.advance(120.0);
    assert_eq!(
        c.instance(&id)
            .await
            .expect("read")
            .map(|i| i.state)
            .as_deref(),
        Some("terminated")
    );
    for e in [&ssm, &msgs, &s3] {
        c.delete_endpoint(e).await.expect("endpoint");
    }
    c.delete_security_group(&endpoint_sg)
        .await
        .expect("endpoints' group");
    c.delete_security_group(&client_sg)
        .await
        .expect("client group");
    c.delete_security_group(&client_sg)
        .await
        .expect("gone counts as done");
    c.delete_client_identity("kw-client", "kw-client")
        .await
        .expect("identity");
    c.delete_client_identity("kw-client", "kw-client")
        .await
        .expect("again: gone is done");
    assert!(!c.role_exists("kw-client").await.expect("read"));
    let leaked: Vec<String> = rig
        .sandbox
        .requests()
        .into_iter()
        .filter(|r| r.body.as_deref().is_some_and(|b| b.contains(KMSUSER)))
        .map(|r| r.operation)
        .collect();
    assert_eq!(
        leaked,
        ["CreateCustomKeyStore"],
        "the kmsuser password goes to KMS only"
    );
}
