//! Who may do what: the policies that apply to a principal, SimulatePrincipalPolicy, the check
//! every call of a restricted caller goes through, and STS GetCallerIdentity.

use crate::iam::{aws_managed, unknown_operation};
use crate::model::World;
use crate::policy::{self, Decision};
use crate::wire::{ApiError, ApiResult, Form, leaf, member_list};

/// The policy documents that apply to a principal ARN.
pub fn policies_for(w: &World, principal: &str) -> Option<Vec<serde_json::Value>> {
    if principal == w.user_arn() {
        return Some(
            w.caller
                .policies
                .clone()
                .unwrap_or_else(|| vec![policy::administrator_access()]),
        );
    }
    let name = principal.rsplit('/').next().unwrap_or(principal);
    let docs_of = |arns: &mut dyn Iterator<Item = &String>| -> Vec<serde_json::Value> {
        arns.filter_map(|a| {
            w.iam
                .policies
                .get(a)
                .map(|p| p.document.clone())
                .or_else(|| aws_managed(a).map(|p| p.document))
        })
        .filter_map(|d| serde_json::from_str(&d).ok())
        .collect()
    };
    if principal.contains(":user/") && w.iam.users.contains_key(name) {
        let mut arns = w
            .iam
            .groups
            .values()
            .filter(|g| g.members.contains(name))
            .flat_map(|g| g.attached.iter());
        return Some(docs_of(&mut arns));
    }
    if principal.contains(":group/") {
        let g = w.iam.groups.get(name)?;
        return Some(docs_of(&mut g.attached.iter()));
    }
    if principal.contains(":role/") {
        let r = w.iam.roles.get(name)?;
        return Some(docs_of(&mut r.managed_policy_arn.iter()));
    }
    None
}

pub fn simulate(w: &World, f: &Form) -> ApiResult<String> {
    let source = f.required("PolicySourceArn")?;
    let actions = f.list("ActionNames.member");
    let docs = policies_for(w, source).ok_or_else(|| {
        ApiError::new(
            404,
            "NoSuchEntity",
            format!("The principal {source} cannot be found."),
        )
    })?;
    let mut resources = f.list("ResourceArns.member");
    if resources.is_empty() {
        resources.push("*".into());
    }
    let mut items = Vec::new();
    for action in &actions {
        for resource in &resources {
            let d = policy::evaluate(&docs, action, resource);
            items.push(
                [
                    leaf("EvalActionName", action),
                    leaf("EvalResourceName", resource),
                    leaf("EvalDecision", d.as_wire()),
                    member_list("MatchedStatements", Vec::<String>::new()),
                    member_list("MissingContextValues", Vec::<String>::new()),
                ]
                .concat(),
            );
        }
    }
    Ok([
        member_list("EvaluationResults", items),
        leaf("IsTruncated", "false"),
    ]
    .concat())
}

/// Whether the sandbox's caller may perform `action`.
pub fn caller_may(w: &World, action: &str) -> bool {
    match &w.caller.policies {
        None => true,
        Some(docs) => policy::evaluate(docs, action, "*") == Decision::Allowed,
    }
}

pub fn sts(w: &World, op: &str) -> ApiResult<String> {
    match op {
        "GetCallerIdentity" => Ok([
            leaf("Arn", w.user_arn()),
            leaf("UserId", "AIDASANDBOXADMIN0001"),
            leaf("Account", &w.account_id),
        ]
        .concat()),
        _ => Err(unknown_operation(op)),
    }
}
