//! KMS CloudHSM key stores (awsJson 1.1, `TrentService`): create, describe, connect, disconnect,
//! update, delete, with the rules and exceptions of AWS-FACTS.md. How a connect settles is in
//! `kms_connect.rs`.

use crate::cloudhsm::keys::password_digest;
use crate::iam::eval::caller_may;
use crate::iam::service_roles as iam_slr;
use crate::model::{Cluster, Event, KeyStore, World, durations};
use crate::wire::{ApiError, ApiResult, json_opt, json_str};
use keystore_facts::slr;
use serde_json::{Value, json};

fn err(code: &str, message: impl Into<String>) -> ApiError {
    ApiError::bad(code, message)
}

fn store_json(s: &KeyStore) -> Value {
    let mut v = json!({
        "CustomKeyStoreId": s.id, "CustomKeyStoreName": s.name, "CloudHsmClusterId": s.cluster_id,
        "TrustAnchorCertificate": s.trust_anchor, "ConnectionState": s.state,
        "CreationDate": s.created, "CustomKeyStoreType": "AWS_CLOUDHSM",
    });
    if let Some(code) = &s.error_code {
        v["ConnectionErrorCode"] = json!(code);
    }
    v
}

fn normalize_pem(p: &str) -> String {
    p.split_whitespace().collect()
}

/// What CreateCustomKeyStore, UpdateCustomKeyStore and CreateKey require of a cluster.
pub fn check_cluster_config(c: &Cluster) -> ApiResult<()> {
    if c.state != "ACTIVE" {
        return Err(err(
            "CloudHsmClusterNotActiveException",
            format!(
                "The AWS CloudHSM cluster {} is not active (state {})",
                c.id, c.state
            ),
        ));
    }
    let azs: std::collections::BTreeSet<&str> = c
        .hsms
        .values()
        .filter(|h| h.state == "ACTIVE")
        .map(|h| h.az.as_str())
        .collect();
    if azs.len() < 2 {
        return Err(err(
            "CloudHsmClusterInvalidConfigurationException",
            format!(
                "The AWS CloudHSM cluster {} must have at least two active HSMs in different Availability Zones",
                c.id
            ),
        ));
    }
    Ok(())
}

fn find<'a>(w: &'a mut World, region: &str, id: &str) -> ApiResult<&'a mut KeyStore> {
    w.region_mut(region).key_stores.get_mut(id).ok_or_else(|| {
        err(
            "CustomKeyStoreNotFoundException",
            format!("Custom key store {id} does not exist in this Region"),
        )
    })
}

pub fn handle(w: &mut World, region: &str, op: &str, v: &Value) -> ApiResult<Value> {
    match op {
        "CreateCustomKeyStore" => create(w, region, v),
        "DescribeCustomKeyStores" => {
            let r = w.region_mut(region);
            let by_id = json_opt(v, "CustomKeyStoreId");
            let by_name = json_opt(v, "CustomKeyStoreName");
            let items: Vec<Value> = r
                .key_stores
                .values()
                .filter(|s| by_id.is_none_or(|i| i == s.id) && by_name.is_none_or(|n| n == s.name))
                .map(store_json)
                .collect();
            if items.is_empty() && (by_id.is_some() || by_name.is_some()) {
                return Err(err(
                    "CustomKeyStoreNotFoundException",
                    "The specified custom key store was not found",
                ));
            }
            let limit = v.get("Limit").and_then(Value::as_u64).unwrap_or(1000) as usize;
            let start: usize = json_opt(v, "Marker")
                .and_then(|m| m.parse().ok())
                .unwrap_or(0);
            let end = (start + limit.max(1)).min(items.len());
            let truncated = end < items.len();
            let mut out = json!({"CustomKeyStores": items.get(start..end).unwrap_or(&[]), "Truncated": truncated});
            if truncated {
                out["NextMarker"] = json!(end.to_string());
            }
            Ok(out)
        }
        "ConnectCustomKeyStore" => {
            let id = json_str(v, "CustomKeyStoreId")?.to_string();
            let s = find(w, region, &id)?;
            match s.state.as_str() {
                "CONNECTED" | "CONNECTING" => return Ok(json!({})),
                "FAILED" | "DISCONNECTING" => {
                    return Err(err(
                        "CustomKeyStoreInvalidStateException",
                        format!(
                            "Custom key store {id} is {}; disconnect it before connecting again",
                            s.state
                        ),
                    ));
                }
                _ => {}
            }
            let cluster_id = s.cluster_id.clone();
            if let Some(c) = w
                .region_mut(region)
                .clusters
                .get(&cluster_id)
                .filter(|c| c.state != "DELETED")
                && c.state != "ACTIVE"
            {
                return Err(err(
                    "CloudHsmClusterNotActiveException",
                    format!("The AWS CloudHSM cluster {cluster_id} is not active"),
                ));
            }
            let s = find(w, region, &id)?;
            s.state = "CONNECTING".into();
            s.error_code = None;
            w.schedule(durations::STORE_CONNECT, region, Event::StoreSettled(id));
            Ok(json!({}))
        }
        "DisconnectCustomKeyStore" => {
            let id = json_str(v, "CustomKeyStoreId")?.to_string();
            let s = find(w, region, &id)?;
            if matches!(s.state.as_str(), "DISCONNECTED" | "DISCONNECTING") {
                return Err(err(
                    "CustomKeyStoreInvalidStateException",
                    format!("Custom key store {id} is already {}", s.state),
                ));
            }
            s.state = "DISCONNECTING".into();
            w.schedule(
                durations::STORE_DISCONNECT,
                region,
                Event::StoreDisconnected(id),
            );
            Ok(json!({}))
        }
        "UpdateCustomKeyStore" => update(w, region, v),
        "DeleteCustomKeyStore" => {
            let id = json_str(v, "CustomKeyStoreId")?.to_string();
            let s = find(w, region, &id)?;
            if s.state != "DISCONNECTED" {
                return Err(err(
                    "CustomKeyStoreInvalidStateException",
                    format!(
                        "Custom key store {id} must be DISCONNECTED to be deleted (it is {})",
                        s.state
                    ),
                ));
            }
            let r = w.region_mut(region);
            let keys = r
                .keys
                .values()
                .filter(|k| k.store_id.as_deref() == Some(id.as_str()))
                .count();
            if keys > 0 {
                return Err(err(
                    "CustomKeyStoreHasCMKsException",
                    format!(
                        "Custom key store {id} still has {keys} KMS key(s), including keys pending deletion; it can be deleted once they are gone"
                    ),
                ));
            }
            r.key_stores.remove(&id);
            Ok(json!({}))
        }
        _ => super::grants::handle(w, region, op, v),
    }
}

fn create(w: &mut World, region: &str, v: &Value) -> ApiResult<Value> {
    let name = json_str(v, "CustomKeyStoreName")?.to_string();
    if json_opt(v, "CustomKeyStoreType").is_some_and(|t| t != "AWS_CLOUDHSM") {
        return Err(err(
            "UnsupportedOperationException",
            "The sandbox models AWS CloudHSM key stores only",
        ));
    }
    let cluster_id = json_str(v, "CloudHsmClusterId")?.to_string();
    let anchor = json_str(v, "TrustAnchorCertificate")?.to_string();
    let password = json_str(v, "KeyStorePassword")?;
    let digest = password_digest(&w.account_id, password);
    let r = w.region_mut(region);
    if let Some(existing) = r.key_stores.values().find(|s| s.name == name) {
        let same = existing.cluster_id == cluster_id
            && normalize_pem(&existing.trust_anchor) == normalize_pem(&anchor)
            && existing.password_digest == digest
            && existing.state == "DISCONNECTED";
        if same {
            return Ok(json!({"CustomKeyStoreId": existing.id}));
        }
        return Err(err(
            "CustomKeyStoreNameInUseException",
            format!("The custom key store name {name} is already in use in this Region"),
        ));
    }
    let c = r
        .clusters
        .get(&cluster_id)
        .filter(|c| c.state != "DELETED")
        .ok_or_else(|| {
            err(
                "CloudHsmClusterNotFoundException",
                format!("AWS CloudHSM cluster {cluster_id} was not found in this Region"),
            )
        })?;
    if let Some(other) = r.key_stores.values().find(|s| s.cluster_id == cluster_id) {
        return Err(err(
            "CloudHsmClusterInUseException",
            format!(
                "Cluster {cluster_id} is already associated with custom key store {}",
                other.id
            ),
        ));
    }
    check_cluster_config(c)?;
    if c.trust_anchor.as_deref().map(normalize_pem) != Some(normalize_pem(&anchor)) {
        return Err(err(
            "IncorrectTrustAnchorException",
            format!(
                "The trust anchor certificate does not match the trust anchor of cluster {cluster_id}"
            ),
        ));
    }
    if r.key_stores.len() >= 10 {
        return Err(err(
            "LimitExceededException",
            "This Region already has 10 custom key stores, the maximum (not adjustable)",
        ));
    }
    if !w.iam.roles.contains_key(slr::KMS_CUSTOM_KEY_STORES.name) {
        if !caller_may(w, "iam:CreateServiceLinkedRole") {
            return Err(err(
                "AccessDeniedException",
                format!(
                    "The caller is not authorized to perform iam:CreateServiceLinkedRole, which AWS KMS needs to create {}",
                    slr::KMS_CUSTOM_KEY_STORES.name
                ),
            ));
        }
        iam_slr::ensure(w, &slr::KMS_CUSTOM_KEY_STORES);
    }
    let id = format!("cks-{}", w.ids.hex(17));
    let store = KeyStore {
        id: id.clone(),
        name,
        cluster_id,
        trust_anchor: anchor,
        password_digest: digest,
        state: "DISCONNECTED".into(),
        error_code: None,
        created: w.now,
        security_group: None,
        enis: Vec::new(),
    };
    w.region_mut(region).key_stores.insert(id.clone(), store);
    Ok(json!({"CustomKeyStoreId": id}))
}

fn update(w: &mut World, region: &str, v: &Value) -> ApiResult<Value> {
    let id = json_str(v, "CustomKeyStoreId")?.to_string();
    let new_password = json_opt(v, "KeyStorePassword");
    let digest = new_password.map(|p| password_digest(&w.account_id, p));
    let new_name = json_opt(v, "NewCustomKeyStoreName").map(str::to_string);
    let new_cluster = json_opt(v, "CloudHsmClusterId").map(str::to_string);
    let s = find(w, region, &id)?;
    if s.state != "DISCONNECTED" {
        return Err(err(
            "CustomKeyStoreInvalidStateException",
            format!(
                "Custom key store {id} must be DISCONNECTED to be updated (it is {})",
                s.state
            ),
        ));
    }
    let old_cluster = s.cluster_id.clone();
    let r = w.region_mut(region);
    if let Some(n) = &new_name
        && r.key_stores.values().any(|o| &o.name == n && o.id != id)
    {
        return Err(err(
            "CustomKeyStoreNameInUseException",
            format!("The custom key store name {n} is already in use"),
        ));
    }
    if let Some(cid) = &new_cluster {
        let c = r
            .clusters
            .get(cid)
            .filter(|c| c.state != "DELETED")
            .ok_or_else(|| {
                err(
                    "CloudHsmClusterNotFoundException",
                    format!("AWS CloudHSM cluster {cid} was not found"),
                )
            })?;
        let lineage = r.clusters.get(&old_cluster).map(|o| o.lineage.clone());
        if lineage.is_some_and(|l| l != c.lineage) {
            return Err(err(
                "CloudHsmClusterNotRelatedException",
                format!("Cluster {cid} does not share a backup lineage with {old_cluster}"),
            ));
        }
        check_cluster_config(c)?;
    }
    let s = find(w, region, &id)?;
    if let Some(n) = new_name {
        s.name = n;
    }
    if let Some(c) = new_cluster {
        s.cluster_id = c;
    }
    if let Some(d) = digest {
        s.password_digest = d;
    }
    Ok(json!({}))
}
