//! `keystore-wizard park`, `unpark` and `repair`: the setup's run (its journal, in the state
//! directory) opened as setup opens it, and the engine's day-two operation carried out with a
//! text or JSON reporter. Without `--yes` nothing changes: the command says what it would do.

use crate::cli::{DayTwoArgs, Global, Output, RestoreArgs};
use crate::commands::context::{self, open_parts, read_plan_file};
use crate::output::headless::{JsonReporter, TextReporter};
use keystore_engine::daytwo::{self, Op};
use keystore_engine::exit::Failure;
use keystore_engine::i18n::{t, tf};
use keystore_engine::inputs::plan::{EXAMPLE, Plan};
use keystore_engine::inputs::secrets::Secrets;
use keystore_engine::run::events::{Event, SharedReporter};
use std::sync::Arc;

pub async fn run(g: &Global, op: Op, args: DayTwoArgs) -> Result<(), Failure> {
    go(g, op, &args, Secrets::none(), None).await
}

/// `restore`: the backup id is checked here (its AWS format) before anything opens.
pub async fn restore(g: &Global, args: RestoreArgs) -> Result<(), Failure> {
    if let Some(b) = &args.from_backup {
        let ok = regex::Regex::new(r"^backup-[2-7a-zA-Z]{11,16}$").is_ok_and(|re| re.is_match(b));
        if !ok {
            return Err(Failure::usage(tf("cli.backup_bad", &[("id", b)])));
        }
    }
    let secrets =
        Secrets::optional(args.kmsuser_password_file.as_deref()).map_err(Failure::usage)?;
    go(
        g,
        Op::Restore,
        &args.common,
        secrets,
        args.from_backup.clone(),
    )
    .await
}

async fn go(
    g: &Global,
    op: Op,
    args: &DayTwoArgs,
    secrets: Secrets,
    backup: Option<String>,
) -> Result<(), Failure> {
    if !args.yes {
        return Err(Failure::usage(tf(
            "d2.needs_yes",
            &[
                ("op", &op.as_str()),
                ("what", &t(&format!("d2.title.{}", op.as_str()))),
            ],
        )));
    }
    let (text, shown) = match &args.plan {
        Some(p) => (read_plan_file(p)?, p.display().to_string()),
        None => (EXAMPLE.to_string(), "the built-in example plan".into()),
    };
    let plan = Plan::parse(&text).map_err(|e| Failure::usage(format!("{shown}: {e}")))?;
    let options = context::options(g);
    let (parts, _) = open_parts(&options, plan, secrets).await?;
    let reporter: SharedReporter = match g.output {
        Output::Text => Arc::new(TextReporter::default()),
        Output::Json => Arc::new(JsonReporter::default()),
    };
    match daytwo::run_with(op, parts, reporter.clone(), backup).await {
        Ok(()) => {
            reporter.emit(Event::Done {
                outcome: "done".into(),
                exit_code: 0,
            });
            Ok(())
        }
        Err(e) => {
            reporter.emit(Event::Error {
                stage: op.as_str().into(),
                code: e.code.clone(),
                meaning: e.meaning.clone(),
                fix: e.fix.clone(),
            });
            reporter.emit(Event::Done {
                outcome: "failed".into(),
                exit_code: e.exit.code(),
            });
            Err(Failure::silent(e.exit))
        }
    }
}
