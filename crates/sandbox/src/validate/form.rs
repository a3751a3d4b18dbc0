//! Reads a query-protocol form back into the nested value its input shape describes, so one
//! checker serves every protocol. awsQuery (IAM, STS): a member is `Name` (or its
//! `locationName`), a list `Name.member.N` (or `Name.N` when flattened), a map
//! `Name.entry.N.key`/`.value`. ec2Query: a member is its `queryName`, else its `locationName`
//! with a capital first letter, else its name, and every list is flattened (`Name.N`).
//! Scalars stay text; the checker reads numbers and booleans out of text.

use super::model::Shape;
use crate::wire::{Dialect, Form};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The request value of `form` for the input shape `shape` (members absent from the form are
/// absent from the value).
pub fn to_value(shapes: &BTreeMap<String, Shape>, shape: &str, form: &Form) -> Value {
    Reader {
        shapes,
        form,
        dialect: form.dialect,
    }
    .read(shape, "")
    .unwrap_or_else(|| Value::Object(Map::new()))
}

struct Reader<'a> {
    shapes: &'a BTreeMap<String, Shape>,
    form: &'a Form,
    dialect: Dialect,
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}.{name}")
    }
}

fn capitalized(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

impl Reader<'_> {
    /// Whether any form key is `key` or lies below it.
    fn present(&self, key: &str) -> bool {
        let below = format!("{key}.");
        self.form
            .fields
            .range(key.to_string()..)
            .take_while(|(k, _)| k.starts_with(key))
            .any(|(k, _)| k == key || k.starts_with(&below))
    }

    /// The indices `N` used under `prefix.N…`, in order.
    fn indices(&self, prefix: &str) -> Vec<u32> {
        let below = format!("{prefix}.");
        let mut out: Vec<u32> = self
            .form
            .fields
            .range(below.clone()..)
            .take_while(|(k, _)| k.starts_with(&below))
            .filter_map(|(k, _)| k[below.len()..].split('.').next()?.parse().ok())
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    fn read(&self, name: &str, key: &str) -> Option<Value> {
        let s = self.shapes.get(name)?;
        match s.kind.as_str() {
            "structure" => {
                let mut obj = Map::new();
                for (member, m) in &s.members {
                    let wire = match self.dialect {
                        Dialect::AwsQuery => m.loc.clone().unwrap_or_else(|| member.clone()),
                        Dialect::Ec2Query => m
                            .query
                            .clone()
                            .or_else(|| m.loc.as_deref().map(capitalized))
                            .unwrap_or_else(|| member.clone()),
                    };
                    if let Some(v) = self.read(&m.shape, &join(key, &wire)) {
                        obj.insert(member.clone(), v);
                    }
                }
                (key.is_empty() || !obj.is_empty()).then_some(Value::Object(obj))
            }
            "list" => {
                if !self.present(key) {
                    return None;
                }
                // An empty list is sent as the bare name with no value.
                let flat = s.flat || self.dialect == Dialect::Ec2Query;
                let base = if flat {
                    key.to_string()
                } else {
                    join(key, s.member_loc.as_deref().unwrap_or("member"))
                };
                let member = s.member.as_deref()?;
                let items = self
                    .indices(&base)
                    .into_iter()
                    .filter_map(|i| self.read(member, &format!("{base}.{i}")))
                    .collect();
                Some(Value::Array(items))
            }
            "map" => {
                if !self.present(key) {
                    return None;
                }
                let base = if s.flat {
                    key.to_string()
                } else {
                    join(key, "entry")
                };
                let mut obj = Map::new();
                for i in self.indices(&base) {
                    let entry = format!("{base}.{i}");
                    let Some(k) = self.form.get(&format!("{entry}.key")) else {
                        continue;
                    };
                    if let Some(v) = s
                        .value
                        .as_deref()
                        .and_then(|v| self.read(v, &join(&entry, "value")))
                    {
                        obj.insert(k.to_string(), v);
                    }
                }
                Some(Value::Object(obj))
            }
            _ => self.form.get(key).map(|v| Value::String(v.to_string())),
        }
    }
}
