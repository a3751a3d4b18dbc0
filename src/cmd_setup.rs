//! `keystore-wizard setup`: checks the plan and the secrets (before any AWS call), opens the
//! run journal for the target, picks how time passes and who performs operator steps, and runs
//! the driver with a text or JSON reporter. A sandbox run keeps its simulated account next to
//! its journal, so a rehearsal can be resumed like a real run.

use crate::cli::{Failure, Global, Output, SetupArgs};
use crate::cloud::Target;
use crate::driver::{self, Confirm, Setup};
use crate::events::SharedReporter;
use crate::headless::{JsonReporter, TextReporter};
use crate::journal::{Journal, JournalError};
use crate::operator::Operator;
use crate::plan::Plan;
use crate::sandbox::{self, Sandbox, SandboxConfig};
use crate::secrets::Secrets;
use crate::session::Parts;
use crate::stages;
use crate::wait::{Pace, Waiter};
use std::path::PathBuf;
use std::sync::Arc;

/// `$XDG_STATE_HOME/keystore-wizard`, else `~/.local/state/keystore-wizard`.
pub fn default_state_dir() -> Result<PathBuf, Failure> {
    if let Some(x) = std::env::var_os("XDG_STATE_HOME").filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(x).join("keystore-wizard"));
    }
    let home = std::env::var_os("HOME")
        .filter(|v| !v.is_empty())
        .ok_or_else(|| Failure::usage("no HOME or XDG_STATE_HOME: pass --state-dir"))?;
    Ok(PathBuf::from(home).join(".local/state/keystore-wizard"))
}

/// The journal directory of a target: sandbox rehearsals never share a journal with AWS runs.
pub fn run_dir(g: &Global) -> Result<PathBuf, Failure> {
    let base = match &g.state_dir {
        Some(d) => d.clone(),
        None => default_state_dir()?,
    };
    let sub = if g.sandbox {
        "sandbox"
    } else if g.sandbox_url.is_some() {
        "sandbox-served"
    } else {
        "aws"
    };
    Ok(base.join(sub))
}

/// Opens and locks a run journal; another instance holding it is a usage error (exit 2).
pub fn open_journal(dir: &std::path::Path) -> Result<Journal, Failure> {
    Journal::open(dir).map_err(|e| match e {
        JournalError::Locked(m) => Failure::usage(m),
        other => Failure::aws(other.to_string()),
    })
}

/// Where calls go, how waits pass time, and who performs operator steps, for the global flags.
pub async fn build_target(
    g: &Global,
    dir: &std::path::Path,
) -> Result<(Target, Waiter, Operator), Failure> {
    Ok(if g.sandbox {
        let config = SandboxConfig {
            state_file: Some(dir.join("account.json")),
            ..SandboxConfig::default()
        };
        let sb = Sandbox::new(config).map_err(Failure::usage)?;
        (
            Target::Sandbox(sb.clone()),
            Waiter::new(Pace::Real { speed: sb.speed() }),
            Operator::Sandbox(sb),
        )
    } else if let Some(url) = &g.sandbox_url {
        let u = url.clone();
        let health = tokio::task::spawn_blocking(move || {
            sandbox::remote::post(&u, "health", &serde_json::json!({}))
        })
        .await
        .map_err(|e| Failure::aws(e.to_string()))?
        .map_err(Failure::aws)?;
        let speed = health["speed"].as_f64().filter(|s| *s > 0.0).unwrap_or(1.0);
        (
            Target::SandboxUrl(url.clone()),
            Waiter::new(Pace::Real { speed }),
            Operator::SandboxUrl(url.clone()),
        )
    } else {
        let target = Target::Aws {
            profile: g.profile.clone(),
            region: g.region.clone(),
            endpoint_url: g.endpoint_url.clone(),
        };
        (target, Waiter::aws(), Operator::Human)
    })
}

/// The account guard from `--config` (or the default config path) and the bypass flag.
pub fn load_guard(g: &Global) -> Result<crate::guard::Guard, Failure> {
    crate::guard::Guard::load(g.config.as_deref(), g.bypass_account_guard).map_err(Failure::usage)
}

/// Reads a plan file; one that cannot be read is a usage error naming it.
pub fn read_plan_file(path: &std::path::Path) -> Result<String, Failure> {
    std::fs::read_to_string(path).map_err(|e| {
        Failure::usage(crate::i18n::tf(
            "cli.plan_unreadable",
            &[("path", &path.display()), ("detail", &e)],
        ))
    })
}

/// Everything a run needs besides the plan and the secrets, for the global flags: the account
/// guard, the run's journal (locked), where calls go, how waits pass and who performs operator
/// steps. Shared by `setup` and the TUI; also returns the run directory.
pub async fn open_parts(
    g: &Global,
    plan: Plan,
    secrets: Secrets,
) -> Result<(Parts, PathBuf), Failure> {
    let guard = load_guard(g)?;
    let dir = run_dir(g)?;
    let journal = open_journal(&dir)?;
    let (target, waiter, operator) = build_target(g, &dir).await?;
    let parts = Parts {
        target,
        plan,
        journal,
        secrets,
        waiter,
        operator,
        region: g.region.clone(),
        guard,
    };
    Ok((parts, dir))
}

pub async fn setup(g: &Global, args: SetupArgs) -> Result<(), Failure> {
    let text = read_plan_file(&args.plan)?;
    let plan =
        Plan::parse(&text).map_err(|e| Failure::usage(format!("{}: {e}", args.plan.display())))?;
    if let Some(u) = &args.until
        && stages::info(u).is_none()
    {
        let ids: Vec<&str> = stages::ORDER.iter().map(|s| s.id).collect();
        return Err(Failure::usage(crate::i18n::tf(
            "cli.until_bad",
            &[("stage", &u), ("ids", &ids.join(", "))],
        )));
    }
    let is_sandbox = g.sandbox || g.sandbox_url.is_some();
    let secrets =
        Secrets::load(args.kmsuser_password_file.as_deref(), is_sandbox).map_err(Failure::usage)?;
    let (mut parts, _) = open_parts(g, plan, secrets).await?;
    if args.manual_operator_steps {
        parts.operator = Operator::Human;
    }
    let reporter: SharedReporter = match g.output {
        Output::Text => Arc::new(TextReporter::default()),
        Output::Json => Arc::new(JsonReporter::default()),
    };
    let confirm = if args.yes {
        Confirm::Given
    } else {
        Confirm::Ask
    };
    let run = Setup {
        parts,
        resume: args.resume,
        confirm,
        until: args.until,
    };
    match driver::run(run, reporter).await {
        0 => Ok(()),
        code => Err(Failure {
            code,
            message: String::new(),
        }),
    }
}
