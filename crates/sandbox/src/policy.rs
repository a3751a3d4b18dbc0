//! IAM policy evaluation for the sandbox: explicit Deny beats Allow beats the implicit deny,
//! `Action`/`NotAction` and `Resource` with `*` and `?` wildcards. Used to enforce a restricted
//! caller on every call and to answer SimulatePrincipalPolicy. Conditions are not modelled.

use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allowed,
    ExplicitDeny,
    ImplicitDeny,
}

impl Decision {
    /// The wire value of `EvalDecision`.
    pub fn as_wire(self) -> &'static str {
        match self {
            Self::Allowed => "allowed",
            Self::ExplicitDeny => "explicitDeny",
            Self::ImplicitDeny => "implicitDeny",
        }
    }
}

/// Case-insensitive glob match with `*` (any run) and `?` (one character).
pub fn glob(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.to_lowercase().chars().collect();
    let t: Vec<char> = text.to_lowercase().chars().collect();
    let (mut pi, mut ti, mut star, mut mark) = (0usize, 0usize, None, 0usize);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|i| i.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

fn statements(doc: &Value) -> Vec<&Value> {
    match doc.get("Statement") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(s @ Value::Object(_)) => vec![s],
        _ => Vec::new(),
    }
}

/// Checks that a policy document is one IAM would accept in shape (not every IAM rule).
pub fn validate_document(text: &str) -> Result<Value, String> {
    let doc: Value =
        serde_json::from_str(text).map_err(|e| format!("Syntax errors in policy: {e}"))?;
    if !doc.is_object() {
        return Err("The policy must be a JSON object".into());
    }
    let stmts = statements(&doc);
    if stmts.is_empty() {
        return Err("Missing required field Statement".into());
    }
    for s in stmts {
        match s.get("Effect").and_then(Value::as_str) {
            Some("Allow") | Some("Deny") => {}
            _ => return Err("Statement is missing a valid Effect (Allow or Deny)".into()),
        }
        if s.get("Action").is_none() && s.get("NotAction").is_none() {
            return Err("Policy statement must contain actions.".into());
        }
    }
    Ok(doc)
}

/// Evaluates `action` on `resource` against a set of policy documents.
pub fn evaluate(policies: &[Value], action: &str, resource: &str) -> Decision {
    let mut allowed = false;
    for doc in policies {
        for s in statements(doc) {
            let action_match = if s.get("NotAction").is_some() {
                !strings(s.get("NotAction")).iter().any(|p| glob(p, action))
            } else {
                strings(s.get("Action")).iter().any(|p| glob(p, action))
            };
            let resources = strings(s.get("Resource"));
            let resource_match =
                resources.is_empty() || resources.iter().any(|p| glob(p, resource));
            if !(action_match && resource_match) {
                continue;
            }
            match s.get("Effect").and_then(Value::as_str) {
                Some("Deny") => return Decision::ExplicitDeny,
                Some("Allow") => allowed = true,
                _ => {}
            }
        }
    }
    if allowed {
        Decision::Allowed
    } else {
        Decision::ImplicitDeny
    }
}

/// AdministratorAccess.
pub fn administrator_access() -> Value {
    serde_json::json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn globs() {
        assert!(glob("cloudhsm:*", "cloudhsm:CreateCluster"));
        assert!(glob("kms:*CustomKeyStore*", "kms:ConnectCustomKeyStore"));
        assert!(glob("KMS:CREATEKEY", "kms:CreateKey"));
        assert!(glob("ec2:Describe?pcs", "ec2:DescribeVpcs"));
        assert!(!glob("ec2:Describe*", "ec2:CreateVpc"));
    }

    #[test]
    fn deny_beats_allow_and_nothing_is_implicit_deny() {
        let p = vec![
            json!({"Statement": [{"Effect": "Allow", "Action": "iam:*", "Resource": "*"}]}),
            json!({"Statement": {"Effect": "Deny", "Action": "iam:CreateServiceLinkedRole", "Resource": "*"}}),
        ];
        assert_eq!(evaluate(&p, "iam:CreateGroup", "*"), Decision::Allowed);
        assert_eq!(
            evaluate(&p, "iam:CreateServiceLinkedRole", "*"),
            Decision::ExplicitDeny
        );
        assert_eq!(evaluate(&p, "kms:CreateKey", "*"), Decision::ImplicitDeny);
        let not = vec![
            json!({"Statement": [{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}]}),
        ];
        assert_eq!(evaluate(&not, "kms:CreateKey", "*"), Decision::Allowed);
        assert_eq!(evaluate(&not, "iam:GetRole", "*"), Decision::ImplicitDeny);
    }

    #[test]
    fn malformed_documents_are_named() {
        assert!(validate_document("{").is_err());
        assert!(
            validate_document("{\"Version\":\"2012-10-17\"}")
                .expect_err("no statement")
                .contains("Statement")
        );
        assert!(
            validate_document("{\"Statement\":{\"Effect\":\"Maybe\",\"Action\":\"*\"}}").is_err()
        );
    }
}
