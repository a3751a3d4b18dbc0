//! The IAM part of the account's state: managed policies, groups, users, roles and
//! service-linked role deletion tasks (plain data, re-exported by `model`).

use crate::model::Tags;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ManagedPolicy {
    pub name: String,
    pub id: String,
    pub arn: String,
    pub path: String,
    pub document: String,
    pub description: String,
    pub created: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Group {
    pub name: String,
    pub id: String,
    pub path: String,
    pub created: f64,
    pub attached: BTreeSet<String>,
    pub members: BTreeSet<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct User {
    pub name: String,
    pub id: String,
    pub path: String,
    pub created: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Role {
    pub name: String,
    pub id: String,
    pub path: String,
    pub created: f64,
    pub trust_policy: String,
    pub description: String,
    /// The service principal of a service-linked role.
    pub service_principal: Option<String>,
    pub managed_policy_arn: Option<String>,
    pub last_used: Option<(f64, String)>,
    /// Managed policies attached to a role the account created (not a service-linked one).
    #[serde(default)]
    pub attached: Vec<String>,
    /// Inline policies: name → document.
    #[serde(default)]
    pub inline: BTreeMap<String, String>,
    #[serde(default)]
    pub tags: Tags,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DeletionTask {
    pub id: String,
    pub role: String,
    pub started: f64,
    /// NOT_STARTED, IN_PROGRESS, SUCCEEDED or FAILED.
    pub status: String,
    /// (Region, resources) that blocked a FAILED deletion.
    pub usage: Vec<(String, Vec<String>)>,
}
