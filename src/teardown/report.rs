//! Teardown and inventory as text lines: shared by `status`/`teardown` output and the TUI's
//! teardown screen. Ids and AWS names are kept as they are.

use super::exec::{Done, day};
use super::{Step, StepStatus};
use crate::inventory::{Inventory, RegionState};

pub fn inventory_lines(inv: &Inventory) -> Vec<String> {
    let mut out = vec![format!(
        "account {} · {} Region(s) {}",
        inv.account_id,
        inv.regions.len(),
        if inv.complete {
            "(every enabled Region)"
        } else {
            "(not all Regions)"
        }
    )];
    let mut empty = 0;
    for r in &inv.regions {
        if let RegionState::Unknown { reason } = &r.status {
            out.push(format!("{}: UNKNOWN — {reason}", r.region));
            continue;
        }
        if r.clusters.is_empty() && r.stores.is_empty() && r.backups.is_empty() {
            empty += 1;
            continue;
        }
        out.push(format!("{}:", r.region));
        for c in &r.clusters {
            let hsms: Vec<String> = c
                .hsms
                .iter()
                .map(|(id, az, st)| format!("{id} {st} {az}"))
                .collect();
            out.push(format!(
                "  cluster {} {} ({}) HSMs: [{}]",
                c.id,
                c.state,
                if c.ours { "ours" } else { "foreign" },
                hsms.join(", ")
            ));
        }
        for s in &r.stores {
            let keys: Vec<String> = s
                .keys
                .iter()
                .map(|k| match k.deletion_date {
                    Some(d) => format!("{} {} (deleted on {})", k.id, k.state, day(d)),
                    None => format!("{} {}", k.id, k.state),
                })
                .collect();
            out.push(format!(
                "  key store {} \"{}\" {} on {} ({}) keys: [{}]",
                s.id,
                s.name,
                s.state,
                s.cluster_id,
                if s.ours { "ours" } else { "foreign" },
                keys.join(", ")
            ));
        }
        for b in &r.backups {
            out.push(format!("  backup {} of {} {}", b.id, b.cluster_id, b.state));
        }
    }
    if empty > 0 {
        out.push(format!(
            "{empty} Region(s): no cluster, key store or backup"
        ));
    }
    out.push("service-linked roles:".into());
    for r in &inv.roles {
        let state = if r.exists { "exists" } else { "absent" };
        let blockers = if !r.exists {
            String::new()
        } else if r.blockers.is_empty() {
            " — nothing blocks its deletion".into()
        } else {
            format!(" — blocked: {}", r.blockers.join("; "))
        };
        out.push(format!(
            "  {} (trusts {}): {state}{blockers}",
            r.name, r.principal
        ));
    }
    out
}

pub fn step_line(s: &Step) -> String {
    let status = match &s.status {
        StepStatus::Ready => "[ready]".to_string(),
        StepStatus::WaitsUntil { date, reason } => format!("[waits until {}] {reason}", day(*date)),
        StepStatus::Blocked { reason } => format!("[blocked] {reason}"),
        StepStatus::LeftAlone { reason } => format!("[left alone] {reason}"),
    };
    format!(
        "{:<10} {:<27} {} {status}",
        s.region.as_deref().unwrap_or("global"),
        s.action,
        s.target
    )
}

pub fn result_line(r: &Done) -> String {
    let outcome = match &r.outcome {
        Ok(m) => format!("done: {m}"),
        Err(e) => format!("FAILED: {e}"),
    };
    format!(
        "{:<10} {:<27} {} {outcome}",
        r.region.as_deref().unwrap_or("global"),
        r.action,
        r.target
    )
}
