//! The account guard (RELIABILITY A2): before anything changes, the caller's account id is
//! checked against the operator's blocklist and its alias against blocked terms. A bypass needs
//! two keys, as in aws-nuke: the `--bypass-account-guard` flag *and* the account id listed under
//! `bypass` in the config file — one alone is refused, naming the missing one.
//!
//! The config file is `--config FILE`, else `$XDG_CONFIG_HOME/keystore-wizard/config.toml`, else
//! `~/.config/keystore-wizard/config.toml`; a missing default file is an empty guard. A teardown
//! always also blocks aliases containing "prod" (the one built-in term): setting up a production
//! key store is the tool's purpose, deleting one by mistake is what the guard is for.

use crate::cloud::Cloud;
use crate::i18n::{t, tf};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The alias term a teardown always refuses without the two-key bypass.
pub const TEARDOWN_TERM: &str = "prod";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Setup,
    Teardown,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    account_guard: Lists,
}

#[derive(Debug, Default, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct Lists {
    #[serde(default)]
    blocklist: Vec<String>,
    #[serde(default)]
    blocked_alias_terms: Vec<String>,
    #[serde(default)]
    bypass: Vec<String>,
}

/// The operator's lists plus whether `--bypass-account-guard` was given.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Guard {
    lists: Lists,
    pub bypass_flag: bool,
}

/// Why the guard stopped a run: a code, what it means, and how to proceed.
#[derive(Debug, Clone, PartialEq)]
pub struct Refusal {
    pub code: &'static str,
    pub meaning: String,
    pub fix: Vec<String>,
}

/// `$XDG_CONFIG_HOME/keystore-wizard/config.toml`, else `~/.config/keystore-wizard/config.toml`.
pub fn default_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|v| !v.is_empty())
                .map(|h| PathBuf::from(h).join(".config"))
        })?;
    Some(base.join("keystore-wizard/config.toml"))
}

impl Guard {
    /// Reads the config: an explicit path must exist; the default path may be absent.
    pub fn load(explicit: Option<&Path>, bypass_flag: bool) -> Result<Self, String> {
        let (path, must_exist) = match explicit {
            Some(p) => (p.to_path_buf(), true),
            None => match default_path() {
                Some(p) => (p, false),
                None => return Self::new("", bypass_flag),
            },
        };
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if !must_exist && e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(format!("cannot read the config {}: {e}", path.display())),
        };
        Self::new(&text, bypass_flag).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Parses config text; account ids must be 12 digits and terms non-empty.
    pub fn new(text: &str, bypass_flag: bool) -> Result<Self, String> {
        let file: File = toml::from_str(text).map_err(|e| e.to_string())?;
        let l = &file.account_guard;
        for (field, ids) in [("blocklist", &l.blocklist), ("bypass", &l.bypass)] {
            if let Some(bad) = ids
                .iter()
                .find(|a| a.len() != 12 || !a.bytes().all(|b| b.is_ascii_digit()))
            {
                return Err(format!(
                    "account_guard.{field}: {bad:?} is not an AWS account id (12 digits)"
                ));
            }
        }
        if l.blocked_alias_terms.iter().any(|t| t.trim().is_empty()) {
            return Err("account_guard.blocked_alias_terms: a term may not be empty".into());
        }
        Ok(Self {
            lists: file.account_guard,
            bypass_flag,
        })
    }

    /// The alias terms that block this purpose, lower-case.
    pub fn terms(&self, purpose: Purpose) -> Vec<String> {
        let mut t: Vec<String> = self
            .lists
            .blocked_alias_terms
            .iter()
            .map(|t| t.trim().to_lowercase())
            .collect();
        if purpose == Purpose::Teardown {
            t.push(TEARDOWN_TERM.into());
        }
        t.sort();
        t.dedup();
        t
    }

    /// Decides for an account and its aliases (`Err(code)` when they could not be read).
    /// `Ok(Some(notice))` means a blocked account let through by the two-key bypass.
    pub fn decide(
        &self,
        purpose: Purpose,
        account: &str,
        aliases: Result<&[String], &str>,
    ) -> Result<Option<String>, Refusal> {
        let terms = self.terms(purpose);
        let reason = if self.lists.blocklist.iter().any(|a| a == account) {
            Some(tf("guard.blocklist", &[("account", &account)]))
        } else if terms.is_empty() {
            None
        } else {
            match aliases {
                Ok(list) => list.iter().find_map(|alias| {
                    let lower = alias.to_lowercase();
                    terms
                        .iter()
                        .find(|t| lower.contains(t.as_str()))
                        .map(|term| {
                            tf(
                                "guard.term",
                                &[("alias", alias), ("account", &account), ("term", term)],
                            )
                        })
                }),
                Err(code) => Some(tf(
                    "guard.unreadable",
                    &[("account", &account), ("code", &code)],
                )),
            }
        };
        let Some(reason) = reason else {
            return Ok(None);
        };
        let listed = self.lists.bypass.iter().any(|a| a == account);
        match (self.bypass_flag, listed) {
            (true, true) => Ok(Some(tf("guard.bypassed", &[("reason", &reason)]))),
            (flag, listed) => {
                let missing = match (flag, listed) {
                    (false, false) => t("guard.missing_both"),
                    (false, true) => t("guard.missing_flag"),
                    _ => t("guard.missing_config"),
                };
                Err(Refusal {
                    code: "AccountGuard",
                    meaning: tf("guard.refused", &[("reason", &reason)]),
                    fix: vec![
                        t("guard.fix").into(),
                        tf("guard.missing", &[("missing", &missing)]),
                    ],
                })
            }
        }
    }

    /// Reads the aliases when a term could match, then [`Guard::decide`].
    pub async fn enforce(
        &self,
        cloud: &Cloud,
        purpose: Purpose,
        account: &str,
    ) -> Result<Option<String>, Refusal> {
        if self.terms(purpose).is_empty() || self.lists.blocklist.iter().any(|a| a == account) {
            return self.decide(purpose, account, Ok(&[]));
        }
        match cloud.account_aliases().await {
            Ok(list) => self.decide(purpose, account, Ok(&list)),
            Err(e) => self.decide(purpose, account, Err(&e.code)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "111122223333";

    fn guard(text: &str, flag: bool) -> Guard {
        Guard::new(text, flag).expect("valid config")
    }

    #[test]
    fn an_empty_config_blocks_nothing_in_setup_and_prod_in_teardown() {
        let g = guard("", false);
        let prod = vec!["acme-prod-eu".to_string()];
        assert_eq!(g.decide(Purpose::Setup, A, Ok(&prod)), Ok(None));
        let r = g
            .decide(Purpose::Teardown, A, Ok(&prod))
            .expect_err("prod alias blocks a teardown");
        assert_eq!(r.code, "AccountGuard");
        assert!(r.meaning.contains("\"prod\""), "{}", r.meaning);
        assert_eq!(
            g.decide(Purpose::Teardown, A, Ok(&["acme-dev".into()])),
            Ok(None)
        );
    }

    #[test]
    fn a_blocklisted_account_needs_both_keys() {
        let cfg = format!("[account_guard]\nblocklist = [\"{A}\"]\n");
        for flag in [false, true] {
            let r = guard(&cfg, flag)
                .decide(Purpose::Setup, A, Ok(&[]))
                .expect_err("one key is not enough");
            assert!(r.meaning.contains("blocklist"), "{}", r.meaning);
            assert!(r.fix[1].contains("account_guard.bypass"), "{:?}", r.fix);
        }
        let listed = format!("{cfg}bypass = [\"{A}\"]\n");
        let r = guard(&listed, false)
            .decide(Purpose::Setup, A, Ok(&[]))
            .expect_err("config alone is not enough");
        assert!(
            r.fix[1].contains("--bypass-account-guard flag ("),
            "{:?}",
            r.fix
        );
        let ok = guard(&listed, true).decide(Purpose::Setup, A, Ok(&[]));
        assert!(matches!(ok, Ok(Some(n)) if n.contains("bypassed")));
        // Another account is not affected by the list.
        assert_eq!(
            guard(&cfg, false).decide(Purpose::Setup, "444455556666", Ok(&[])),
            Ok(None)
        );
    }

    #[test]
    fn terms_match_case_insensitively_and_an_unreadable_alias_is_refused() {
        let g = guard("[account_guard]\nblocked_alias_terms = [\"Live\"]\n", false);
        assert!(
            g.decide(Purpose::Setup, A, Ok(&["shop-LIVE".into()]))
                .is_err()
        );
        assert_eq!(g.decide(Purpose::Setup, A, Ok(&[])), Ok(None));
        let r = g
            .decide(Purpose::Setup, A, Err("AccessDenied"))
            .expect_err("unknown alias is not a pass");
        assert!(r.meaning.contains("AccessDenied"), "{}", r.meaning);
    }

    #[test]
    fn bad_configs_name_the_field() {
        for (text, field) in [
            ("[account_guard]\nblocklist = [\"12\"]\n", "blocklist"),
            ("[account_guard]\nbypass = [\"abcdabcdabcd\"]\n", "bypass"),
            (
                "[account_guard]\nblocked_alias_terms = [\" \"]\n",
                "blocked_alias_terms",
            ),
            ("[account_guard]\nblock = []\n", "block"),
        ] {
            let e = Guard::new(text, false).expect_err(text);
            assert!(e.contains(field), "{text}: {e}");
        }
    }
}
