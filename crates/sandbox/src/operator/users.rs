//! The stand-in's commands on HSM users and the login session, with the real CLI's rules:
//! `user create` and `user delete` need an admin logged in; `user change-password` needs a
//! login, an admin for another user's password, and is refused for a user logged in elsewhere;
//! `user list` needs no login and shows the appliance's own `app_user`. Must not depend on the
//! wire layer.

use super::{check_password, check_username, flag, reachable, require_active, target_hsms};
use crate::cloudhsm::keys::password_digest;
use crate::model::{Cluster, CryptoUser};
use serde_json::json;
use std::collections::BTreeSet;

type Reply = Result<serde_json::Value, String>;

/// The user logged in to the CLI session, with their role.
fn session(c: &Cluster) -> Option<(&str, &str)> {
    let name = c.cli_session.as_deref()?;
    c.users.get(name).map(|u| (name, u.role.as_str()))
}

fn require_admin_login(c: &Cluster) -> Result<(), String> {
    match session(c) {
        Some((_, "admin")) => Ok(()),
        _ => Err("To run this command, you must be logged in as an admin user".into()),
    }
}

pub(super) fn activate(c: &mut Cluster, account: &str, password: Option<&str>) -> Reply {
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

pub(super) fn create(
    c: &mut Cluster,
    account: &str,
    args: &[String],
    password: Option<&str>,
) -> Reply {
    require_active(c)?;
    require_admin_login(c)?;
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

/// `user list`: every user with its coverage of the ACTIVE HSMs, then the appliance user.
pub(super) fn list(c: &Cluster) -> serde_json::Value {
    let active: BTreeSet<&String> = c
        .hsms
        .values()
        .filter(|h| h.state == "ACTIVE")
        .map(|h| &h.id)
        .collect();
    let mut users: Vec<serde_json::Value> = c
        .users
        .iter()
        .map(|(name, u)| {
            let full = active.iter().all(|h| u.hsms.contains(*h));
            json!({"username": name, "role": u.role, "locked": (u.failed_logins >= 5).to_string(),
                   "mfa": [], "cluster-coverage": if full { "full" } else { "partial" }})
        })
        .collect();
    users.push(
        json!({"username": "app_user", "role": "internal(APPLIANCE_USER)",
                      "locked": "false", "mfa": [], "cluster-coverage": "full"}),
    );
    json!({"users": users})
}

pub(super) fn change_password(
    c: &mut Cluster,
    account: &str,
    args: &[String],
    password: Option<&str>,
    kms_holds_kmsuser: bool,
) -> Reply {
    require_active(c)?;
    let username = check_username(flag(args, "--username").ok_or("--username is required")?)?;
    let Some((me, my_role)) = session(c) else {
        return Err("To run this command, you must be logged in".into());
    };
    if me != username && my_role != "admin" {
        return Err("Only an admin user can change the password of another user".into());
    }
    let elsewhere = c
        .users
        .get(&username)
        .is_some_and(|u| u.logged_in && me != username)
        || (username == "kmsuser" && kms_holds_kmsuser);
    if elsewhere {
        return Err(format!(
            "You cannot change the password of a user who is currently logged in to the cluster ({username})"
        ));
    }
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

pub(super) fn delete(c: &mut Cluster, args: &[String]) -> Reply {
    require_active(c)?;
    require_admin_login(c)?;
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

pub(super) fn login(
    c: &mut Cluster,
    account: &str,
    args: &[String],
    password: Option<&str>,
) -> Reply {
    let username = check_username(flag(args, "--username").ok_or("--username is required")?)?;
    let role = flag(args, "--role").ok_or("--role is required")?;
    if let Some(current) = &c.cli_session {
        return Err(format!(
            "User {current} is already logged in; run logout first"
        ));
    }
    let password = password.ok_or("A password is required")?;
    let user = c
        .users
        .get_mut(&username)
        .ok_or(format!("User {username} not found"))?;
    if user.failed_logins >= 5 {
        return Err(format!("User {username} is locked out"));
    }
    if user.role != role || user.password_digest != password_digest(account, password) {
        user.failed_logins += 1;
        return Err("Invalid username or password".into());
    }
    user.logged_in = true;
    let out = json!({"username": username, "role": user.role});
    c.cli_session = Some(username);
    Ok(out)
}

pub(super) fn logout(c: &mut Cluster) -> Reply {
    let Some(name) = c.cli_session.take() else {
        return Err("No user is logged in".into());
    };
    if let Some(u) = c.users.get_mut(&name) {
        u.logged_in = false;
    }
    Ok(json!("Logout successful"))
}
