//! Teardown and inventory as text lines: shared by `status`/`teardown` output and the TUI's
//! teardown screen. Ids and AWS names are kept as they are.

use super::exec::{Done, day};
use super::{Step, StepStatus};
use crate::i18n::{t, tf};
use crate::inventory::{Inventory, RegionState};

fn owner(ours: bool) -> &'static str {
    if ours {
        t("rep.ours")
    } else {
        t("rep.foreign")
    }
}

pub fn inventory_lines(inv: &Inventory) -> Vec<String> {
    let scope = if inv.complete {
        t("rep.every_region")
    } else {
        t("rep.some_regions")
    };
    let mut out = vec![tf(
        "rep.account",
        &[
            ("account", &inv.account_id),
            ("n", &inv.regions.len()),
            ("scope", &scope),
        ],
    )];
    let mut empty = 0;
    for r in &inv.regions {
        if let RegionState::Unknown { reason } = &r.status {
            out.push(tf(
                "rep.unknown",
                &[("region", &r.region), ("reason", reason)],
            ));
            continue;
        }
        if r.clusters.is_empty()
            && r.stores.is_empty()
            && r.backups.is_empty()
            && r.client.is_empty()
        {
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
            out.push(tf(
                "rep.cluster",
                &[
                    ("id", &c.id),
                    ("state", &c.state),
                    ("owner", &owner(c.ours)),
                    ("hsms", &hsms.join(", ")),
                ],
            ));
        }
        for s in &r.stores {
            let keys: Vec<String> = s
                .keys
                .iter()
                .map(|k| match k.deletion_date {
                    Some(d) => tf(
                        "rep.key_deleted_on",
                        &[("id", &k.id), ("state", &k.state), ("date", &day(d))],
                    ),
                    None => format!("{} {}", k.id, k.state),
                })
                .collect();
            out.push(tf(
                "rep.store",
                &[
                    ("id", &s.id),
                    ("name", &s.name),
                    ("state", &s.state),
                    ("cluster", &s.cluster_id),
                    ("owner", &owner(s.ours)),
                    ("keys", &keys.join(", ")),
                ],
            ));
        }
        for p in &r.client {
            out.push(tf(
                "rep.client",
                &[("kind", &p.kind), ("id", &p.id), ("state", &p.state)],
            ));
        }
        for b in &r.backups {
            let args: [(&str, &dyn std::fmt::Display); 3] = [
                ("id", &b.id),
                ("cluster", &b.cluster_id),
                ("state", &b.state),
            ];
            // A backup pending deletion is restorable until AWS purges it: say when.
            out.push(match b.delete_at {
                Some(at) => tf(
                    "rep.backup_purge",
                    &[args[0], args[1], args[2], ("date", &day(at))],
                ),
                None => tf("rep.backup", &args),
            });
        }
    }
    if empty > 0 {
        out.push(tf("rep.empty_regions", &[("n", &empty)]));
    }
    for name in &inv.client_identities {
        out.push(tf("rep.client_identity", &[("name", name)]));
    }
    out.push(t("rep.roles").into());
    for r in &inv.roles {
        let state = if r.exists {
            t("rep.exists")
        } else {
            t("rep.absent")
        };
        let blockers = if !r.exists {
            String::new()
        } else if r.blockers.is_empty() {
            t("rep.unblocked").into()
        } else {
            tf("rep.blocked_by", &[("blockers", &r.blockers.join("; "))])
        };
        out.push(tf(
            "rep.role",
            &[
                ("name", &r.name),
                ("principal", &r.principal),
                ("state", &state),
                ("blockers", &blockers),
            ],
        ));
    }
    out
}

pub fn step_line(s: &Step) -> String {
    let status = match &s.status {
        StepStatus::Ready => format!("[{}]", t("rep.ready")),
        StepStatus::WaitsUntil { date, reason } => {
            format!(
                "[{}] {reason}",
                tf("rep.waits_until", &[("date", &day(*date))])
            )
        }
        StepStatus::Blocked { reason } => format!("[{}] {reason}", t("rep.blocked")),
        StepStatus::LeftAlone { reason } => format!("[{}] {reason}", t("rep.left_alone")),
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
        Ok(m) => format!("{}: {m}", t("rep.done")),
        Err(e) => format!("{}: {e}", t("rep.failed")),
    };
    format!(
        "{:<10} {:<27} {} {outcome}",
        r.region.as_deref().unwrap_or("global"),
        r.action,
        r.target
    )
}

/// What the chosen order does with the key material, in plain words (under every plan).
pub fn order_note(opts: &super::Options) -> String {
    match (opts.order, opts.delete_backups) {
        (super::Order::Shred, _) => t("td.order_shred").into(),
        (super::Order::StopBilling, false) => t("td.order_stop_billing").into(),
        (super::Order::StopBilling, true) => t("td.order_stop_billing_backups").into(),
    }
}
