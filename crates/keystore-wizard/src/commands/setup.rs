//! `keystore-wizard setup`: checks the plan and the secrets (before any AWS call), opens the
//! run (journal, target, waits, operator, guard: `context`), and runs the engine's driver with a
//! text or JSON reporter. A sandbox run keeps its simulated account next to its journal, so a
//! rehearsal can be resumed like a real run.

use crate::cli::{Global, Output, SetupArgs};
use crate::commands::context::{self, open_parts, read_plan_file};
use crate::output::headless::{JsonReporter, TextReporter};
use keystore_engine::exit::{ExitCode, Failure};
use keystore_engine::inputs::plan::Plan;
use keystore_engine::inputs::secrets::Secrets;
use keystore_engine::run::driver::{self, Confirm, Setup};
use keystore_engine::run::events::SharedReporter;
use keystore_engine::run::operator::Operator;
use keystore_engine::stages::StageId;
use std::sync::Arc;

pub async fn setup(g: &Global, args: SetupArgs) -> Result<(), Failure> {
    let text = read_plan_file(&args.plan)?;
    let plan =
        Plan::parse(&text).map_err(|e| Failure::usage(format!("{}: {e}", args.plan.display())))?;
    let until = match args.until.as_deref() {
        None => None,
        Some(u) => Some(StageId::parse(u).ok_or_else(|| {
            let ids: Vec<&str> = StageId::ALL.iter().map(|s| s.as_str()).collect();
            Failure::usage(keystore_engine::i18n::tf(
                "cli.until_bad",
                &[("stage", &u), ("ids", &ids.join(", "))],
            ))
        })?),
    };
    let options = context::options(g);
    let secrets = Secrets::load(args.kmsuser_password_file.as_deref(), options.is_sandbox())
        .map_err(Failure::usage)?;
    let user_list = args.user_list.as_deref().map(read_user_list).transpose()?;
    let (mut parts, _) = open_parts(&options, plan, secrets).await?;
    if args.manual_operator_steps {
        parts.operator = Operator::Human;
    }
    parts.pasted.user_list = user_list;
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
        until,
    };
    match driver::run(run, reporter).await {
        ExitCode::Ok => Ok(()),
        code => Err(Failure::silent(code)),
    }
}

/// The most a `user list` answer takes (a cluster holds at most a few thousand users; the JSON
/// of each is about a hundred bytes).
const USER_LIST_MAX: u64 = 1 << 20;

/// Reads `--user-list`: a file, or standard input for `-`; it must be JSON (the CLI's output),
/// so a wrong file is refused here with its name, before any AWS call.
fn read_user_list(path: &std::path::Path) -> Result<String, Failure> {
    use std::io::Read;
    let shown = path.display().to_string();
    let mut text = String::new();
    let read = if shown == "-" {
        std::io::stdin()
            .take(USER_LIST_MAX + 1)
            .read_to_string(&mut text)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(USER_LIST_MAX + 1).read_to_string(&mut text))
    };
    let bad = |why: String| {
        Failure::usage(keystore_engine::i18n::tf(
            "cli.user_list_bad",
            &[("file", &shown), ("why", &why)],
        ))
    };
    read.map_err(|e| bad(e.to_string()))?;
    if text.len() as u64 > USER_LIST_MAX {
        return Err(bad(format!("larger than {USER_LIST_MAX} bytes")));
    }
    serde_json::from_str::<serde_json::Value>(text.trim()).map_err(|e| bad(e.to_string()))?;
    Ok(text)
}
