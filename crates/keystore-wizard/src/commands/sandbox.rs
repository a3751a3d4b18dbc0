//! `keystore-wizard sandbox serve`, `sandbox cloudhsm-cli` and `sandbox advance`: starting the
//! served sandbox with its faults, caller policy and state file, running the CloudHSM CLI
//! stand-in against it, and moving its virtual clock.

use crate::cli::{AdvanceArgs, CloudHsmCliArgs, InspectArgs, ServeArgs};
use keystore_engine::exit::{ExitCode, Failure};
use keystore_sandbox::{self as sandbox, Sandbox, SandboxConfig, clock, faults::FaultPlan};
use std::io::BufRead;

pub async fn serve(args: ServeArgs) -> Result<(), Failure> {
    if !args.speed.is_finite() || args.speed < 0.0 {
        return Err(Failure::usage("--speed must be zero or a positive number"));
    }
    let faults = match &args.faults {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| Failure::usage(format!("cannot read {}: {e}", path.display())))?;
            Some(FaultPlan::from_toml(&text).map_err(Failure::usage)?)
        }
        None => None,
    };
    let caller = match &args.caller_policy {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| Failure::usage(format!("cannot read {}: {e}", path.display())))?;
            Some(
                sandbox::policy::validate_document(&text)
                    .map_err(|e| Failure::usage(format!("{}: {e}", path.display())))?,
            )
        }
        None => None,
    };
    let config = SandboxConfig {
        account_id: args.account_id,
        seed: args.seed,
        speed: args.speed,
        start: None,
        state_file: args.state,
    };
    let sandbox = Sandbox::new(config).map_err(Failure::usage)?;
    if let Some(plan) = faults {
        *sandbox.faults() = plan;
    }
    if let Some(path) = &args.record_replies {
        sandbox
            .record_replies_to(path)
            .map_err(|e| Failure::usage(format!("cannot write {}: {e}", path.display())))?;
    }
    if let Some(doc) = caller {
        sandbox.with_world(|w| w.caller.policies = Some(vec![doc]));
    }
    let listener = sandbox::server::bind(args.port)
        .await
        .map_err(|e| Failure::aws(format!("cannot listen on 127.0.0.1:{}: {e}", args.port)))?;
    let addr = listener
        .local_addr()
        .map_err(|e| Failure::aws(e.to_string()))?;
    crate::output::headless::say(&format!(
        "sandbox listening on http://{addr} (account {}, speed {}x)",
        sandbox.with_world(|w| w.account_id.clone()),
        sandbox.speed()
    ));
    crate::output::headless::say(&format!(
        "try: aws --endpoint-url http://{addr} --region us-east-1 sts get-caller-identity"
    ));
    tokio::select! {
        r = sandbox::server::run_with(listener, sandbox, sandbox::server::ServeOptions { clock_skew_s: args.clock_skew }) => r.map_err(|e| Failure::aws(e.to_string())),
        _ = tokio::signal::ctrl_c() => Ok(()),
    }
}

pub fn cloudhsm_cli(args: CloudHsmCliArgs) -> Result<(), Failure> {
    let needs_password = args
        .args
        .iter()
        .take(2)
        .map(String::as_str)
        .collect::<Vec<_>>()
        != ["user", "list"]
        && !args.args.iter().any(|a| a == "--password")
        && !matches!(args.args.first().map(String::as_str), Some("logout"));
    let password = if needs_password {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| Failure::usage(format!("reading the password from stdin: {e}")))?;
        Some(zeroize::Zeroizing::new(
            line.trim_end_matches(['\r', '\n']).to_string(),
        ))
    } else {
        None
    };
    let body = serde_json::json!({"cluster_id": args.cluster_id, "args": args.args, "password": password.as_ref().map(|p| p.as_str())});
    let out =
        sandbox::remote::post(&args.sandbox_url, "cloudhsm-cli", &body).map_err(Failure::aws)?;
    crate::output::headless::say(out["stdout"].as_str().unwrap_or_default());
    match out["exit_code"].as_i64() {
        Some(0) => Ok(()),
        _ => Err(Failure::new(
            ExitCode::CliCommandFailed,
            "the CloudHSM CLI command failed",
        )),
    }
}

pub fn advance(args: AdvanceArgs) -> Result<(), Failure> {
    let seconds = clock::parse_duration(&args.by).map_err(Failure::usage)?;
    let out = sandbox::remote::post(
        &args.sandbox_url,
        "advance",
        &serde_json::json!({ "seconds": seconds }),
    )
    .map_err(Failure::aws)?;
    crate::output::headless::say(&format!("virtual clock now at {}", out["now"]));
    Ok(())
}

/// `sandbox inspect`: the served sandbox's view of where key material and users are (JSON).
pub fn inspect(args: InspectArgs) -> Result<(), Failure> {
    let out = sandbox::remote::post(&args.sandbox_url, "inspect", &serde_json::json!({}))
        .map_err(Failure::aws)?;
    let text = serde_json::to_string_pretty(&out).map_err(|e| Failure::aws(e.to_string()))?;
    crate::output::headless::say(&text);
    Ok(())
}
