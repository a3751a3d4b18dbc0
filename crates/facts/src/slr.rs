//! The three service-linked roles this flow meets, as AWS documents them (the CloudHSM User Guide and the KMS Developer Guide):
//! name, trusted principal, managed policy and its actions, how each is created, and when AWS
//! lets it be deleted. One catalogue, read by the sandbox (which creates them) and by the wizard
//! (which shows and observes them). Pure data: no I/O.

/// What AWS documents about deleting a role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deletion {
    /// Deletable once no cluster remains in any Region.
    AfterEveryClusterIsDeleted,
    /// The current KMS guide documents no procedure; KMS does not use it without key stores.
    NoDocumentedProcedure,
    /// Not part of this flow; never touched.
    NotPartOfThisFlow,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceLinkedRole {
    pub name: &'static str,
    pub principal: &'static str,
    pub policy_name: &'static str,
    pub policy_document: &'static str,
    pub trust_document: &'static str,
    pub description: &'static str,
    /// Whether iam:CreateServiceLinkedRole may create it directly.
    pub directly_creatable: bool,
    /// The operation that creates it on first use.
    pub created_by: &'static str,
    pub deletion: Deletion,
}

impl ServiceLinkedRole {
    pub fn path(&self) -> String {
        format!("/aws-service-role/{}/", self.principal)
    }
    pub fn policy_arn(&self) -> String {
        format!(
            "arn:aws:iam::aws:policy/aws-service-role/{}",
            self.policy_name
        )
    }
    pub fn role_arn(&self, account_id: &str) -> String {
        format!("arn:aws:iam::{account_id}:role{}{}", self.path(), self.name)
    }
    /// The actions of the managed policy, in document order.
    pub fn actions(&self) -> Vec<String> {
        let doc: serde_json::Value = serde_json::from_str(self.policy_document).unwrap_or_default();
        let mut out = Vec::new();
        let stmts = match doc.get("Statement") {
            Some(serde_json::Value::Array(a)) => a.clone(),
            Some(s) => vec![s.clone()],
            None => Vec::new(),
        };
        for s in stmts {
            match s.get("Action") {
                Some(serde_json::Value::Array(a)) => {
                    out.extend(a.iter().filter_map(|v| v.as_str().map(str::to_string)))
                }
                Some(serde_json::Value::String(a)) => out.push(a.clone()),
                _ => {}
            }
        }
        out
    }
}

pub const CLOUDHSM: ServiceLinkedRole = ServiceLinkedRole {
    name: "AWSServiceRoleForCloudHSM",
    principal: "cloudhsm.amazonaws.com",
    policy_name: "CloudHSMServiceRolePolicy",
    policy_document: include_str!("../../../assets/policies/CloudHSMServiceRolePolicy.json"),
    trust_document: include_str!("../../../assets/policies/trust-cloudhsm.amazonaws.com.json"),
    description: "Role for CloudHSM service",
    directly_creatable: true,
    created_by: "cloudhsmv2:CreateCluster",
    deletion: Deletion::AfterEveryClusterIsDeleted,
};

pub const KMS_CUSTOM_KEY_STORES: ServiceLinkedRole = ServiceLinkedRole {
    name: "AWSServiceRoleForKeyManagementServiceCustomKeyStores",
    principal: "cks.kms.amazonaws.com",
    policy_name: "AWSKeyManagementServiceCustomKeyStoresServiceRolePolicy",
    policy_document: include_str!(
        "../../../assets/policies/AWSKeyManagementServiceCustomKeyStoresServiceRolePolicy.json"
    ),
    trust_document: include_str!("../../../assets/policies/trust-cks.kms.amazonaws.com.json"),
    description: "Enables access to AWS services and resources required for AWS KMS custom key stores",
    directly_creatable: false,
    created_by: "kms:CreateCustomKeyStore",
    deletion: Deletion::NoDocumentedProcedure,
};

pub const KMS_MULTI_REGION_KEYS: ServiceLinkedRole = ServiceLinkedRole {
    name: "AWSServiceRoleForKeyManagementServiceMultiRegionKeys",
    principal: "mrk.kms.amazonaws.com",
    policy_name: "AWSKeyManagementServiceMultiRegionKeysServiceRolePolicy",
    policy_document: include_str!(
        "../../../assets/policies/AWSKeyManagementServiceMultiRegionKeysServiceRolePolicy.json"
    ),
    trust_document: include_str!("../../../assets/policies/trust-mrk.kms.amazonaws.com.json"),
    description: "Enables access to AWS services and resources required for AWS KMS Multi-Region Keys",
    directly_creatable: false,
    created_by: "kms:CreateKey (MultiRegion=true)",
    deletion: Deletion::NotPartOfThisFlow,
};

pub const ALL: [ServiceLinkedRole; 3] = [CLOUDHSM, KMS_CUSTOM_KEY_STORES, KMS_MULTI_REGION_KEYS];

pub fn by_principal(principal: &str) -> Option<ServiceLinkedRole> {
    ALL.into_iter().find(|r| r.principal == principal)
}

pub fn by_name(name: &str) -> Option<ServiceLinkedRole> {
    ALL.into_iter().find(|r| r.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policies_match_the_documents() {
        assert_eq!(
            CLOUDHSM.actions(),
            [
                "logs:CreateLogGroup",
                "logs:CreateLogStream",
                "logs:PutLogEvents",
                "logs:DescribeLogStreams"
            ]
        );
        // Seed 000: ten actions since the 2023-11-10 update (the older guide listed seven).
        assert_eq!(KMS_CUSTOM_KEY_STORES.actions().len(), 10);
        assert!(
            KMS_CUSTOM_KEY_STORES
                .actions()
                .contains(&"ec2:DescribeNetworkAcls".to_string())
        );
        assert_eq!(
            KMS_MULTI_REGION_KEYS.actions(),
            ["kms:SynchronizeMultiRegionKey"]
        );
        assert_eq!(CLOUDHSM.path(), "/aws-service-role/cloudhsm.amazonaws.com/");
        assert!(CLOUDHSM.trust_document.contains("cloudhsm.amazonaws.com"));
        assert_eq!(
            KMS_CUSTOM_KEY_STORES.policy_arn(),
            "arn:aws:iam::aws:policy/aws-service-role/AWSKeyManagementServiceCustomKeyStoresServiceRolePolicy"
        );
    }
}
