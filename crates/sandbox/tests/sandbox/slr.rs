use crate::support::{Aws, code};
use aws_sdk_iam::types::DeletionTaskStatusType as Status;

#[tokio::test]
async fn the_cloudhsm_role_cannot_be_deleted_while_a_cluster_exists_in_any_region() {
    let aws = Aws::new();
    let west = aws.region("eu-west-1");
    let cluster = west.create_cluster(2).await;
    let task = aws
        .iam
        .delete_service_linked_role()
        .role_name("AWSServiceRoleForCloudHSM")
        .send()
        .await
        .expect("task");
    let id = task.deletion_task_id().to_string();
    assert!(
        id.starts_with("task/aws-service-role/cloudhsm.amazonaws.com/AWSServiceRoleForCloudHSM/"),
        "{id}"
    );
    let status = aws
        .iam
        .get_service_linked_role_deletion_status()
        .deletion_task_id(&id)
        .send()
        .await
        .expect("status");
    assert_eq!(status.status(), &Status::InProgress);
    aws.advance_minutes(1.0);
    let status = aws
        .iam
        .get_service_linked_role_deletion_status()
        .deletion_task_id(&id)
        .send()
        .await
        .expect("status");
    assert_eq!(status.status(), &Status::Failed);
    let usage = status
        .reason()
        .map(|r| r.role_usage_list().to_vec())
        .unwrap_or_default();
    assert_eq!(usage.len(), 1);
    assert_eq!(usage[0].region(), Some("eu-west-1"));
    assert!(usage[0].resources()[0].ends_with(&cluster));
    aws.iam
        .get_role()
        .role_name("AWSServiceRoleForCloudHSM")
        .send()
        .await
        .expect("role still there");

    west.hsm
        .delete_cluster()
        .cluster_id(&cluster)
        .send()
        .await
        .expect("delete cluster");
    west.advance_minutes(3.0);
    let task = aws
        .iam
        .delete_service_linked_role()
        .role_name("AWSServiceRoleForCloudHSM")
        .send()
        .await
        .expect("task");
    aws.advance_minutes(1.0);
    let status = aws
        .iam
        .get_service_linked_role_deletion_status()
        .deletion_task_id(task.deletion_task_id())
        .send()
        .await
        .expect("status");
    assert_eq!(
        status.status(),
        &Status::Succeeded,
        "a DELETED cluster no longer uses the role"
    );
    assert_eq!(
        code(
            &aws.iam
                .get_role()
                .role_name("AWSServiceRoleForCloudHSM")
                .send()
                .await
                .expect_err("gone")
        ),
        "NoSuchEntity"
    );
}

#[tokio::test]
async fn manual_creation_listing_and_description() {
    let aws = Aws::new();
    let role = aws
        .iam
        .create_service_linked_role()
        .aws_service_name("cloudhsm.amazonaws.com")
        .send()
        .await
        .expect("create");
    assert_eq!(
        role.role().map(|r| r.role_name()),
        Some("AWSServiceRoleForCloudHSM")
    );
    let again = aws
        .iam
        .create_service_linked_role()
        .aws_service_name("cloudhsm.amazonaws.com")
        .send()
        .await
        .expect_err("again");
    assert_eq!(code(&again), "InvalidInput");
    let mrk = aws
        .iam
        .create_service_linked_role()
        .aws_service_name("mrk.kms.amazonaws.com")
        .send()
        .await
        .expect_err("not directly");
    assert_eq!(code(&mrk), "InvalidInput");
    aws.iam
        .update_role()
        .role_name("AWSServiceRoleForCloudHSM")
        .description("logs for CloudHSM")
        .send()
        .await
        .expect("describe");
    let listed = aws
        .iam
        .list_roles()
        .path_prefix("/aws-service-role/")
        .send()
        .await
        .expect("list");
    assert_eq!(listed.roles().len(), 1);
    assert_eq!(listed.roles()[0].description(), Some("logs for CloudHSM"));
    let missing = aws
        .iam
        .get_service_linked_role_deletion_status()
        .deletion_task_id("task/none")
        .send()
        .await
        .expect_err("unknown");
    assert_eq!(code(&missing), "NoSuchEntity");
    let not_slr = aws
        .iam
        .delete_service_linked_role()
        .role_name("NoSuchRole")
        .send()
        .await
        .expect_err("missing");
    assert_eq!(code(&not_slr), "NoSuchEntity");
}

#[tokio::test]
async fn the_key_store_role_deletion_fails_while_a_store_exists() {
    let aws = Aws::new();
    let (cluster, ca) = aws.active_cluster().await;
    aws.key_store(&cluster, &ca, "S").await;
    let name = "AWSServiceRoleForKeyManagementServiceCustomKeyStores";
    let task = aws
        .iam
        .delete_service_linked_role()
        .role_name(name)
        .send()
        .await
        .expect("task");
    aws.advance_minutes(1.0);
    let status = aws
        .iam
        .get_service_linked_role_deletion_status()
        .deletion_task_id(task.deletion_task_id())
        .send()
        .await
        .expect("status");
    assert_eq!(status.status(), &Status::Failed);
    let usage = status
        .reason()
        .map(|r| r.role_usage_list().to_vec())
        .unwrap_or_default();
    assert!(usage[0].resources()[0].starts_with("cks-"));
}

/// Issue 16: a DeleteServiceLinkedRole repeated while the deletion is in progress is the same
/// request: AWS answers with the earlier task id, not a new task.
#[tokio::test]
async fn a_repeated_deletion_returns_the_task_already_under_way() {
    let aws = Aws::new();
    aws.create_cluster(2).await;
    let delete = || async {
        aws.iam
            .delete_service_linked_role()
            .role_name("AWSServiceRoleForCloudHSM")
            .send()
            .await
            .expect("task")
            .deletion_task_id()
            .to_string()
    };
    let first = delete().await;
    let again = delete().await;
    assert_eq!(first, again, "the same task while it is in progress");
    // Once that task has ended (FAILED here: a cluster exists), a new request is a new task.
    aws.advance_minutes(5.0);
    let later = delete().await;
    assert_ne!(later, first);
}
