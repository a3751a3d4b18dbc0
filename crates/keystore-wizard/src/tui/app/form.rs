//! Stage input forms with validation as you type. Plan fields are checked by the plan's own
//! rules (the edited value is put into the plan's TOML and `Plan::parse` says what is wrong),
//! so the form and `setup --plan` can never disagree. Passwords are masked, confirmed, checked
//! by the secrets rules, and wiped from the form when it is submitted.

use keystore_engine::inputs::plan::Plan;
use keystore_engine::inputs::secrets::validate_password;
use keystore_engine::stages::StageId;
use zeroize::Zeroizing;

/// The longest value a field takes (a paste beyond it is cut, not an error).
pub const MAX_FIELD: usize = 256;

#[derive(Debug, Clone, PartialEq)]
pub enum FieldKind {
    Text,
    Number,
    Choice(&'static [&'static str]),
    Secret,
    SecretConfirm,
    /// Output copied from a terminal the wizard cannot reach (`cloudhsm-cli user list`): long,
    /// pasted rather than typed, and JSON.
    Pasted,
}

/// The longest output a [`FieldKind::Pasted`] field takes.
pub const MAX_PASTED: usize = 64 * 1024;

#[derive(Debug, Clone)]
pub struct Field {
    /// The plan path (`cluster.hsm_type`), or `kmsuser_password` / `kmsuser_confirm`.
    pub key: &'static str,
    pub label: &'static str,
    pub value: Zeroizing<String>,
    pub kind: FieldKind,
    pub error: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Form {
    pub fields: Vec<Field>,
    pub focus: usize,
}

fn plan_fields(stage: StageId) -> &'static [(&'static str, &'static str, FieldKind)] {
    // New clusters only: hsm1.medium is deprecated (see plan::NEW_CLUSTER_TYPE_RULE).
    const HSM: &[&str] = &["hsm2m.medium"];
    const MODE: &[&str] = &["FIPS", "NON_FIPS"];
    const BITS: &[&str] = &["2048", "4096"];
    // `existing` needs an instance id: the instance picker (`i`) or the plan file gives it.
    const CLIENT: &[&str] = &["launch", "manual"];
    const YES_NO: &[&str] = &["true", "false"];
    const NO_YES: &[&str] = &["false", "true"];
    match stage {
        StageId::Admin => &[
            ("admin.group", "IAM group", FieldKind::Text),
            ("admin.policy", "IAM policy", FieldKind::Text),
        ],
        StageId::Cluster => &[
            ("cluster.hsm_type", "HSM type", FieldKind::Choice(HSM)),
            ("cluster.mode", "Mode", FieldKind::Choice(MODE)),
            (
                "cluster.backup_retention_days",
                "Backup days",
                FieldKind::Number,
            ),
        ],
        StageId::ClientLaunch => &[
            ("client.mode", "Client", FieldKind::Choice(CLIENT)),
            ("client.instance_type", "Instance type", FieldKind::Text),
            (
                "client.create_endpoints",
                "Create endpoints",
                FieldKind::Choice(YES_NO),
            ),
            ("client.keep", "Keep the client", FieldKind::Choice(NO_YES)),
        ],
        StageId::Initialize => &[
            ("pki.key_bits", "CA key (RSA bits)", FieldKind::Choice(BITS)),
            ("pki.common_name", "CA name", FieldKind::Text),
        ],
        StageId::Kmsuser => &[
            ("kmsuser_password", "kmsuser password", FieldKind::Secret),
            ("kmsuser_confirm", "confirm", FieldKind::SecretConfirm),
        ],
        StageId::KeyStore => &[("key_store.name", "Key store name", FieldKind::Text)],
        StageId::FirstKey => &[
            ("key.alias", "Alias", FieldKind::Text),
            ("key.description", "Description", FieldKind::Text),
        ],
        StageId::Preflight
        | StageId::Network
        | StageId::FirstHsm
        | StageId::ClientPrepare
        | StageId::Activate
        | StageId::SecondHsm
        | StageId::Connect => &[],
    }
}

fn cap(kind: &FieldKind) -> usize {
    match kind {
        FieldKind::Pasted => MAX_PASTED,
        _ => MAX_FIELD,
    }
}

fn lookup<'a>(table: &'a toml::Table, path: &str) -> Option<&'a toml::Value> {
    let (section, key) = path.split_once('.')?;
    table.get(section)?.as_table()?.get(key)
}

impl Form {
    /// The form of a stage, filled from the plan; `None` when the stage has no inputs.
    pub fn for_stage(stage: StageId, plan_text: &str) -> Option<Self> {
        let table: toml::Table = toml::from_str(plan_text).ok()?;
        let fields: Vec<Field> = plan_fields(stage)
            .iter()
            .map(|(key, label, kind)| {
                let value = match lookup(&table, key) {
                    Some(toml::Value::String(s)) => s.clone(),
                    Some(other) => other.to_string(),
                    None => String::new(),
                };
                Field {
                    key,
                    label,
                    value: Zeroizing::new(value),
                    kind: kind.clone(),
                    error: None,
                }
            })
            .collect();
        (!fields.is_empty()).then_some(Self { fields, focus: 0 })
    }

    /// The kmsuser stage in `manual` mode, after its commands: the `user list` output to check.
    pub fn user_list() -> Self {
        Self {
            fields: vec![Field {
                key: "user_list",
                label: "user list",
                value: Zeroizing::new(String::new()),
                kind: FieldKind::Pasted,
                error: None,
            }],
            focus: 0,
        }
    }

    /// Takes the pasted `user list` out of the form.
    pub fn take_user_list(&mut self) -> Option<String> {
        let f = self
            .fields
            .iter_mut()
            .find(|f| f.kind == FieldKind::Pasted)?;
        Some(std::mem::take(&mut *f.value))
    }

    pub fn is_secret(&self) -> bool {
        self.fields.iter().any(|f| f.kind == FieldKind::Secret)
    }

    /// The plan text with this form's plan fields applied.
    pub fn apply(&self, plan_text: &str) -> Result<String, String> {
        let mut table: toml::Table = toml::from_str(plan_text).map_err(|e| e.to_string())?;
        for f in self.fields.iter().filter(|f| f.key.contains('.')) {
            let (section, key) = f.key.split_once('.').unwrap_or(("", f.key));
            let value = match f.kind {
                FieldKind::Number => f
                    .value
                    .trim()
                    .parse::<i64>()
                    .map(toml::Value::Integer)
                    .map_err(|_| format!("{}: a whole number", f.label))?,
                FieldKind::Choice(_) if f.value.parse::<i64>().is_ok() => {
                    toml::Value::Integer(f.value.parse::<i64>().unwrap_or_default())
                }
                FieldKind::Choice(_) if f.value.parse::<bool>().is_ok() => {
                    toml::Value::Boolean(f.value.parse::<bool>().unwrap_or_default())
                }
                _ => toml::Value::String(f.value.to_string()),
            };
            let section = table
                .entry(section.to_string())
                .or_insert_with(|| toml::Value::Table(toml::Table::new()));
            if let Some(t) = section.as_table_mut() {
                t.insert(key.to_string(), value);
            }
        }
        toml::to_string(&table).map_err(|e| e.to_string())
    }

    /// Re-checks every field; true when the form can be submitted.
    pub fn validate(&mut self, plan_text: &str) -> bool {
        for f in self.fields.iter_mut() {
            f.error = None;
        }
        let secret = self
            .fields
            .iter()
            .find(|f| f.kind == FieldKind::Secret)
            .map(|f| f.value.clone());
        for f in self.fields.iter_mut() {
            match f.kind {
                FieldKind::Secret => {
                    f.error = validate_password("kmsuser password", &f.value).err()
                }
                FieldKind::SecretConfirm
                    if secret.as_ref().map(|s| s.as_str()) != Some(f.value.as_str()) =>
                {
                    f.error = Some(keystore_engine::i18n::strings().confirm_mismatch.into())
                }
                FieldKind::Pasted => {
                    f.error = serde_json::from_str::<serde_json::Value>(f.value.trim())
                        .err()
                        .map(|_| keystore_engine::i18n::t("form.not_json").to_string())
                }
                _ => {}
            }
        }
        match self.apply(plan_text) {
            Err(e) => {
                if let Some(f) = self.fields.get_mut(self.focus) {
                    f.error = Some(e);
                }
            }
            Ok(text) => {
                if let Err(e) = Plan::parse(&text)
                    && let Some(f) = self.fields.iter_mut().find(|f| f.key == e.field)
                {
                    f.error = Some(e.rule);
                }
            }
        }
        self.fields.iter().all(|f| f.error.is_none())
    }

    /// Types one character; returns whether the value changed (a full field ignores it).
    pub fn type_char(&mut self, c: char) -> bool {
        let Some(f) = self.fields.get_mut(self.focus) else {
            return false;
        };
        if let FieldKind::Choice(options) = f.kind {
            let i = options
                .iter()
                .position(|o| *o == f.value.as_str())
                .unwrap_or(0);
            *f.value = options[(i + 1) % options.len()].to_string();
            true
        } else if f.value.chars().count() < cap(&f.kind) {
            f.value.push(c);
            true
        } else {
            false
        }
    }

    /// A paste into the focused text field: control characters (line breaks, tabs) dropped,
    /// capped at [`MAX_FIELD`] like typing; a choice field ignores it. True if anything changed.
    pub fn paste(&mut self, text: &str) -> bool {
        let Some(f) = self.fields.get_mut(self.focus) else {
            return false;
        };
        if matches!(f.kind, FieldKind::Choice(_)) {
            return false;
        }
        let room = cap(&f.kind).saturating_sub(f.value.chars().count());
        let before = f.value.len();
        if f.kind == FieldKind::Pasted {
            // Line breaks are JSON whitespace: kept as spaces, so no two tokens run together.
            f.value.extend(
                text.chars()
                    .map(|c| if c.is_control() { ' ' } else { c })
                    .take(room),
            );
        } else {
            f.value
                .extend(text.chars().filter(|c| !c.is_control()).take(room));
        }
        f.value.len() != before
    }

    pub fn backspace(&mut self) {
        if let Some(f) = self.fields.get_mut(self.focus) {
            f.value.pop();
        }
    }

    pub fn next(&mut self) {
        self.focus = (self.focus + 1) % self.fields.len().max(1);
    }

    /// Takes the kmsuser password out of the form (wiping the form's copies).
    /// Whether the form chooses the NON_FIPS cluster mode, which can never be changed later.
    pub fn non_fips(&self) -> bool {
        self.fields
            .iter()
            .any(|f| f.key == "cluster.mode" && f.value.as_str() == "NON_FIPS")
    }

    pub fn take_secret(&mut self) -> Option<secrecy::SecretString> {
        let mut out = None;
        for f in self.fields.iter_mut() {
            if f.kind == FieldKind::Secret {
                out = Some(secrecy::SecretString::from(f.value.to_string()));
            }
            if matches!(f.kind, FieldKind::Secret | FieldKind::SecretConfirm) {
                *f.value = String::new();
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAN: &str = include_str!("../../../../../assets/example-plan.toml");

    #[test]
    fn plan_fields_are_checked_by_the_plan_rules() {
        let mut f = Form::for_stage(StageId::Cluster, PLAN).expect("form");
        assert_eq!(f.fields[0].value.as_str(), "hsm2m.medium");
        assert!(f.validate(PLAN));
        f.focus = 2;
        f.backspace();
        f.backspace();
        f.type_char('3');
        assert_eq!(f.fields[2].value.as_str(), "3");
        assert!(!f.validate(PLAN));
        assert!(
            f.fields[2]
                .error
                .as_deref()
                .is_some_and(|e| e.contains("7 to 379")),
            "{:?}",
            f.fields[2].error
        );
        f.focus = 0;
        f.type_char(' ');
        assert_eq!(
            f.fields[0].value.as_str(),
            "hsm2m.medium",
            "the only type offered for a new cluster (hsm1.medium is deprecated)"
        );
        f.focus = 1;
        f.type_char(' ');
        assert!(f.non_fips(), "choices cycle to NON_FIPS");
        f.focus = 2;
        f.backspace();
        f.type_char('9');
        f.type_char('0');
        assert!(f.validate(PLAN));
        let text = f.apply(PLAN).expect("apply");
        assert!(text.contains("mode = \"NON_FIPS\""));
    }

    #[test]
    fn passwords_are_masked_confirmed_and_wiped() {
        let mut f = Form::for_stage(StageId::Kmsuser, PLAN).expect("form");
        for c in "Secret123".chars() {
            assert!(f.type_char(c));
        }
        assert!(!f.validate(PLAN), "not confirmed yet");
        f.next();
        for c in "Secret123".chars() {
            f.type_char(c);
        }
        assert!(f.validate(PLAN));
        let s = f.take_secret().expect("secret");
        assert_eq!(secrecy::ExposeSecret::expose_secret(&s), "Secret123");
        assert!(f.fields.iter().all(|x| x.value.is_empty()), "wiped");
        f.focus = 0;
        for c in "bad$".chars() {
            f.type_char(c);
        }
        assert!(!f.validate(PLAN));
        assert!(
            f.fields[0]
                .error
                .as_deref()
                .is_some_and(|e| !e.contains("bad$"))
        );
    }
}
