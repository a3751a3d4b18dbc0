//! KMS grants (CreateGrant, ListGrants, RetireGrant, RevokeGrant) and DisableKey/EnableKey:
//! what a teardown reads before it schedules a key's deletion (a grant is how another service
//! — an RDS database, an EBS volume — holds on to a key), and the reversible step the KMS guide
//! advises first. The last arm of KMS's dispatch: an operation not modelled anywhere ends here.

use super::keys::{err, resolve};
use crate::model::{Grant, World};
use crate::wire::{ApiError, ApiResult, json_opt, json_str};
use serde_json::{Value, json};

fn grant_json(w: &World, region: &str, id: &str, g: &Grant) -> Value {
    let mut v = json!({
        "KeyId": format!("arn:aws:kms:{region}:{}:key/{}", w.account_id, g.key_id),
        "GrantId": id, "Name": g.name, "CreationDate": g.created,
        "GranteePrincipal": g.grantee, "IssuingAccount": format!("arn:aws:iam::{}:root", w.account_id),
        "Operations": g.operations,
    });
    if let Some(r) = &g.retiring {
        v["RetiringPrincipal"] = json!(r);
    }
    v
}

pub fn handle(w: &mut World, region: &str, op: &str, v: &Value) -> ApiResult<Value> {
    match op {
        "CreateGrant" => {
            let key = resolve(w, region, json_str(v, "KeyId")?)?;
            let grantee = json_str(v, "GranteePrincipal")?.to_string();
            let ops: Vec<String> = v["Operations"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|o| o.as_str().map(str::to_string))
                .collect();
            // The front end checks each operation against the model's enum; the model lets the
            // list be empty, a grant that allows nothing, which KMS refuses.
            if ops.is_empty() {
                return Err(ApiError::validation(
                    "A grant must allow at least one operation (Operations is empty)",
                ));
            }
            let id = w.ids.hex(64);
            let token = w.ids.hex(64);
            let g = Grant {
                key_id: key,
                name: json_opt(v, "Name").unwrap_or("").to_string(),
                grantee,
                retiring: json_opt(v, "RetiringPrincipal").map(str::to_string),
                operations: ops,
                created: w.now,
            };
            w.region_mut(region).grants.insert(id.clone(), g);
            Ok(json!({"GrantId": id, "GrantToken": token}))
        }
        "ListGrants" => {
            let key = resolve(w, region, json_str(v, "KeyId")?)?;
            let limit = v.get("Limit").and_then(Value::as_u64).unwrap_or(50);
            // The model allows 1..1000; ListGrants' reference documents 1..100.
            if limit > 100 {
                return Err(ApiError::validation("Limit must be between 1 and 100"));
            }
            let start: usize = json_opt(v, "Marker")
                .and_then(|m| m.parse().ok())
                .unwrap_or(0);
            let grantee = json_opt(v, "GranteePrincipal");
            let r = w.region_mut(region).clone();
            let all: Vec<Value> = r
                .grants
                .iter()
                .filter(|(_, g)| g.key_id == key)
                .filter(|(_, g)| grantee.is_none_or(|p| p == g.grantee))
                .map(|(id, g)| grant_json(w, region, id, g))
                .collect();
            let end = (start + limit as usize).min(all.len());
            let page = all.get(start..end).unwrap_or_default().to_vec();
            let mut out = json!({"Grants": page, "Truncated": end < all.len()});
            if end < all.len() {
                out["NextMarker"] = json!(end.to_string());
            }
            Ok(out)
        }
        "RetireGrant" | "RevokeGrant" => {
            let id = json_str(v, "GrantId")?.to_string();
            let r = w.region_mut(region);
            if r.grants.remove(&id).is_none() {
                return Err(err("NotFoundException", format!("Grant ID {id} not found")));
            }
            Ok(json!({}))
        }
        "DisableKey" | "EnableKey" => {
            let id = resolve(w, region, json_str(v, "KeyId")?)?;
            let r = w.region_mut(region);
            let k = r
                .keys
                .get_mut(&id)
                .ok_or_else(|| err("NotFoundException", format!("Key '{id}' does not exist")))?;
            if k.pending_deletion.is_some() {
                return Err(err(
                    "KMSInvalidStateException",
                    format!("{id} is pending deletion."),
                ));
            }
            k.enabled = op == "EnableKey";
            Ok(json!({}))
        }
        _ => Err(err(
            "UnsupportedOperationException",
            format!("The sandbox does not model KMS operation {op}"),
        )),
    }
}
