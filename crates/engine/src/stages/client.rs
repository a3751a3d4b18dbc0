//! What the client stages share: the names the wizard gives the client's pieces (all derived
//! from the run id, so a resumed run finds them again), the journal facts that say where the
//! client stands, and running a script on it through SSM Run Command until SSM reports an end.
//! Scripts are built here from public values only (the package address, the trust anchor, HSM
//! addresses): no secret ever reaches SSM. Must not depend on the TUI.

use super::{Ctx, StageError};
use crate::cloud::client_host::Invocation;
use crate::inputs::plan::ClientMode;
use crate::run::wait::Poll;
use keystore_facts::reach;

/// Budget for the instance to run and register with SSM, in seconds.
pub const ONLINE_BUDGET: f64 = 20.0 * 60.0;
/// Budget for one Run Command invocation (AWS-RunShellScript's default timeout is an hour).
pub const COMMAND_BUDGET: f64 = 60.0 * 60.0;
/// Budget for IAM to propagate a new instance profile to EC2.
pub const PROPAGATION_BUDGET: f64 = 3.0 * 60.0;

/// Facts in the journal.
pub const INSTANCE: &str = "client_instance";
/// Set when the launched client was terminated (after connect) or kept on purpose.
pub const RETIRED: &str = "client_retired";
/// The HSM addresses kmsuser was verified on.
pub const VERIFIED: &str = "kmsuser_verified";
/// The instance and HSM addresses the client's CLI was last configured with (`i-…:ip,ip`).
pub const CONFIGURED: &str = "client_configured";

/// The role and instance profile (one name: IAM allows it, and the console does the same).
pub fn identity_name(run_id: &str) -> String {
    format!("{run_id}-client")
}
pub fn client_group_name(run_id: &str) -> String {
    format!("keystore-wizard-client-{run_id}")
}
pub fn endpoint_group_name(run_id: &str) -> String {
    format!("keystore-wizard-endpoints-{run_id}")
}

/// Whether this run has a client the wizard drives through SSM.
pub fn driven(ctx: &Ctx) -> bool {
    ctx.plan.client.mode != ClientMode::Manual && ctx.journal.fact(RETIRED).is_none()
}

/// The client's instance id, journaled by `client_launch` (or named by the plan).
pub fn instance_id(ctx: &Ctx) -> Result<String, StageError> {
    ctx.journal
        .fact(INSTANCE)
        .map(str::to_string)
        .or_else(|| ctx.plan.client.instance_id.clone())
        .ok_or_else(|| StageError::keyed("NoClient", "NoClient", &[]))
}

/// How the operator reaches the CloudHSM CLI in this run.
pub fn access(ctx: &Ctx) -> crate::run::operator::ClientAccess {
    use crate::run::operator::ClientAccess;
    match (driven(ctx), instance_id(ctx)) {
        (true, Ok(instance)) => ClientAccess::Ssm {
            instance,
            region: ctx.cloud.region.clone(),
        },
        _ => ClientAccess::Manual,
    }
}

/// Waits until the instance is running and SSM manages it.
pub async fn wait_online(ctx: &Ctx, id: &str) -> Result<(), StageError> {
    let reporter = ctx.reporter.clone();
    let what = "client instance to run and register with SSM";
    let outcome = ctx
        .waiter
        .until(&reporter, ctx.stage, what, ONLINE_BUDGET, || async {
            let Some(i) = ctx.cloud.instance(id).await? else {
                return Ok(Poll::Pending("not listed yet".into()));
            };
            match i.state.as_str() {
                "running" if ctx.cloud.ssm_online(id).await? => Ok(Poll::Ready(())),
                "running" => Ok(Poll::Pending("running, not registered with SSM".into())),
                "pending" => Ok(Poll::Pending("pending".into())),
                other => Err(StageError::keyed(
                    "ClientGone",
                    "ClientGone",
                    &[("id", &id), ("state", &other)],
                )),
            }
        })
        .await?;
    outcome.map_err(|x| {
        StageError::keyed(
            "ClientNotOnline",
            "ClientNotOnline",
            &[("id", &id), ("state", &x.last_state)],
        )
    })
}

/// Runs `lines` on the client and waits for SSM's verdict; a failure names the step (the
/// first line of the error output), the exit code and the last lines of output.
pub async fn run_script(
    ctx: &Ctx,
    id: &str,
    lines: &[String],
    comment: &str,
) -> Result<Invocation, StageError> {
    let command = ctx.cloud.send_script(id, lines, comment).await?;
    let reporter = ctx.reporter.clone();
    let outcome = ctx
        .waiter
        .until(&reporter, ctx.stage, comment, COMMAND_BUDGET, || async {
            let polled = match ctx.cloud.invocation(&command, id).await? {
                None => Poll::Pending("not visible yet".into()),
                Some(i) if matches!(i.status.as_str(), "Pending" | "InProgress" | "Delayed") => {
                    Poll::Pending(i.status)
                }
                Some(i) => Poll::Ready(i),
            };
            Ok::<_, StageError>(polled)
        })
        .await?;
    let inv = outcome.map_err(StageError::from)?;
    if inv.status != "Success" || inv.exit_code != 0 {
        let tail: Vec<&str> = inv
            .stdout
            .lines()
            .chain(inv.stderr.lines())
            .rev()
            .take(5)
            .collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        return Err(StageError::keyed(
            "ClientCommandFailed",
            "ClientCommandFailed",
            &[
                ("what", &comment),
                ("status", &inv.status),
                ("code", &inv.exit_code),
                ("step", &inv.stderr.lines().next().unwrap_or("")),
                ("output", &tail.join(" | ")),
                ("command", &command),
                ("id", &id),
            ],
        ));
    }
    Ok(inv)
}

const INSTALL: &str = "keystore-wizard: install and configure the CloudHSM CLI";
const REFRESH: &str = "keystore-wizard: configure the CloudHSM CLI for every HSM";

/// The preparation script: install the CloudHSM CLI, write the trust anchor where the CLI
/// expects it, point the CLI at the HSMs. Public values only.
pub fn prepare_script(trust_anchor: &str, ips: &[String]) -> Vec<String> {
    let b64 = aws_smithy_types::base64::encode(trust_anchor.as_bytes());
    vec![
        "set -euo pipefail".into(),
        format!(
            "curl -sS --fail -o /tmp/cloudhsm-cli.rpm {}",
            reach::CLI_PACKAGE_URL
        ),
        "sudo dnf install -y /tmp/cloudhsm-cli.rpm".into(),
        "rpm -q cloudhsm-cli".into(),
        format!("echo {b64} | base64 -d | sudo tee /opt/cloudhsm/etc/customerCA.crt > /dev/null"),
        format!("sudo /opt/cloudhsm/bin/configure-cli -a {}", ips.join(" ")),
    ]
}

/// The addresses of the cluster's ACTIVE HSMs, in a stable order.
pub fn hsm_ips(c: &crate::cloud::types::Cluster) -> Vec<String> {
    let mut ips: Vec<String> = c.active_hsms().map(|h| h.ip.clone()).collect();
    ips.sort();
    ips
}

/// Configures the client's CLI for the cluster's HSMs now (after initialize, and again after
/// the second HSM), unless it already is; checks the installed CLI supports the HSM type.
pub async fn configure(ctx: &mut Ctx) -> Result<(), StageError> {
    let c = ctx.cluster().await?;
    let ips = hsm_ips(&c);
    let id = instance_id(ctx)?;
    let configured = format!("{id}:{}", ips.join(","));
    if ctx.journal.fact(CONFIGURED) == Some(configured.as_str()) {
        return Ok(());
    }
    let anchor = ctx
        .journal
        .fact("trust_anchor")
        .map(str::to_string)
        .ok_or_else(|| StageError::keyed("NoTrustAnchor", "NoTrustAnchor", &[]))?;
    wait_online(ctx, &id).await?;
    // This instance has the CLI already (the second HSM): point it at the HSMs, nothing more.
    let installed = ctx
        .journal
        .fact(CONFIGURED)
        .is_some_and(|f| f.starts_with(&format!("{id}:")));
    if installed {
        let script = vec![
            "set -euo pipefail".to_string(),
            format!("sudo /opt/cloudhsm/bin/configure-cli -a {}", ips.join(" ")),
        ];
        run_script(ctx, &id, &script, REFRESH).await?;
        ctx.journal.set_fact(CONFIGURED, &configured)?;
        return Ok(());
    }
    let script = prepare_script(&anchor, &ips);
    let inv = run_script(ctx, &id, &script, INSTALL).await?;
    let found = inv
        .stdout
        .lines()
        .find(|l| l.starts_with("cloudhsm-cli-"))
        .and_then(reach::cli_version);
    let need = reach::min_cli_version(&c.hsm_type);
    if found.is_none_or(|v| v < need) {
        let v = |x: (u32, u32, u32)| format!("{}.{}.{}", x.0, x.1, x.2);
        return Err(StageError::keyed(
            "ClientCliTooOld",
            "ClientCliTooOld",
            &[
                ("found", &found.map(v).unwrap_or_else(|| "none".into())),
                ("need", &v(need)),
                ("hsm_type", &c.hsm_type),
            ],
        ));
    }
    ctx.journal.set_fact(CONFIGURED, &configured)?;
    Ok(())
}

/// After connect: terminates the client the wizard launched, unless the plan keeps it; either
/// way the client stages have nothing left to do. The decision is journaled before the call,
/// so a run killed right after `TerminateInstances` neither launches a new client on resume
/// nor forgets to finish the termination.
pub async fn retire(ctx: &mut Ctx) -> Result<(), StageError> {
    if ctx.plan.client.mode != ClientMode::Launch {
        return Ok(());
    }
    let Some(id) = ctx.journal.fact(INSTANCE).map(str::to_string) else {
        return Ok(());
    };
    match ctx.journal.fact(RETIRED) {
        Some("kept") | Some("terminated") => return Ok(()),
        Some(_) => {}
        None if ctx.plan.client.keep => {
            ctx.journal.set_fact(RETIRED, "kept")?;
            return Ok(());
        }
        None => ctx.journal.set_fact(RETIRED, "terminating")?,
    }
    ctx.cloud.terminate(&id).await?;
    ctx.journal
        .resource(ctx.stage, "instance", "terminated", &id)?;
    ctx.journal.set_fact(RETIRED, "terminated")?;
    Ok(())
}

/// Reads `cloudhsm-cli user list` on the client (it needs no login) and requires `kmsuser`
/// as a crypto user on every HSM (`"cluster-coverage": "full"`).
/// A verdict once given for the cluster's HSMs stands (a re-run sends no second command).
pub async fn verify_kmsuser(ctx: &mut Ctx) -> Result<(), StageError> {
    let c = ctx.cluster().await?;
    let hsms = hsm_ips(&c).join(",");
    if ctx.journal.fact(VERIFIED) == Some(hsms.as_str()) {
        return Ok(());
    }
    let id = instance_id(ctx)?;
    wait_online(ctx, &id).await?;
    let inv = run_script(
        ctx,
        &id,
        &["/opt/cloudhsm/bin/cloudhsm-cli user list".into()],
        "keystore-wizard: cloudhsm-cli user list",
    )
    .await?;
    check_user_list(&inv.stdout)?;
    ctx.journal.set_fact(VERIFIED, &hsms)?;
    Ok(())
}

/// `manual` mode: the `user list` the operator pasted must pass the same check as one read
/// through SSM; without one the run stops again and says how to give it.
pub fn verify_pasted(ctx: &mut Ctx) -> Result<(), StageError> {
    let Some(list) = ctx.pasted.user_list.as_deref() else {
        let mut e = StageError::keyed("KmsuserListNeeded", "KmsuserListNeeded", &[]);
        e.exit = crate::exit::ExitCode::OperatorStep;
        return Err(e);
    };
    check_user_list(list)?;
    ctx.journal.set_fact(VERIFIED, "pasted")?;
    Ok(())
}

/// The verdict on a `user list` answer (also for one pasted in `manual` mode).
pub fn check_user_list(stdout: &str) -> Result<(), StageError> {
    let parsed: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap_or_default();
    let users = parsed["data"]["users"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let kmsuser = users.iter().find(|u| u["username"] == "kmsuser");
    let found = match kmsuser {
        None => "absent".to_string(),
        Some(u) if u["role"] != "crypto-user" => format!("role {}", u["role"]),
        Some(u) if u["cluster-coverage"] == "full" => return Ok(()),
        Some(u) => format!("cluster-coverage {}", u["cluster-coverage"]),
    };
    Err(StageError::keyed(
        "KmsuserNotOnEveryHsm",
        "KmsuserNotOnEveryHsm",
        &[("found", &found)],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_preparation_carries_the_anchor_and_every_address_and_nothing_else() {
        let pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
        let s = prepare_script(pem, &["10.0.0.5".into(), "10.0.1.7".into()]);
        assert_eq!(s[0], "set -euo pipefail");
        assert!(s[1].ends_with(reach::CLI_PACKAGE_URL));
        assert!(s.last().expect("line").ends_with("-a 10.0.0.5 10.0.1.7"));
        let b64 = aws_smithy_types::base64::encode(pem);
        assert!(s[4].contains(&b64) && !s[4].contains("BEGIN"));
        assert!(identity_name("ksw-0a1b2c3d4e").len() <= 64);
    }

    #[test]
    fn user_list_needs_kmsuser_as_crypto_user_on_every_hsm() {
        let list = |user: &str| {
            format!(
                r#"{{"error_code": 0, "data": {{"users": [{{"username": "admin", "role": "admin", "locked": "false", "mfa": [], "cluster-coverage": "full"}}{user}]}}}}"#
            )
        };
        let full = r#", {"username": "kmsuser", "role": "crypto-user", "locked": "false", "mfa": [], "cluster-coverage": "full"}"#;
        assert!(check_user_list(&list(full)).is_ok());
        let partial = full.replace("\"full\"", "\"partial\"");
        let e = check_user_list(&list(&partial)).expect_err("partial");
        assert_eq!(e.code, "KmsuserNotOnEveryHsm");
        assert!(e.meaning.contains("partial"), "{}", e.meaning);
        assert!(check_user_list(&list("")).is_err());
        let admin = full.replace("crypto-user", "admin");
        assert!(check_user_list(&list(&admin)).is_err());
        assert!(check_user_list("not json").is_err());
    }
}
