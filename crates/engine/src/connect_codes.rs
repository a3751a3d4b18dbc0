//! What each ConnectionErrorCode of a CloudHSM key store means and the documented fix, as steps
//! (AWS-FACTS.md, from the KMS Developer Guide), worded in `i18n/`. Shared by the headless output
//! and the TUI.

/// (meaning, fix steps) for a ConnectionErrorCode, in the operator's language (catalog keys
/// `connect.<CODE>` and `connect.<CODE>.fix`; a code this program does not know gets `UNKNOWN`'s).
pub fn explain(code: &str) -> (String, Vec<String>) {
    let known = if ALL.contains(&code) { code } else { "UNKNOWN" };
    (
        crate::i18n::t(&format!("connect.{known}")).to_string(),
        crate::i18n::lines(&format!("connect.{known}.fix")),
    )
}

pub const ALL: [&str; 10] = [
    "INTERNAL_ERROR",
    "NETWORK_ERRORS",
    "CLUSTER_NOT_FOUND",
    "INSUFFICIENT_CLOUDHSM_HSMS",
    "INSUFFICIENT_FREE_ADDRESSES_IN_SUBNET",
    "INVALID_CREDENTIALS",
    "SUBNET_NOT_FOUND",
    "USER_LOCKED_OUT",
    "USER_LOGGED_IN",
    "USER_NOT_FOUND",
];

#[cfg(test)]
mod tests {
    #[test]
    fn every_code_has_its_own_meaning_and_fix() {
        let mut meanings = std::collections::BTreeSet::new();
        for code in super::ALL {
            let (meaning, fix) = super::explain(code);
            assert!(!fix.is_empty(), "{code}");
            assert!(meanings.insert(meaning), "{code} shares a meaning");
        }
    }
}
