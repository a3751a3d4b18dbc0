//! The plan's rules, one test per kind, and the defaults of a short plan.

use super::*;

#[test]
fn a_plan_of_two_lines_takes_the_documented_defaults() {
    let p =
        Plan::parse("region = \"eu-west-1\"\nkey_store.name = \"Payments\"\n").expect("two lines");
    assert_eq!(p.region.as_deref(), Some("eu-west-1"));
    assert_eq!(p.key_store_name, "Payments");
    let example = Plan::parse(EXAMPLE).expect("example");
    assert_eq!(p.hsm_type, example.hsm_type);
    assert_eq!(p.mode, example.mode);
    assert_eq!(p.backup_days, example.backup_days);
    assert_eq!(p.admin_group, example.admin_group);
    assert_eq!(p.admin_policy, example.admin_policy);
    assert_eq!(p.key_bits, example.key_bits);
    assert_eq!(p.cluster_cert_days, example.cluster_cert_days);
    assert!(
        matches!(&p.network, Network::CreateVpc { cidr, subnets } if cidr == "10.42.0.0/16" && subnets.len() == 2 && subnets.iter().all(|(_, az)| az.is_none())),
        "a new VPC in AZs the wizard picks: {:?}",
        p.network
    );
    assert!(Plan::parse("").is_ok(), "even an empty plan");
    // A section written out but left without its choice is still an error.
    let e = Plan::parse("[network]\n").expect_err("empty network");
    assert_eq!(e.field, "network");
    // A default never hides a bad value that is written.
    let e = Plan::parse("[cluster]\nbackup_retention_days = 3\n").expect_err("3 days");
    assert_eq!(
        (e.field.as_str(), e.line),
        ("cluster.backup_retention_days", 2)
    );
}

#[test]
fn the_example_plan_is_valid() {
    let p = Plan::parse(EXAMPLE).expect("example plan");
    assert_eq!(p.admin_group, "CloudHsmAdministrator");
    assert!(matches!(p.network, Network::CreateVpc { ref subnets, .. } if subnets.len() == 2));
}

fn broken(from: &str, to: &str) -> PlanError {
    assert!(EXAMPLE.contains(from), "{from}");
    Plan::parse(&EXAMPLE.replacen(from, to, 1)).expect_err(to)
}

#[test]
fn errors_name_field_rule_value_and_position() {
    let e = broken("hsm_type = \"hsm2m.medium\"", "hsm_type = \"hsm9.huge\"");
    assert_eq!(e.field, "cluster.hsm_type");
    assert!(e.rule.contains("hsm2m.medium"));
    assert!(e.to_string().contains("\"hsm9.huge\""));
    let line = EXAMPLE
        .lines()
        .position(|l| l.starts_with("hsm_type"))
        .expect("line")
        + 1;
    assert_eq!((e.line, e.column), (line, 12));
    assert_eq!(
        broken("backup_retention_days = 90", "backup_retention_days = 400").field,
        "cluster.backup_retention_days"
    );
    assert_eq!(
        broken(
            "group = \"CloudHsmAdministrator\"",
            "group = \"bad group!\""
        )
        .field,
        "admin.group"
    );
    assert_eq!(
        broken("key_bits = 2048", "key_bits = 1024").field,
        "pki.key_bits"
    );
    assert_eq!(
        broken(
            "alias = \"alias/keystore-wizard-example\"",
            "alias = \"alias/aws/x\""
        )
        .field,
        "key.alias"
    );
    let non_fips = EXAMPLE.replace("mode = \"FIPS\"", "mode = \"NON_FIPS\"");
    assert!(
        Plan::parse(&non_fips).is_ok(),
        "NON_FIPS is fine on hsm2m.medium"
    );
    let e =
        Plan::parse(&non_fips.replace("hsm_type = \"hsm2m.medium\"", "hsm_type = \"hsm1.medium\""))
            .expect_err("hsm1");
    assert_eq!(e.field, "cluster.hsm_type");
    assert!(
        e.rule.contains("deprecat") && e.rule.contains("deprecation.html"),
        "{e}"
    );
    let e =
        Plan::parse(&EXAMPLE.replace("hsm_type = \"hsm2m.medium\"", "hsm_type = \"hsm1.medium\""))
            .expect_err("hsm1 in FIPS mode too");
    assert_eq!(e.field, "cluster.hsm_type");
    let unknown = broken("[key_store]", "[key_store]\npassword = \"x\"");
    assert!(unknown.rule.contains("unknown field"), "{unknown}");
    let syntax = Plan::parse("region = ").expect_err("syntax");
    assert_eq!(syntax.line, 1);
}

#[test]
fn network_rules() {
    let one = "subnet_ids = [\"subnet-0123456789abcdef0\"]";
    let text = EXAMPLE.replace("[network.create_vpc]", "[network.unused]");
    let start = text.find("[network.unused]").expect("section");
    let end = text[start..].find("\n\n").map(|i| start + i).expect("end");
    let base = format!("{}{one}{}", &text[..start], &text[end..]);
    let e = Plan::parse(&base).expect_err("one subnet");
    assert_eq!(e.field, "network.subnet_ids");
    assert!(e.rule.contains("two"), "{e}");
    let overlap = broken("cidr = \"10.42.1.0/24\"", "cidr = \"10.42.0.128/25\"");
    assert!(overlap.rule.contains("overlap"), "{overlap}");
    let outside = broken("cidr = \"10.42.1.0/24\"", "cidr = \"10.99.1.0/24\"");
    assert_eq!(outside.field, "network.create_vpc.subnets.cidr");
}
