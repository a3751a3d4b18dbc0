//! `keystore-wizard plan init [FILE]` and `plan check FILE`. `init` writes the commented example
//! plan for the Region, with the account's subnets listed in it when a quick look can read them
//! (never waiting long, never failing for it); it refuses to overwrite a file. `check` runs every
//! plan rule and makes no AWS call.

use crate::cli::{Global, Output, PlanCheckArgs, PlanInitArgs};
use crate::commands::context::{self, build_target, connect, read_plan_file, run_dir};
use crate::output::headless::say;
use keystore_engine::exit::Failure;
use keystore_engine::i18n::tf;
use keystore_engine::inputs::plan::{Plan, init::init_text};
use keystore_engine::run::events::Silent;
use std::io::Write;
use std::sync::Arc;

/// The account's subnets and Region, when a quick look can read them; why not otherwise.
async fn look(g: &Global) -> Result<(String, Vec<keystore_engine::cloud::types::Subnet>), String> {
    let options = context::options(g);
    let dir = run_dir(&options).map_err(|f| f.message)?;
    let (target, _, _) = build_target(&options, &dir).await.map_err(|f| f.message)?;
    let cloud = connect(g, &target, Arc::new(Silent))
        .await
        .map_err(|f| f.message)?
        .impatient();
    let subnets = cloud.all_subnets().await.map_err(|e| e.to_string())?;
    Ok((cloud.region.clone(), subnets))
}

pub async fn init(g: &Global, args: PlanInitArgs) -> Result<(), Failure> {
    if let Some(path) = &args.file
        && path.exists()
    {
        return Err(Failure::usage(tf(
            "cli.plan_exists",
            &[("path", &path.display())],
        )));
    }
    let (region, subnets) = if args.offline {
        (g.region.clone(), Vec::new())
    } else {
        match look(g).await {
            Ok((region, subnets)) => (Some(region), subnets),
            Err(why) => {
                eprintln!(
                    "keystore-wizard: {}",
                    tf("cli.plan_no_subnets", &[("why", &why)])
                );
                (g.region.clone(), Vec::new())
            }
        }
    };
    let text = init_text(region.as_deref(), &subnets);
    match &args.file {
        None => say(text.trim_end()),
        Some(path) => {
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)
                .map_err(|e| {
                    Failure::usage(tf(
                        "cli.plan_unwritable",
                        &[("path", &path.display()), ("detail", &e)],
                    ))
                })?;
            f.write_all(text.as_bytes()).map_err(|e| {
                Failure::usage(tf(
                    "cli.plan_unwritable",
                    &[("path", &path.display()), ("detail", &e)],
                ))
            })?;
            eprintln!("{}", tf("cli.plan_written", &[("path", &path.display())]));
        }
    }
    Ok(())
}

pub fn check(g: &Global, args: PlanCheckArgs) -> Result<(), Failure> {
    let text = read_plan_file(&args.file)?;
    let plan =
        Plan::parse(&text).map_err(|e| Failure::usage(format!("{}: {e}", args.file.display())))?;
    match g.output {
        Output::Json => say(&serde_json::json!({
            "valid": true,
            "file": args.file.display().to_string(),
            "region": plan.region,
            "hsm_type": plan.hsm_type,
            "mode": plan.mode,
            "key_store": plan.key_store_name,
        })
        .to_string()),
        Output::Text => say(&tf(
            "cli.plan_valid",
            &[
                ("path", &args.file.display()),
                (
                    "region",
                    &plan.region.as_deref().unwrap_or("(profile Region)"),
                ),
                ("type", &plan.hsm_type),
                ("mode", &plan.mode),
                ("store", &plan.key_store_name),
            ],
        )),
    }
    Ok(())
}
