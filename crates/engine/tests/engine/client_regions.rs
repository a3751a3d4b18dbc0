//! The way-in check before anything is launched, in a Region other than us-east-1: the CloudHSM
//! CLI package is in a us-east-1 bucket that no gateway endpoint of another Region reaches, so a
//! wizard-made VPC there stops `client_launch` with the reason and the fix before any client
//! piece is created; with a NAT route (added to the model, as an operator would in the console)
//! the same run resumes to CONNECTED and needs no endpoint at all.

use crate::support::{EXAMPLE, Rig};

const REGION: &str = "eu-west-1";

#[tokio::test]
async fn outside_us_east_1_launch_stops_before_creating_anything_until_a_nat_route_exists() {
    let mut rig = Rig::new();
    rig.plan = EXAMPLE.replace("us-east-1", REGION);
    let stopped = rig.run(None, false).await;
    assert_eq!(stopped.code, 3);
    let (code, meaning, fix) = stopped.error().expect("error");
    assert_eq!(code, "ClientPackageOutsideRegion");
    assert!(
        meaning.contains("us-east-1") && meaning.contains(REGION),
        "{meaning}"
    );
    assert!(fix.iter().any(|f| f.contains("NAT")), "{fix:?}");
    assert!(
        fix.iter().any(|f| f.contains("Nothing was launched")),
        "{fix:?}"
    );
    let made = rig.mutations();
    for op in [
        "RunInstances",
        "CreateSecurityGroup",
        "CreateVpcEndpoint",
        "CreateRole",
        "CreateInstanceProfile",
        "ModifyVpcAttribute",
    ] {
        assert!(
            !made.iter().any(|m| m == op),
            "{op} before the check: {made:?}"
        );
    }
    rig.sandbox.with_world(|w| {
        let r = w.region_mut(REGION);
        let vpc = r
            .vpcs
            .values()
            .find(|v| !v.is_default)
            .map(|v| v.id.clone())
            .expect("the wizard's VPC");
        let mut t = keystore_sandbox::ec2::routes::main_table(r, &vpc).expect("table");
        t.routes.push(keystore_sandbox::hosts::RouteEntry {
            destination: "0.0.0.0/0".into(),
            target: "nat-0a1b2c3d4e5f60718".into(),
        });
        r.route_tables.insert(t.id.clone(), t);
    });
    let resumed = rig.run(None, true).await;
    assert_eq!(resumed.code, 0, "{:?}", resumed.error());
    let state = rig.sandbox.with_world(|w| {
        w.region_mut(REGION)
            .key_stores
            .values()
            .next()
            .map(|s| s.state.clone())
    });
    assert_eq!(state.as_deref(), Some("CONNECTED"));
    let made = rig.mutations();
    assert!(
        !made
            .iter()
            .any(|m| m == "CreateVpcEndpoint" || m == "ModifyVpcAttribute"),
        "a NAT route needs no endpoint: {made:?}"
    );
    assert_eq!(made.iter().filter(|m| *m == "RunInstances").count(), 1);
}
