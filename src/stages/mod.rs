//! The documented sequence, one file per stage, in order. Each stage declares what it does (in
//! the AWS documents' words), the IAM actions it needs (checked by preflight before any write),
//! and the service-linked role it may create; `apply` reads reality first and adopts what
//! exists, so a stage re-run after a crash or on `--resume` creates nothing twice.
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

use crate::slr::{self, ServiceLinkedRole};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StageInfo {
    pub id: &'static str,
    pub title: &'static str,
    pub about: &'static str,
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
        title: "Preflight",
        about: "Confirms the account and Region, and asks IAM (SimulatePrincipalPolicy) whether you may perform every action of every stage, before anything is created.",
        actions: &["sts:GetCallerIdentity", "iam:SimulatePrincipalPolicy"],
        slr: None,
    },
    StageInfo {
        id: "admin",
        title: "Admin group and policy",
        about: "Creates the CloudHsmAdminPolicy customer managed policy exactly as the CloudHSM User Guide gives it, and the CloudHsmAdministrator group it is attached to, so administrators get only what CloudHSM needs.",
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
        title: "Network",
        about: "Finds or creates private subnets in at least two Availability Zones of one VPC. The cluster puts one HSM address in each; a connected key store needs one more.",
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
        title: "Cluster",
        about: "Creates the CloudHSM cluster (and its security group). The first cluster in the account also creates the AWSServiceRoleForCloudHSM service-linked role, which lets CloudHSM write its logs to CloudWatch.",
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
        title: "First HSM",
        about: "Creates exactly one HSM. Only after it is ACTIVE does the cluster show its certificate signing request (CSR); a second HSM is refused until the cluster is activated.",
        actions: HSM_ACTIONS,
        slr: None,
    },
    StageInfo {
        id: "initialize",
        title: "Initialize",
        about: "Signs the cluster CSR with your own self-signed root certificate (the trust anchor) and initializes the cluster with both. AWS KMS later checks the same trust anchor.",
        actions: &["cloudhsm:DescribeClusters", "cloudhsm:InitializeCluster"],
        slr: None,
    },
    StageInfo {
        id: "activate",
        title: "Activate",
        about: "Activation sets the admin password in the CloudHSM CLI on a client in the VPC; it is not an API call. The wizard shows the commands, then waits for the cluster to be ACTIVE.",
        actions: &["cloudhsm:DescribeClusters"],
        slr: None,
    },
    StageInfo {
        id: "second_hsm",
        title: "Second HSM",
        about: "Adds an HSM in another Availability Zone: a key store needs at least two active HSMs in different AZs.",
        actions: HSM_ACTIONS,
        slr: None,
    },
    StageInfo {
        id: "kmsuser",
        title: "kmsuser",
        about: "Creates the kmsuser crypto user on every HSM with the CloudHSM CLI. AWS KMS logs in as kmsuser; its password becomes the key store password, and KMS rotates it on every connect.",
        actions: &["cloudhsm:DescribeClusters"],
        slr: None,
    },
    StageInfo {
        id: "key_store",
        title: "Key store",
        about: "Creates the AWS CloudHSM key store for the cluster with its trust anchor. The first key store in the account creates the AWSServiceRoleForKeyManagementServiceCustomKeyStores service-linked role.",
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
        title: "Connect",
        about: "Connects the key store: AWS KMS creates its security group and network interfaces and logs in as kmsuser. It can take up to 20 minutes and ends CONNECTED or FAILED with a reason.",
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
        title: "First KMS key",
        about: "Creates a symmetric KMS key whose key material lives in your cluster (Origin AWS_CLOUDHSM), gives it an alias, and proves it with an encrypt/decrypt round trip.",
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
        other => Err(StageError::local(
            "UnknownStage",
            &format!("no stage called {other}"),
            vec![],
        )),
    }
}
