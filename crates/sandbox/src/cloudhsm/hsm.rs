//! CloudHSM HSM lifecycle and cluster initialization: CreateHsm (one before activation, only in
//! an AZ with a cluster subnet, one ENI each), DeleteHsm, InitializeCluster with the real
//! certificate checks, and the timer events that move clusters and HSMs along.

use crate::cloudhsm::{attach_eni_at, ensure_csr, find_cluster, hsm_json, invalid};
use crate::model::{Event, Hsm, World, durations};
use crate::wire::{ApiError, ApiResult, json_opt, json_str};
use keystore_facts::certcheck;
use serde_json::{Value, json};

pub fn create_hsm(w: &mut World, region: &str, v: &Value) -> ApiResult<Value> {
    let cluster_id = json_str(v, "ClusterId")?.to_string();
    let az = json_str(v, "AvailabilityZone")?.to_string();
    let c = find_cluster(w, region, &cluster_id)?;
    if !matches!(
        c.state.as_str(),
        "UNINITIALIZED" | "INITIALIZED" | "ACTIVE" | "DEGRADED"
    ) {
        return Err(invalid(format!(
            "Cluster {cluster_id} is in state {}; HSMs can be added once it is UNINITIALIZED",
            c.state
        )));
    }
    let live = c
        .hsms
        .values()
        .filter(|h| h.state != "DELETE_IN_PROGRESS")
        .count();
    if c.state != "ACTIVE" && live >= 1 {
        return Err(invalid(format!(
            "Cluster {cluster_id} already contains an HSM but has not yet been fully activated"
        )));
    }
    if live >= 28 {
        return Err(ApiError::bad(
            "CloudHsmServiceException",
            "HSM quota exceeded for this cluster",
        ));
    }
    let subnet = c.subnets.get(&az).cloned().ok_or_else(|| {
        invalid(format!(
            "Cluster {cluster_id} has no subnet in Availability Zone {az}"
        ))
    })?;
    let sg = c.security_group.clone();
    let hsm_id = w.ids.base32("hsm");
    let eni = attach_eni_at(
        w,
        region,
        &subnet,
        &sg,
        format!("CloudHSM Managed Interface for {hsm_id}"),
        "cloudhsm",
        json_opt(v, "IpAddress"),
    )?;
    let hsm = Hsm {
        id: hsm_id.clone(),
        az,
        subnet_id: subnet,
        eni_id: eni.id,
        ip: eni.ip,
        state: "CREATE_IN_PROGRESS".into(),
    };
    let c = find_cluster(w, region, &cluster_id)?;
    let out = json!({"Hsm": hsm_json(c, &hsm)});
    c.hsms.insert(hsm_id.clone(), hsm);
    w.schedule(
        durations::HSM_CREATE,
        region,
        Event::HsmCreated {
            cluster: cluster_id,
            hsm: hsm_id,
        },
    );
    Ok(out)
}

pub fn delete_hsm(w: &mut World, region: &str, v: &Value) -> ApiResult<Value> {
    let cluster_id = json_str(v, "ClusterId")?.to_string();
    let c = find_cluster(w, region, &cluster_id)?;
    let wanted = [
        json_opt(v, "HsmId"),
        json_opt(v, "EniId"),
        json_opt(v, "EniIp"),
    ];
    if wanted.iter().all(Option::is_none) {
        return Err(invalid("Specify one of HsmId, EniId or EniIp"));
    }
    let hsm = c.hsms.values_mut().find(|h| {
        wanted[0] == Some(h.id.as_str())
            || wanted[1] == Some(h.eni_id.as_str())
            || wanted[2] == Some(h.ip.as_str())
    });
    let hsm = hsm.ok_or_else(|| {
        ApiError::bad(
            "CloudHsmResourceNotFoundException",
            format!("HSM not found in cluster {cluster_id}"),
        )
    })?;
    let id = hsm.id.clone();
    if hsm.state != "DELETE_IN_PROGRESS" {
        hsm.state = "DELETE_IN_PROGRESS".into();
        w.schedule(
            durations::HSM_DELETE,
            region,
            Event::HsmDeleted {
                cluster: cluster_id,
                hsm: id.clone(),
            },
        );
    }
    Ok(json!({"HsmId": id}))
}

pub fn initialize(w: &mut World, region: &str, v: &Value) -> ApiResult<Value> {
    let cluster_id = json_str(v, "ClusterId")?.to_string();
    let signed = json_str(v, "SignedCert")?.to_string();
    let anchor = json_str(v, "TrustAnchor")?.to_string();
    let c = find_cluster(w, region, &cluster_id)?;
    let csr = match (&c.state[..], &c.csr_pem) {
        ("UNINITIALIZED", Some(csr)) => csr.clone(),
        ("UNINITIALIZED", None) => {
            return Err(invalid(format!(
                "Cluster {cluster_id} has no ACTIVE HSM yet, so it has no CSR to sign"
            )));
        }
        (state, _) => {
            return Err(invalid(format!(
                "Cluster {cluster_id} is in state {state}; only an UNINITIALIZED cluster can be initialized"
            )));
        }
    };
    certcheck::check_initialize(&csr, &signed, &anchor)
        .map_err(|e| invalid(format!("Invalid certificate: {e}")))?;
    c.cluster_cert = Some(signed);
    c.trust_anchor = Some(anchor);
    c.state = "INITIALIZE_IN_PROGRESS".into();
    c.state_message =
        "Cluster is initializing. State will change to INITIALIZED upon completion.".into();
    let out = json!({"State": c.state, "StateMessage": c.state_message});
    w.schedule(
        durations::CLUSTER_INITIALIZE,
        region,
        Event::ClusterInitialized(cluster_id),
    );
    Ok(out)
}

/// Applies a CloudHSM timer event. Events for things that changed meanwhile are ignored.
pub fn apply(w: &mut World, region: &str, event: &Event) {
    let now = w.now;
    match event {
        Event::ClusterCreated(id) => {
            if let Some(c) = w
                .region_mut(region)
                .clusters
                .get_mut(id)
                .filter(|c| c.state == "CREATE_IN_PROGRESS")
            {
                if c.source_backup.is_some() {
                    super::restore::created(w, region, id);
                    return;
                }
                c.state = "UNINITIALIZED".into();
                c.state_message =
                    "Cluster is uninitialized. Create an HSM to get the cluster CSR.".into();
            }
        }
        Event::HsmCreated { cluster, hsm } => {
            created(w, region, cluster, hsm);
        }
        Event::ClusterInitialized(id) => {
            let pre_co = w.ids.hex(16);
            let Some(c) = w
                .region_mut(region)
                .clusters
                .get_mut(id)
                .filter(|c| c.state == "INITIALIZE_IN_PROGRESS")
            else {
                return;
            };
            c.state = "INITIALIZED".into();
            c.state_message = "Cluster is initialized. Activate it with the CloudHSM CLI.".into();
            c.pre_co_password = Some(pre_co);
        }
        Event::HsmDeleted { cluster, hsm } => {
            let r = w.region_mut(region);
            let Some(c) = r.clusters.get_mut(cluster) else {
                return;
            };
            if !c.hsms.contains_key(hsm) {
                return;
            }
            // Removing an HSM from an active cluster takes a backup of what the HSMs hold (the
            // one taken as the last HSM goes holds what that HSM held).
            super::backups::hsm_changed(w, region, cluster);
            let r = w.region_mut(region);
            let Some(c) = r.clusters.get_mut(cluster) else {
                return;
            };
            let Some(h) = c.hsms.remove(hsm) else { return };
            for u in c.users.values_mut() {
                u.hsms.remove(hsm);
            }
            super::material::hsm_removed(c, hsm);
            r.enis.remove(&h.eni_id);
        }
        Event::ClusterDeleted(id) => {
            let r = w.region_mut(region);
            let Some(c) = r
                .clusters
                .get_mut(id)
                .filter(|c| c.state == "DELETE_IN_PROGRESS")
            else {
                return;
            };
            c.state = "DELETED".into();
            c.state_message = "Cluster deleted.".into();
            c.deleted_at = Some(now);
            let sg = c.security_group.clone();
            r.security_groups.remove(&sg);
            w.schedule(
                durations::DELETED_CLUSTER_LISTED,
                region,
                Event::ClusterPurged(id.clone()),
            );
        }
        Event::ClusterPurged(id) => {
            w.region_mut(region).clusters.remove(id);
        }
        Event::BackupDeleted(id) => {
            let backups = &mut w.region_mut(region).backups;
            if backups
                .get(id)
                .is_some_and(|b| b.state == "PENDING_DELETION")
            {
                backups.remove(id);
            }
        }
        Event::DailyBackup(id) => super::backups::daily(w, region, id),
        Event::BackupCopied(id) => {
            if let Some(b) = w.region_mut(region).backups.get_mut(id)
                && b.state == "CREATE_IN_PROGRESS"
            {
                b.state = "READY".into();
            }
        }
        _ => {}
    }
}

/// An HSM finished creating: ACTIVE, with the users and key material the others hold.
fn created(w: &mut World, region: &str, cluster: &str, hsm: &str) {
    let Some(c) = w.region_mut(region).clusters.get_mut(cluster) else {
        return;
    };
    let Some(h) = c
        .hsms
        .get_mut(hsm)
        .filter(|h| h.state == "CREATE_IN_PROGRESS")
    else {
        return;
    };
    h.state = "ACTIVE".into();
    // A new HSM is cloned from the cluster: it gets every user the other HSMs all have.
    let others: Vec<String> = c
        .hsms
        .values()
        .filter(|h| h.state == "ACTIVE" && h.id != hsm)
        .map(|h| h.id.clone())
        .collect();
    for u in c.users.values_mut() {
        if others.iter().all(|o| u.hsms.contains(o)) {
            u.hsms.insert(hsm.to_string());
        }
    }
    super::material::hsm_active(c, hsm);
    if c.state == "UNINITIALIZED"
        && let Err(e) = ensure_csr(c)
    {
        c.state_message = e;
    }
    if c.state == "DEGRADED" {
        c.state = "ACTIVE".into();
    }
    // Adding an HSM to an active cluster takes a backup.
    super::backups::hsm_changed(w, region, cluster);
}

/// An HSM finished creating on failed hardware: DEGRADED, holding nothing (the sandbox's
/// `hsm-failure` fault). The cluster keeps its state; the HSM has to be replaced.
pub fn failed(w: &mut World, region: &str, cluster: &str, hsm: &str) {
    let Some(h) = w
        .region_mut(region)
        .clusters
        .get_mut(cluster)
        .and_then(|c| c.hsms.get_mut(hsm))
        .filter(|h| h.state == "CREATE_IN_PROGRESS")
    else {
        return;
    };
    h.state = "DEGRADED".into();
}
