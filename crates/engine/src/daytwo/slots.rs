//! What the journal keeps for day two, as facts (JSON text; never a secret): the places of a
//! parked cluster's HSMs (AZ, subnet, IP address), written before the first HSM is deleted so a
//! crash half way loses none; and the ledger of the HSMs this tool created, with the account's
//! times, from which `status` counts their HSM-hours (the API gives no HSM creation time).
//! Pure data: no AWS calls.

use serde::{Deserialize, Serialize};

/// The fact holding a parked cluster's HSM places.
pub const PARKED: &str = "parked_hsms";
/// The fact holding the ledger of HSMs this tool created.
pub const LEDGER: &str = "hsm_ledger";
/// The fact holding the backup a park waited for.
pub const PARK_BACKUP: &str = "park_backup";
/// The fact holding the backups a park found before its first deletion (comma-separated).
pub const PARK_BEFORE: &str = "park_backups_before";

/// Where an HSM was: recreated there, at the same address when it is free.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slot {
    pub az: String,
    pub subnet: String,
    pub ip: String,
}

/// Reads the parked places (none when the fact is absent or empty).
pub fn parked(fact: Option<&str>) -> Result<Vec<Slot>, String> {
    match fact.map(str::trim) {
        None | Some("") => Ok(Vec::new()),
        Some(text) => serde_json::from_str(text)
            .map_err(|e| format!("the journal's {PARKED} is not readable: {e}")),
    }
}

/// `slots` with `more` added, each place once (by AZ and address).
pub fn remember(mut slots: Vec<Slot>, more: impl IntoIterator<Item = Slot>) -> Vec<Slot> {
    for s in more {
        if !slots.iter().any(|x| x.az == s.az && x.ip == s.ip) {
            slots.push(s);
        }
    }
    slots
}

pub fn encode<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// One HSM this tool created: from when to when (account time, epoch seconds).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Life {
    pub id: String,
    pub from: i64,
    pub to: Option<i64>,
}

pub fn ledger(fact: Option<&str>) -> Vec<Life> {
    fact.and_then(|t| serde_json::from_str(t).ok())
        .unwrap_or_default()
}

/// The ledger with `id` opened at `now` (an id already open stays as it is).
pub fn opened(mut lives: Vec<Life>, id: &str, now: i64) -> Vec<Life> {
    if !lives.iter().any(|l| l.id == id) {
        lives.push(Life {
            id: id.to_string(),
            from: now,
            to: None,
        });
    }
    lives
}

/// The ledger with `id` closed at `now`.
pub fn closed(mut lives: Vec<Life>, id: &str, now: i64) -> Vec<Life> {
    for l in lives.iter_mut().filter(|l| l.id == id && l.to.is_none()) {
        l.to = Some(now.max(l.from));
    }
    lives
}

/// HSM-hours of the ledger at `now`. An HSM still open in the ledger that `alive` does not
/// know (deleted by someone else, or by a teardown that does not keep the ledger) has no known
/// end: it is left out and counted in the second number.
pub fn hours(lives: &[Life], now: i64, alive: impl Fn(&str) -> bool) -> (f64, usize) {
    let mut secs = 0i64;
    let mut unknown = 0;
    for l in lives {
        let end = match l.to {
            Some(t) => t,
            None if alive(&l.id) => now,
            None => {
                unknown += 1;
                continue;
            }
        };
        secs += (end - l.from).max(0);
    }
    (secs as f64 / 3600.0, unknown)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slot(az: &str, ip: &str) -> Slot {
        Slot {
            az: az.into(),
            subnet: format!("subnet-{az}"),
            ip: ip.into(),
        }
    }

    #[test]
    fn places_are_kept_once_and_read_back() {
        let a = remember(Vec::new(), [slot("a", "10.0.0.5"), slot("b", "10.0.1.5")]);
        let again = remember(a.clone(), [slot("a", "10.0.0.5")]);
        assert_eq!(again, a);
        assert_eq!(parked(Some(&encode(&a))).expect("reads"), a);
        assert_eq!(parked(None).expect("none"), Vec::new());
        assert!(parked(Some("{not json")).is_err());
    }

    #[test]
    fn hsm_hours_count_closed_and_live_hsms_and_say_what_is_unknown() {
        let l = opened(Vec::new(), "hsm-a", 0);
        let l = opened(l, "hsm-b", 3600);
        let l = opened(l, "hsm-c", 0);
        let l = closed(l, "hsm-a", 7200);
        let l = opened(l, "hsm-a", 9000);
        let (h, unknown) = hours(&l, 10800, |id| id == "hsm-b");
        // a: 2 h (closed; opening it again changes nothing), b: 2 h (alive), c: unknown.
        assert_eq!((h, unknown), (4.0, 1));
    }
}
