//! Blast radius before deletion: for each key the plan would schedule, what its deletion would
//! break — its aliases and grants (from the inventory) and its recent use (CloudTrail, read
//! here once before planning, so every plan of one run sees the same answer). A key held by a
//! grant, used in the last `RECENT_DAYS` by anyone but the identity tearing down, or whose use
//! CloudTrail could not tell, is not scheduled without the operator naming it.

use crate::cloud::Cloud;
use crate::cloud::key_trail::KeyUse;
use crate::i18n::tf;
use crate::inventory::{Inventory, KeyItem};
use std::collections::BTreeMap;

/// "Recent" use, which blocks a key's deletion.
pub const RECENT_DAYS: i64 = 7;
/// How far back CloudTrail's event history goes.
pub const HISTORY_DAYS: i64 = 90;

/// The KMS operations that use a key (the rest manage it).
const CRYPTO: &[&str] = &[
    "Encrypt",
    "Decrypt",
    "ReEncrypt",
    "GenerateDataKey",
    "GenerateDataKeyWithoutPlaintext",
    "GenerateDataKeyPair",
    "GenerateDataKeyPairWithoutPlaintext",
    "Sign",
    "Verify",
    "GenerateMac",
    "VerifyMac",
    "DeriveSharedSecret",
];

/// Fills the options' blast-radius facts before planning: who is tearing down, and
/// CloudTrail's answer for every key it could schedule. The CLI and the TUI both call this.
pub async fn prepare(cloud: &Cloud, inv: &Inventory, opts: &mut super::Options, now: i64) {
    opts.me = match cloud.identity().await {
        Ok(i) => i.arn.rsplit('/').next().unwrap_or_default().to_string(),
        Err(_) => String::new(),
    };
    opts.recent_use = read(cloud, inv, now).await;
}

/// CloudTrail's answer for every key of our stores that is not pending deletion yet.
pub async fn read(cloud: &Cloud, inv: &Inventory, now: i64) -> BTreeMap<String, KeyUse> {
    let mut out = BTreeMap::new();
    for r in &inv.regions {
        let c = cloud.in_region(&r.region);
        for s in r.stores.iter().filter(|s| s.ours) {
            for k in s.keys.iter().filter(|k| k.state != "PendingDeletion") {
                let arn = format!("arn:aws:kms:{}:{}:key/{}", r.region, inv.account_id, k.id);
                let found = c.key_use(&arn, now - HISTORY_DAYS * 86400).await;
                out.insert(k.id.clone(), found);
            }
        }
    }
    out
}

/// A key's grants as "grantee (operations); …" — the plan's reasons and the TUI's radius.
pub fn grants_text(k: &KeyItem) -> String {
    k.grants
        .iter()
        .map(|g| format!("{} ({})", g.grantee, g.operations.join(",")))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Why `k` is not scheduled, if it is in use; `me` is the identity tearing down (its own
/// setup's round trips do not count as use).
pub fn in_use(k: &KeyItem, used: Option<&KeyUse>, me: &str, now: i64) -> Option<String> {
    let aliases = if k.aliases.is_empty() {
        "-".to_string()
    } else {
        k.aliases.join(", ")
    };
    if let Some(reason) = &k.unread {
        return Some(tf(
            "td.key_use_unknown",
            &[("key", &k.id), ("reason", reason), ("aliases", &aliases)],
        ));
    }
    if !k.grants.is_empty() {
        return Some(tf(
            "td.key_in_use",
            &[
                ("key", &k.id),
                ("grants", &grants_text(k)),
                ("aliases", &aliases),
            ],
        ));
    }
    match used? {
        KeyUse::Unknown { reason } => Some(tf(
            "td.key_use_unknown",
            &[("key", &k.id), ("reason", reason), ("aliases", &aliases)],
        )),
        KeyUse::Known { events } => {
            let recent: Vec<String> = events
                .iter()
                .filter(|e| e.when >= now - RECENT_DAYS * 86400)
                .filter(|e| CRYPTO.contains(&e.operation.as_str()) && e.who != me)
                .take(3)
                .map(|e| format!("{} {} {}", super::exec::day(e.when), e.who, e.operation))
                .collect();
            (!recent.is_empty()).then(|| {
                tf(
                    "td.key_used",
                    &[
                        ("key", &k.id),
                        ("events", &recent.join("; ")),
                        ("aliases", &aliases),
                    ],
                )
            })
        }
    }
}
