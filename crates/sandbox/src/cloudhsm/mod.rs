//! CloudHSM v2 (awsJson 1.1, `BaldrApiService`): clusters, HSMs, initialization, backups and
//! tags, with the ordering rules AWS enforces (one HSM before activation, one subnet per AZ, the
//! CSR only while UNINITIALIZED, certificate checks on InitializeCluster). State changes that
//! take time are scheduled on the virtual clock (timers in the account, applied by `lib.rs`);
//! HSM creation, deletion and initialization are in `hsm.rs`, the cluster key and CSR in `keys.rs`.

pub mod backups;
mod create;
mod restore;
use create::create_cluster;

pub(crate) mod hsm;
pub(crate) mod keys;
pub(crate) mod material;

use crate::cloudhsm::keys as hsm_keys;
use crate::model::{Cluster, Eni, Event, Hsm, Tags, World, durations};
use crate::wire::{ApiError, ApiResult, json_opt, json_str};
use serde_json::{Value, json};

pub fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::bad("CloudHsmInvalidRequestException", message)
}

pub(super) fn not_found(message: impl Into<String>) -> ApiError {
    ApiError::bad("CloudHsmResourceNotFoundException", message)
}

/// `TagList` on a cluster or backup: the model's minimum is one element, so AWS leaves the
/// member out when there are no tags (ListTags, whose list is required, keeps it).
pub(super) fn put_tags(v: &mut Value, tags: &Tags) {
    if let Some(obj) = v.as_object_mut() {
        if tags.is_empty() {
            obj.remove("TagList");
        } else {
            obj.insert("TagList".into(), tags_json(tags));
        }
    }
}

pub(super) fn tags_json(tags: &Tags) -> Value {
    Value::Array(
        tags.iter()
            .map(|(k, v)| json!({"Key": k, "Value": v}))
            .collect(),
    )
}

pub(super) fn tags_from(v: &Value, key: &str) -> ApiResult<Tags> {
    let mut tags = Tags::new();
    for t in v.get(key).and_then(Value::as_array).into_iter().flatten() {
        let k = json_str(t, "Key")?;
        if k.is_empty() || k.len() > 128 || k.starts_with("aws:") {
            return Err(ApiError::bad(
                "CloudHsmTagException",
                format!("Tag key '{k}' is invalid"),
            ));
        }
        tags.insert(
            k.to_string(),
            json_opt(t, "Value").unwrap_or("").to_string(),
        );
    }
    Ok(tags)
}

pub fn hsm_json(c: &Cluster, h: &Hsm) -> Value {
    json!({
        "AvailabilityZone": h.az, "ClusterId": c.id, "SubnetId": h.subnet_id, "EniId": h.eni_id,
        "EniIp": h.ip, "HsmId": h.id, "HsmType": c.hsm_type, "State": h.state,
        "StateMessage": if h.state == "ACTIVE" { "HSM created." } else { "" },
    })
}

pub fn cluster_json(c: &Cluster) -> Value {
    let mut certs = serde_json::Map::new();
    if c.state == "UNINITIALIZED"
        && let Some(csr) = &c.csr_pem
    {
        certs.insert("ClusterCsr".into(), json!(csr));
    }
    if let Some(cert) = &c.cluster_cert {
        certs.insert("ClusterCertificate".into(), json!(cert));
    }
    let mut v = json!({
        "BackupPolicy": "DEFAULT",
        "BackupRetentionPolicy": {"Type": "DAYS", "Value": c.backup_days.to_string()},
        "ClusterId": c.id, "CreateTimestamp": c.created, "HsmType": c.hsm_type,
        "Hsms": c.hsms.values().map(|h| hsm_json(c, h)).collect::<Vec<_>>(),
        "SecurityGroup": c.security_group, "State": c.state, "StateMessage": c.state_message,
        "SubnetMapping": c.subnets, "VpcId": c.vpc_id, "NetworkType": "IPV4", "Mode": c.mode,
        "Certificates": certs,
    });
    put_tags(&mut v, &c.tags);
    if let (Some(p), Some(obj)) = (&c.pre_co_password, v.as_object_mut()) {
        obj.insert("PreCoPassword".into(), json!(p));
    }
    if let (Some(b), Some(obj)) = (&c.source_backup, v.as_object_mut()) {
        obj.insert("SourceBackupId".into(), json!(b));
    }
    v
}

pub fn find_cluster<'a>(w: &'a mut World, region: &str, id: &str) -> ApiResult<&'a mut Cluster> {
    w.region_mut(region)
        .clusters
        .get_mut(id)
        .filter(|c| c.state != "DELETED")
        .ok_or_else(|| not_found(format!("Cluster {id} not found")))
}

pub(super) fn page(items: Vec<Value>, v: &Value) -> ApiResult<(Vec<Value>, Option<String>)> {
    // MaxResults' range is the front end's check.
    let max = v.get("MaxResults").and_then(Value::as_u64).unwrap_or(100) as usize;
    let start = match json_opt(v, "NextToken") {
        Some(t) => t
            .parse::<usize>()
            .map_err(|_| invalid("Invalid NextToken"))?,
        None => 0,
    };
    let end = (start + max).min(items.len());
    let next = (end < items.len()).then(|| end.to_string());
    Ok((
        items
            .get(start..end)
            .map(<[Value]>::to_vec)
            .unwrap_or_default(),
        next,
    ))
}

pub(super) fn filter_values(v: &Value, name: &str) -> Option<Vec<String>> {
    let list = v.get("Filters")?.get(name)?.as_array()?;
    Some(
        list.iter()
            .filter_map(|x| x.as_str().map(str::to_string))
            .collect(),
    )
}

pub fn handle(w: &mut World, region: &str, op: &str, v: &Value) -> ApiResult<Value> {
    match op {
        "CreateCluster" => create_cluster(w, region, v),
        "DescribeClusters" => {
            let ids = filter_values(v, "clusterIds");
            let states = filter_values(v, "states");
            let vpcs = filter_values(v, "vpcIds");
            let items: Vec<Value> = w
                .region_mut(region)
                .clusters
                .values()
                .filter(|c| ids.as_ref().is_none_or(|f| f.contains(&c.id)))
                .filter(|c| states.as_ref().is_none_or(|f| f.contains(&c.state)))
                .filter(|c| vpcs.as_ref().is_none_or(|f| f.contains(&c.vpc_id)))
                .map(cluster_json)
                .collect();
            let (items, next) = page(items, v)?;
            let mut out = json!({"Clusters": items});
            if let Some(n) = next {
                out["NextToken"] = json!(n);
            }
            Ok(out)
        }
        "CreateHsm" => crate::cloudhsm::hsm::create_hsm(w, region, v),
        "DeleteHsm" => crate::cloudhsm::hsm::delete_hsm(w, region, v),
        "InitializeCluster" => crate::cloudhsm::hsm::initialize(w, region, v),
        "DeleteCluster" => {
            let id = json_str(v, "ClusterId")?.to_string();
            let c = find_cluster(w, region, &id)?;
            if !c.hsms.is_empty() {
                return Err(invalid(format!(
                    "Cluster {id} still has {} HSM(s); delete every HSM before the cluster",
                    c.hsms.len()
                )));
            }
            if c.state != "DELETE_IN_PROGRESS" {
                c.state = "DELETE_IN_PROGRESS".into();
                c.state_message = "Cluster is being deleted.".into();
                w.schedule(
                    durations::CLUSTER_DELETE,
                    region,
                    Event::ClusterDeleted(id.clone()),
                );
            }
            let c = find_cluster(w, region, &id)?;
            Ok(json!({"Cluster": cluster_json(c)}))
        }
        "DescribeBackups" => {
            let ids = filter_values(v, "backupIds");
            let clusters = filter_values(v, "clusterIds");
            let states = filter_values(v, "states");
            let account = w.account_id.clone();
            let items: Vec<Value> = w
                .region_mut(region)
                .backups
                .values()
                .filter(|b| ids.as_ref().is_none_or(|f| f.contains(&b.id)))
                .filter(|b| clusters.as_ref().is_none_or(|f| f.contains(&b.cluster_id)))
                .filter(|b| states.as_ref().is_none_or(|f| f.contains(&b.state)))
                .map(|b| backup_json(region, &account, b))
                .collect();
            let (items, next) = page(items, v)?;
            let mut out = json!({"Backups": items});
            if let Some(n) = next {
                out["NextToken"] = json!(n);
            }
            Ok(out)
        }
        "DeleteBackup" => {
            let id = json_str(v, "BackupId")?.to_string();
            let now = w.now;
            let account = w.account_id.clone();
            let b = w
                .region_mut(region)
                .backups
                .get_mut(&id)
                .ok_or_else(|| not_found(format!("Backup {id} not found")))?;
            if b.state != "PENDING_DELETION" {
                b.state = "PENDING_DELETION".into();
                b.delete_at = Some(now + durations::BACKUP_PENDING_DELETION);
                let out = json!({"Backup": backup_json(region, &account, b)});
                w.schedule(
                    durations::BACKUP_PENDING_DELETION,
                    region,
                    Event::BackupDeleted(id),
                );
                return Ok(out);
            }
            Ok(json!({"Backup": backup_json(region, &account, b)}))
        }
        "CopyBackupToRegion" => backups::copy_to_region(w, region, v),
        "TagResource" | "UntagResource" | "ListTags" => tags_op(w, region, op, v),
        _ => Err(ApiError::bad(
            "UnknownOperationException",
            format!("The sandbox does not model CloudHSM operation {op}"),
        )),
    }
}

pub(super) fn backup_json(region: &str, account: &str, b: &crate::model::Backup) -> Value {
    let mut v = json!({
        "BackupId": b.id, "BackupArn": format!("arn:aws:cloudhsm:{region}:{account}:backup/{}", b.id),
        "BackupState": b.state, "ClusterId": b.cluster_id, "CreateTimestamp": b.created,
        "HsmType": b.hsm_type, "Mode": b.mode, "NeverExpires": false,
    });
    put_tags(&mut v, &b.tags);
    if let Some(t) = b.delete_at {
        v["DeleteTimestamp"] = json!(t);
    }
    for (k, x) in [
        ("SourceRegion", &b.source_region),
        ("SourceBackup", &b.source_backup),
        ("SourceCluster", &b.source_cluster),
    ] {
        if let Some(x) = x {
            v[k] = json!(x);
        }
    }
    if let Some(t) = b.copied {
        v["CopyTimestamp"] = json!(t);
    }
    v
}

pub(super) fn tags_op(w: &mut World, region: &str, op: &str, v: &Value) -> ApiResult<Value> {
    let id = json_str(v, "ResourceId")?.to_string();
    let new_tags = tags_from(v, "TagList")?;
    let keys: Vec<String> = v
        .get("TagKeyList")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|k| k.as_str().map(str::to_string))
        .collect();
    let r = w.region_mut(region);
    let tags = if let Some(c) = r.clusters.get_mut(&id) {
        &mut c.tags
    } else if let Some(b) = r.backups.get_mut(&id) {
        &mut b.tags
    } else {
        return Err(not_found(format!("Resource {id} not found")));
    };
    match op {
        "TagResource" => {
            tags.extend(new_tags);
            Ok(json!({}))
        }
        "UntagResource" => {
            tags.retain(|k, _| !keys.contains(k));
            Ok(json!({}))
        }
        _ => Ok(json!({"TagList": tags_json(tags)})),
    }
}

/// Gives a new HSM an ENI in its subnet.
pub fn attach_eni(
    w: &mut World,
    region: &str,
    subnet_id: &str,
    sg: &str,
    description: String,
    requester: &str,
) -> ApiResult<Eni> {
    attach_eni_at(w, region, subnet_id, sg, description, requester, None)
}

/// The same at a chosen address (`CreateHsm`'s `IpAddress`), refused when it is not a free,
/// usable address of the subnet.
pub fn attach_eni_at(
    w: &mut World,
    region: &str,
    subnet_id: &str,
    sg: &str,
    description: String,
    requester: &str,
    wanted: Option<&str>,
) -> ApiResult<Eni> {
    let eni_id = w.ids.ec2("eni");
    let r = w.region_mut(region);
    let subnet = r
        .subnets
        .get(subnet_id)
        .ok_or_else(|| invalid(format!("Subnet {subnet_id} no longer exists")))?
        .clone();
    let ip = match wanted {
        Some(ip) => r.address_if_free(subnet_id, ip).map_err(invalid)?,
        None => r
            .next_address(subnet_id)
            .ok_or_else(|| invalid(format!("Subnet {subnet_id} has no free IP address")))?,
    };
    let eni = Eni {
        id: eni_id.clone(),
        subnet_id: subnet_id.into(),
        vpc_id: subnet.vpc_id,
        az: subnet.az,
        ip,
        description,
        group_ids: vec![sg.into()],
        requester: requester.into(),
    };
    r.enis.insert(eni_id, eni.clone());
    Ok(eni)
}

/// Makes the cluster's key pair and CSR the first time an HSM is ACTIVE while UNINITIALIZED.
pub fn ensure_csr(c: &mut Cluster) -> Result<(), String> {
    if c.key_pkcs8_hex.is_empty() {
        c.key_pkcs8_hex = hsm_keys::new_key()?;
    }
    if c.csr_pem.is_none() {
        c.csr_pem = Some(hsm_keys::csr(&c.key_pkcs8_hex, &c.id)?);
    }
    Ok(())
}

impl Cluster {
    /// A new HSM key pair and CSR, as when the cluster's first HSM is replaced before
    /// initialization (tests of the "CSR changed" path).
    pub fn regenerate_csr(&mut self) -> Result<(), String> {
        self.key_pkcs8_hex.clear();
        self.csr_pem = None;
        ensure_csr(self)
    }
}
