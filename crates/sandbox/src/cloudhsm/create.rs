//! CreateCluster: HSM type and mode, backup retention, one to ten subnets in one VPC and one per
//! AZ, the cluster security group, and AWSServiceRoleForCloudHSM on first use (or the access
//! error when the caller may not create it).

use super::*;
use crate::iam::eval::caller_may;
use crate::iam::service_roles as iam_slr;
use crate::model::{Cluster, Event, SecurityGroup, SgRule, Tags, World, durations};
use crate::wire::{ApiError, ApiResult, json_opt, json_str};
use keystore_facts::slr;
use serde_json::{Value, json};

pub(super) fn create_cluster(w: &mut World, region: &str, v: &Value) -> ApiResult<Value> {
    let hsm_type = json_str(v, "HsmType")?.to_string();
    if !matches!(hsm_type.as_str(), "hsm1.medium" | "hsm2m.medium") {
        return Err(invalid(format!(
            "HSM type {hsm_type} is not supported. Use hsm1.medium or hsm2m.medium"
        )));
    }
    let mode = json_opt(v, "Mode").unwrap_or("FIPS").to_string();
    match mode.as_str() {
        "FIPS" => {}
        "NON_FIPS" if hsm_type == "hsm2m.medium" => {}
        "NON_FIPS" => {
            return Err(invalid(
                "NON_FIPS mode is only available for hsm2m.medium clusters",
            ));
        }
        // The front end has checked the enum.
        _ => {}
    }
    let source = match json_opt(v, "SourceBackupId") {
        Some(b) => Some(super::restore::source(w, region, b, &hsm_type, &mode)?),
        None => None,
    };
    if json_opt(v, "NetworkType").is_some_and(|n| n != "IPV4") {
        return Err(invalid(
            "The sandbox models IPV4 clusters only (AWS KMS cannot use IPv6 to reach a cluster)",
        ));
    }
    let backup_days = match v.get("BackupRetentionPolicy") {
        None => 90,
        Some(p) => {
            let days: u32 = json_opt(p, "Value")
                .and_then(|d| d.parse().ok())
                .ok_or_else(|| invalid("BackupRetentionPolicy.Value must be a number of days"))?;
            if json_opt(p, "Type") != Some("DAYS") || !(7..=379).contains(&days) {
                return Err(invalid(
                    "BackupRetentionPolicy must be {Type: DAYS, Value: 7..379}",
                ));
            }
            days
        }
    };
    // Required, 1..10 items: checked by the front end.
    let subnet_ids: Vec<String> = v
        .get("SubnetIds")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|s| s.as_str().map(str::to_string))
        .collect();
    let tags = tags_from(v, "TagList")?;
    let r = w.region_mut(region);
    if r.clusters.values().filter(|c| c.state != "DELETED").count() >= 4 {
        return Err(ApiError::bad(
            "CloudHsmServiceException",
            "Cluster quota exceeded: this Region already has 4 clusters (request an increase in Service Quotas)",
        ));
    }
    let mut mapping = std::collections::BTreeMap::new();
    let mut vpc = None::<String>;
    for id in &subnet_ids {
        let s = r
            .subnets
            .get(id)
            .ok_or_else(|| invalid(format!("Subnet {id} does not exist")))?;
        if vpc.as_ref().is_some_and(|v| v != &s.vpc_id) {
            return Err(invalid("All subnets must be in the same VPC"));
        }
        vpc = Some(s.vpc_id.clone());
        if mapping.insert(s.az.clone(), s.id.clone()).is_some() {
            return Err(invalid(format!(
                "Only one subnet per Availability Zone is allowed ({} appears twice)",
                s.az
            )));
        }
    }
    let vpc_id = vpc.unwrap_or_default();
    if !w.iam.roles.contains_key(slr::CLOUDHSM.name) {
        if !caller_may(w, "iam:CreateServiceLinkedRole") {
            return Err(ApiError::bad(
                "CloudHsmAccessDeniedException",
                format!(
                    "The caller is not authorized to perform iam:CreateServiceLinkedRole, which CloudHSM needs to create the {} service-linked role on first use",
                    slr::CLOUDHSM.name
                ),
            ));
        }
        iam_slr::ensure(w, &slr::CLOUDHSM);
    }
    iam_slr::touch(w, &slr::CLOUDHSM, region);
    let id = w.ids.base32("cluster");
    let sg_id = w.ids.ec2("sg");
    let rule = |g: &str| SgRule {
        protocol: "tcp".into(),
        from_port: 2223,
        to_port: 2225,
        group_id: g.into(),
        cidr: String::new(),
    };
    let sg = SecurityGroup {
        id: sg_id.clone(),
        name: format!("cloudhsm-{id}-sg"),
        description: format!("Security group for CloudHSM cluster {id}"),
        vpc_id: vpc_id.clone(),
        ingress: vec![rule(&sg_id)],
        egress: vec![rule(&sg_id)],
        tags: Tags::new(),
    };
    let cluster = Cluster {
        id: id.clone(),
        state: "CREATE_IN_PROGRESS".into(),
        state_message: String::new(),
        hsm_type,
        mode,
        backup_days,
        vpc_id,
        subnets: mapping,
        security_group: sg_id.clone(),
        created: w.now,
        deleted_at: None,
        tags,
        hsms: Default::default(),
        key_pkcs8_hex: String::new(),
        csr_pem: None,
        cluster_cert: None,
        trust_anchor: None,
        pre_co_password: None,
        users: Default::default(),
        material: Default::default(),
        cli_session: None,
        lineage: id.clone(),
        source_backup: None,
    };
    let mut cluster = cluster;
    if let Some(b) = &source {
        super::restore::seed(&mut cluster, b);
    }
    let out = json!({"Cluster": cluster_json(&cluster)});
    let r = w.region_mut(region);
    r.security_groups.insert(sg_id, sg);
    r.clusters.insert(id.clone(), cluster);
    w.schedule(durations::CLUSTER_CREATE, region, Event::ClusterCreated(id));
    Ok(out)
}
