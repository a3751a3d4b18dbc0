//! The IAM actions a stage calls *in this plan*: the client stages' actions depend on
//! `client.mode` (a `manual` run calls none of them, so preflight neither asks for them nor
//! fails on them), and the stages that reach the client through SSM add Run Command's.
//! Preflight and the TUI's actions panel both read this, never `StageInfo::actions` alone.

use super::{StageId, info};
use crate::inputs::plan::{ClientMode, Plan};

/// `client_launch` in `launch` mode: the way-in check and offer, the identity, the instance.
pub const LAUNCH: &[&str] = &[
    "ec2:DescribeRouteTables",
    "ec2:DescribeVpcAttribute",
    "ec2:DescribeVpcEndpoints",
    "ec2:DescribeSecurityGroups",
    "ec2:CreateSecurityGroup",
    "ec2:AuthorizeSecurityGroupIngress",
    "ec2:ModifyVpcAttribute",
    "ec2:CreateVpcEndpoint",
    "ec2:RunInstances",
    "ec2:DescribeInstances",
    "ec2:CreateTags",
    "iam:GetRole",
    "iam:CreateRole",
    "iam:TagRole",
    "iam:AttachRolePolicy",
    "iam:PutRolePolicy",
    "iam:GetInstanceProfile",
    "iam:CreateInstanceProfile",
    "iam:AddRoleToInstanceProfile",
    "iam:PassRole",
    "ssm:GetParameter",
    "ssm:GetDocument",
];

/// `client_launch` in `existing` mode: the cluster security group joins the instance.
pub const EXISTING: &[&str] = &[
    "ec2:DescribeInstances",
    "ssm:DescribeInstanceInformation",
    "ec2:ModifyNetworkInterfaceAttribute",
];

/// Reaching the client through SSM Run Command (prepare, refresh, verify kmsuser).
pub const PREPARE: &[&str] = &[
    "ec2:DescribeInstances",
    "ssm:DescribeInstanceInformation",
    "ssm:SendCommand",
    "ssm:GetCommandInvocation",
];

/// What a later teardown's blast-radius check (aliases, grants, CloudTrail) and its
/// `--disable-first` call. Preflight simulates them too, so the operator learns before the
/// setup that a teardown could not tell whether a key is in use; a denial is reported under
/// the stage name `teardown` and does not stop the setup.
pub const TEARDOWN_CHECKS: &[&str] = &[
    "kms:ListAliases",
    "kms:ListGrants",
    "kms:DisableKey",
    "cloudtrail:LookupEvents",
];

/// The actions stage `id` calls with `plan`.
pub fn actions(id: StageId, plan: &Plan) -> Vec<&'static str> {
    let mode = plan.client.mode;
    let base = info(id).actions.to_vec();
    let drives = mode != ClientMode::Manual;
    match id {
        StageId::ClientLaunch => match mode {
            ClientMode::Launch => LAUNCH.to_vec(),
            ClientMode::Existing => EXISTING.to_vec(),
            ClientMode::Manual => vec![],
        },
        StageId::ClientPrepare if drives => PREPARE.to_vec(),
        StageId::ClientPrepare => vec![],
        StageId::SecondHsm | StageId::Kmsuser if drives => [base, PREPARE.to_vec()].concat(),
        StageId::Connect if mode == ClientMode::Launch && !plan.client.keep => {
            [base, vec!["ec2:TerminateInstances"]].concat()
        }
        _ => base,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(client: &str) -> Plan {
        Plan::parse(client).expect("plan")
    }

    #[test]
    fn a_manual_run_asks_for_no_client_action_and_launch_for_all_of_them() {
        let manual = plan("");
        assert!(actions(StageId::ClientLaunch, &manual).is_empty());
        assert!(actions(StageId::ClientPrepare, &manual).is_empty());
        assert!(!actions(StageId::Kmsuser, &manual).contains(&"ssm:SendCommand"));
        assert!(!actions(StageId::Connect, &manual).contains(&"ec2:TerminateInstances"));
        let launch = plan("[client]\nmode = \"launch\"\n");
        for a in [
            "ec2:RunInstances",
            "iam:PassRole",
            "iam:CreateInstanceProfile",
        ] {
            assert!(actions(StageId::ClientLaunch, &launch).contains(&a), "{a}");
        }
        assert!(actions(StageId::Kmsuser, &launch).contains(&"ssm:SendCommand"));
        assert!(actions(StageId::Connect, &launch).contains(&"ec2:TerminateInstances"));
        let kept = plan("[client]\nmode = \"launch\"\nkeep = true\n");
        assert!(!actions(StageId::Connect, &kept).contains(&"ec2:TerminateInstances"));
        let existing =
            plan("[client]\nmode = \"existing\"\ninstance_id = \"i-0123456789abcdef0\"\n");
        assert_eq!(actions(StageId::ClientLaunch, &existing), EXISTING.to_vec());
        assert!(!actions(StageId::ClientLaunch, &existing).contains(&"ec2:RunInstances"));
    }
}
