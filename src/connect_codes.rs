//! What each ConnectionErrorCode of a CloudHSM key store means and the documented fix, as steps
//! (AWS-FACTS.md, from the KMS Developer Guide). Shared by the headless output and the TUI.

/// (meaning, fix steps) for a ConnectionErrorCode.
pub fn explain(code: &str) -> (&'static str, Vec<&'static str>) {
    match code {
        "INTERNAL_ERROR" => (
            "AWS KMS could not complete the request because of an internal error.",
            vec!["Disconnect the key store.", "Connect it again."],
        ),
        "NETWORK_ERRORS" => (
            "Network errors prevent AWS KMS from reaching the cluster (usually transient).",
            vec![
                "Disconnect the key store and wait a few minutes.",
                "Check the cluster's security group and network ACLs allow TCP 2223-2225 inside the VPC.",
                "Connect again.",
            ],
        ),
        "CLUSTER_NOT_FOUND" => (
            "AWS KMS cannot find the cluster: the id is wrong or the cluster was deleted.",
            vec![
                "Restore a cluster from a backup of the original cluster.",
                "Disconnect the key store.",
                "UpdateCustomKeyStore with the new CloudHsmClusterId.",
                "Connect again.",
            ],
        ),
        "INSUFFICIENT_CLOUDHSM_HSMS" => (
            "The cluster has no active HSM.",
            vec![
                "Add an HSM to the cluster (better two, in different Availability Zones).",
                "Wait until it is ACTIVE, then connect again.",
            ],
        ),
        "INSUFFICIENT_FREE_ADDRESSES_IN_SUBNET" => (
            "A cluster subnet has no free IP address; AWS KMS needs one (two are better) in each.",
            vec![
                "Free addresses in the cluster's subnets, or restore the cluster into roomier subnets.",
                "Disconnect, then connect again.",
            ],
        ),
        "INVALID_CREDENTIALS" => (
            "The key store's password does not match the kmsuser password in the cluster.",
            vec![
                "Change the kmsuser password in the cluster (CloudHSM CLI: user change-password).",
                "Disconnect the key store.",
                "UpdateCustomKeyStore with the same KeyStorePassword.",
                "Connect again.",
            ],
        ),
        "SUBNET_NOT_FOUND" => (
            "A subnet of the cluster was deleted.",
            vec![
                "Create a cluster from a backup in existing subnets.",
                "Disconnect, UpdateCustomKeyStore with the new cluster id.",
                "Connect again.",
            ],
        ),
        "USER_LOCKED_OUT" => (
            "kmsuser is locked out after too many failed logins.",
            vec![
                "Disconnect the key store.",
                "As admin, change the kmsuser password (CloudHSM CLI).",
                "UpdateCustomKeyStore with the new KeyStorePassword.",
                "Connect again.",
            ],
        ),
        "USER_LOGGED_IN" => (
            "kmsuser is logged in to the cluster, so AWS KMS cannot log in as kmsuser.",
            vec![
                "Log kmsuser out of every CloudHSM CLI session.",
                "If you changed its password, update the key store's password.",
                "Connect again.",
            ],
        ),
        "USER_NOT_FOUND" => (
            "There is no kmsuser crypto user in the cluster, or it is missing on some HSM.",
            vec![
                "Create kmsuser as a crypto user on every HSM (CloudHSM CLI: user create --username kmsuser --role crypto-user).",
                "If its password differs, update the key store's password.",
                "Connect again (keystore-wizard setup --resume disconnects and reconnects).",
            ],
        ),
        _ => (
            "AWS KMS reported a connection error this program does not know.",
            vec!["Disconnect the key store, check the cluster, and connect again."],
        ),
    }
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
