//! IAM for the client host through the boundary: the role an instance profile carries, with
//! exactly what SSM needs (`AmazonSSMManagedInstanceCore`, plus `kms:Decrypt` on the Session
//! Manager key when the account's preferences encrypt sessions), the profile itself, and their
//! removal in the order IAM requires (role out of profile, policies off, then delete).

use super::error::NotFound;
use super::{Cloud, CloudError, RUN_TAG, sh};
use aws_sdk_iam::types::Tag;

/// The AWS managed policy SSM Agent needs on an instance.
pub const SSM_CORE_POLICY: &str = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore";
/// The inline policy name for the Session Manager key.
pub const SESSION_KEY_POLICY: &str = "keystore-wizard-session-key";

/// The IAM path of every client role and instance profile the wizard creates, so the
/// teardown finds them all with one `ListRoles --path-prefix`, journal or not.
pub const CLIENT_PATH: &str = "/keystore-wizard/";
/// Trust policy of the client role: EC2 may assume it.
pub const EC2_TRUST: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;

/// The inline policy that lets the instance decrypt sessions with `key`.
pub fn session_key_policy(key: &str) -> String {
    serde_json::json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": key}]}).to_string()
}

impl Cloud {
    pub async fn role_exists(&self, name: &str) -> Result<bool, CloudError> {
        let cli = format!("aws iam get-role --role-name {}", sh(name));
        Ok(self
            .read("iam", "GetRole", cli, || {
                self.iam.get_role().role_name(name).send()
            })
            .await
            .found()?
            .is_some())
    }

    pub async fn create_client_role(&self, name: &str, run_id: &str) -> Result<(), CloudError> {
        let cli = format!(
            "aws iam create-role --role-name {} --path {CLIENT_PATH} --assume-role-policy-document '{EC2_TRUST}'",
            sh(name)
        );
        let req = self
            .iam
            .create_role()
            .role_name(name)
            .path(CLIENT_PATH)
            .assume_role_policy_document(EC2_TRUST)
            .description("keystore-wizard client host: SSM only")
            .tags(
                Tag::builder()
                    .key(RUN_TAG)
                    .value(run_id)
                    .build()
                    .map_err(|e| {
                        CloudError::new(
                            "CreateRole",
                            super::ErrorKind::Invalid,
                            "ConstructionFailure",
                            e.to_string(),
                        )
                    })?,
            );
        self.call("iam", "CreateRole", cli, req.send())
            .await
            .map(|_| ())
    }

    pub async fn attach_role_policy(&self, role: &str, arn: &str) -> Result<(), CloudError> {
        let cli = format!(
            "aws iam attach-role-policy --role-name {} --policy-arn {arn}",
            sh(role)
        );
        self.call(
            "iam",
            "AttachRolePolicy",
            cli,
            self.iam
                .attach_role_policy()
                .role_name(role)
                .policy_arn(arn)
                .send(),
        )
        .await
        .map(|_| ())
    }

    pub async fn put_role_policy(
        &self,
        role: &str,
        name: &str,
        document: &str,
    ) -> Result<(), CloudError> {
        let cli = format!(
            "aws iam put-role-policy --role-name {} --policy-name {name} --policy-document '{document}'",
            sh(role)
        );
        self.call(
            "iam",
            "PutRolePolicy",
            cli,
            self.iam
                .put_role_policy()
                .role_name(role)
                .policy_name(name)
                .policy_document(document)
                .send(),
        )
        .await
        .map(|_| ())
    }

    /// The roles an instance profile holds, or `None` when it does not exist.
    pub async fn instance_profile(&self, name: &str) -> Result<Option<Vec<String>>, CloudError> {
        let cli = format!(
            "aws iam get-instance-profile --instance-profile-name {}",
            sh(name)
        );
        let out = self
            .read("iam", "GetInstanceProfile", cli, || {
                self.iam
                    .get_instance_profile()
                    .instance_profile_name(name)
                    .send()
            })
            .await
            .found()?;
        Ok(out.map(|o| {
            o.instance_profile()
                .map(|p| {
                    p.roles()
                        .iter()
                        .map(|r| r.role_name().to_string())
                        .collect()
                })
                .unwrap_or_default()
        }))
    }

    pub async fn create_instance_profile(&self, name: &str) -> Result<(), CloudError> {
        let cli = format!(
            "aws iam create-instance-profile --instance-profile-name {} --path {CLIENT_PATH}",
            sh(name)
        );
        self.call(
            "iam",
            "CreateInstanceProfile",
            cli,
            self.iam
                .create_instance_profile()
                .instance_profile_name(name)
                .path(CLIENT_PATH)
                .send(),
        )
        .await
        .map(|_| ())
    }

    pub async fn add_role_to_profile(&self, profile: &str, role: &str) -> Result<(), CloudError> {
        let cli = format!(
            "aws iam add-role-to-instance-profile --instance-profile-name {} --role-name {}",
            sh(profile),
            sh(role)
        );
        self.call(
            "iam",
            "AddRoleToInstanceProfile",
            cli,
            self.iam
                .add_role_to_instance_profile()
                .instance_profile_name(profile)
                .role_name(role)
                .send(),
        )
        .await
        .map(|_| ())
    }

    /// Removes a client profile and its role in IAM's order; what is already gone counts as done.
    pub async fn delete_client_identity(
        &self,
        profile: &str,
        role: &str,
    ) -> Result<(), CloudError> {
        let cli = format!(
            "aws iam remove-role-from-instance-profile --instance-profile-name {} --role-name {}",
            sh(profile),
            sh(role)
        );
        self.call(
            "iam",
            "RemoveRoleFromInstanceProfile",
            cli,
            self.iam
                .remove_role_from_instance_profile()
                .instance_profile_name(profile)
                .role_name(role)
                .send(),
        )
        .await
        .gone_is_done()?;
        let cli = format!(
            "aws iam delete-instance-profile --instance-profile-name {}",
            sh(profile)
        );
        self.call(
            "iam",
            "DeleteInstanceProfile",
            cli,
            self.iam
                .delete_instance_profile()
                .instance_profile_name(profile)
                .send(),
        )
        .await
        .gone_is_done()?;
        let cli = format!(
            "aws iam detach-role-policy --role-name {} --policy-arn {SSM_CORE_POLICY}",
            sh(role)
        );
        self.call(
            "iam",
            "DetachRolePolicy",
            cli,
            self.iam
                .detach_role_policy()
                .role_name(role)
                .policy_arn(SSM_CORE_POLICY)
                .send(),
        )
        .await
        .gone_is_done()?;
        let cli = format!(
            "aws iam delete-role-policy --role-name {} --policy-name {SESSION_KEY_POLICY}",
            sh(role)
        );
        self.call(
            "iam",
            "DeleteRolePolicy",
            cli,
            self.iam
                .delete_role_policy()
                .role_name(role)
                .policy_name(SESSION_KEY_POLICY)
                .send(),
        )
        .await
        .gone_is_done()?;
        let cli = format!("aws iam delete-role --role-name {}", sh(role));
        self.call(
            "iam",
            "DeleteRole",
            cli,
            self.iam.delete_role().role_name(role).send(),
        )
        .await
        .gone_is_done()
    }
}
