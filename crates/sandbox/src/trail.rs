//! CloudTrail (awsJson 1.1, `CloudTrail_20131101`): the management events of the KMS
//! operations the sandbox serves that name a key (KMS logs its cryptographic operations as
//! management events), newest first through `LookupEvents`, with its documented limits: one
//! lookup attribute, at most 50 events a page, and about two requests a second per account and
//! Region (a third within a second is throttled, in real time as on AWS).

use crate::model::World;
use crate::wire::{ApiError, ApiResult, json_opt};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

/// One recorded event.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TrailEvent {
    pub id: String,
    pub time: f64,
    pub name: String,
    pub key_id: String,
    pub username: String,
    pub read_only: bool,
}

const RATE: usize = 2;

fn bad(code: &str, message: impl Into<String>) -> ApiError {
    ApiError::bad(code, message)
}

/// After a KMS call that succeeded: the event, when the request names a key.
pub fn record(w: &mut World, region: &str, op: &str, v: &Value, read_only: bool) {
    let Some(asked) = json_opt(v, "KeyId").or_else(|| json_opt(v, "TargetKeyId")) else {
        return;
    };
    let Ok(key_id) = crate::kms::keys::resolve(w, region, asked) else {
        return;
    };
    let id = w.ids.uuid();
    let event = TrailEvent {
        id,
        time: w.now,
        name: op.to_string(),
        key_id,
        username: w
            .user_arn()
            .rsplit('/')
            .next()
            .unwrap_or("admin")
            .to_string(),
        read_only,
    };
    w.region_mut(region).trail.push(event);
}

/// Two lookups a second per Region, on the real clock.
fn admit(w: &mut World, region: &str) -> ApiResult<()> {
    let now = Instant::now();
    let seen = w.lookup_times.entry(region.to_string()).or_default();
    seen.retain(|t| now.duration_since(*t) < Duration::from_secs(1));
    if seen.len() >= RATE {
        return Err(bad("ThrottlingException", "Rate exceeded"));
    }
    seen.push(now);
    Ok(())
}

pub fn handle(w: &mut World, region: &str, op: &str, v: &Value) -> ApiResult<Value> {
    if op != "LookupEvents" {
        return Err(bad(
            "UnsupportedOperationException",
            format!("The sandbox does not model CloudTrail operation {op}"),
        ));
    }
    admit(w, region)?;
    // 1 to 50, checked by the front end (validate.rs) from the model.
    let max = v.get("MaxResults").and_then(Value::as_i64).unwrap_or(50);
    let attrs = v["LookupAttributes"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    if attrs.len() > 1 {
        return Err(bad(
            "InvalidLookupAttributesException",
            "You can only specify one lookup attribute",
        ));
    }
    let filter = attrs.first().map(|a| {
        (
            a["AttributeKey"].as_str().unwrap_or_default().to_string(),
            a["AttributeValue"].as_str().unwrap_or_default().to_string(),
        )
    });
    let (start, end) = (
        v.get("StartTime").and_then(Value::as_f64).unwrap_or(0.0),
        v.get("EndTime").and_then(Value::as_f64).unwrap_or(f64::MAX),
    );
    if start > end {
        return Err(bad(
            "InvalidTimeRangeException",
            "Start time must be before end time",
        ));
    }
    let account = w.account_id.clone();
    let arn = |k: &str| format!("arn:aws:kms:{region}:{account}:key/{k}");
    let mut events: Vec<&TrailEvent> = w.regions.get(region).map_or(Vec::new(), |r| {
        r.trail
            .iter()
            .filter(|e| e.time >= start && e.time <= end)
            .filter(|e| match &filter {
                None => true,
                Some((k, val)) => match k.as_str() {
                    "ResourceName" => *val == e.key_id || *val == arn(&e.key_id),
                    "EventName" => *val == e.name,
                    "Username" => *val == e.username,
                    "EventSource" => val == "kms.amazonaws.com",
                    "ResourceType" => val == "AWS::KMS::Key",
                    "ReadOnly" => *val == e.read_only.to_string(),
                    "EventId" => *val == e.id,
                    _ => false,
                },
            })
            .collect()
    });
    // Newest first; of two at the same instant, the later recorded.
    events.reverse();
    events.sort_by(|a, b| b.time.total_cmp(&a.time));
    let from: usize = json_opt(v, "NextToken")
        .map(|t| {
            t.parse()
                .map_err(|_| bad("InvalidNextTokenException", "Invalid NextToken"))
        })
        .transpose()?
        .unwrap_or(0);
    let to = (from + max as usize).min(events.len());
    let page: Vec<Value> = events
        .get(from..to)
        .unwrap_or_default()
        .iter()
        .map(|e| {
            let detail = json!({"eventVersion": "1.08", "eventSource": "kms.amazonaws.com",
                "eventName": e.name, "awsRegion": region, "eventID": e.id, "readOnly": e.read_only,
                "resources": [{"ARN": arn(&e.key_id), "type": "AWS::KMS::Key"}]});
            json!({"EventId": e.id, "EventName": e.name, "ReadOnly": e.read_only.to_string(),
                "EventTime": e.time, "EventSource": "kms.amazonaws.com", "Username": e.username,
                "Resources": [{"ResourceType": "AWS::KMS::Key", "ResourceName": arn(&e.key_id)}],
                "CloudTrailEvent": detail.to_string()})
        })
        .collect();
    let mut out = json!({"Events": page});
    if to < events.len() {
        out["NextToken"] = json!(to.to_string());
    }
    Ok(out)
}
