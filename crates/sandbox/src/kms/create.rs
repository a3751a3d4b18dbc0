//! CreateKey: a key in a CloudHSM key store (its rules: a CONNECTED store, symmetric only, no
//! multi-Region keys, key material on the cluster) or an ordinary KMS key, with its tags.

use super::keys::*;
use crate::iam::service_roles as iam_slr;
use crate::kms::store::check_cluster_config;
use crate::model::{Key, Tags, World};
use crate::wire::{ApiResult, json_opt, json_str};
use keystore_facts::slr;
use serde_json::{Value, json};

pub(crate) fn create(w: &mut World, region: &str, v: &Value) -> ApiResult<Value> {
    let origin = json_opt(v, "Origin").unwrap_or("AWS_KMS").to_string();
    let spec = json_opt(v, "KeySpec")
        .or(json_opt(v, "CustomerMasterKeySpec"))
        .unwrap_or("SYMMETRIC_DEFAULT")
        .to_string();
    let usage = json_opt(v, "KeyUsage")
        .unwrap_or("ENCRYPT_DECRYPT")
        .to_string();
    let multi = v
        .get("MultiRegion")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let store = json_opt(v, "CustomKeyStoreId").map(str::to_string);
    let mut tags = Tags::new();
    for t in v
        .get("Tags")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        tags.insert(
            json_str(t, "TagKey")?.to_string(),
            json_opt(t, "TagValue").unwrap_or("").to_string(),
        );
    }
    let mut cluster = None;
    match (origin.as_str(), &store) {
        ("AWS_CLOUDHSM", None) => {
            return Err(err(
                "ValidationException",
                "Origin AWS_CLOUDHSM requires CustomKeyStoreId",
            ));
        }
        ("AWS_CLOUDHSM", Some(sid)) => {
            if multi {
                return Err(err(
                    "UnsupportedOperationException",
                    "Multi-Region keys cannot be created in a custom key store",
                ));
            }
            if spec != "SYMMETRIC_DEFAULT" || usage != "ENCRYPT_DECRYPT" {
                return Err(err(
                    "UnsupportedOperationException",
                    "KMS keys in an AWS CloudHSM key store must be SYMMETRIC_DEFAULT ENCRYPT_DECRYPT keys",
                ));
            }
            let r = w.region_mut(region);
            let s = r.key_stores.get(sid).ok_or_else(|| {
                err(
                    "CustomKeyStoreNotFoundException",
                    format!("Custom key store {sid} not found"),
                )
            })?;
            if s.state != "CONNECTED" {
                return Err(err(
                    "CustomKeyStoreInvalidStateException",
                    format!(
                        "Custom key store {sid} is {}; it must be CONNECTED",
                        s.state
                    ),
                ));
            }
            let c = r.clusters.get(&s.cluster_id).ok_or_else(|| {
                err(
                    "CloudHsmClusterInvalidConfigurationException",
                    "The key store's cluster no longer exists",
                )
            })?;
            check_cluster_config(c)
                .map_err(|e| err("CloudHsmClusterInvalidConfigurationException", e.message))?;
            cluster = Some(c.id.clone());
        }
        (_, Some(_)) => {
            return Err(err(
                "UnsupportedOperationException",
                "CustomKeyStoreId requires Origin AWS_CLOUDHSM for a CloudHSM key store",
            ));
        }
        ("AWS_KMS" | "EXTERNAL", None) => {}
        // The front end has checked the enum; what is left is EXTERNAL_KEY_STORE.
        (o, None) => {
            return Err(err(
                "ValidationException",
                format!("Origin {o} requires CustomKeyStoreId"),
            ));
        }
    }
    if multi {
        iam_slr::ensure(w, &slr::KMS_MULTI_REGION_KEYS);
    }
    let id = if multi {
        format!("mrk-{}", w.ids.hex(32))
    } else {
        w.ids.uuid()
    };
    let key = Key {
        id: id.clone(),
        description: json_opt(v, "Description").unwrap_or("").to_string(),
        origin,
        key_spec: spec,
        key_usage: usage,
        store_id: store,
        cluster_id: cluster,
        multi_region: multi,
        enabled: true,
        pending_deletion: None,
        created: w.now,
        tags,
        material_hex: crate::cloudhsm::keys::hex(&w.ids.bytes(32)),
    };
    let meta = metadata(w, region, &key);
    let r = w.region_mut(region);
    if let Some(c) = key.cluster_id.as_ref().and_then(|c| r.clusters.get_mut(c)) {
        crate::cloudhsm::material::key_created(c, &id);
    }
    r.keys.insert(id, key);
    Ok(json!({"KeyMetadata": meta}))
}
