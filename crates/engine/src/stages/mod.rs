//! The documented sequence, one file per stage, in order. Each stage declares the IAM actions it
//! needs (checked by preflight before any write) and the service-linked role it may create; what
//! it does, in words, lives with the other user-facing strings in `i18n/`.
//! `apply` reads reality first and adopts what exists, so a stage re-run after a crash or on
//! `--resume` creates nothing twice.
//! Adding a stage: one file, one entry in `ORDER`, one arm in `apply`.
//! Stages never import ratatui; they speak through `events`.

mod activate;
mod admin;
mod cluster;
mod connect;
pub mod ctx;
mod first_hsm;
mod first_key;
mod initialize;
mod key_store;
mod kmsuser;
pub mod network;
mod preflight;
mod second_hsm;
mod slr_observe;

pub use ctx::{Ctx, StageError};

use keystore_facts::slr::{self, ServiceLinkedRole};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StageInfo {
    pub id: &'static str,
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
    "cloudhsm:DescribeClusters",
    "ec2:CreateNetworkInterface",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DescribeSubnets",
];

pub const ORDER: [StageInfo; 12] = [
    StageInfo {
        id: "preflight",
        actions: &["sts:GetCallerIdentity", "iam:SimulatePrincipalPolicy"],
        slr: None,
    },
    StageInfo {
        id: "admin",
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
        id: "network",
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
        id: "cluster",
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
        id: "first_hsm",
        actions: HSM_ACTIONS,
        slr: None,
    },
    StageInfo {
        id: "initialize",
        actions: &["cloudhsm:DescribeClusters", "cloudhsm:InitializeCluster"],
        slr: None,
    },
    StageInfo {
        id: "activate",
        actions: &["cloudhsm:DescribeClusters"],
        slr: None,
    },
    StageInfo {
        id: "second_hsm",
        actions: HSM_ACTIONS,
        slr: None,
    },
    StageInfo {
        id: "kmsuser",
        actions: &["cloudhsm:DescribeClusters"],
        slr: None,
    },
    StageInfo {
        id: "key_store",
        actions: &[
            "kms:CreateCustomKeyStore",
            "kms:DescribeCustomKeyStores",
            "cloudhsm:DescribeClusters",
            "iam:CreateServiceLinkedRole",
        ],
        slr: Some(slr::KMS_CUSTOM_KEY_STORES),
    },
    StageInfo {
        id: "connect",
        actions: &[
            "kms:ConnectCustomKeyStore",
            "kms:DescribeCustomKeyStores",
            "kms:DisconnectCustomKeyStore",
            "kms:UpdateCustomKeyStore",
        ],
        slr: None,
    },
    StageInfo {
        id: "first_key",
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

pub fn info(id: &str) -> Option<&'static StageInfo> {
    ORDER.iter().find(|s| s.id == id)
}

/// Runs one stage.
pub async fn apply(id: &str, ctx: &mut Ctx) -> Result<Outcome, StageError> {
    match id {
        "preflight" => preflight::apply(ctx).await,
        "admin" => admin::apply(ctx).await,
        "network" => network::apply(ctx).await,
        "cluster" => cluster::apply(ctx).await,
        "first_hsm" => first_hsm::apply(ctx).await,
        "initialize" => initialize::apply(ctx).await,
        "activate" => activate::apply(ctx).await,
        "second_hsm" => second_hsm::apply(ctx).await,
        "kmsuser" => kmsuser::apply(ctx).await,
        "key_store" => key_store::apply(ctx).await,
        "connect" => connect::apply(ctx).await,
        "first_key" => first_key::apply(ctx).await,
        other => Err(StageError::keyed(
            "UnknownStage",
            "UnknownStage",
            &[("stage", &other)],
        )),
    }
}
