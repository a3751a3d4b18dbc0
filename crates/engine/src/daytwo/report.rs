//! What `status` says of the journal's cluster on day two: parked or not (and where its HSMs
//! come back), what its HSMs cost an hour now, and the HSM-hours of the HSMs this tool created,
//! from the journal's ledger (AWS gives no HSM creation time, so an HSM the tool did not create
//! is "unknown"). Reads a journal's data and an inventory; no AWS calls.

use super::slots;
use crate::i18n::tf;
use crate::inventory::Inventory;
use crate::run::journal::RunData;

/// CloudHSM's on-demand price range per HSM-hour the wizard quotes (hsm1.medium and
/// hsm2m.medium across Regions: about $1.45 to $1.60).
pub const HOURLY: (f64, f64) = (1.45, 1.60);

pub fn status_lines(data: &RunData, inv: &Inventory, now: i64) -> Vec<String> {
    let Some(cluster_id) = data.facts.get("cluster_id") else {
        return Vec::new();
    };
    let cluster = inv
        .regions
        .iter()
        .filter(|r| r.region == data.region)
        .flat_map(|r| r.clusters.iter())
        .find(|c| &c.id == cluster_id);
    let Some(cluster) = cluster else {
        return Vec::new();
    };
    let live: Vec<&str> = cluster
        .hsms
        .iter()
        .filter(|(_, _, st)| st != "DELETED" && st != "DELETE_IN_PROGRESS")
        .map(|(id, _, _)| id.as_str())
        .collect();
    let mut out = Vec::new();
    let places =
        slots::parked(data.facts.get(slots::PARKED).map(String::as_str)).unwrap_or_default();
    if live.is_empty() && !places.is_empty() {
        let at: Vec<String> = places
            .iter()
            .map(|s| format!("{} {}", s.az, s.ip))
            .collect();
        out.push(tf(
            "d2.status_parked",
            &[
                ("cluster", cluster_id),
                ("n", &places.len()),
                ("places", &at.join(", ")),
                (
                    "backup",
                    &data
                        .facts
                        .get(slots::PARK_BACKUP)
                        .cloned()
                        .unwrap_or_else(|| "-".into()),
                ),
            ],
        ));
    }
    let n = live.len() as f64;
    out.push(tf(
        "d2.status_cost",
        &[
            ("cluster", cluster_id),
            ("n", &live.len()),
            ("low", &format!("{:.2}", n * HOURLY.0)),
            ("high", &format!("{:.2}", n * HOURLY.1)),
        ],
    ));
    // Copies in other Regions (copy-backup), with their state there now.
    for entry in data
        .facts
        .get(super::copy::COPIES)
        .map(|c| c.split(',').filter(|x| !x.is_empty()).collect::<Vec<_>>())
        .unwrap_or_default()
    {
        let (region, id) = entry.split_once(':').unwrap_or(("?", entry));
        let state = inv
            .regions
            .iter()
            .filter(|r| r.region == region)
            .flat_map(|r| r.backups.iter())
            .find(|b| b.id == id)
            .map(|b| b.state.clone())
            .unwrap_or_else(|| crate::i18n::t("d2.copy_gone").to_string());
        out.push(tf(
            "d2.status_copy",
            &[("id", &id), ("region", &region), ("state", &state)],
        ));
    }
    let lives = slots::ledger(data.facts.get(slots::LEDGER).map(String::as_str));
    let (hours, unknown) = slots::hours(&lives, now, |id| live.contains(&id));
    let ours: Vec<&str> = lives.iter().map(|l| l.id.as_str()).collect();
    let others = live.iter().filter(|id| !ours.contains(id)).count();
    out.push(tf(
        "d2.status_hours",
        &[
            ("hours", &format!("{hours:.1}")),
            ("n", &lives.len()),
            ("unended", &unknown),
            ("others", &others),
        ],
    ));
    out
}
