//! What an AWS operation does to the account, by its name: a read (Describe*, Get*, List*,
//! Simulate*, CloudTrail's Lookup*) or a call that changes nothing at all (reads, plus KMS's cryptographic calls).
//! One definition for the sandbox's mutation hooks, the engine's reporters and the TUI's list.

/// A read: it only returns what exists (a wait's poll, a read before a create).
pub fn is_read(operation: &str) -> bool {
    ["Describe", "List", "Get", "Simulate", "Lookup"]
        .iter()
        .any(|p| operation.starts_with(p))
}

/// Changes nothing in the account: a read, or Encrypt, Decrypt, GenerateRandom.
pub fn changes_nothing(operation: &str) -> bool {
    is_read(operation) || matches!(operation, "Encrypt" | "Decrypt" | "GenerateRandom")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_changes() {
        assert!(is_read("DescribeClusters") && is_read("SimulatePrincipalPolicy"));
        assert!(
            is_read("LookupEvents"),
            "CloudTrail's history is read, not changed"
        );
        assert!(!is_read("CreateCluster") && !is_read("Decrypt"));
        assert!(changes_nothing("Decrypt") && !changes_nothing("DeleteHsm"));
    }
}
