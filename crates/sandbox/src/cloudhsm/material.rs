//! Where key material is, so a test can tell a teardown that destroys it from one that leaves
//! it in a backup (KMS Developer Guide, "How to delete orphaned key material"): the material
//! of a KMS key in a key store lives on its cluster's HSMs; a new HSM is cloned from the
//! cluster; a backup copies the HSMs' users and key material as they are when it is taken;
//! when a key's waiting period ends KMS deletes its material from the HSMs only if the store
//! is CONNECTED (and an HSM is there to delete it from), and never from backups. Read through
//! the sandbox's own endpoint (`/_sandbox/inspect`), not an AWS API.

use crate::model::{Cluster, World};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};

fn active(c: &Cluster) -> Vec<String> {
    c.hsms
        .values()
        .filter(|h| h.state == "ACTIVE")
        .map(|h| h.id.clone())
        .collect()
}

/// CreateKey in a store of this cluster: the material is made on every ACTIVE HSM.
pub fn key_created(c: &mut Cluster, key: &str) {
    let on = active(c).into_iter().collect();
    c.material.insert(key.to_string(), on);
}

/// A new HSM is cloned from the cluster: it gets every key the cluster has.
pub fn hsm_active(c: &mut Cluster, hsm: &str) {
    for on in c.material.values_mut() {
        on.insert(hsm.to_string());
    }
}

/// An HSM removed: its copy of the material goes with it (the backups keep theirs).
pub fn hsm_removed(c: &mut Cluster, hsm: &str) {
    for on in c.material.values_mut() {
        on.remove(hsm);
    }
}

/// What a backup taken now holds: the keys on any HSM, and the users with their roles.
pub fn snapshot(c: &Cluster) -> (BTreeSet<String>, BTreeMap<String, String>) {
    let keys = c
        .material
        .iter()
        .filter(|(_, on)| !on.is_empty())
        .map(|(k, _)| k.clone())
        .collect();
    let users = c
        .users
        .iter()
        .filter(|(_, u)| !u.hsms.is_empty())
        .map(|(n, u)| (n.clone(), u.role.clone()))
        .collect();
    (keys, users)
}

/// The end of a key's waiting period: KMS deletes its material from the cluster, which it can
/// only do through a connected store with an HSM; otherwise the material stays (orphaned).
pub fn key_deleted(w: &mut World, region: &str, key: &str) {
    let r = w.region_mut(region);
    let Some(k) = r.keys.get(key) else { return };
    let (Some(store), Some(cluster)) = (k.store_id.clone(), k.cluster_id.clone()) else {
        return;
    };
    let connected = r
        .key_stores
        .get(&store)
        .is_some_and(|s| s.state == "CONNECTED");
    if let Some(c) = r.clusters.get_mut(&cluster)
        && connected
        && !active(c).is_empty()
    {
        c.material.remove(key);
    }
}

/// Every cluster's HSMs and every backup, with the key material and users each holds.
pub fn inspect(w: &World) -> Value {
    let mut regions = serde_json::Map::new();
    for (name, r) in &w.regions {
        let clusters: serde_json::Map<String, Value> = r
            .clusters
            .values()
            .map(|c| {
                let hsms: serde_json::Map<String, Value> = c
                    .hsms
                    .keys()
                    .map(|h| {
                        let keys: Vec<&String> = c
                            .material
                            .iter()
                            .filter(|(_, on)| on.contains(h))
                            .map(|(k, _)| k)
                            .collect();
                        (h.clone(), json!({"keys": keys}))
                    })
                    .collect();
                (c.id.clone(), json!({"state": c.state, "hsms": hsms}))
            })
            .collect();
        let backups: serde_json::Map<String, Value> = r
            .backups
            .values()
            .map(|b| {
                (
                    b.id.clone(),
                    json!({"cluster": b.cluster_id, "state": b.state, "keys": b.keys, "users": b.users}),
                )
            })
            .collect();
        if !clusters.is_empty() || !backups.is_empty() {
            regions.insert(
                name.clone(),
                json!({"clusters": clusters, "backups": backups}),
            );
        }
    }
    Value::Object(regions)
}
