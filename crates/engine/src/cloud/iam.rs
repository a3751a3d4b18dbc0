//! IAM and STS through the boundary: who am I, what may I do (SimulatePrincipalPolicy), managed
//! policies, groups and members, and service-linked roles (read, create, delete, status).

use super::error::NotFound;
use super::types::Identity;
use super::{Cloud, CloudError, sh};

/// The IAM principal ARN to simulate for a caller ARN: an assumed-role session is simulated as
/// its role (path unknown, so `/`); users and roles as themselves.
pub fn principal_for_simulation(caller_arn: &str) -> String {
    if let Some(rest) = caller_arn
        .split_once(":assumed-role/")
        .map(|(head, rest)| (head.replace(":sts::", ":iam::"), rest))
    {
        let role = rest.1.split('/').next().unwrap_or(rest.1);
        return format!("{}:role/{role}", rest.0);
    }
    caller_arn.to_string()
}

pub(super) fn epoch(d: Option<&aws_smithy_types::DateTime>) -> Option<i64> {
    d.map(|d| d.secs())
}

/// A deletion task's status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeletionStatus {
    pub status: String,
    /// (Region, resources) that still use the role.
    pub usage: Vec<(String, Vec<String>)>,
}

impl Cloud {
    pub async fn identity(&self) -> Result<Identity, CloudError> {
        let out = self
            .read(
                "sts",
                "GetCallerIdentity",
                "aws sts get-caller-identity".into(),
                || self.sts.get_caller_identity().send(),
            )
            .await?;
        Ok(Identity {
            account_id: out.account().unwrap_or_default().into(),
            arn: out.arn().unwrap_or_default().into(),
        })
    }

    /// The account's alias(es) (IAM allows one), for the account guard.
    pub async fn account_aliases(&self) -> Result<Vec<String>, CloudError> {
        let out = self
            .read(
                "iam",
                "ListAccountAliases",
                "aws iam list-account-aliases".into(),
                || self.iam.list_account_aliases().send(),
            )
            .await?;
        Ok(out.account_aliases().to_vec())
    }

    /// (action, decision) for each action, as IAM evaluates the principal's policies.
    pub async fn simulate(
        &self,
        principal: &str,
        actions: &[String],
    ) -> Result<Vec<(String, String)>, CloudError> {
        let mut out = Vec::new();
        // SimulatePrincipalPolicy takes at most 128 action names per call.
        for chunk in actions.chunks(100) {
            let cli = format!(
                "aws iam simulate-principal-policy --policy-source-arn {} --action-names {}",
                sh(principal),
                chunk.join(" ")
            );
            let res = self
                .read("iam", "SimulatePrincipalPolicy", cli, || {
                    self.iam
                        .simulate_principal_policy()
                        .policy_source_arn(principal)
                        .set_action_names(Some(chunk.to_vec()))
                        .send()
                })
                .await?;
            out.extend(res.evaluation_results().iter().map(|r| {
                (
                    r.eval_action_name().to_string(),
                    r.eval_decision().as_str().to_string(),
                )
            }));
        }
        Ok(out)
    }

    pub async fn policy_exists(&self, arn: &str) -> Result<bool, CloudError> {
        Ok(self
            .read(
                "iam",
                "GetPolicy",
                format!("aws iam get-policy --policy-arn {}", sh(arn)),
                || self.iam.get_policy().policy_arn(arn).send(),
            )
            .await
            .found()?
            .is_some())
    }

    /// Creates a customer managed policy; returns its ARN.
    pub async fn create_policy(
        &self,
        name: &str,
        document: &str,
        description: &str,
    ) -> Result<String, CloudError> {
        let cli = format!(
            "aws iam create-policy --policy-name {} --policy-document file://{name}.json",
            sh(name)
        );
        let out = self
            .call(
                "iam",
                "CreatePolicy",
                cli,
                self.iam
                    .create_policy()
                    .policy_name(name)
                    .policy_document(document)
                    .description(description)
                    .send(),
            )
            .await?;
        Ok(out
            .policy()
            .and_then(|p| p.arn())
            .unwrap_or_default()
            .to_string())
    }

    pub async fn group_exists(&self, name: &str) -> Result<bool, CloudError> {
        Ok(self
            .read(
                "iam",
                "GetGroup",
                format!("aws iam get-group --group-name {}", sh(name)),
                || self.iam.get_group().group_name(name).send(),
            )
            .await
            .found()?
            .is_some())
    }

    pub async fn group_members(&self, name: &str) -> Result<Vec<String>, CloudError> {
        let out = self
            .read(
                "iam",
                "GetGroup",
                format!("aws iam get-group --group-name {}", sh(name)),
                || self.iam.get_group().group_name(name).send(),
            )
            .await?;
        Ok(out
            .users()
            .iter()
            .map(|u| u.user_name().to_string())
            .collect())
    }

    pub async fn create_group(&self, name: &str) -> Result<(), CloudError> {
        self.call(
            "iam",
            "CreateGroup",
            format!("aws iam create-group --group-name {}", sh(name)),
            self.iam.create_group().group_name(name).send(),
        )
        .await
        .map(|_| ())
    }

    pub async fn attached_policies(&self, group: &str) -> Result<Vec<String>, CloudError> {
        let cli = format!(
            "aws iam list-attached-group-policies --group-name {}",
            sh(group)
        );
        let out = self
            .read("iam", "ListAttachedGroupPolicies", cli, || {
                self.iam
                    .list_attached_group_policies()
                    .group_name(group)
                    .send()
            })
            .await?;
        Ok(out
            .attached_policies()
            .iter()
            .filter_map(|p| p.policy_arn().map(str::to_string))
            .collect())
    }

    pub async fn attach_group_policy(&self, group: &str, arn: &str) -> Result<(), CloudError> {
        let cli = format!(
            "aws iam attach-group-policy --group-name {} --policy-arn {}",
            sh(group),
            sh(arn)
        );
        self.call(
            "iam",
            "AttachGroupPolicy",
            cli,
            self.iam
                .attach_group_policy()
                .group_name(group)
                .policy_arn(arn)
                .send(),
        )
        .await
        .map(|_| ())
    }

    pub async fn detach_group_policy(&self, group: &str, arn: &str) -> Result<(), CloudError> {
        let cli = format!(
            "aws iam detach-group-policy --group-name {} --policy-arn {}",
            sh(group),
            sh(arn)
        );
        self.call(
            "iam",
            "DetachGroupPolicy",
            cli,
            self.iam
                .detach_group_policy()
                .group_name(group)
                .policy_arn(arn)
                .send(),
        )
        .await
        .map(|_| ())
    }

    pub async fn add_user_to_group(&self, group: &str, user: &str) -> Result<(), CloudError> {
        let cli = format!(
            "aws iam add-user-to-group --group-name {} --user-name {}",
            sh(group),
            sh(user)
        );
        self.call(
            "iam",
            "AddUserToGroup",
            cli,
            self.iam
                .add_user_to_group()
                .group_name(group)
                .user_name(user)
                .send(),
        )
        .await
        .map(|_| ())
    }

    pub async fn remove_user_from_group(&self, group: &str, user: &str) -> Result<(), CloudError> {
        let cli = format!(
            "aws iam remove-user-from-group --group-name {} --user-name {}",
            sh(group),
            sh(user)
        );
        self.call(
            "iam",
            "RemoveUserFromGroup",
            cli,
            self.iam
                .remove_user_from_group()
                .group_name(group)
                .user_name(user)
                .send(),
        )
        .await
        .map(|_| ())
    }

    pub async fn delete_group(&self, group: &str) -> Result<(), CloudError> {
        self.call(
            "iam",
            "DeleteGroup",
            format!("aws iam delete-group --group-name {}", sh(group)),
            self.iam.delete_group().group_name(group).send(),
        )
        .await
        .map(|_| ())
    }

    pub async fn delete_policy(&self, arn: &str) -> Result<(), CloudError> {
        self.call(
            "iam",
            "DeletePolicy",
            format!("aws iam delete-policy --policy-arn {}", sh(arn)),
            self.iam.delete_policy().policy_arn(arn).send(),
        )
        .await
        .map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assumed_roles_are_simulated_as_their_role() {
        assert_eq!(
            principal_for_simulation("arn:aws:sts::123456789012:assumed-role/Admin/alice"),
            "arn:aws:iam::123456789012:role/Admin"
        );
        assert_eq!(
            principal_for_simulation("arn:aws:iam::123456789012:user/bob"),
            "arn:aws:iam::123456789012:user/bob"
        );
    }
}
