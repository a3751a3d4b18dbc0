//! Service-linked roles in the sandbox: CreateServiceLinkedRole, DeleteServiceLinkedRole with
//! its deletion task, GetServiceLinkedRoleDeletionStatus, and `ensure` for the services that
//! create a role on first use. A deletion fails with a RoleUsageList while the role is in use in
//! any Region: clusters for the CloudHSM role, key stores for the key-store role (AWS documents
//! no deletion procedure for the latter; failing while stores exist is our modelling choice).

use crate::iam::role_xml;
use crate::model::{DeletionTask, Event, Role, World, durations};
use crate::wire::{ApiError, ApiResult, Form, leaf, member_list, node};
use keystore_facts::slr::{self, ServiceLinkedRole};

/// Creates the role if absent; returns whether it was created now.
pub fn ensure(w: &mut World, role: &ServiceLinkedRole) -> bool {
    if w.iam.roles.contains_key(role.name) {
        return false;
    }
    let r = Role {
        name: role.name.into(),
        id: w.ids.iam("AROA"),
        path: role.path(),
        created: w.now,
        trust_policy: role.trust_document.into(),
        description: role.description.into(),
        service_principal: Some(role.principal.into()),
        managed_policy_arn: Some(role.policy_arn()),
        last_used: None,
        attached: Vec::new(),
        inline: Default::default(),
        tags: Default::default(),
    };
    w.iam.roles.insert(role.name.into(), r);
    true
}

/// Records that the service used its role (RoleLastUsed).
pub fn touch(w: &mut World, role: &ServiceLinkedRole, region: &str) {
    let now = w.now;
    if let Some(r) = w.iam.roles.get_mut(role.name) {
        r.last_used = Some((now, region.to_string()));
    }
}

/// What uses a role now, per Region.
pub fn usage(w: &World, role: &ServiceLinkedRole) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for (region, r) in &w.regions {
        let resources: Vec<String> = if role.name == slr::CLOUDHSM.name {
            r.clusters
                .values()
                .filter(|c| c.state != "DELETED")
                .map(|c| {
                    format!(
                        "arn:aws:cloudhsm:{region}:{}:cluster/{}",
                        w.account_id, c.id
                    )
                })
                .collect()
        } else if role.name == slr::KMS_CUSTOM_KEY_STORES.name {
            r.key_stores.keys().cloned().collect()
        } else {
            r.keys
                .values()
                .filter(|k| k.multi_region)
                .map(|k| format!("arn:aws:kms:{region}:{}:key/{}", w.account_id, k.id))
                .collect()
        };
        if !resources.is_empty() {
            out.push((region.clone(), resources));
        }
    }
    out
}

pub fn handle(w: &mut World, op: &str, f: &Form) -> ApiResult<String> {
    match op {
        "CreateServiceLinkedRole" => {
            let service = f.required("AWSServiceName")?;
            let role = slr::by_principal(service).ok_or_else(|| {
                ApiError::bad("InvalidInput", format!("Service name {service} is not recognized or does not support service-linked roles in the sandbox."))
            })?;
            if !role.directly_creatable {
                return Err(ApiError::bad(
                    "InvalidInput",
                    format!(
                        "{} cannot be created directly: {} creates it when needed ({}).",
                        role.name, role.principal, role.created_by
                    ),
                ));
            }
            if w.iam.roles.contains_key(role.name) {
                return Err(ApiError::bad(
                    "InvalidInput",
                    format!(
                        "Service role name {} has been taken in this account, please try a different suffix.",
                        role.name
                    ),
                ));
            }
            ensure(w, &role);
            if let Some(d) = f.get("Description")
                && let Some(r) = w.iam.roles.get_mut(role.name)
            {
                r.description = d.to_string();
            }
            let r = w
                .iam
                .roles
                .get(role.name)
                .ok_or_else(|| ApiError::new(500, "ServiceFailure", "role vanished"))?;
            Ok(node("Role", role_xml(w, r)))
        }
        "DeleteServiceLinkedRole" => {
            let name = f.required("RoleName")?.to_string();
            let r = w.iam.roles.get(&name).ok_or_else(|| {
                ApiError::new(
                    404,
                    "NoSuchEntity",
                    format!("The role with name {name} cannot be found."),
                )
            })?;
            let Some(principal) = r.service_principal.clone() else {
                return Err(ApiError::bad(
                    "InvalidInput",
                    format!("Role {name} is not a service-linked role."),
                ));
            };
            // A deletion already under way is the same request: AWS answers with its task id.
            if let Some(t) = w.iam.deletion_tasks.values().find(|t| {
                t.role == name && matches!(t.status.as_str(), "NOT_STARTED" | "IN_PROGRESS")
            }) {
                return Ok(leaf("DeletionTaskId", t.id.clone()));
            }
            let id = format!("task/aws-service-role/{principal}/{name}/{}", w.ids.uuid());
            w.iam.deletion_tasks.insert(
                id.clone(),
                DeletionTask {
                    id: id.clone(),
                    role: name,
                    started: w.now,
                    status: "IN_PROGRESS".into(),
                    usage: Vec::new(),
                },
            );
            w.schedule(
                durations::SLR_DELETION,
                "us-east-1",
                Event::SlrDeletionFinished(id.clone()),
            );
            Ok(leaf("DeletionTaskId", id))
        }
        "GetServiceLinkedRoleDeletionStatus" => {
            let id = f.required("DeletionTaskId")?;
            let t = w.iam.deletion_tasks.get(id).ok_or_else(|| {
                ApiError::new(
                    404,
                    "NoSuchEntity",
                    format!("Deletion task {id} cannot be found."),
                )
            })?;
            let mut xml = leaf("Status", &t.status);
            if t.status == "FAILED" {
                let list = t.usage.iter().map(|(region, resources)| {
                    [
                        leaf("Region", region),
                        member_list("Resources", resources.iter().map(|r| xml_text(r))),
                    ]
                    .concat()
                });
                xml.push_str(&node(
                    "Reason",
                    [
                        leaf("Reason", "The role is in use by resources of its service."),
                        member_list("RoleUsageList", list),
                    ]
                    .concat(),
                ));
            }
            Ok(xml)
        }
        _ => Err(crate::iam::unknown_operation(op)),
    }
}

fn xml_text(s: &str) -> String {
    crate::wire::xml_escape(s)
}

/// Finishes a deletion task: deletes the role, or fails with what still uses it.
pub fn finish(w: &mut World, task_id: &str) {
    let Some(role_name) = w.iam.deletion_tasks.get(task_id).map(|t| t.role.clone()) else {
        return;
    };
    let in_use = slr::by_name(&role_name)
        .map(|r| usage(w, &r))
        .unwrap_or_default();
    let status = if in_use.is_empty() {
        w.iam.roles.remove(&role_name);
        "SUCCEEDED"
    } else {
        "FAILED"
    };
    if let Some(t) = w.iam.deletion_tasks.get_mut(task_id) {
        t.status = status.into();
        t.usage = in_use;
    }
}
