//! Smithy RPC v2 CBOR (`smithy-rpc-v2-cbor`), the protocol botocore's model lists first for
//! CloudHSM v2: a request routed by the `smithy-protocol: rpc-v2-cbor` header and the path
//! `/service/{ServiceShape}/operation/{Operation}`, CBOR bodies both ways, and the CBOR error
//! envelope (`__type`, `message`). A request body becomes the same JSON value an awsJson body
//! would (byte strings → base64 text, tag-1 timestamps → epoch seconds), so handlers serve both
//! protocols; a reply is typed by the operation's output shape from the models (timestamps get
//! tag 1, blobs become byte strings, integers stay integers). Knows nothing of the account.

use crate::validate::model::{self, Shape};
use crate::wire::{ApiError, Service};
use crate::{Handled, Sandbox};
use base64::Engine;
use ciborium::value::Value as Cbor;
use serde_json::Value as Json;
use std::collections::BTreeMap;

/// The media type of both directions.
pub const CONTENT_TYPE: &str = "application/cbor";
/// The header that marks the protocol, on requests and replies.
pub const HEADER: &str = "smithy-protocol";
pub const HEADER_VALUE: &str = "rpc-v2-cbor";

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

impl Sandbox {
    /// One RPC v2 CBOR request: its route and body are read into the awsJson request the
    /// handlers serve, and the reply is written back in CBOR. A service whose model does not
    /// list the protocol, or a path that is not an RPC v2 route, is refused in CBOR.
    pub async fn handle_cbor(
        &self,
        authorization: Option<String>,
        path: &str,
        body: Vec<u8>,
    ) -> Handled {
        let service = crate::wire::guess_service(authorization.as_deref(), None);
        let routed = route(path)
            .filter(|(shape, _)| target_prefix(service).as_deref() == Some(*shape))
            .ok_or_else(|| {
                ApiError::new(
                    404,
                    "UnknownOperationException",
                    format!("{path} is not an RPC v2 CBOR route of this service"),
                )
            });
        let parsed = routed.and_then(|(shape, op)| Ok((shape, op, request_json(&body)?)));
        let (target, operation, json) = match parsed {
            Ok((shape, op, json)) => (format!("{shape}.{op}"), op.to_string(), json),
            Err(e) => {
                return Handled {
                    status: e.status,
                    content_type: CONTENT_TYPE,
                    request_id: String::new(),
                    body: error_body(service, &e),
                    call: None,
                };
            }
        };
        let handled = self
            .handle_async(authorization, Some(target), json.to_string().into_bytes())
            .await;
        transcode(service, &operation, handled)
    }
}

/// The service's shape name in RPC v2 routes (its awsJson target prefix), when its model lists
/// the protocol.
fn target_prefix(service: Service) -> Option<String> {
    let m = model::loaded().ok()?;
    let s = m.service(crate::validate::model_name(service))?;
    s.protocols
        .iter()
        .any(|p| p == "smithy-rpc-v2-cbor")
        .then(|| s.target_prefix.clone())
        .flatten()
}

/// An awsJson reply rewritten in CBOR (a reply that is not JSON, which no handler sends, is
/// passed on as it is).
fn transcode(service: Service, operation: &str, handled: Handled) -> Handled {
    let Ok(json) = serde_json::from_slice::<Json>(&handled.body) else {
        return handled;
    };
    let body = if handled.status == 200 {
        reply_body(service, operation, &json)
    } else {
        let text = |k: &str| json.get(k).and_then(Json::as_str).unwrap_or("").to_string();
        let code = text("__type");
        let code = code.rsplit('#').next().unwrap_or(&code).to_string();
        error_body(
            service,
            &ApiError::new(handled.status, &code, text("message")),
        )
    };
    Handled {
        content_type: CONTENT_TYPE,
        body,
        ..handled
    }
}

/// `(service shape, operation)` of an RPC v2 path: `/service/BaldrApiService/operation/X`.
pub fn route(path: &str) -> Option<(&str, &str)> {
    let rest = path.strip_prefix("/service/")?;
    let (service, rest) = rest.split_once('/')?;
    let operation = rest.strip_prefix("operation/")?;
    (!service.is_empty() && !operation.is_empty() && !operation.contains('/'))
        .then_some((service, operation))
}

/// The request body as the JSON value an awsJson client would have sent (an empty body is an
/// empty input, as the protocol allows).
pub fn request_json(body: &[u8]) -> Result<Json, ApiError> {
    if body.is_empty() {
        return Ok(Json::Object(Default::default()));
    }
    let value: Cbor = ciborium::de::from_reader(body).map_err(|e| {
        ApiError::bad(
            "SerializationException",
            format!("Malformed CBOR body: {e}"),
        )
    })?;
    to_json(value)
}

fn to_json(value: Cbor) -> Result<Json, ApiError> {
    Ok(match value {
        Cbor::Null => Json::Null,
        Cbor::Bool(b) => Json::Bool(b),
        Cbor::Integer(i) => {
            let n = i128::from(i);
            i64::try_from(n)
                .map(Json::from)
                .or_else(|_| u64::try_from(n).map(Json::from))
                .map_err(|_| ApiError::bad("SerializationException", "integer out of range"))?
        }
        Cbor::Float(f) => serde_json::Number::from_f64(f)
            .map(Json::Number)
            .unwrap_or(Json::Null),
        Cbor::Text(t) => Json::String(t),
        Cbor::Bytes(b) => Json::String(B64.encode(b)),
        // Tag 1 holds epoch seconds, which is how awsJson sends a timestamp.
        Cbor::Tag(_, inner) => to_json(*inner)?,
        Cbor::Array(items) => {
            Json::Array(items.into_iter().map(to_json).collect::<Result<_, _>>()?)
        }
        Cbor::Map(entries) => {
            let mut out = serde_json::Map::new();
            for (k, v) in entries {
                let Cbor::Text(k) = k else {
                    return Err(ApiError::bad(
                        "SerializationException",
                        "a CBOR map key must be text",
                    ));
                };
                // The protocol sends an absent member as absent or as null; both mean absent.
                if !v.is_null() {
                    out.insert(k, to_json(v)?);
                }
            }
            Json::Object(out)
        }
        _ => {
            return Err(ApiError::bad(
                "SerializationException",
                "unsupported CBOR value",
            ));
        }
    })
}

/// A successful reply: the handler's JSON typed by the operation's output shape.
pub fn reply_body(service: Service, operation: &str, value: &Json) -> Vec<u8> {
    let shaped = model::loaded().ok().and_then(|m| {
        let s = m.service(crate::validate::model_name(service))?;
        let output = s.outputs.get(operation)?.as_deref()?;
        Some(typed(&s.shapes, Some(output), value))
    });
    encode(&shaped.unwrap_or_else(|| typed(&BTreeMap::new(), None, value)))
}

/// The CBOR error envelope: `__type` is the error's shape id, as Smithy servers send it.
pub fn error_body(service: Service, err: &ApiError) -> Vec<u8> {
    let namespace = match service {
        Service::CloudHsm => "com.amazonaws.cloudhsmv2",
        Service::Kms => "com.amazonaws.kms",
        _ => "com.amazonaws",
    };
    encode(&Cbor::Map(vec![
        (
            Cbor::Text("__type".into()),
            Cbor::Text(format!("{namespace}#{}", err.code)),
        ),
        (
            Cbor::Text("message".into()),
            Cbor::Text(err.message.clone()),
        ),
    ]))
}

fn encode(value: &Cbor) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail; an empty body would read as an empty map.
    let _ = ciborium::ser::into_writer(value, &mut out);
    out
}

/// `value` as CBOR, typed by `shape` where the model has it (untyped values map naturally).
fn typed(shapes: &BTreeMap<String, Shape>, shape: Option<&str>, value: &Json) -> Cbor {
    let s = shape.and_then(|n| shapes.get(n));
    let kind = s.map(|s| s.kind.as_str()).unwrap_or("");
    match value {
        Json::Null => Cbor::Null,
        Json::Bool(b) => Cbor::Bool(*b),
        Json::Number(n) => number(kind, n),
        Json::String(t) => match kind {
            "blob" => B64
                .decode(t)
                .map(Cbor::Bytes)
                .unwrap_or_else(|_| Cbor::Text(t.clone())),
            "timestamp" => match t.parse::<f64>() {
                Ok(secs) => Cbor::Tag(1, Box::new(Cbor::Float(secs))),
                Err(_) => Cbor::Text(t.clone()),
            },
            _ => Cbor::Text(t.clone()),
        },
        Json::Array(items) => {
            let member = s.and_then(|s| s.member.as_deref());
            Cbor::Array(items.iter().map(|v| typed(shapes, member, v)).collect())
        }
        Json::Object(map) => Cbor::Map(
            map.iter()
                .map(|(k, v)| {
                    let child = match s {
                        Some(s) if s.kind == "map" => s.value.as_deref(),
                        Some(s) => s.members.get(k).map(|m| m.shape.as_str()),
                        None => None,
                    };
                    (Cbor::Text(k.clone()), typed(shapes, child, v))
                })
                .collect(),
        ),
    }
}

fn number(kind: &str, n: &serde_json::Number) -> Cbor {
    let float = n.as_f64().unwrap_or(0.0);
    match kind {
        "timestamp" => Cbor::Tag(1, Box::new(Cbor::Float(float))),
        "float" | "double" => Cbor::Float(float),
        _ => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => Cbor::Integer(i.into()),
            (_, Some(u)) => Cbor::Integer(u.into()),
            _ => Cbor::Float(float),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn routes_are_read_from_the_path() {
        assert_eq!(
            route("/service/BaldrApiService/operation/DescribeClusters"),
            Some(("BaldrApiService", "DescribeClusters"))
        );
        assert_eq!(route("/"), None);
        assert_eq!(route("/service/BaldrApiService/operation/"), None);
        assert_eq!(route("/service/X/op/Y"), None);
    }

    #[test]
    fn requests_read_back_as_the_json_an_awsjson_client_sends() {
        let body = encode(&Cbor::Map(vec![
            (
                Cbor::Text("ClusterId".into()),
                Cbor::Text("cluster-abc".into()),
            ),
            (Cbor::Text("MaxResults".into()), Cbor::Integer(5.into())),
            (Cbor::Text("Blob".into()), Cbor::Bytes(vec![1, 2, 3])),
            (
                Cbor::Text("At".into()),
                Cbor::Tag(1, Box::new(Cbor::Float(1.5))),
            ),
            (Cbor::Text("Gone".into()), Cbor::Null),
        ]));
        let v = request_json(&body).expect("a value");
        assert_eq!(
            v,
            json!({"ClusterId": "cluster-abc", "MaxResults": 5, "Blob": "AQID", "At": 1.5})
        );
        assert_eq!(request_json(b"").expect("a value"), json!({}));
        assert_eq!(
            request_json(b"\xff\x00").expect_err("an error").code,
            "SerializationException"
        );
    }

    #[test]
    fn replies_are_typed_by_the_output_shape() {
        let reply = json!({"Clusters": [{"ClusterId": "cluster-abc", "CreateTimestamp": 1700000000.25,
            "BackupRetentionPolicy": {"Type": "DAYS", "Value": "90"}}]});
        let body = reply_body(Service::CloudHsm, "DescribeClusters", &reply);
        let back: Cbor = ciborium::de::from_reader(&body[..]).expect("a value");
        let Cbor::Map(top) = back else {
            panic!("a map")
        };
        let Cbor::Array(clusters) = &top[0].1 else {
            panic!("a list")
        };
        let Cbor::Map(cluster) = &clusters[0] else {
            panic!("a cluster")
        };
        let created = cluster
            .iter()
            .find(|(k, _)| k.as_text() == Some("CreateTimestamp"))
            .expect("a value");
        assert_eq!(
            created.1,
            Cbor::Tag(1, Box::new(Cbor::Float(1700000000.25)))
        );
        let err = error_body(
            Service::CloudHsm,
            &ApiError::bad("CloudHsmInvalidRequestException", "no"),
        );
        let back: Cbor = ciborium::de::from_reader(&err[..]).expect("a value");
        assert_eq!(
            back.as_map().expect("a value")[0].1.as_text(),
            Some("com.amazonaws.cloudhsmv2#CloudHsmInvalidRequestException")
        );
    }
}
