//! `keystore-wizard park`, `unpark` and `repair`: the setup's run (its journal, in the state
//! directory) opened as setup opens it, and the engine's day-two operation carried out with a
//! text or JSON reporter. Without `--yes` nothing changes: the command says what it would do.

use crate::cli::{CopyBackupArgs, DayTwoArgs, Global, Output, RestoreArgs};
use crate::commands::context::{self, open_parts, read_plan_file};
use crate::output::headless::{JsonReporter, TextReporter};
use keystore_engine::daytwo::{self, Op, OpArgs};
use keystore_engine::exit::Failure;
use keystore_engine::i18n::{t, tf};
use keystore_engine::inputs::plan::{EXAMPLE, Plan};
use keystore_engine::inputs::secrets::Secrets;
use keystore_engine::run::events::{Event, SharedReporter};
use std::sync::Arc;

pub async fn run(g: &Global, op: Op, args: DayTwoArgs) -> Result<(), Failure> {
    go(g, op, &args, Secrets::none(), OpArgs::default()).await
}

/// The AWS format of a backup id, checked before anything opens.
fn check_backup(id: &str) -> Result<(), Failure> {
    let ok = regex::Regex::new(r"^backup-[2-7a-zA-Z]{11,16}$").is_ok_and(|re| re.is_match(id));
    if ok {
        Ok(())
    } else {
        Err(Failure::usage(tf("cli.backup_bad", &[("id", &id)])))
    }
}

/// `copy-backup --to-region R [--backup ID]`.
pub async fn copy_backup(g: &Global, args: CopyBackupArgs) -> Result<(), Failure> {
    if let Some(b) = &args.backup {
        check_backup(b)?;
    }
    crate::commands::status::regions_arg(&args.to_region)?;
    let op_args = OpArgs {
        backup: args.backup.clone(),
        to_region: Some(args.to_region.clone()),
    };
    go(g, Op::CopyBackup, &args.common, Secrets::none(), op_args).await
}

/// `restore`: the backup id is checked here (its AWS format) before anything opens.
pub async fn restore(g: &Global, args: RestoreArgs) -> Result<(), Failure> {
    if let Some(b) = &args.from_backup {
        check_backup(b)?;
    }
    let secrets =
        Secrets::optional(args.kmsuser_password_file.as_deref()).map_err(Failure::usage)?;
    let op_args = OpArgs {
        backup: args.from_backup.clone(),
        to_region: None,
    };
    go(g, Op::Restore, &args.common, secrets, op_args).await
}

async fn go(
    g: &Global,
    op: Op,
    args: &DayTwoArgs,
    secrets: Secrets,
    op_args: OpArgs,
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
    match daytwo::run_with(op, parts, reporter.clone(), op_args).await {
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
