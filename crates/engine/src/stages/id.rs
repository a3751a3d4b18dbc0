//! The stage identifiers. An enum, so adding a stage makes the compiler list every `match`
//! that needs an arm (the stage table, `apply`, both languages' texts, the TUI's forms and
//! inputs); it reads and writes the same strings as before (`preflight`, `first_hsm`, …), so
//! journals, plan files and `--until` values written before keep working.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StageId {
    Preflight,
    Admin,
    Network,
    Cluster,
    ClientLaunch,
    FirstHsm,
    Initialize,
    ClientPrepare,
    Activate,
    SecondHsm,
    Kmsuser,
    KeyStore,
    Connect,
    FirstKey,
}

impl StageId {
    /// Every stage, in the documented order.
    pub const ALL: [StageId; 14] = [
        StageId::Preflight,
        StageId::Admin,
        StageId::Network,
        StageId::Cluster,
        StageId::ClientLaunch,
        StageId::FirstHsm,
        StageId::Initialize,
        StageId::ClientPrepare,
        StageId::Activate,
        StageId::SecondHsm,
        StageId::Kmsuser,
        StageId::KeyStore,
        StageId::Connect,
        StageId::FirstKey,
    ];

    /// The id as journals, plan files, events and `--until` spell it.
    pub const fn as_str(self) -> &'static str {
        match self {
            StageId::Preflight => "preflight",
            StageId::Admin => "admin",
            StageId::Network => "network",
            StageId::Cluster => "cluster",
            StageId::ClientLaunch => "client_launch",
            StageId::FirstHsm => "first_hsm",
            StageId::Initialize => "initialize",
            StageId::ClientPrepare => "client_prepare",
            StageId::Activate => "activate",
            StageId::SecondHsm => "second_hsm",
            StageId::Kmsuser => "kmsuser",
            StageId::KeyStore => "key_store",
            StageId::Connect => "connect",
            StageId::FirstKey => "first_key",
        }
    }

    /// The stage a string names, if any.
    pub fn parse(s: &str) -> Option<StageId> {
        Self::ALL.into_iter().find(|id| id.as_str() == s)
    }
}

impl std::fmt::Display for StageId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for StageId {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s).ok_or_else(|| format!("no stage is called {s:?}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_strings_are_the_ones_written_before_the_enum() {
        let before = [
            "preflight",
            "admin",
            "network",
            "cluster",
            "first_hsm",
            "initialize",
            "activate",
            "second_hsm",
            "kmsuser",
            "key_store",
            "connect",
            "first_key",
        ];
        let old: Vec<StageId> = StageId::ALL
            .into_iter()
            .filter(|id| !matches!(id, StageId::ClientLaunch | StageId::ClientPrepare))
            .collect();
        assert_eq!(old.len(), before.len());
        for (id, s) in old.iter().zip(before) {
            assert_eq!(id.as_str(), s);
            assert_eq!(StageId::parse(s), Some(*id));
            assert_eq!(serde_json::to_string(id).expect("json"), format!("\"{s}\""));
        }
        assert_eq!(StageId::parse("Preflight"), None);
        assert_eq!(StageId::parse("nowhere"), None);
    }
}
