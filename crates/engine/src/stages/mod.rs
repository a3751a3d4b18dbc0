//! The documented sequence, one file per stage, in order. Each stage declares the IAM actions it
//! needs (checked by preflight before any write) and the service-linked role it may create; what
//! it does, in words, lives with the other user-facing strings in `i18n/`.
//! `apply` reads reality first and adopts what exists, so a stage re-run after a crash or on
//! `--resume` creates nothing twice.
//! Adding a stage: one file, a `StageId` variant, and then the arms the compiler asks for
//! (docs/architecture.md lists them).
//! Stages never import ratatui; they speak through `events`.

mod activate;
mod admin;
pub mod client;
pub mod client_existing;
mod client_launch;
mod client_prepare;
mod cluster;
pub(crate) mod connect;
pub mod ctx;
mod first_hsm;
mod first_key;
mod id;
mod initialize;
mod key_store;
mod kmsuser;
pub mod network;
pub(crate) mod preflight;
mod second_hsm;
mod slr_observe;

pub mod actions;
pub use actions::actions;
pub use ctx::{Ctx, StageError};
pub use first_key::CANARY;
pub use id::StageId;

use keystore_facts::slr::{self, ServiceLinkedRole};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StageInfo {
    pub id: StageId,
    /// IAM actions the stage calls; preflight refuses to start when one is denied.
    pub actions: &'static [&'static str],
    /// The service-linked role this stage may create (or, for the first key, the one it never does).
    pub slr: Option<ServiceLinkedRole>,
}

/// What a stage ended with.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Done,
    /// A person must run these CloudHSM CLI commands, then `setup --resume`.
    OperatorNeeded(Vec<String>),
}

const HSM_ACTIONS: &[&str] = &[
    "cloudhsm:CreateHsm",
    // A DEGRADED HSM is replaced once (`daytwo::repair`).
    "cloudhsm:DeleteHsm",
    "cloudhsm:DescribeClusters",
    "ec2:CreateNetworkInterface",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DescribeSubnets",
];

pub const ORDER: [StageInfo; 14] = [
    StageInfo {
        id: StageId::Preflight,
        actions: &["sts:GetCallerIdentity", "iam:SimulatePrincipalPolicy"],
        slr: None,
    },
    StageInfo {
        id: StageId::Admin,
        actions: &[
            "iam:GetPolicy",
            "iam:CreatePolicy",
            "iam:GetGroup",
            "iam:CreateGroup",
            "iam:ListAttachedGroupPolicies",
            "iam:AttachGroupPolicy",
            "iam:AddUserToGroup",
        ],
        slr: None,
    },
    StageInfo {
        id: StageId::Network,
        actions: &[
            "ec2:DescribeSubnets",
            "ec2:DescribeVpcs",
            "ec2:DescribeAvailabilityZones",
            "ec2:CreateVpc",
            "ec2:CreateSubnet",
            "ec2:CreateTags",
        ],
        slr: None,
    },
    StageInfo {
        id: StageId::Cluster,
        actions: &[
            "cloudhsm:CreateCluster",
            "cloudhsm:DescribeClusters",
            "cloudhsm:TagResource",
            "iam:CreateServiceLinkedRole",
            "ec2:CreateSecurityGroup",
            "ec2:AuthorizeSecurityGroupIngress",
            "ec2:AuthorizeSecurityGroupEgress",
            "ec2:RevokeSecurityGroupEgress",
            "ec2:DescribeSecurityGroups",
        ],
        slr: Some(slr::CLOUDHSM),
    },
    StageInfo {
        id: StageId::ClientLaunch,
        actions: actions::LAUNCH,
        slr: None,
    },
    StageInfo {
        id: StageId::FirstHsm,
        actions: HSM_ACTIONS,
        slr: None,
    },
    StageInfo {
        id: StageId::Initialize,
        actions: &["cloudhsm:DescribeClusters", "cloudhsm:InitializeCluster"],
        slr: None,
    },
    StageInfo {
        id: StageId::ClientPrepare,
        actions: actions::PREPARE,
        slr: None,
    },
    StageInfo {
        id: StageId::Activate,
        actions: &["cloudhsm:DescribeClusters"],
        slr: None,
    },
    StageInfo {
        id: StageId::SecondHsm,
        actions: HSM_ACTIONS,
        slr: None,
    },
    StageInfo {
        id: StageId::Kmsuser,
        actions: &["cloudhsm:DescribeClusters"],
        slr: None,
    },
    StageInfo {
        id: StageId::KeyStore,
        actions: &[
            "kms:CreateCustomKeyStore",
            "kms:DescribeCustomKeyStores",
            "cloudhsm:DescribeClusters",
            "iam:CreateServiceLinkedRole",
        ],
        slr: Some(slr::KMS_CUSTOM_KEY_STORES),
    },
    StageInfo {
        id: StageId::Connect,
        actions: &[
            "kms:ConnectCustomKeyStore",
            "kms:DescribeCustomKeyStores",
            "kms:DisconnectCustomKeyStore",
            "kms:UpdateCustomKeyStore",
        ],
        slr: None,
    },
    StageInfo {
        id: StageId::FirstKey,
        actions: &[
            "kms:CreateKey",
            "kms:CreateAlias",
            "kms:ListAliases",
            "kms:ListKeys",
            "kms:DescribeKey",
            "kms:Encrypt",
            "kms:Decrypt",
            "kms:TagResource",
        ],
        slr: Some(slr::KMS_MULTI_REGION_KEYS),
    },
];

/// Actions only used to observe (GetRole for the role panel): a denial is a warning.
pub const OBSERVE_ACTIONS: &[&str] = &["iam:GetRole"];

/// A stage's row in `ORDER` (every `StageId` has exactly one; a test checks it).
pub fn info(id: StageId) -> &'static StageInfo {
    match ORDER.iter().find(|s| s.id == id) {
        Some(info) => info,
        None => &ORDER[0],
    }
}

/// The stage that runs at the same time as `id`, if any: a launched client boots while the
/// first HSM is created (`ORDER` puts `first_hsm` right after `client_launch`). The headless
/// driver and the TUI both ask this, so they pair the same stages.
pub fn runs_beside(id: StageId, plan: &crate::inputs::plan::Plan) -> Option<StageId> {
    (id == StageId::ClientLaunch && plan.client.mode == crate::inputs::plan::ClientMode::Launch)
        .then_some(StageId::FirstHsm)
}

/// Runs one stage. Each stage's future lives on the heap: the SDK's futures are large, and
/// a debug build of the biggest stage inlined in this match overflowed a test thread's stack.
pub async fn apply(id: StageId, ctx: &mut Ctx) -> Result<Outcome, StageError> {
    match id {
        StageId::Preflight => Box::pin(preflight::apply(ctx)).await,
        StageId::Admin => Box::pin(admin::apply(ctx)).await,
        StageId::Network => Box::pin(network::apply(ctx)).await,
        StageId::Cluster => Box::pin(cluster::apply(ctx)).await,
        StageId::ClientLaunch => Box::pin(client_launch::apply(ctx)).await,
        StageId::FirstHsm => Box::pin(first_hsm::apply(ctx)).await,
        StageId::Initialize => Box::pin(initialize::apply(ctx)).await,
        StageId::ClientPrepare => Box::pin(client_prepare::apply(ctx)).await,
        StageId::Activate => Box::pin(activate::apply(ctx)).await,
        StageId::SecondHsm => Box::pin(second_hsm::apply(ctx)).await,
        StageId::Kmsuser => Box::pin(kmsuser::apply(ctx)).await,
        StageId::KeyStore => Box::pin(key_store::apply(ctx)).await,
        StageId::Connect => Box::pin(connect::apply(ctx)).await,
        StageId::FirstKey => Box::pin(first_key::apply(ctx)).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_has_every_stage_once_in_the_enum_order() {
        let ids: Vec<StageId> = ORDER.iter().map(|s| s.id).collect();
        assert_eq!(ids, StageId::ALL.to_vec());
        for id in StageId::ALL {
            assert_eq!(info(id).id, id);
        }
    }
}
