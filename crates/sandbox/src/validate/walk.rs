//! Walks one request (as a JSON value) through its input shape and collects every violation of
//! the model's constraints, each with the member path and the sentence AWS front ends use
//! (`Value 'x' at 'clusterId' failed to satisfy constraint: Member must …`). Knows nothing of
//! protocols or error codes: `validate/mod.rs` turns the violations into the service's error.

use super::model::{Loaded, Shape};
use base64::Engine;
use serde_json::Value;
use std::collections::BTreeMap;

/// One constraint a request broke.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// `clusterId`, `tagList.1.member.key`.
    pub path: String,
    /// The value as AWS echoes it; `None` when it is absent or sensitive.
    pub shown: Option<String>,
    /// The value was absent (the constraint is "must not be null").
    pub missing: bool,
    /// The value has the wrong JSON type (awsJson answers that with SerializationException).
    pub wrong_type: bool,
    pub constraint: String,
}

impl Violation {
    /// The sentence AWS writes for one violation.
    pub fn sentence(&self) -> String {
        match (&self.shown, self.missing) {
            (_, true) => format!(
                "Value null at '{}' failed to satisfy constraint: {}",
                self.path, self.constraint
            ),
            (Some(v), false) => format!(
                "Value '{v}' at '{}' failed to satisfy constraint: {}",
                self.path, self.constraint
            ),
            (None, false) => format!(
                "Value at '{}' failed to satisfy constraint: {}",
                self.path, self.constraint
            ),
        }
    }
}

/// Checks `value` against the shape named `shape` and returns every violation, in member order.
pub fn check(
    loaded: &Loaded,
    shapes: &BTreeMap<String, Shape>,
    shape: &str,
    value: &Value,
) -> Vec<Violation> {
    let mut w = Walker {
        loaded,
        shapes,
        out: Vec::new(),
    };
    w.walk(shape, value, "", false);
    w.out
}

struct Walker<'a> {
    loaded: &'a Loaded,
    shapes: &'a BTreeMap<String, Shape>,
    out: Vec<Violation>,
}

/// `ClusterId` → `clusterId`: how AWS names a member in a validation message.
pub fn wire_path(parent: &str, member: &str) -> String {
    let mut chars = member.chars();
    let lower: String = match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    };
    if parent.is_empty() {
        lower
    } else {
        format!("{parent}.{lower}")
    }
}

fn show(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => {
            let inner: Vec<String> = items.iter().map(show).collect();
            format!("[{}]", inner.join(", "))
        }
        other => other.to_string(),
    }
}

fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        // The query protocols carry numbers as text.
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

fn trim(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{}", x as i64)
    } else {
        x.to_string()
    }
}

impl Walker<'_> {
    fn push(&mut self, path: &str, value: Option<&Value>, hidden: bool, constraint: String) {
        self.out.push(Violation {
            path: path.to_string(),
            shown: value.filter(|_| !hidden).map(show),
            missing: value.is_none(),
            wrong_type: false,
            constraint,
        });
    }

    fn wrong_type(&mut self, path: &str, expected: &str) {
        self.out.push(Violation {
            path: path.to_string(),
            shown: None,
            missing: false,
            wrong_type: true,
            constraint: format!("Member must be {expected}"),
        });
    }

    fn size(&mut self, s: &Shape, path: &str, value: &Value, len: usize, hidden: bool) {
        let len = len as f64;
        if let Some(min) = s.min.filter(|m| len < *m) {
            let c = format!(
                "Member must have length greater than or equal to {}",
                trim(min)
            );
            self.push(path, Some(value), hidden, c);
        }
        if let Some(max) = s.max.filter(|m| len > *m) {
            let c = format!(
                "Member must have length less than or equal to {}",
                trim(max)
            );
            self.push(path, Some(value), hidden, c);
        }
    }

    fn walk(&mut self, name: &str, value: &Value, path: &str, hidden: bool) {
        let shapes = self.shapes;
        let Some(s) = shapes.get(name) else {
            return;
        };
        let hidden = hidden || s.sensitive;
        match s.kind.as_str() {
            "structure" => self.structure(s, value, path, hidden),
            "list" => {
                let Value::Array(items) = value else {
                    return self.wrong_type(path, "a list");
                };
                self.size(s, path, value, items.len(), hidden);
                if let Some(member) = &s.member {
                    for (i, item) in items.iter().enumerate() {
                        self.walk(member, item, &format!("{path}.{}.member", i + 1), hidden);
                    }
                }
            }
            "map" => {
                let Value::Object(entries) = value else {
                    return self.wrong_type(path, "a map");
                };
                self.size(s, path, value, entries.len(), hidden);
                for (k, v) in entries {
                    if let Some(key) = &s.key {
                        self.walk(
                            key,
                            &Value::String(k.clone()),
                            &format!("{path}.key"),
                            hidden,
                        );
                    }
                    if let Some(val) = &s.value {
                        self.walk(val, v, &format!("{path}.{k}"), hidden);
                    }
                }
            }
            "string" => {
                let Value::String(text) = value else {
                    return self.wrong_type(path, "a string");
                };
                if let Some(values) = s.enum_values.as_ref().filter(|v| !v.contains(text)) {
                    let c = format!(
                        "Member must satisfy enum value set: [{}]",
                        values.join(", ")
                    );
                    self.push(path, Some(value), hidden, c);
                }
                self.size(s, path, value, text.chars().count(), hidden);
                if let Some(p) = s.pattern.as_ref().filter(|p| !self.loaded.matches(p, text)) {
                    let c = format!("Member must satisfy regular expression pattern: {p}");
                    self.push(path, Some(value), hidden, c);
                }
            }
            "blob" => {
                let Value::String(text) = value else {
                    return self.wrong_type(path, "a base64-encoded blob");
                };
                let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(text) else {
                    return self.wrong_type(path, "a base64-encoded blob");
                };
                self.size(s, path, value, bytes.len(), true);
            }
            "integer" | "long" | "float" | "double" => {
                let Some(x) = number(value) else {
                    return self.wrong_type(path, "a number");
                };
                if let Some(min) = s.min.filter(|m| x < *m) {
                    let c = format!(
                        "Member must have value greater than or equal to {}",
                        trim(min)
                    );
                    self.push(path, Some(value), hidden, c);
                }
                if let Some(max) = s.max.filter(|m| x > *m) {
                    let c = format!("Member must have value less than or equal to {}", trim(max));
                    self.push(path, Some(value), hidden, c);
                }
            }
            "boolean" => {
                let ok = matches!(value, Value::Bool(_))
                    || matches!(value, Value::String(t) if t == "true" || t == "false");
                if !ok {
                    self.wrong_type(path, "a boolean");
                }
            }
            _ => {}
        }
    }

    fn structure(&mut self, s: &Shape, value: &Value, path: &str, hidden: bool) {
        let Value::Object(obj) = value else {
            return self.wrong_type(path, "a structure");
        };
        for (name, member) in &s.members {
            let child = wire_path(path, name);
            match obj.get(name).filter(|v| !v.is_null()) {
                Some(v) => self.walk(&member.shape, v, &child, hidden),
                None if s.required.contains(name) => {
                    self.push(&child, None, hidden, "Member must not be null".into());
                }
                None => {}
            }
        }
    }
}
