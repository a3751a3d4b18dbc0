//! `keystore-wizard status`: what exists in every enabled Region (or the listed ones), read
//! at once, as text or JSON. A Region that cannot be read is shown as unknown, never clean.

use crate::cli::{Global, Output, StatusArgs};
use crate::commands::context::{self, build_target, connect, run_dir};
use crate::output::headless::say;
use keystore_engine::exit::Failure;
use keystore_engine::i18n::{t, tf};
use keystore_engine::inventory::{self, Inventory};
use keystore_engine::run::events::Silent;
use keystore_engine::teardown::report;
use std::sync::Arc;

/// `--regions`: `all` (None) or a checked, comma-separated list.
pub fn regions_arg(text: &str) -> Result<Option<Vec<String>>, Failure> {
    if text == "all" {
        return Ok(None);
    }
    let re = regex::Regex::new(r"^[a-z]{2}(-gov)?-[a-z]+-\d$")
        .map_err(|e| Failure::usage(e.to_string()))?;
    let list: Vec<String> = text
        .split(',')
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty())
        .collect();
    if list.is_empty() {
        return Err(Failure::usage(t("cli.regions_empty")));
    }
    if let Some(bad) = list.iter().find(|r| !re.is_match(r)) {
        return Err(Failure::usage(tf("cli.region_bad", &[("region", bad)])));
    }
    Ok(Some(list))
}

pub fn print_inventory(inv: &Inventory) {
    for line in report::inventory_lines(inv) {
        say(&line);
    }
}

pub async fn status(g: &Global, args: StatusArgs) -> Result<(), Failure> {
    let regions = regions_arg(&args.regions)?;
    let options = context::options(g);
    let dir = run_dir(&options)?;
    let (target, _, _) = build_target(&options, &dir).await?;
    let cloud = connect(g, &target, Arc::new(Silent)).await?;
    let mut inv = inventory::scan(&cloud, regions)
        .await
        .map_err(|e| Failure::aws(e.to_string()))?;
    // What this state directory's runs created is ours, tag or no tag.
    let known: Vec<String> = keystore_engine::run::journal::Journal::resources_in(&dir)
        .into_iter()
        .map(|(_, id)| id)
        .collect();
    inv.claim(&known);
    match g.output {
        Output::Json => say(&serde_json::to_string(&inv).unwrap_or_default()),
        Output::Text => {
            print_inventory(&inv);
            // Day two: parked or not, the hourly cost, the HSM-hours this run's HSMs used.
            let journal = std::fs::read(dir.join("journal.json"))
                .ok()
                .and_then(|b| keystore_engine::run::journal::parse(&b).ok());
            if let Some(data) = journal {
                let now = keystore_engine::run::open::account_now(&target);
                for line in keystore_engine::daytwo::report::status_lines(&data, &inv, now) {
                    say(&line);
                }
            }
        }
    }
    Ok(())
}
