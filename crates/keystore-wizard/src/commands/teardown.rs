//! `keystore-wizard teardown`. Always shows the inventory and the plan first and changes
//! nothing unless `--execute --confirm <ACCOUNT_ID>` names the account the credentials belong
//! to. Regional steps run first; the account is then scanned again before the global ones
//! (service-linked roles, IAM), and what remains is reported with the date it becomes
//! possible. The account guard is checked before an execute.

use crate::cli::{Global, Output, TeardownArgs};
use crate::commands::context::{self, build_target, connect, load_guard, open_journal, run_dir};
use crate::commands::status::{print_inventory, regions_arg};
use crate::output::headless::{TextReporter, say};
use keystore_engine::cloud::Cloud;
use keystore_engine::exit::{ExitCode, Failure};
use keystore_engine::i18n::{t, tf};
use keystore_engine::inventory;
use keystore_engine::run::events::{SharedReporter, Silent};
use keystore_engine::run::guard::{Guard, Purpose};
use keystore_engine::run::open::account_now as now_for;
use keystore_engine::teardown::{self, Options, Step, exec, report};
use std::sync::Arc;

/// Checks an id given with `--include`: the AWS formats of the resources the teardown handles.
pub fn check_resource_id(id: &str) -> Result<(), String> {
    let patterns = [
        r"^cluster-[2-7a-zA-Z]{11,16}$",
        r"^backup-[2-7a-zA-Z]{11,16}$",
        r"^cks-[0-9a-f]{17}$",
        r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
    ];
    let ok = patterns
        .iter()
        .any(|p| regex::Regex::new(p).is_ok_and(|re| re.is_match(id)));
    if ok {
        Ok(())
    } else {
        Err(tf("cli.include_bad", &[("id", &id)]))
    }
}

fn print_steps(title: &str, steps: &[Step]) {
    say(title);
    if steps.is_empty() {
        say(&format!("  {}", t("td.nothing_left")));
    }
    for s in steps {
        say(&format!("  {}", report::step_line(s)));
    }
}

/// Seconds between the confirmation and the first delete (aws-nuke enforces at least three).
pub const COUNTDOWN_SECONDS: u64 = 3;

/// A visible countdown before the first delete; Ctrl-C during it cancels with nothing changed.
async fn countdown(ready: usize) -> Result<(), Failure> {
    if ready == 0 {
        return Ok(());
    }
    let count = async {
        for left in (1..=COUNTDOWN_SECONDS).rev() {
            eprintln!(
                "{}",
                tf("td.countdown", &[("ready", &ready), ("left", &left)])
            );
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
        }
    };
    tokio::select! {
        _ = count => Ok(()),
        _ = tokio::signal::ctrl_c() => Err(Failure::new(ExitCode::Interrupted, t("td.cancelled"))),
    }
}

/// The account guard before the first delete: a refusal is a usage error (exit 2) with its fix.
async fn guard_check(guard: &Guard, cloud: &Cloud, account: &str) -> Result<(), Failure> {
    match guard.enforce(cloud, Purpose::Teardown, account).await {
        Ok(None) => Ok(()),
        Ok(Some(reason)) => {
            // On stderr in every output format, so JSON consumers' logs keep it too.
            eprintln!(
                "keystore-wizard: {}",
                tf("h.warning", &[("reason", &reason)])
            );
            Ok(())
        }
        Err(r) => Err(Failure::usage(format!(
            "{}: {}\n  {}",
            r.code,
            r.meaning,
            r.fix.join("\n  ")
        ))),
    }
}

pub async fn teardown(g: &Global, args: TeardownArgs) -> Result<(), Failure> {
    let regions = regions_arg(&args.regions)?;
    if !(7..=30).contains(&args.pending_window_days) {
        return Err(Failure::usage(t("cli.window_bad")));
    }
    for id in &args.include {
        check_resource_id(id).map_err(Failure::usage)?;
    }
    if args.execute && args.confirm.is_none() {
        return Err(Failure::usage(t("cli.confirm_missing")));
    }
    let options = context::options(g);
    let guard = load_guard(&options)?;
    let dir = run_dir(&options)?;
    let mut journal = open_journal(&dir)?;

    let (target, waiter, _) = build_target(&options, &dir).await?;
    let reporter: SharedReporter = match (args.execute, g.output) {
        (true, Output::Text) => Arc::new(TextReporter::default()),
        _ => Arc::new(Silent),
    };
    let cloud = connect(g, &target, reporter.clone()).await?;
    if let Some(confirm) = &args.confirm {
        let me = cloud
            .identity()
            .await
            .map_err(|e| Failure::aws(e.to_string()))?;
        if args.execute && confirm.trim() != me.account_id {
            return Err(Failure::usage(tf(
                "cli.confirm_mismatch",
                &[("given", &confirm.trim()), ("account", &me.account_id)],
            )));
        }
        if args.execute {
            guard_check(&guard, &cloud, &me.account_id).await?;
        }
    }
    let known_ours: Vec<String> = journal.resources().into_iter().map(|(_, id)| id).collect();
    let delete_iam = match (
        args.delete_iam,
        journal.fact("admin_group"),
        journal.fact("admin_policy_arn"),
    ) {
        (true, Some(g), Some(p)) => Some((g.to_string(), p.to_string())),
        (true, _, _) => {
            return Err(Failure::usage(t("cli.delete_iam_unknown")));
        }
        _ => None,
    };
    let order = keystore_engine::teardown::Order::parse(&args.order).unwrap_or_default();
    let mut opts = Options {
        order,
        window_days: args.pending_window_days,
        delete_backups: args.delete_backups,
        delete_key_store_role: args.delete_key_store_role,
        delete_iam,
        include: args.include.clone(),
        known_ours,
        memberships: keystore_engine::teardown::memberships(&journal),
        include_in_use: args.include_in_use,
        disable_first: args.disable_first,
        ..Options::default()
    };
    let scan = |cloud: Cloud, regions: Option<Vec<String>>| async move {
        inventory::scan(&cloud, regions)
            .await
            .map_err(|e| Failure::aws(e.to_string()))
    };
    let mut inv = scan(cloud.clone(), regions.clone()).await?;
    inv.claim(&opts.known_ours);
    keystore_engine::teardown::radius::prepare(&cloud, &inv, &mut opts, now_for(&target)).await;
    let steps = teardown::plan(&inv, &opts, now_for(&target));
    if g.output == Output::Text {
        print_inventory(&inv);
        print_steps(t("td.plan"), &steps);
        say(&report::order_note(&opts));
        say(t("td.order_flags"));
        if steps
            .iter()
            .any(|s| s.action == "schedule_key_deletion" && s.status == teardown::StepStatus::Ready)
        {
            say(t("td.alarm_hint"));
        }
    }
    if !args.execute {
        match g.output {
            Output::Json => say(
                &serde_json::json!({"inventory": inv, "plan": steps, "order": order, "executed": false})
                    .to_string(),
            ),
            Output::Text => say(&tf("td.dry_run", &[("account", &inv.account_id)])),
        }
        return Ok(());
    }
    let confirm = args.confirm.unwrap_or_default();
    if confirm.trim() != inv.account_id {
        return Err(Failure::usage(tf(
            "cli.confirm_mismatch",
            &[("given", &confirm.trim()), ("account", &inv.account_id)],
        )));
    }
    if journal.run().is_none() {
        let id = format!("teardown-{}", now_for(&target));
        journal
            .begin(&id, &cloud.region, &target.label())
            .map_err(|e| Failure::aws(e.to_string()))?;
    }
    countdown(
        steps
            .iter()
            .filter(|s| s.status == teardown::StepStatus::Ready)
            .count(),
    )
    .await?;
    let now = || now_for(&target);
    let teardown::Executed {
        results,
        remaining,
        come_back,
    } = teardown::execute_all(
        &cloud,
        &steps,
        &opts,
        regions,
        now,
        &waiter,
        &reporter,
        &mut journal,
    )
    .await
    .map_err(|e| Failure::aws(e.to_string()))?;
    let errors = results.iter().filter(|r| r.outcome.is_err()).count();
    match g.output {
        Output::Json => say(&serde_json::json!({"inventory": inv, "plan": steps, "order": order, "executed": true, "results": results, "remaining": remaining, "come_back": come_back}).to_string()),
        Output::Text => {
            say(t("td.results"));
            for r in &results {
                say(&format!("  {}", report::result_line(r)));
            }
            print_steps(t("td.remaining"), &remaining);
            if let Some(d) = come_back {
                say(&tf(
                    "td.come_back",
                    &[("date", &exec::day(d)), ("account", &inv.account_id)],
                ));
            }
        }
    }
    if errors > 0 {
        return Err(Failure::aws(tf("td.steps_failed", &[("n", &errors)])));
    }
    Ok(())
}
