//! `cloudhsm-cli user list` through Run Command on a prepared client: the CA file must be the
//! cluster's trust anchor, and the answer comes from the simulated HSMs in the real CLI's JSON.

use crate::hosts::{client_identity, launch, online, run};
use crate::support::{Aws, REGION};
use keystore_facts::reach::CLI_PACKAGE_URL;

#[tokio::test]
async fn user_list_through_run_command_answers_from_the_hsms() {
    let aws = Aws::new();
    let (cluster, _) = aws.active_cluster().await;
    let c = aws.cluster(&cluster).await;
    let ip = c.hsms()[0].eni_ip().expect("ip").to_string();
    let anchor = aws.sandbox.with_world(|w| {
        w.regions[REGION].clusters[&cluster]
            .trust_anchor
            .clone()
            .expect("anchor")
    });
    // A client in the cluster's VPC with a NAT route: everything is reachable.
    let subnet = c
        .subnet_mapping()
        .expect("subnets")
        .values()
        .next()
        .expect("subnet")
        .clone();
    let vpc = c.vpc_id().expect("vpc").to_string();
    client_identity(&aws).await;
    aws.sandbox.with_world(|w| {
        let r = w.region_mut(REGION);
        let mut t = keystore_sandbox::ec2::routes::main_table(r, &vpc).expect("table");
        t.routes.push(keystore_sandbox::hosts::RouteEntry {
            destination: "0.0.0.0/0".into(),
            target: "nat-0123".into(),
        });
        r.route_tables.insert(t.id.clone(), t);
    });
    aws.advance_minutes(1.0);
    let sg = c.security_group().expect("sg").to_string();
    let id = launch(&aws, &subnet, &sg, "t").await.expect("launch");
    aws.advance_minutes(3.0);
    assert!(online(&aws, &id).await);
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD.encode(anchor.as_bytes());
    let wrong = base64::engine::general_purpose::STANDARD
        .encode("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    let prepare = |ca: &str| {
        vec![
            "set -euo pipefail".to_string(),
            format!("curl -fsSL -o /tmp/cli.rpm {CLI_PACKAGE_URL}"),
            "sudo dnf install -y /tmp/cli.rpm".into(),
            format!(
                "echo {ca} | base64 -d | sudo tee /opt/cloudhsm/etc/customerCA.crt > /dev/null"
            ),
            format!("sudo /opt/cloudhsm/bin/configure-cli -a {ip}"),
            "/opt/cloudhsm/bin/cloudhsm-cli user list".into(),
        ]
    };
    let lines = prepare(&wrong);
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    let (status, _, _, err) = run(&aws, &id, &refs).await;
    assert_eq!(status, "Failed");
    assert!(
        err.contains("TLS handshake"),
        "a CA that did not sign the cluster: {err}"
    );
    let lines = prepare(&b64);
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    let (status, rc, out, err) = run(&aws, &id, &refs).await;
    assert_eq!((status.as_str(), rc), ("Success", 0), "{err}");
    assert!(out.starts_with("Installed:"), "dnf's output first: {out}");
    let json = &out[out.find('{').expect("json")..];
    let listed: serde_json::Value = serde_json::from_str(json.trim()).expect("the CLI's JSON");
    let names: Vec<&str> = listed["data"]["users"]
        .as_array()
        .expect("users")
        .iter()
        .filter_map(|u| u["username"].as_str())
        .collect();
    assert_eq!(names, ["admin", "app_user"]);
    // ListCommands shows what was sent: the public CA, never a password.
    let listed = aws.ssm.list_commands().send().await.expect("list");
    assert_eq!(listed.commands().len(), 2);
}
