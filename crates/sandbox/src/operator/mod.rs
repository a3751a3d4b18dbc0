//! The stand-in for the CloudHSM CLI: `cluster activate`, `user create|list|change-password|
//! delete`, `login` and `logout`, acting on the simulated HSMs, as strict as the real CLI: user
//! management only in an admin's login session, no password change for a user logged in
//! elsewhere (KMS holds kmsuser's login while a key store is connected), `app_user` listed.
//! Output is the real CLI's JSON (`{"error_code": 0, "data": …}`) with exit status 1 on a
//! refusal. Passwords arrive separately from the arguments (stdin on the command line) and are
//! kept only as salted digests. The login session lives on the cluster (one client host), so
//! it lasts across commands as an interactive session does. Must not depend on the wire layer.

use crate::model::{Cluster, World};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::BTreeSet;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CliOutput {
    pub exit_code: i32,
    pub stdout: String,
}

fn ok(data: serde_json::Value) -> CliOutput {
    CliOutput {
        exit_code: 0,
        stdout: serde_json::to_string_pretty(&json!({"error_code": 0, "data": data}))
            .unwrap_or_default(),
    }
}

fn fail(message: impl Into<String>) -> CliOutput {
    CliOutput {
        exit_code: 1,
        stdout: serde_json::to_string_pretty(&json!({"error_code": 1, "data": message.into()}))
            .unwrap_or_default(),
    }
}

/// Reads `--name value` from the arguments.
pub(super) fn flag<'a>(args: &'a [String], name: &str) -> Option<&'a str> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map(String::as_str)
}

pub(super) fn check_username(u: &str) -> Result<String, String> {
    let ok =
        !u.is_empty() && u.len() <= 31 && u.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if ok {
        Ok(u.to_ascii_lowercase())
    } else {
        Err("Invalid username: use 1 to 31 letters, digits or underscores".into())
    }
}

pub(super) fn check_password(p: &str) -> Result<(), String> {
    let n = p.chars().count();
    if (7..=32).contains(&n) {
        Ok(())
    } else {
        Err("Invalid password: it must be 7 to 32 characters".into())
    }
}

/// The HSMs a command acts on: `--hsms ID,ID`, or every ACTIVE HSM of the cluster.
pub(super) fn target_hsms(c: &Cluster, args: &[String]) -> Result<BTreeSet<String>, String> {
    let active: BTreeSet<String> = c
        .hsms
        .values()
        .filter(|h| h.state == "ACTIVE")
        .map(|h| h.id.clone())
        .collect();
    match flag(args, "--hsms") {
        None => Ok(active),
        Some(list) => {
            let wanted: BTreeSet<String> = list
                .split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect();
            match wanted.iter().find(|h| !active.contains(*h)) {
                Some(bad) => Err(format!(
                    "HSM {bad} is not an ACTIVE HSM of cluster {}",
                    c.id
                )),
                None => Ok(wanted),
            }
        }
    }
}

mod users;

/// Runs one CloudHSM CLI command against the cluster `cluster_id` (in any Region).
pub fn run(w: &mut World, cluster_id: &str, args: &[String], password: Option<&str>) -> CliOutput {
    let account = w.account_id.clone();
    let Some((region, _)) = w.regions.iter().find(|(_, r)| {
        r.clusters
            .get(cluster_id)
            .is_some_and(|c| c.state != "DELETED")
    }) else {
        return fail(format!("Cluster {cluster_id} not found"));
    };
    let region = region.clone();
    // KMS is logged in as kmsuser on the cluster's HSMs while a key store is connected.
    let kms_holds_kmsuser = w.regions[&region]
        .key_stores
        .values()
        .any(|s| s.cluster_id == cluster_id && s.state == "CONNECTED");
    let Some(c) = w
        .regions
        .get_mut(&region)
        .and_then(|r| r.clusters.get_mut(cluster_id))
    else {
        return fail(format!("Cluster {cluster_id} not found"));
    };
    let password = flag(args, "--password").or(password);
    let words: Vec<&str> = args.iter().take(2).map(String::as_str).collect();
    let result = match words.as_slice() {
        ["cluster", "activate"] => users::activate(c, &account, password),
        ["user", "create"] => users::create(c, &account, args, password),
        ["user", "list"] => reachable(c).map(|_| users::list(c)),
        ["user", "change-password"] => {
            users::change_password(c, &account, args, password, kms_holds_kmsuser)
        }
        ["user", "delete"] => users::delete(c, args),
        ["login", ..] => reachable(c).and_then(|_| users::login(c, &account, args, password)),
        ["logout", ..] => users::logout(c),
        _ => Err(format!(
            "Unknown or unsupported command: {}",
            args.join(" ")
        )),
    };
    if result.is_ok() && words.as_slice() == ["cluster", "activate"] {
        // Activation takes the cluster's first backup; the daily ones follow.
        crate::cloudhsm::backups::activated(w, &region, cluster_id);
    }
    match result {
        Ok(data) => ok(data),
        Err(message) => fail(message),
    }
}

/// The CLI talks to an HSM: the cluster must be initialized and have an ACTIVE HSM.
pub(super) fn reachable(c: &Cluster) -> Result<(), String> {
    if !matches!(c.state.as_str(), "INITIALIZED" | "ACTIVE" | "DEGRADED") {
        return Err(format!(
            "Cluster {} is {}; the CloudHSM CLI can only connect to an initialized cluster",
            c.id, c.state
        ));
    }
    if !c.hsms.values().any(|h| h.state == "ACTIVE") {
        return Err(format!("Cluster {} has no ACTIVE HSM to connect to", c.id));
    }
    Ok(())
}

pub(super) fn require_active(c: &Cluster) -> Result<(), String> {
    reachable(c)?;
    if c.state == "ACTIVE" || c.state == "DEGRADED" {
        Ok(())
    } else {
        Err(format!(
            "Cluster {} is {}; activate it first",
            c.id, c.state
        ))
    }
}
