//! KMS keys and aliases: CreateKey (in a CloudHSM key store or not), DescribeKey, ListKeys,
//! aliases, ScheduleKeyDeletion / CancelKeyDeletion on the virtual clock, and Encrypt/Decrypt
//! that really encrypt (AES-256-GCM under simulated key material) plus GenerateRandom.

use crate::model::{Alias, Event, Key, World, durations};
use crate::wire::{ApiError, ApiResult, json_opt, json_str};
use aws_lc_rs::aead::{AES_256_GCM, Aad, LessSafeKey, Nonce, UnboundKey};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use serde_json::{Value, json};

pub(super) fn err(code: &str, message: impl Into<String>) -> ApiError {
    ApiError::bad(code, message)
}

pub(super) fn key_arn(w: &World, region: &str, id: &str) -> String {
    format!("arn:aws:kms:{region}:{}:key/{id}", w.account_id)
}

/// A key's state as KMS reports it: keys in a store that is not connected are Unavailable.
pub(super) fn key_state(w: &World, region: &str, k: &Key) -> &'static str {
    if k.pending_deletion.is_some() {
        return "PendingDeletion";
    }
    if let Some(store) = &k.store_id {
        let connected = w
            .regions
            .get(region)
            .and_then(|r| r.key_stores.get(store))
            .is_some_and(|s| s.state == "CONNECTED");
        if !connected {
            return "Unavailable";
        }
    }
    if k.enabled { "Enabled" } else { "Disabled" }
}

pub(super) fn metadata(w: &World, region: &str, k: &Key) -> Value {
    let mut v = json!({
        "AWSAccountId": w.account_id, "KeyId": k.id, "Arn": key_arn(w, region, &k.id), "CreationDate": k.created,
        "Enabled": k.enabled && k.pending_deletion.is_none(), "Description": k.description, "KeyUsage": k.key_usage,
        "KeyState": key_state(w, region, k), "Origin": k.origin, "KeyManager": "CUSTOMER",
        "CustomerMasterKeySpec": k.key_spec, "KeySpec": k.key_spec, "EncryptionAlgorithms": ["SYMMETRIC_DEFAULT"],
        "MultiRegion": k.multi_region,
    });
    if let Some(s) = &k.store_id {
        v["CustomKeyStoreId"] = json!(s);
    }
    if let Some(c) = &k.cluster_id {
        v["CloudHsmClusterId"] = json!(c);
    }
    if let Some((at, days)) = k.pending_deletion {
        v["DeletionDate"] = json!(at);
        v["PendingDeletionWindowInDays"] = json!(days);
    }
    v
}

/// Resolves a key id, key ARN, alias name or alias ARN to a key id.
pub(crate) fn resolve(w: &mut World, region: &str, key: &str) -> ApiResult<String> {
    let r = w.region_mut(region);
    let name = key
        .rsplit_once(":alias/")
        .map(|(_, a)| format!("alias/{a}"))
        .unwrap_or_else(|| key.to_string());
    if name.starts_with("alias/") {
        return r
            .aliases
            .get(&name)
            .map(|a| a.key_id.clone())
            .ok_or_else(|| err("NotFoundException", format!("Alias {name} is not found.")));
    }
    let id = key.rsplit('/').next().unwrap_or(key);
    if r.keys.contains_key(id) {
        Ok(id.to_string())
    } else {
        Err(err(
            "NotFoundException",
            format!("Key '{}' does not exist", key_arn(w, region, id)),
        ))
    }
}

pub(super) fn usable(w: &World, region: &str, k: &Key) -> ApiResult<()> {
    match key_state(w, region, k) {
        "Enabled" => Ok(()),
        "Disabled" => Err(err(
            "DisabledException",
            format!("{} is disabled.", key_arn(w, region, &k.id)),
        )),
        state => Err(err(
            "KMSInvalidStateException",
            format!("{} is {state}", key_arn(w, region, &k.id)),
        )),
    }
}

pub(super) fn context_aad(v: &Value) -> Vec<u8> {
    let ctx: std::collections::BTreeMap<String, String> = v
        .get("EncryptionContext")
        .and_then(|c| serde_json::from_value(c.clone()).ok())
        .unwrap_or_default();
    serde_json::to_vec(&ctx).unwrap_or_default()
}

pub(super) fn blob(v: &Value, key: &str) -> ApiResult<Vec<u8>> {
    B64.decode(json_str(v, key)?).map_err(|_| {
        err(
            "SerializationException",
            format!("{key} is not valid base64"),
        )
    })
}

pub(super) fn aead(material_hex: &str) -> ApiResult<LessSafeKey> {
    let bytes = crate::cloudhsm::keys::unhex(material_hex)
        .ok_or_else(|| err("KMSInternalException", "corrupt key material"))?;
    UnboundKey::new(&AES_256_GCM, &bytes)
        .map(LessSafeKey::new)
        .map_err(|_| err("KMSInternalException", "bad key material"))
}

pub fn handle(w: &mut World, region: &str, op: &str, v: &Value) -> ApiResult<Value> {
    match op {
        "CreateKey" => super::create::create(w, region, v),
        "DescribeKey" => {
            let id = resolve(w, region, json_str(v, "KeyId")?)?;
            let k = w.regions[region].keys[&id].clone();
            Ok(json!({"KeyMetadata": metadata(w, region, &k)}))
        }
        "ListKeys" => {
            let limit = v.get("Limit").and_then(Value::as_u64).unwrap_or(100);
            let start: usize = json_opt(v, "Marker")
                .and_then(|m| m.parse().ok())
                .unwrap_or(0);
            let ids: Vec<String> = w.region_mut(region).keys.keys().cloned().collect();
            let end = (start + limit as usize).min(ids.len());
            let page: Vec<Value> = ids
                .get(start..end)
                .unwrap_or(&[])
                .iter()
                .map(|id| json!({"KeyId": id, "KeyArn": key_arn(w, region, id)}))
                .collect();
            let truncated = end < ids.len();
            let mut out = json!({"Keys": page, "Truncated": truncated});
            if truncated {
                out["NextMarker"] = json!(end.to_string());
            }
            Ok(out)
        }
        "CreateAlias" => {
            let name = json_str(v, "AliasName")?.to_string();
            if !name.starts_with("alias/")
                || name.len() <= 6
                || name.len() > 256
                || !name[6..]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "/_-".contains(c))
            {
                return Err(ApiError::validation(format!(
                    "Alias name {name} must begin with alias/ followed by letters, digits, /, _ or -"
                )));
            }
            if name.starts_with("alias/aws/") {
                return Err(err(
                    "NotAuthorizedException",
                    "Aliases beginning with alias/aws/ are reserved for AWS managed keys",
                ));
            }
            let id = resolve(w, region, json_str(v, "TargetKeyId")?)?;
            let now = w.now;
            let r = w.region_mut(region);
            if r.keys
                .get(&id)
                .is_some_and(|k| k.pending_deletion.is_some())
            {
                return Err(err(
                    "KMSInvalidStateException",
                    format!("Key {id} is pending deletion"),
                ));
            }
            if r.aliases.contains_key(&name) {
                return Err(err(
                    "AlreadyExistsException",
                    format!("An alias with the name {name} already exists"),
                ));
            }
            r.aliases.insert(
                name.clone(),
                Alias {
                    name,
                    key_id: id,
                    created: now,
                },
            );
            Ok(json!({}))
        }
        "ListAliases" => {
            let filter = match json_opt(v, "KeyId") {
                Some(k) => Some(resolve(w, region, k)?),
                None => None,
            };
            let account = w.account_id.clone();
            let items: Vec<Value> = w.region_mut(region).aliases.values()
                .filter(|a| filter.as_ref().is_none_or(|f| f == &a.key_id))
                .map(|a| json!({"AliasName": a.name, "AliasArn": format!("arn:aws:kms:{region}:{account}:{}", a.name),
                    "TargetKeyId": a.key_id, "CreationDate": a.created, "LastUpdatedDate": a.created})).collect();
            Ok(json!({"Aliases": items, "Truncated": false}))
        }
        "ScheduleKeyDeletion" => {
            let id = resolve(w, region, json_str(v, "KeyId")?)?;
            let days = v
                .get("PendingWindowInDays")
                .and_then(Value::as_u64)
                .unwrap_or(30);
            if !(7..=30).contains(&days) {
                return Err(ApiError::validation(format!(
                    "PendingWindowInDays must be between 7 and 30 (got {days})"
                )));
            }
            let arn = key_arn(w, region, &id);
            let now = w.now;
            let k = w
                .region_mut(region)
                .keys
                .get_mut(&id)
                .ok_or_else(|| err("NotFoundException", "key vanished"))?;
            if k.pending_deletion.is_some() {
                return Err(err(
                    "KMSInvalidStateException",
                    format!("{arn} is pending deletion."),
                ));
            }
            let at = now + days as f64 * durations::DAY;
            k.pending_deletion = Some((at, days as u32));
            w.schedule(days as f64 * durations::DAY, region, Event::KeyDeleted(id));
            Ok(
                json!({"KeyId": arn, "DeletionDate": at, "KeyState": "PendingDeletion", "PendingWindowInDays": days}),
            )
        }
        "CancelKeyDeletion" => {
            let id = resolve(w, region, json_str(v, "KeyId")?)?;
            let arn = key_arn(w, region, &id);
            let k = w
                .region_mut(region)
                .keys
                .get_mut(&id)
                .ok_or_else(|| err("NotFoundException", "key vanished"))?;
            if k.pending_deletion.take().is_none() {
                return Err(err(
                    "KMSInvalidStateException",
                    format!("{arn} is not pending deletion."),
                ));
            }
            k.enabled = false;
            w.timers
                .retain(|t| t.event != Event::KeyDeleted(id.clone()));
            Ok(json!({"KeyId": arn}))
        }
        "Encrypt" => {
            let id = resolve(w, region, json_str(v, "KeyId")?)?;
            let plain = blob(v, "Plaintext")?;
            let k = w.regions[region].keys[&id].clone();
            usable(w, region, &k)?;
            let nonce: [u8; 12] = w
                .ids
                .bytes(12)
                .try_into()
                .map_err(|_| err("KMSInternalException", "nonce"))?;
            let mut buf = plain;
            aead(&k.material_hex)?
                .seal_in_place_append_tag(
                    Nonce::assume_unique_for_key(nonce),
                    Aad::from(context_aad(v)),
                    &mut buf,
                )
                .map_err(|_| err("KMSInternalException", "encryption failed"))?;
            let mut out = vec![1u8];
            out.extend_from_slice(id.as_bytes());
            out.extend_from_slice(&nonce);
            out.extend_from_slice(&buf);
            Ok(
                json!({"CiphertextBlob": B64.encode(out), "KeyId": key_arn(w, region, &id), "EncryptionAlgorithm": "SYMMETRIC_DEFAULT"}),
            )
        }
        "Decrypt" => decrypt(w, region, v),
        "GenerateRandom" => {
            // The front end checks 1..1024; the model lets the member be absent.
            let Some(n) = v.get("NumberOfBytes").and_then(Value::as_u64) else {
                return Err(ApiError::validation("NumberOfBytes is required"));
            };
            if let Some(store) = json_opt(v, "CustomKeyStoreId") {
                let s = w.region_mut(region).key_stores.get(store).ok_or_else(|| {
                    err(
                        "CustomKeyStoreNotFoundException",
                        format!("Custom key store {store} not found"),
                    )
                })?;
                if s.state != "CONNECTED" {
                    return Err(err(
                        "CustomKeyStoreInvalidStateException",
                        format!("Custom key store {store} is not connected"),
                    ));
                }
            }
            let mut bytes = vec![0u8; n as usize];
            aws_lc_rs::rand::fill(&mut bytes)
                .map_err(|_| err("KMSInternalException", "random source failed"))?;
            Ok(json!({"Plaintext": B64.encode(bytes)}))
        }
        _ => crate::kms::store::handle(w, region, op, v),
    }
}

pub(super) fn decrypt(w: &mut World, region: &str, v: &Value) -> ApiResult<Value> {
    let data = blob(v, "CiphertextBlob")?;
    let invalid = || {
        err(
            "InvalidCiphertextException",
            "The ciphertext is invalid or was not produced by this account's KMS",
        )
    };
    if data.len() < 1 + 36 + 12 + 16 || data[0] != 1 {
        return Err(invalid());
    }
    let id = String::from_utf8(data[1..37].to_vec()).map_err(|_| invalid())?;
    if let Some(asked) = json_opt(v, "KeyId")
        && resolve(w, region, asked)? != id
    {
        return Err(err(
            "IncorrectKeyException",
            "The key ID in the request does not identify the key that encrypted the ciphertext",
        ));
    }
    let k = w
        .region_mut(region)
        .keys
        .get(&id)
        .cloned()
        .ok_or_else(invalid)?;
    usable(w, region, &k)?;
    let nonce: [u8; 12] = data[37..49].try_into().map_err(|_| invalid())?;
    let mut buf = data[49..].to_vec();
    let plain = aead(&k.material_hex)?
        .open_in_place(
            Nonce::assume_unique_for_key(nonce),
            Aad::from(context_aad(v)),
            &mut buf,
        )
        .map_err(|_| invalid())?;
    Ok(
        json!({"KeyId": key_arn(w, region, &id), "Plaintext": B64.encode(plain), "EncryptionAlgorithm": "SYMMETRIC_DEFAULT"}),
    )
}

/// Removes a key whose waiting period ended (timer event), with its aliases and grants.
pub fn deleted(w: &mut World, region: &str, key_id: &str) {
    if w.region_mut(region)
        .keys
        .get(key_id)
        .is_some_and(|k| k.pending_deletion.is_some())
    {
        crate::cloudhsm::material::key_deleted(w, region, key_id);
    }
    let r = w.region_mut(region);
    if r.keys
        .get(key_id)
        .is_some_and(|k| k.pending_deletion.is_some())
    {
        r.keys.remove(key_id);
        r.aliases.retain(|_, a| a.key_id != key_id);
        r.grants.retain(|_, g| g.key_id != key_id);
    }
}
