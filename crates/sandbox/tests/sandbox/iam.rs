use crate::support::{Aws, code};
use aws_sdk_iam::types::PolicyEvaluationDecisionType as Eval;

const ADMIN_POLICY: &str = include_str!("../../../../assets/policies/CloudHsmAdminPolicy.json");

#[tokio::test]
async fn caller_identity_names_the_sandbox_account() {
    let aws = Aws::new();
    let me = aws.sts.get_caller_identity().send().await.expect("sts");
    assert_eq!(me.account(), Some("123456789012"));
    assert_eq!(
        me.arn(),
        Some("arn:aws:iam::123456789012:user/sandbox-admin")
    );
}

#[tokio::test]
async fn policies_groups_and_members() {
    let aws = Aws::new();
    let bad = aws
        .iam
        .create_policy()
        .policy_name("Broken")
        .policy_document("{\"Version\":")
        .send()
        .await
        .expect_err("malformed");
    assert_eq!(code(&bad), "MalformedPolicyDocument");
    let bad_name = aws
        .iam
        .create_policy()
        .policy_name("bad name!")
        .policy_document(ADMIN_POLICY)
        .send()
        .await
        .expect_err("name");
    assert_eq!(code(&bad_name), "ValidationError");

    let p = aws
        .iam
        .create_policy()
        .policy_name("CloudHsmAdminPolicy")
        .policy_document(ADMIN_POLICY)
        .send()
        .await
        .expect("policy");
    let arn = p.policy().and_then(|p| p.arn()).expect("arn").to_string();
    assert_eq!(arn, "arn:aws:iam::123456789012:policy/CloudHsmAdminPolicy");
    let again = aws
        .iam
        .create_policy()
        .policy_name("CloudHsmAdminPolicy")
        .policy_document(ADMIN_POLICY)
        .send()
        .await
        .expect_err("dup");
    assert_eq!(code(&again), "EntityAlreadyExists");

    aws.iam
        .create_group()
        .group_name("CloudHsmAdministrator")
        .send()
        .await
        .expect("group");
    let dup = aws
        .iam
        .create_group()
        .group_name("CloudHsmAdministrator")
        .send()
        .await
        .expect_err("dup group");
    assert_eq!(code(&dup), "EntityAlreadyExists");
    aws.iam
        .attach_group_policy()
        .group_name("CloudHsmAdministrator")
        .policy_arn(&arn)
        .send()
        .await
        .expect("attach");
    aws.iam
        .create_user()
        .user_name("alice")
        .send()
        .await
        .expect("user");
    aws.iam
        .add_user_to_group()
        .group_name("CloudHsmAdministrator")
        .user_name("alice")
        .send()
        .await
        .expect("member");

    let g = aws
        .iam
        .get_group()
        .group_name("CloudHsmAdministrator")
        .send()
        .await
        .expect("get group");
    assert_eq!(
        g.users().iter().map(|u| u.user_name()).collect::<Vec<_>>(),
        ["alice"]
    );
    let attached = aws
        .iam
        .list_attached_group_policies()
        .group_name("CloudHsmAdministrator")
        .send()
        .await
        .expect("list");
    assert_eq!(
        attached.attached_policies()[0].policy_name(),
        Some("CloudHsmAdminPolicy")
    );
    let got = aws
        .iam
        .get_policy()
        .policy_arn(&arn)
        .send()
        .await
        .expect("get policy");
    assert_eq!(got.policy().and_then(|p| p.attachment_count()), Some(1));
    let local = aws
        .iam
        .list_policies()
        .scope(aws_sdk_iam::types::PolicyScopeType::Local)
        .send()
        .await
        .expect("list policies");
    assert_eq!(local.policies().len(), 1);

    let busy = aws
        .iam
        .delete_group()
        .group_name("CloudHsmAdministrator")
        .send()
        .await
        .expect_err("attached");
    assert_eq!(code(&busy), "DeleteConflict");
    let busy_policy = aws
        .iam
        .delete_policy()
        .policy_arn(&arn)
        .send()
        .await
        .expect_err("attached policy");
    assert_eq!(code(&busy_policy), "DeleteConflict");
    aws.iam
        .detach_group_policy()
        .group_name("CloudHsmAdministrator")
        .policy_arn(&arn)
        .send()
        .await
        .expect("detach");
    let members = aws
        .iam
        .delete_group()
        .group_name("CloudHsmAdministrator")
        .send()
        .await
        .expect_err("members");
    assert_eq!(code(&members), "DeleteConflict");
    aws.iam
        .remove_user_from_group()
        .group_name("CloudHsmAdministrator")
        .user_name("alice")
        .send()
        .await
        .expect("remove");
    aws.iam
        .delete_group()
        .group_name("CloudHsmAdministrator")
        .send()
        .await
        .expect("delete group");
    aws.iam
        .delete_policy()
        .policy_arn(&arn)
        .send()
        .await
        .expect("delete policy");
    let gone = aws
        .iam
        .get_group()
        .group_name("CloudHsmAdministrator")
        .send()
        .await
        .expect_err("gone");
    assert_eq!(code(&gone), "NoSuchEntity");
}

#[tokio::test]
async fn simulate_evaluates_a_members_group_policy() {
    let aws = Aws::new();
    let p = aws
        .iam
        .create_policy()
        .policy_name("CloudHsmAdminPolicy")
        .policy_document(ADMIN_POLICY)
        .send()
        .await
        .expect("policy");
    let arn = p.policy().and_then(|p| p.arn()).expect("arn").to_string();
    aws.iam
        .create_group()
        .group_name("G")
        .send()
        .await
        .expect("group");
    aws.iam
        .attach_group_policy()
        .group_name("G")
        .policy_arn(&arn)
        .send()
        .await
        .expect("attach");
    let user = aws
        .iam
        .create_user()
        .user_name("bob")
        .send()
        .await
        .expect("user");
    aws.iam
        .add_user_to_group()
        .group_name("G")
        .user_name("bob")
        .send()
        .await
        .expect("member");
    let bob = user.user().map(|u| u.arn().to_string()).expect("arn");
    let out = aws
        .iam
        .simulate_principal_policy()
        .policy_source_arn(&bob)
        .action_names("cloudhsm:CreateCluster")
        .action_names("iam:CreateServiceLinkedRole")
        .action_names("kms:CreateCustomKeyStore")
        .send()
        .await
        .expect("simulate");
    let decisions: Vec<(&str, &Eval)> = out
        .evaluation_results()
        .iter()
        .map(|r| (r.eval_action_name(), r.eval_decision()))
        .collect();
    assert_eq!(
        decisions,
        [
            ("cloudhsm:CreateCluster", &Eval::Allowed),
            ("iam:CreateServiceLinkedRole", &Eval::Allowed),
            ("kms:CreateCustomKeyStore", &Eval::ImplicitDeny),
        ]
    );
}

#[tokio::test]
async fn a_restricted_caller_is_denied_and_simulation_says_so() {
    let aws = Aws::new();
    let doc = serde_json::json!({"Statement": [
        {"Effect": "Allow", "Action": ["iam:*", "ec2:Describe*"], "Resource": "*"},
        {"Effect": "Deny", "Action": "iam:CreateServiceLinkedRole", "Resource": "*"}
    ]});
    aws.sandbox
        .with_world(|w| w.caller.policies = Some(vec![doc]));
    let me = aws
        .sts
        .get_caller_identity()
        .send()
        .await
        .expect("identity needs no permission");
    let out = aws
        .iam
        .simulate_principal_policy()
        .policy_source_arn(me.arn().expect("arn"))
        .action_names("iam:CreateGroup")
        .action_names("iam:CreateServiceLinkedRole")
        .action_names("cloudhsm:CreateCluster")
        .send()
        .await
        .expect("simulate");
    let decisions: Vec<&Eval> = out
        .evaluation_results()
        .iter()
        .map(|r| r.eval_decision())
        .collect();
    assert_eq!(
        decisions,
        [&Eval::Allowed, &Eval::ExplicitDeny, &Eval::ImplicitDeny]
    );
    let denied = aws
        .hsm
        .describe_clusters()
        .send()
        .await
        .expect_err("denied");
    assert_eq!(code(&denied), "CloudHsmAccessDeniedException");
    let denied = aws
        .ec2
        .create_vpc()
        .cidr_block("10.0.0.0/16")
        .send()
        .await
        .expect_err("denied");
    assert_eq!(code(&denied), "UnauthorizedOperation");
}
