//! IAM (awsQuery) and STS: managed policies, groups, users, roles, SimulatePrincipalPolicy and
//! GetCallerIdentity. Service-linked roles are in `service_roles.rs`,
//! account aliases in `alias.rs`, policy simulation in `eval.rs`. Error codes and HTTP statuses
//! are IAM's: EntityAlreadyExists 409, NoSuchEntity 404, DeleteConflict 409,
//! MalformedPolicyDocument 400, ValidationError 400.

pub(crate) mod alias;
pub(crate) mod eval;
mod roles;
pub(crate) mod service_roles;
pub mod shapes;
mod xml;
use xml::{group_xml, user_xml};
pub use xml::{policy_xml, role_xml};

use crate::model::{Group, ManagedPolicy, User, World};
use crate::policy;
use crate::wire::{ApiError, ApiResult, Form, leaf, member_list, node};
use keystore_facts::slr;

pub(super) fn no_such(kind: &str, name: &str) -> ApiError {
    ApiError::new(
        404,
        "NoSuchEntity",
        format!("The {kind} with name {name} cannot be found."),
    )
}

pub(super) fn exists(kind: &str, name: &str) -> ApiError {
    ApiError::new(
        409,
        "EntityAlreadyExists",
        format!("{kind} with name {name} already exists."),
    )
}

/// A path, `/` when absent (its pattern is the front end's check).
pub(super) fn path_of(form: &Form) -> ApiResult<String> {
    Ok(form.get("Path").unwrap_or("/").to_string())
}

pub fn handle(w: &mut World, op: &str, f: &Form) -> ApiResult<String> {
    let now = w.now;
    match op {
        "CreatePolicy" => {
            let name = f.required("PolicyName")?.to_string();
            let doc = f.required("PolicyDocument")?;
            policy::validate_document(doc)
                .map_err(|m| ApiError::bad("MalformedPolicyDocument", m))?;
            let path = path_of(f)?;
            let arn = format!("arn:aws:iam::{}:policy{}{}", w.account_id, path, name);
            if w.iam.policies.values().any(|p| p.name == name) {
                return Err(ApiError::new(
                    409,
                    "EntityAlreadyExists",
                    format!(
                        "A policy called {name} already exists. Duplicate names are not allowed."
                    ),
                ));
            }
            let p = ManagedPolicy {
                name,
                id: w.ids.iam("ANPA"),
                arn: arn.clone(),
                path,
                document: doc.to_string(),
                description: f.get("Description").unwrap_or("").to_string(),
                created: now,
            };
            let xml = node("Policy", policy_xml(&p, 0));
            w.iam.policies.insert(arn, p);
            Ok(xml)
        }
        "GetPolicy" => {
            let arn = f.required("PolicyArn")?;
            if let Some(p) = w.iam.policies.get(arn) {
                return Ok(node("Policy", policy_xml(p, attachments(w, arn))));
            }
            aws_managed(arn)
                .map(|p| node("Policy", policy_xml(&p, attachments(w, arn))))
                .ok_or_else(|| {
                    ApiError::new(
                        404,
                        "NoSuchEntity",
                        format!("Policy {arn} does not exist or is not attachable."),
                    )
                })
        }
        "DeletePolicy" => {
            let arn = f.required("PolicyArn")?;
            if !w.iam.policies.contains_key(arn) {
                return Err(ApiError::new(
                    404,
                    "NoSuchEntity",
                    format!("Policy {arn} was not found."),
                ));
            }
            if attachments(w, arn) > 0 {
                return Err(ApiError::new(
                    409,
                    "DeleteConflict",
                    "Cannot delete a policy attached to entities.",
                ));
            }
            w.iam.policies.remove(arn);
            Ok(String::new())
        }
        "ListPolicies" => {
            let scope = f.get("Scope").unwrap_or("All");
            let prefix = f.get("PathPrefix").unwrap_or("/");
            let items: Vec<String> = if scope == "AWS" {
                Vec::new()
            } else {
                w.iam
                    .policies
                    .values()
                    .filter(|p| p.path.starts_with(prefix))
                    .map(|p| policy_xml(p, attachments(w, &p.arn)))
                    .collect()
            };
            Ok([member_list("Policies", items), leaf("IsTruncated", "false")].concat())
        }
        "CreateGroup" => {
            let name = f.required("GroupName")?.to_string();
            if w.iam.groups.contains_key(&name) {
                return Err(exists("Group", &name));
            }
            let g = Group {
                name: name.clone(),
                id: w.ids.iam("AGPA"),
                path: path_of(f)?,
                created: now,
                attached: Default::default(),
                members: Default::default(),
            };
            let xml = node("Group", group_xml(w, &g));
            w.iam.groups.insert(name, g);
            Ok(xml)
        }
        "GetGroup" => {
            let name = f.required("GroupName")?;
            let g = w
                .iam
                .groups
                .get(name)
                .ok_or_else(|| no_such("group", name))?;
            let users: Vec<String> = g
                .members
                .iter()
                .filter_map(|m| w.iam.users.get(m))
                .map(|u| user_xml(w, u))
                .collect();
            Ok([
                node("Group", group_xml(w, g)),
                member_list("Users", users),
                leaf("IsTruncated", "false"),
            ]
            .concat())
        }
        "DeleteGroup" => {
            let name = f.required("GroupName")?;
            let g = w
                .iam
                .groups
                .get(name)
                .ok_or_else(|| no_such("group", name))?;
            if !g.attached.is_empty() {
                return Err(ApiError::new(
                    409,
                    "DeleteConflict",
                    "Cannot delete entity, must detach all policies first.",
                ));
            }
            if !g.members.is_empty() {
                return Err(ApiError::new(
                    409,
                    "DeleteConflict",
                    "Cannot delete entity, must remove users from group first.",
                ));
            }
            w.iam.groups.remove(name);
            Ok(String::new())
        }
        "AttachGroupPolicy" | "DetachGroupPolicy" => {
            let name = f.required("GroupName")?.to_string();
            let arn = f.required("PolicyArn")?.to_string();
            if !w.iam.groups.contains_key(&name) {
                return Err(no_such("group", &name));
            }
            let known = w.iam.policies.contains_key(&arn)
                || aws_managed(&arn).is_some_and(|p| !p.path.starts_with("/aws-service-role/"));
            if !known {
                return Err(ApiError::new(
                    404,
                    "NoSuchEntity",
                    format!("Policy {arn} does not exist or is not attachable."),
                ));
            }
            let g = w
                .iam
                .groups
                .get_mut(&name)
                .ok_or_else(|| no_such("group", &name))?;
            if op == "AttachGroupPolicy" {
                g.attached.insert(arn);
            } else if !g.attached.remove(&arn) {
                return Err(ApiError::new(
                    404,
                    "NoSuchEntity",
                    format!("Policy {arn} was not found."),
                ));
            }
            Ok(String::new())
        }
        "ListAttachedGroupPolicies" => {
            let name = f.required("GroupName")?;
            let g = w
                .iam
                .groups
                .get(name)
                .ok_or_else(|| no_such("group", name))?;
            let items = g.attached.iter().map(|arn| {
                let pname = arn.rsplit('/').next().unwrap_or(arn);
                [leaf("PolicyName", pname), leaf("PolicyArn", arn)].concat()
            });
            Ok([
                member_list("AttachedPolicies", items),
                leaf("IsTruncated", "false"),
            ]
            .concat())
        }
        "AddUserToGroup" | "RemoveUserFromGroup" => {
            let group = f.required("GroupName")?.to_string();
            let user = f.required("UserName")?.to_string();
            if !w.iam.users.contains_key(&user) {
                return Err(no_such("user", &user));
            }
            let g = w
                .iam
                .groups
                .get_mut(&group)
                .ok_or_else(|| no_such("group", &group))?;
            if op == "AddUserToGroup" {
                g.members.insert(user);
            } else if !g.members.remove(&user) {
                return Err(ApiError::new(
                    404,
                    "NoSuchEntity",
                    format!("User {user} is not in group {group}."),
                ));
            }
            Ok(String::new())
        }
        "CreateUser" => {
            let name = f.required("UserName")?.to_string();
            if w.iam.users.contains_key(&name) {
                return Err(exists("User", &name));
            }
            let u = User {
                name: name.clone(),
                id: w.ids.iam("AIDA"),
                path: path_of(f)?,
                created: now,
            };
            let xml = node("User", user_xml(w, &u));
            w.iam.users.insert(name, u);
            Ok(xml)
        }
        "GetUser" => match f.get("UserName") {
            Some(name) => {
                let u = w.iam.users.get(name).ok_or_else(|| no_such("user", name))?;
                Ok(node("User", user_xml(w, u)))
            }
            None => {
                let me = User {
                    name: "sandbox-admin".into(),
                    id: "AIDASANDBOXADMIN0001".into(),
                    path: "/".into(),
                    created: 0.0,
                };
                Ok(node("User", user_xml(w, &me)))
            }
        },
        "GetRole" => {
            let name = f.required("RoleName")?;
            let r = w.iam.roles.get(name).ok_or_else(|| no_such("role", name))?;
            Ok(node("Role", role_xml(w, r)))
        }
        "ListRoles" => {
            let prefix = f.get("PathPrefix").unwrap_or("/");
            let items: Vec<String> = w
                .iam
                .roles
                .values()
                .filter(|r| r.path.starts_with(prefix))
                .map(|r| role_xml(w, r))
                .collect();
            Ok([member_list("Roles", items), leaf("IsTruncated", "false")].concat())
        }
        "UpdateRole" => {
            let name = f.required("RoleName")?.to_string();
            let r = w
                .iam
                .roles
                .get_mut(&name)
                .ok_or_else(|| no_such("role", &name))?;
            if let Some(d) = f.get("Description") {
                r.description = d.to_string();
            }
            Ok(String::new())
        }
        "SimulatePrincipalPolicy" => crate::iam::eval::simulate(w, f),
        "ListAccountAliases" | "CreateAccountAlias" | "DeleteAccountAlias" => {
            crate::iam::alias::handle(w, op, f)
        }
        "CreateServiceLinkedRole"
        | "DeleteServiceLinkedRole"
        | "GetServiceLinkedRoleDeletionStatus" => crate::iam::service_roles::handle(w, op, f),
        _ if roles::OPERATIONS.contains(&op) => roles::handle(w, op, f),
        _ => Err(unknown_operation(op)),
    }
}

pub fn unknown_operation(op: &str) -> ApiError {
    ApiError::bad(
        "InvalidAction",
        format!(
            "The action {op} is not valid for this web service (the sandbox does not model it)."
        ),
    )
}

pub(super) fn attachments(w: &World, arn: &str) -> usize {
    w.iam
        .groups
        .values()
        .filter(|g| g.attached.contains(arn))
        .count()
}

/// AWS managed policies the sandbox knows: AdministratorAccess and the three SLR policies.
pub(super) fn aws_managed(arn: &str) -> Option<ManagedPolicy> {
    let make = |name: &str, path: &str, doc: &str| ManagedPolicy {
        name: name.into(),
        id: "ANPAAWSMANAGED000001".into(),
        arn: arn.into(),
        path: path.into(),
        document: doc.into(),
        description: String::new(),
        created: 1_500_000_000.0,
    };
    if arn == "arn:aws:iam::aws:policy/AdministratorAccess" {
        return Some(make(
            "AdministratorAccess",
            "/",
            &policy::administrator_access().to_string(),
        ));
    }
    slr::ALL
        .iter()
        .find(|r| r.policy_arn() == arn)
        .map(|r| make(r.policy_name, "/aws-service-role/", r.policy_document))
}
