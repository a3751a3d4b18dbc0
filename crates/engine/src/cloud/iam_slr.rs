//! Service-linked roles through the boundary: read one (when it was created and last used),
//! create one for a service, delete one and follow its deletion task.

use super::error::NotFound;
use super::iam::DeletionStatus;
use super::iam::epoch;
use super::types::Role;
use super::{Cloud, CloudError, sh};

impl Cloud {
    /// The role, or `None` when IAM says NoSuchEntity.
    pub async fn role(&self, name: &str) -> Result<Option<Role>, CloudError> {
        Ok(self
            .read(
                "iam",
                "GetRole",
                format!("aws iam get-role --role-name {}", sh(name)),
                || self.iam.get_role().role_name(name).send(),
            )
            .await
            .found()?
            .and_then(|out| {
                out.role().map(|r| Role {
                    name: r.role_name().into(),
                    arn: r.arn().into(),
                    path: r.path().into(),
                    created: Some(r.create_date().secs()),
                    last_used: r.role_last_used().and_then(|u| epoch(u.last_used_date())),
                    last_used_region: r
                        .role_last_used()
                        .and_then(|u| u.region())
                        .map(str::to_string),
                })
            }))
    }

    /// Creates a service-linked role for `principal`; returns the role name AWS gave it.
    pub async fn create_service_linked_role(&self, principal: &str) -> Result<String, CloudError> {
        let cli = format!(
            "aws iam create-service-linked-role --aws-service-name {}",
            sh(principal)
        );
        let out = self
            .call(
                "iam",
                "CreateServiceLinkedRole",
                cli,
                self.iam
                    .create_service_linked_role()
                    .aws_service_name(principal)
                    .send(),
            )
            .await?;
        Ok(out
            .role()
            .map(|r| r.role_name().to_string())
            .unwrap_or_default())
    }

    /// Starts deleting a service-linked role; returns the deletion task id.
    pub async fn delete_service_linked_role(&self, name: &str) -> Result<String, CloudError> {
        let cli = format!(
            "aws iam delete-service-linked-role --role-name {}",
            sh(name)
        );
        let out = self
            .call(
                "iam",
                "DeleteServiceLinkedRole",
                cli,
                self.iam.delete_service_linked_role().role_name(name).send(),
            )
            .await?;
        Ok(out.deletion_task_id().to_string())
    }

    pub async fn deletion_status(&self, task: &str) -> Result<DeletionStatus, CloudError> {
        let cli = format!(
            "aws iam get-service-linked-role-deletion-status --deletion-task-id {}",
            sh(task)
        );
        let out = self
            .read("iam", "GetServiceLinkedRoleDeletionStatus", cli, || {
                self.iam
                    .get_service_linked_role_deletion_status()
                    .deletion_task_id(task)
                    .send()
            })
            .await?;
        let usage = out
            .reason()
            .map(|r| {
                r.role_usage_list()
                    .iter()
                    .map(|u| {
                        (
                            u.region().unwrap_or_default().to_string(),
                            u.resources().to_vec(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        Ok(DeletionStatus {
            status: out.status().as_str().to_string(),
            usage,
        })
    }
}
