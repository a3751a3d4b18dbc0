//! IAM roles the account creates (not service-linked ones) and instance profiles: CreateRole,
//! DeleteRole (DeleteConflict while policies are attached or a profile holds it), Attach/Detach
//! RolePolicy (customer or AWS managed policies), Put/DeleteRolePolicy, ListAttachedRolePolicies,
//! CreateInstanceProfile, GetInstanceProfile, Add/RemoveRoleFromInstanceProfile (one role per
//! profile), DeleteInstanceProfile, ListInstanceProfilesForRole. Must not depend on EC2.

use super::{exists, no_such, path_of, role_xml};
use crate::hosts::InstanceProfile;
use crate::model::{Role, World};
use crate::wire::{ApiError, ApiResult, Form, iso8601, leaf, member_list, node};

/// AWS managed policies the sandbox knows by ARN.
const AWS_MANAGED: &[&str] = &["arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"];

fn conflict(message: String) -> ApiError {
    ApiError::new(409, "DeleteConflict", message)
}

fn profile_xml(w: &World, p: &InstanceProfile) -> String {
    let roles: Vec<String> = p
        .roles
        .iter()
        .filter_map(|r| w.iam.roles.get(r))
        .map(|r| role_xml(w, r))
        .collect();
    [
        leaf("Path", &p.path),
        leaf("InstanceProfileName", &p.name),
        leaf("InstanceProfileId", &p.id),
        leaf(
            "Arn",
            format!(
                "arn:aws:iam::{}:instance-profile{}{}",
                w.account_id, p.path, p.name
            ),
        ),
        leaf("CreateDate", iso8601(p.created)),
        member_list("Roles", roles),
    ]
    .concat()
}

fn role_mut<'a>(w: &'a mut World, name: &str) -> ApiResult<&'a mut Role> {
    w.iam
        .roles
        .get_mut(name)
        .ok_or_else(|| no_such("role", name))
}

pub fn handle(w: &mut World, op: &str, f: &Form) -> ApiResult<String> {
    let now = w.now;
    match op {
        "CreateRole" => {
            let name = f.required("RoleName")?.to_string();
            let trust = f.required("AssumeRolePolicyDocument")?.to_string();
            if serde_json::from_str::<serde_json::Value>(&trust).is_err() {
                return Err(ApiError::bad(
                    "MalformedPolicyDocument",
                    "This policy contains invalid Json",
                ));
            }
            if w.iam.roles.contains_key(&name) {
                return Err(exists("Role", &name));
            }
            let role = Role {
                name: name.clone(),
                id: w.ids.iam("AROA"),
                path: path_of(f)?,
                created: now,
                trust_policy: trust,
                description: f.get("Description").unwrap_or_default().into(),
                service_principal: None,
                managed_policy_arn: None,
                last_used: None,
                attached: vec![],
                inline: Default::default(),
                tags: f.tags("Tags.member").into_iter().collect(),
            };
            let xml = node("Role", role_xml(w, &role));
            w.iam.roles.insert(name, role);
            Ok(xml)
        }
        "DeleteRole" => {
            let name = f.required("RoleName")?.to_string();
            let role = w
                .iam
                .roles
                .get(&name)
                .ok_or_else(|| no_such("role", &name))?;
            if role.service_principal.is_some() {
                return Err(ApiError::bad(
                    "UnmodifiableEntity",
                    format!(
                        "Cannot perform the operation on the protected role '{name}' - this role is only modifiable by AWS"
                    ),
                ));
            }
            if !role.attached.is_empty() || !role.inline.is_empty() {
                return Err(conflict(
                    "Cannot delete entity, must detach all policies first.".into(),
                ));
            }
            if w.iam
                .instance_profiles
                .values()
                .any(|p| p.roles.contains(&name))
            {
                return Err(conflict(
                    "Cannot delete entity, must remove roles from instance profile first.".into(),
                ));
            }
            w.iam.roles.remove(&name);
            Ok(String::new())
        }
        "AttachRolePolicy" | "DetachRolePolicy" => {
            let name = f.required("RoleName")?.to_string();
            let arn = f.required("PolicyArn")?.to_string();
            let known = AWS_MANAGED.contains(&arn.as_str())
                || w.iam.policies.values().any(|p| p.arn == arn);
            if !known {
                return Err(ApiError::new(
                    404,
                    "NoSuchEntity",
                    format!("Policy {arn} does not exist or is not attachable."),
                ));
            }
            let role = role_mut(w, &name)?;
            if op == "AttachRolePolicy" {
                if !role.attached.contains(&arn) {
                    role.attached.push(arn);
                }
            } else if role.attached.contains(&arn) {
                role.attached.retain(|a| *a != arn);
            } else {
                return Err(ApiError::new(
                    404,
                    "NoSuchEntity",
                    format!("Policy {arn} was not found."),
                ));
            }
            Ok(String::new())
        }
        "ListAttachedRolePolicies" => {
            let name = f.required("RoleName")?;
            let role = w.iam.roles.get(name).ok_or_else(|| no_such("role", name))?;
            let items = role.attached.iter().map(|a| {
                [
                    leaf("PolicyName", a.rsplit('/').next().unwrap_or(a)),
                    leaf("PolicyArn", a),
                ]
                .concat()
            });
            Ok([
                member_list("AttachedPolicies", items),
                leaf("IsTruncated", "false"),
            ]
            .concat())
        }
        "PutRolePolicy" => {
            let name = f.required("RoleName")?.to_string();
            let policy = f.required("PolicyName")?.to_string();
            let doc = f.required("PolicyDocument")?.to_string();
            if serde_json::from_str::<serde_json::Value>(&doc).is_err() {
                return Err(ApiError::bad(
                    "MalformedPolicyDocument",
                    "This policy contains invalid Json",
                ));
            }
            role_mut(w, &name)?.inline.insert(policy, doc);
            Ok(String::new())
        }
        "DeleteRolePolicy" => {
            let name = f.required("RoleName")?.to_string();
            let policy = f.required("PolicyName")?.to_string();
            role_mut(w, &name)?
                .inline
                .remove(&policy)
                .ok_or_else(|| no_such("role policy", &policy))?;
            Ok(String::new())
        }
        "ListRolePolicies" => {
            let name = f.required("RoleName")?;
            let role = w.iam.roles.get(name).ok_or_else(|| no_such("role", name))?;
            let items = role.inline.keys().cloned();
            Ok([
                member_list("PolicyNames", items),
                leaf("IsTruncated", "false"),
            ]
            .concat())
        }
        "CreateInstanceProfile" => {
            let name = f.required("InstanceProfileName")?.to_string();
            if w.iam.instance_profiles.contains_key(&name) {
                return Err(exists("Instance Profile", &name));
            }
            let p = InstanceProfile {
                name: name.clone(),
                id: w.ids.iam("AIPA"),
                path: path_of(f)?,
                roles: vec![],
                created: now,
                tags: f.tags("Tags.member").into_iter().collect(),
            };
            let xml = node("InstanceProfile", profile_xml(w, &p));
            w.iam.instance_profiles.insert(name, p);
            Ok(xml)
        }
        "GetInstanceProfile" => {
            let name = f.required("InstanceProfileName")?;
            let p = w
                .iam
                .instance_profiles
                .get(name)
                .ok_or_else(|| no_such("instance profile", name))?;
            Ok(node("InstanceProfile", profile_xml(w, p)))
        }
        "ListInstanceProfilesForRole" => {
            let name = f.required("RoleName")?;
            if !w.iam.roles.contains_key(name) {
                return Err(no_such("role", name));
            }
            let items: Vec<String> = w
                .iam
                .instance_profiles
                .values()
                .filter(|p| p.roles.iter().any(|r| r == name))
                .map(|p| profile_xml(w, p))
                .collect();
            Ok([
                member_list("InstanceProfiles", items),
                leaf("IsTruncated", "false"),
            ]
            .concat())
        }
        "AddRoleToInstanceProfile" | "RemoveRoleFromInstanceProfile" => {
            let profile = f.required("InstanceProfileName")?.to_string();
            let role = f.required("RoleName")?.to_string();
            if !w.iam.roles.contains_key(&role) {
                return Err(no_such("role", &role));
            }
            let p = w
                .iam
                .instance_profiles
                .get_mut(&profile)
                .ok_or_else(|| no_such("instance profile", &profile))?;
            if op == "AddRoleToInstanceProfile" {
                if !p.roles.is_empty() {
                    return Err(ApiError::new(
                        409,
                        "LimitExceeded",
                        "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1",
                    ));
                }
                p.roles.push(role);
            } else if p.roles.contains(&role) {
                p.roles.retain(|r| *r != role);
            } else {
                return Err(no_such("role in instance profile", &role));
            }
            Ok(String::new())
        }
        "DeleteInstanceProfile" => {
            let name = f.required("InstanceProfileName")?.to_string();
            let p = w
                .iam
                .instance_profiles
                .get(&name)
                .ok_or_else(|| no_such("instance profile", &name))?;
            if !p.roles.is_empty() {
                return Err(conflict(
                    "Cannot delete entity, must remove roles from instance profile first.".into(),
                ));
            }
            w.iam.instance_profiles.remove(&name);
            Ok(String::new())
        }
        _ => Err(ApiError::bad(
            "InvalidAction",
            format!("Could not find operation {op}"),
        )),
    }
}

/// The operations this module answers.
pub const OPERATIONS: &[&str] = &[
    "CreateRole",
    "DeleteRole",
    "AttachRolePolicy",
    "DetachRolePolicy",
    "ListAttachedRolePolicies",
    "PutRolePolicy",
    "DeleteRolePolicy",
    "ListRolePolicies",
    "CreateInstanceProfile",
    "GetInstanceProfile",
    "ListInstanceProfilesForRole",
    "AddRoleToInstanceProfile",
    "RemoveRoleFromInstanceProfile",
    "DeleteInstanceProfile",
];
