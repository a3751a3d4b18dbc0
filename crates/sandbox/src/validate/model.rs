//! The input constraints of every served operation, as `scripts/gen-constraints` wrote them from
//! botocore's official models into `models/constraints.json`: loaded once, with every pattern
//! compiled once. Data only; it knows nothing of requests or replies.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The whole file.
#[derive(Debug, Deserialize)]
pub struct Models {
    /// The botocore version the file was generated from.
    pub botocore: String,
    pub services: BTreeMap<String, ServiceModel>,
}

/// One service: its protocols in the model's order, and its served operations' input shapes.
#[derive(Debug, Deserialize)]
pub struct ServiceModel {
    pub api_version: String,
    pub protocols: Vec<String>,
    pub target_prefix: Option<String>,
    /// Operation name → input shape name (`None`: the operation takes no input).
    pub operations: BTreeMap<String, Option<String>>,
    /// Operation name → output shape name, for a service whose model lists CBOR (a CBOR reply
    /// types timestamps and blobs by the shape).
    #[serde(default)]
    pub outputs: BTreeMap<String, Option<String>>,
    pub shapes: BTreeMap<String, Shape>,
}

/// A member of a structure: its shape and the names the query protocols put on the wire.
#[derive(Debug, Deserialize)]
pub struct Member {
    pub shape: String,
    pub loc: Option<String>,
    pub query: Option<String>,
    #[serde(default)]
    pub flat: bool,
}

/// A shape, reduced to what a front end validates.
#[derive(Debug, Deserialize)]
pub struct Shape {
    #[serde(rename = "type")]
    pub kind: String,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub pattern: Option<String>,
    #[serde(rename = "enum")]
    pub enum_values: Option<Vec<String>>,
    #[serde(default)]
    pub sensitive: bool,
    #[serde(default)]
    pub required: Vec<String>,
    #[serde(default)]
    pub members: BTreeMap<String, Member>,
    /// A list's member shape.
    pub member: Option<String>,
    pub member_loc: Option<String>,
    /// A map's key and value shapes.
    pub key: Option<String>,
    pub value: Option<String>,
    #[serde(default)]
    pub flat: bool,
}

/// The loaded models and their compiled patterns (each matched against the whole value).
pub struct Loaded {
    pub models: Models,
    patterns: BTreeMap<String, Result<fancy_regex::Regex, String>>,
}

const SOURCE: &str = include_str!("../../models/constraints.json");

/// The models, loaded on first use; an error says why the embedded file could not be read.
pub fn loaded() -> Result<&'static Loaded, &'static str> {
    static CELL: OnceLock<Result<Loaded, String>> = OnceLock::new();
    CELL.get_or_init(load).as_ref().map_err(String::as_str)
}

fn load() -> Result<Loaded, String> {
    let models: Models = serde_json::from_str(SOURCE)
        .map_err(|e| format!("models/constraints.json is not a constraints file: {e}"))?;
    let mut patterns = BTreeMap::new();
    for service in models.services.values() {
        for shape in service.shapes.values() {
            if let Some(p) = &shape.pattern {
                patterns.entry(p.clone()).or_insert_with(|| compile(p));
            }
        }
    }
    Ok(Loaded { models, patterns })
}

/// AWS front ends match a pattern against the whole value (IAM refuses `my role` although
/// `[\w+=,.@-]+` occurs in it), so the pattern is anchored at both ends; and its `\w`, `\d`,
/// `\s` are ASCII, as in Java and ECMA-262, not Unicode as in Rust's engine.
fn compile(pattern: &str) -> Result<fancy_regex::Regex, String> {
    fancy_regex::Regex::new(&format!("^(?:{})$", ascii_classes(pattern))).map_err(|e| e.to_string())
}

/// `pattern` with the Perl classes spelled out as the ASCII sets Java means by them.
pub fn ascii_classes(pattern: &str) -> String {
    const WORD: &str = "0-9A-Za-z_";
    const DIGIT: &str = "0-9";
    const SPACE: &str = " \\t\\n\\x0B\\x0C\\r";
    let mut out = String::with_capacity(pattern.len());
    let mut in_class = false;
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(e) = chars.next() else {
                    out.push(c);
                    break;
                };
                let set = match e.to_ascii_lowercase() {
                    'w' => Some(WORD),
                    'd' => Some(DIGIT),
                    's' => Some(SPACE),
                    _ => None,
                };
                match (set, in_class, e.is_ascii_uppercase()) {
                    (Some(set), true, false) => out.push_str(set),
                    (Some(set), false, false) => out.push_str(&format!("[{set}]")),
                    (Some(set), false, true) => out.push_str(&format!("[^{set}]")),
                    _ => {
                        out.push(c);
                        out.push(e);
                    }
                }
            }
            '[' if !in_class => {
                in_class = true;
                out.push(c);
                // A `]` or `^]` right after the opening bracket is a literal.
                let rest = chars.as_str();
                for lead in ["^]", "]", "^"] {
                    if let Some(after) = rest.strip_prefix(lead) {
                        out.push_str(lead);
                        chars = after.chars();
                        break;
                    }
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

impl Loaded {
    pub fn service(&self, name: &str) -> Option<&ServiceModel> {
        self.models.services.get(name)
    }

    /// Whether `text` satisfies `pattern`; a pattern that did not compile is not enforced
    /// (`unenforced_patterns` lists them, and a test keeps that list empty).
    pub fn matches(&self, pattern: &str, text: &str) -> bool {
        match self.patterns.get(pattern) {
            Some(Ok(re)) => re.is_match(text).unwrap_or(true),
            _ => true,
        }
    }

    /// Patterns of the models the regex engine could not compile, with the reason.
    pub fn unenforced_patterns(&self) -> Vec<(&str, &str)> {
        self.patterns
            .iter()
            .filter_map(|(p, r)| r.as_ref().err().map(|e| (p.as_str(), e.as_str())))
            .collect()
    }
}
