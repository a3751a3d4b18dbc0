//! Opening a run from its options (what the command line's global flags say): the state
//! directory and the run's journal, where calls go (AWS, the in-process sandbox, a served
//! sandbox), how waits pass time, who performs operator steps, and the account guard. Shared by
//! `setup`, `status`, `teardown` and the TUI, so they cannot disagree about any of it.
//! Must not depend on a command-line parser: the program maps its flags into `RunOptions`.

use crate::cloud::Target;
use crate::exit::Failure;
use crate::inputs::plan::Plan;
use crate::inputs::secrets::Secrets;
use crate::run::guard::Guard;
use crate::run::journal::{Journal, JournalError};
use crate::run::operator::Operator;
use crate::run::session::Parts;
use crate::run::wait::{Pace, Waiter};
use keystore_sandbox::{self as sandbox, Sandbox, SandboxConfig};
use std::path::{Path, PathBuf};

/// Where a run goes and where it keeps its journal.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// The embedded simulated account, kept in the state directory between runs.
    pub sandbox: bool,
    /// A served sandbox (`keystore-wizard sandbox serve`).
    pub sandbox_url: Option<String>,
    pub profile: Option<String>,
    pub region: Option<String>,
    pub endpoint_url: Option<String>,
    /// Where runs are journaled (default: `$XDG_STATE_HOME/keystore-wizard`).
    pub state_dir: Option<PathBuf>,
    /// The config file with the account guard (default: `~/.config/keystore-wizard/config.toml`).
    pub config: Option<PathBuf>,
    /// One of the two keys of the guard's bypass.
    pub bypass_account_guard: bool,
}

impl RunOptions {
    /// Whether calls go to a simulated account (in-process or served).
    pub fn is_sandbox(&self) -> bool {
        self.sandbox || self.sandbox_url.is_some()
    }
}

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
pub fn run_dir(o: &RunOptions) -> Result<PathBuf, Failure> {
    let base = match &o.state_dir {
        Some(d) => d.clone(),
        None => default_state_dir()?,
    };
    let sub = if o.sandbox {
        "sandbox"
    } else if o.sandbox_url.is_some() {
        "sandbox-served"
    } else {
        "aws"
    };
    Ok(base.join(sub))
}

/// Opens and locks a run journal; another instance holding it is a usage error (exit 2).
pub fn open_journal(dir: &Path) -> Result<Journal, Failure> {
    Journal::open(dir).map_err(|e| match e {
        JournalError::Locked(m) => Failure::usage(m),
        other => Failure::aws(other.to_string()),
    })
}

/// Where calls go, how waits pass time, and who performs operator steps.
pub async fn build_target(
    o: &RunOptions,
    dir: &Path,
) -> Result<(Target, Waiter, Operator), Failure> {
    Ok(if o.sandbox {
        // The simulated account lives next to the journal: its folder exists (0700) before the
        // account is first saved, whichever command opened it first.
        {
            use std::os::unix::fs::DirBuilderExt;
            std::fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(dir)
                .map_err(|e| Failure::usage(format!("cannot create {}: {e}", dir.display())))?;
        }
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
    } else if let Some(url) = &o.sandbox_url {
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
            profile: o.profile.clone(),
            region: o.region.clone(),
            endpoint_url: o.endpoint_url.clone(),
        };
        (target, Waiter::aws(), Operator::Human)
    })
}

/// The account guard from the config file (or the default path) and the bypass flag.
pub fn load_guard(o: &RunOptions) -> Result<Guard, Failure> {
    Guard::load(o.config.as_deref(), o.bypass_account_guard).map_err(Failure::usage)
}

/// Reads a plan file; one that cannot be read is a usage error naming it.
pub fn read_plan_file(path: &Path) -> Result<String, Failure> {
    std::fs::read_to_string(path).map_err(|e| {
        Failure::usage(crate::i18n::tf(
            "cli.plan_unreadable",
            &[("path", &path.display()), ("detail", &e)],
        ))
    })
}

/// Everything a run needs besides the plan and the secrets: the account guard, the run's
/// journal (locked), where calls go, how waits pass and who performs operator steps. Shared by
/// `setup` and the TUI; also returns the run directory.
pub async fn open_parts(
    o: &RunOptions,
    plan: Plan,
    secrets: Secrets,
) -> Result<(Parts, PathBuf), Failure> {
    let guard = load_guard(o)?;
    let dir = run_dir(o)?;
    let journal = open_journal(&dir)?;
    let (target, waiter, operator) = build_target(o, &dir).await?;
    let parts = Parts {
        target,
        plan,
        journal,
        secrets,
        waiter,
        operator,
        region: o.region.clone(),
        guard,
        pasted: Default::default(),
    };
    Ok((parts, dir))
}

/// The account's clock in epoch seconds, the one every date of a plan, a report and the TUI
/// comes from: the in-process sandbox's virtual clock, a served sandbox's (its
/// `/_sandbox/health` answer), else the wall clock (AWS's own dates come back in its answers).
/// The CLI and the TUI both call this, so they cannot disagree.
pub fn account_now(target: &Target) -> i64 {
    let wall = || {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0)
    };
    match target {
        Target::Sandbox(sb) => sb.now() as i64,
        Target::SandboxUrl(url) => {
            match sandbox::remote::post(url, "health", &serde_json::json!({})) {
                Ok(v) => v["now"].as_f64().map(|n| n as i64).unwrap_or_else(wall),
                Err(e) => {
                    tracing::warn!(error = %e, "the served sandbox's clock is unreadable; using this machine's");
                    wall()
                }
            }
        }
        Target::Aws { .. } => wall(),
    }
}
