//! The stand-in for the CloudHSM CLI: `cluster activate`, `user create|list|change-password|
//! delete`, `login` and `logout`, acting on the simulated HSMs. Output is the real CLI's JSON
//! (`{"error_code": 0, "data": …}`). Passwords arrive separately from the arguments (stdin on
//! the command line) and are kept only as salted digests.

use crate::cloudhsm::keys::password_digest;
use crate::model::{Cluster, CryptoUser, World};
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
fn flag<'a>(args: &'a [String], name: &str) -> Option<&'a str> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map(String::as_str)
}

fn check_username(u: &str) -> Result<String, String> {
    let ok =
        !u.is_empty() && u.len() <= 31 && u.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if ok {
        Ok(u.to_ascii_lowercase())
    } else {
        Err("Invalid username: use 1 to 31 letters, digits or underscores".into())
    }
}

fn check_password(p: &str) -> Result<(), String> {
    let n = p.chars().count();
    if (7..=32).contains(&n) {
        Ok(())
    } else {
        Err("Invalid password: it must be 7 to 32 characters".into())
    }
}

/// The HSMs a command acts on: `--hsms ID,ID`, or every ACTIVE HSM of the cluster.
fn target_hsms(c: &Cluster, args: &[String]) -> Result<BTreeSet<String>, String> {
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

/// Runs one CloudHSM CLI command against the cluster `cluster_id` (in any Region).
pub fn run(w: &mut World, cluster_id: &str, args: &[String], password: Option<&str>) -> CliOutput {
    let account = w.account_id.clone();
    let Some(c) = w.regions.values_mut().find_map(|r| {
        r.clusters
            .get_mut(cluster_id)
            .filter(|c| c.state != "DELETED")
    }) else {
        return fail(format!("Cluster {cluster_id} not found"));
    };
    let password = flag(args, "--password").or(password);
    let words: Vec<&str> = args.iter().take(2).map(String::as_str).collect();
    let result = match words.as_slice() {
        ["cluster", "activate"] => activate(c, &account, password),
        ["user", "create"] => user_create(c, &account, args, password),
        ["user", "list"] => reachable(c).map(|_| user_list(c)),
        ["user", "change-password"] => change_password(c, &account, args, password),
        ["user", "delete"] => user_delete(c, args),
        ["login", ..] => reachable(c).and_then(|_| login(c, &account, args, password)),
        ["logout", ..] => {
            for u in c.users.values_mut() {
                u.logged_in = false;
            }
            Ok(json!("Logout successful"))
        }
        _ => Err(format!(
            "Unknown or unsupported command: {}",
            args.join(" ")
        )),
    };
    match result {
        Ok(data) => ok(data),
        Err(message) => fail(message),
    }
}

fn activate(
    c: &mut Cluster,
    account: &str,
    password: Option<&str>,
) -> Result<serde_json::Value, String> {
    reachable(c)?;
    match c.state.as_str() {
        "INITIALIZED" => {}
        "ACTIVE" => return Err("Cluster is already activated".into()),
        other => {
            return Err(format!(
                "Cluster {} is {other}; it must be INITIALIZED to be activated",
                c.id
            ));
        }
    }
    let password = password.ok_or("A new admin password is required")?;
    check_password(password)?;
    let hsms = target_hsms(c, &[])?;
    c.users.insert(
        "admin".into(),
        CryptoUser {
            role: "admin".into(),
            password_digest: password_digest(account, password),
            hsms,
            failed_logins: 0,
            logged_in: false,
        },
    );
    c.state = "ACTIVE".into();
    c.state_message = "Cluster is active.".into();
    c.pre_co_password = None;
    Ok(json!("Cluster activation successful"))
}

/// The CLI talks to an HSM: the cluster must be initialized and have an ACTIVE HSM.
fn reachable(c: &Cluster) -> Result<(), String> {
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

fn require_active(c: &Cluster) -> Result<(), String> {
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

fn user_create(
    c: &mut Cluster,
    account: &str,
    args: &[String],
    password: Option<&str>,
) -> Result<serde_json::Value, String> {
    require_active(c)?;
    let username = check_username(flag(args, "--username").ok_or("--username is required")?)?;
    let role = flag(args, "--role").ok_or("--role is required")?;
    if !matches!(role, "crypto-user" | "admin") {
        return Err(format!("Invalid role {role}: use crypto-user or admin"));
    }
    let password = password.ok_or("A password is required")?;
    check_password(password)?;
    let hsms = target_hsms(c, args)?;
    if let Some(existing) = c.users.get(&username)
        && existing.hsms.intersection(&hsms).next().is_some()
    {
        return Err(format!("User {username} already exists"));
    }
    let digest = password_digest(account, password);
    let user = c.users.entry(username.clone()).or_insert(CryptoUser {
        role: role.into(),
        password_digest: digest.clone(),
        hsms: BTreeSet::new(),
        failed_logins: 0,
        logged_in: false,
    });
    user.role = role.into();
    user.password_digest = digest;
    user.hsms.extend(hsms);
    Ok(json!({"username": username, "role": role}))
}

fn user_list(c: &Cluster) -> serde_json::Value {
    let active: BTreeSet<&String> = c
        .hsms
        .values()
        .filter(|h| h.state == "ACTIVE")
        .map(|h| &h.id)
        .collect();
    let users: Vec<serde_json::Value> = c.users.iter().map(|(name, u)| {
        let full = active.iter().all(|h| u.hsms.contains(*h));
        json!({"username": name, "role": u.role, "locked": (u.failed_logins >= 5).to_string(), "mfa": [], "quorum": [],
               "cluster-coverage": if full { "full" } else { "partial" }})
    }).collect();
    json!({"users": users})
}

fn change_password(
    c: &mut Cluster,
    account: &str,
    args: &[String],
    password: Option<&str>,
) -> Result<serde_json::Value, String> {
    require_active(c)?;
    let username = check_username(flag(args, "--username").ok_or("--username is required")?)?;
    let password = password.ok_or("A new password is required")?;
    check_password(password)?;
    let user = c
        .users
        .get_mut(&username)
        .ok_or(format!("User {username} not found"))?;
    user.password_digest = password_digest(account, password);
    user.failed_logins = 0;
    Ok(json!({"username": username, "role": user.role}))
}

fn user_delete(c: &mut Cluster, args: &[String]) -> Result<serde_json::Value, String> {
    require_active(c)?;
    let username = check_username(flag(args, "--username").ok_or("--username is required")?)?;
    if username == "admin" {
        return Err("The admin user cannot be deleted".into());
    }
    let hsms = target_hsms(c, args)?;
    let user = c
        .users
        .get_mut(&username)
        .ok_or(format!("User {username} not found"))?;
    user.hsms.retain(|h| !hsms.contains(h));
    if user.hsms.is_empty() {
        c.users.remove(&username);
    }
    Ok(json!({"username": username}))
}

fn login(
    c: &mut Cluster,
    account: &str,
    args: &[String],
    password: Option<&str>,
) -> Result<serde_json::Value, String> {
    let username = check_username(flag(args, "--username").ok_or("--username is required")?)?;
    let password = password.ok_or("A password is required")?;
    let user = c
        .users
        .get_mut(&username)
        .ok_or(format!("User {username} not found"))?;
    if user.failed_logins >= 5 {
        return Err(format!("User {username} is locked out"));
    }
    if user.password_digest != password_digest(account, password) {
        user.failed_logins += 1;
        return Err("Invalid username or password".into());
    }
    user.logged_in = true;
    Ok(json!({"username": username, "role": user.role}))
}
