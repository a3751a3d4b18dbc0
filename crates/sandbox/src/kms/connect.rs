//! How a KMS key store connection settles on the virtual clock: CONNECTED (with the `kms-<id>`
//! security group, one ENI per cluster subnet, and kmsuser's password rotated by KMS) or FAILED
//! with the ConnectionErrorCode the account's state implies at that moment; and how a
//! disconnect finishes.

use crate::cloudhsm::keys::password_digest;
use crate::iam::service_roles as iam_slr;
use crate::model::{SecurityGroup, SgRule, Tags, World};
use keystore_facts::slr;

/// Decides how a CONNECTING store ends, from the account's state now.
fn connection_outcome(
    w: &mut World,
    region: &str,
    store_id: &str,
    forced: Option<String>,
) -> Result<(), String> {
    if let Some(code) = forced {
        return Err(code);
    }
    let r = w.region_mut(region);
    let s = r.key_stores.get(store_id).ok_or("INTERNAL_ERROR")?;
    let c = r
        .clusters
        .get(&s.cluster_id)
        .filter(|c| c.state != "DELETED")
        .ok_or("CLUSTER_NOT_FOUND")?;
    if c.subnets.values().any(|sub| !r.subnets.contains_key(sub)) {
        return Err("SUBNET_NOT_FOUND".into());
    }
    let active: Vec<&String> = c
        .hsms
        .values()
        .filter(|h| h.state == "ACTIVE")
        .map(|h| &h.id)
        .collect();
    if active.is_empty() {
        return Err("INSUFFICIENT_CLOUDHSM_HSMS".into());
    }
    if c.subnets.values().any(|sub| r.free_addresses(sub) < 1) {
        return Err("INSUFFICIENT_FREE_ADDRESSES_IN_SUBNET".into());
    }
    let user = c.users.get("kmsuser").filter(|u| u.role == "crypto-user");
    let Some(user) = user.filter(|u| active.iter().all(|h| u.hsms.contains(*h))) else {
        return Err("USER_NOT_FOUND".into());
    };
    if user.failed_logins >= 5 {
        return Err("USER_LOCKED_OUT".into());
    }
    if user.logged_in {
        return Err("USER_LOGGED_IN".into());
    }
    if user.password_digest != s.password_digest {
        return Err("INVALID_CREDENTIALS".into());
    }
    Ok(())
}

/// Settles a CONNECTING store (timer event).
pub fn settle(w: &mut World, region: &str, store_id: &str, forced: Option<String>) {
    if w.region_mut(region)
        .key_stores
        .get(store_id)
        .is_none_or(|s| s.state != "CONNECTING")
    {
        return;
    }
    match connection_outcome(w, region, store_id, forced) {
        Err(code) => {
            let r = w.region_mut(region);
            let cluster_id = r
                .key_stores
                .get(store_id)
                .map(|s| s.cluster_id.clone())
                .unwrap_or_default();
            if code == "INVALID_CREDENTIALS"
                && let Some(u) = r
                    .clusters
                    .get_mut(&cluster_id)
                    .and_then(|c| c.users.get_mut("kmsuser"))
            {
                u.failed_logins += 1;
            }
            if let Some(s) = r.key_stores.get_mut(store_id) {
                s.state = "FAILED".into();
                s.error_code = Some(code);
            }
        }
        Ok(()) => connect_network(w, region, store_id),
    }
}

/// A connected store: the `kms-<id>` security group, one ENI per cluster subnet, and KMS
/// rotates the kmsuser password (as AWS does on every connect).
fn connect_network(w: &mut World, region: &str, store_id: &str) {
    let sg_id = w.ids.ec2("sg");
    let rotated = password_digest(&w.account_id, &w.ids.hex(32));
    iam_slr::touch(w, &slr::KMS_CUSTOM_KEY_STORES, region);
    let r = w.region_mut(region);
    let Some(s) = r.key_stores.get(store_id) else {
        return;
    };
    let Some(c) = r.clusters.get(&s.cluster_id) else {
        return;
    };
    let (vpc, subnets, cluster_sg) = (
        c.vpc_id.clone(),
        c.subnets.values().cloned().collect::<Vec<_>>(),
        c.security_group.clone(),
    );
    r.security_groups.insert(
        sg_id.clone(),
        SecurityGroup {
            id: sg_id.clone(),
            name: format!("kms-{store_id}"),
            description: format!("AWS KMS custom key store {store_id}"),
            vpc_id: vpc,
            ingress: vec![SgRule {
                protocol: "tcp".into(),
                from_port: 2223,
                to_port: 2225,
                group_id: cluster_sg,
                cidr: String::new(),
            }],
            egress: Vec::new(),
            tags: Tags::new(),
        },
    );
    let mut enis = Vec::new();
    for sub in subnets {
        if let Ok(e) = crate::cloudhsm::attach_eni(
            w,
            region,
            &sub,
            &sg_id,
            format!("AWS created network interface for AWS KMS custom key store {store_id}"),
            "kms",
        ) {
            enis.push(e.id);
        }
    }
    let r = w.region_mut(region);
    let cluster_id = r
        .key_stores
        .get(store_id)
        .map(|s| s.cluster_id.clone())
        .unwrap_or_default();
    if let Some(u) = r
        .clusters
        .get_mut(&cluster_id)
        .and_then(|c| c.users.get_mut("kmsuser"))
    {
        u.password_digest = rotated.clone();
    }
    if let Some(s) = r.key_stores.get_mut(store_id) {
        s.state = "CONNECTED".into();
        s.security_group = Some(sg_id);
        s.enis = enis;
        s.password_digest = rotated;
    }
}

/// Finishes a disconnect (timer event): the store's ENIs and security group go away.
pub fn disconnected(w: &mut World, region: &str, store_id: &str) {
    let r = w.region_mut(region);
    let Some(s) = r
        .key_stores
        .get_mut(store_id)
        .filter(|s| s.state == "DISCONNECTING")
    else {
        return;
    };
    s.state = "DISCONNECTED".into();
    s.error_code = None;
    let enis = std::mem::take(&mut s.enis);
    let sg = s.security_group.take();
    for e in enis {
        r.enis.remove(&e);
    }
    if let Some(sg) = sg {
        r.security_groups.remove(&sg);
    }
}
