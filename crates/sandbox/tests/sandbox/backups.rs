//! When CloudHSM backs a cluster up and purges its backups (User Guide, "Cluster backups",
//! "Configure backup retention"): on activation, when an HSM is added to or removed from the
//! active cluster, and once a day; backups older than the retention are marked for deletion
//! (restorable 7 days, then gone) except the cluster's last; a deleted cluster takes none.

use crate::support::Aws;
use aws_sdk_cloudhsmv2::types::BackupState;

async fn backups(aws: &Aws, cluster: &str) -> Vec<(String, BackupState)> {
    let out = aws
        .hsm
        .describe_backups()
        .filters("clusterIds", vec![cluster.to_string()])
        .send()
        .await
        .expect("backups");
    out.backups()
        .iter()
        .map(|b| {
            (
                b.backup_id().to_string(),
                b.backup_state().cloned().expect("state"),
            )
        })
        .collect()
}

#[tokio::test]
async fn backups_follow_activation_hsm_changes_the_day_and_the_retention() {
    let aws = Aws::new();
    // Activation took one, the second HSM another.
    let (cluster, _) = aws.active_cluster().await;
    assert_eq!(backups(&aws, &cluster).await.len(), 2);
    aws.sandbox.advance(86400.0);
    assert_eq!(backups(&aws, &cluster).await.len(), 3, "one a day");

    // Removing an HSM from the active cluster takes one.
    let hsm = aws.cluster(&cluster).await.hsms()[0].hsm_id().to_string();
    aws.hsm
        .delete_hsm()
        .cluster_id(&cluster)
        .hsm_id(&hsm)
        .send()
        .await
        .expect("delete hsm");
    aws.advance_minutes(10.0);
    let first: Vec<String> = backups(&aws, &cluster)
        .await
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert_eq!(first.len(), 4);

    // The retention (90 days unless set) marks the old ones for deletion, never the last one.
    let days = aws
        .cluster(&cluster)
        .await
        .backup_retention_policy()
        .and_then(|p| p.value())
        .and_then(|v| v.parse::<f64>().ok())
        .expect("retention");
    aws.sandbox.advance((days + 2.0) * 86400.0);
    let all = backups(&aws, &cluster).await;
    let pending = all
        .iter()
        .filter(|(_, s)| *s == BackupState::PendingDeletion)
        .count();
    assert!(pending >= 4, "the first four are past {days} days: {all:?}");
    assert!(all.iter().any(|(_, s)| *s == BackupState::Ready));
    // Seven days on, the first four are gone for good.
    aws.sandbox.advance(8.0 * 86400.0);
    let all = backups(&aws, &cluster).await;
    assert!(
        !all.iter().any(|(id, _)| first.contains(id)),
        "{first:?} in {all:?}"
    );
    assert!(all.len() as f64 <= days + 10.0, "{} backups", all.len());
}

#[tokio::test]
async fn a_cluster_with_no_hsm_or_deleted_takes_no_backup() {
    let aws = Aws::new();
    let (cluster, _) = aws.active_cluster().await;
    for h in aws.cluster(&cluster).await.hsms() {
        aws.hsm
            .delete_hsm()
            .cluster_id(&cluster)
            .hsm_id(h.hsm_id())
            .send()
            .await
            .expect("delete hsm");
    }
    aws.advance_minutes(10.0);
    // Two at setup, one as each HSM went.
    let n = backups(&aws, &cluster).await.len();
    assert_eq!(n, 4);
    aws.sandbox.advance(3.0 * 86400.0);
    assert_eq!(
        backups(&aws, &cluster).await.len(),
        n,
        "no HSM, no daily backup"
    );
    aws.hsm
        .delete_cluster()
        .cluster_id(&cluster)
        .send()
        .await
        .expect("delete cluster");
    aws.sandbox.advance(200.0 * 86400.0);
    let left = backups(&aws, &cluster).await;
    assert_eq!(
        left.len(),
        n,
        "a deleted cluster's backups are not purged by age"
    );
}
