//! CloudHSM v2 through the boundary: clusters (found by id or by the run tag), HSMs, and
//! InitializeCluster. CreateCluster and CreateHsm are attempted once: they have no idempotency
//! token, so an SDK retry after a lost response would create a second cluster or HSM.

use super::error::NotFound;
use super::types::{Backup, Cluster, Hsm};
use super::{Cloud, CloudError, ErrorKind, RUN_TAG, no_retry, sh};
use aws_sdk_cloudhsmv2::types::{BackupRetentionPolicy, BackupRetentionType, ClusterMode, Tag};

fn map_cluster(c: &aws_sdk_cloudhsmv2::types::Cluster) -> Cluster {
    Cluster {
        id: c.cluster_id().unwrap_or_default().into(),
        state: c
            .state()
            .map(|s| s.as_str().to_string())
            .unwrap_or_default(),
        state_message: c.state_message().unwrap_or_default().into(),
        hsm_type: c.hsm_type().unwrap_or_default().into(),
        vpc_id: c.vpc_id().unwrap_or_default().into(),
        security_group: c.security_group().unwrap_or_default().into(),
        subnets: c
            .subnet_mapping()
            .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default(),
        hsms: c
            .hsms()
            .iter()
            .map(|h| Hsm {
                id: h.hsm_id().into(),
                az: h.availability_zone().unwrap_or_default().into(),
                subnet_id: h.subnet_id().unwrap_or_default().into(),
                ip: h.eni_ip().unwrap_or_default().into(),
                state: h
                    .state()
                    .map(|s| s.as_str().to_string())
                    .unwrap_or_default(),
            })
            .collect(),
        csr: c
            .certificates()
            .and_then(|x| x.cluster_csr())
            .map(str::to_string),
        tags: c
            .tag_list()
            .iter()
            .map(|t| (t.key().to_string(), t.value().to_string()))
            .collect(),
    }
}

/// What CreateCluster needs.
#[derive(Debug, Clone)]
pub struct ClusterSpec {
    pub hsm_type: String,
    pub mode: String,
    pub backup_days: u32,
    pub subnet_ids: Vec<String>,
    pub run_id: String,
    /// Restore this backup into the new cluster (`SourceBackupId`).
    pub source_backup: Option<String>,
}

impl Cloud {
    /// Every cluster in the Region (all pages).
    pub async fn clusters(&self) -> Result<Vec<Cluster>, CloudError> {
        let mut out = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let req = self.hsm.describe_clusters().set_next_token(token.clone());
            let page = self
                .read(
                    "cloudhsm",
                    "DescribeClusters",
                    "aws cloudhsmv2 describe-clusters".into(),
                    || req.clone().send(),
                )
                .await?;
            out.extend(page.clusters().iter().map(map_cluster));
            token = page.next_token().map(str::to_string);
            if token.is_none() {
                return Ok(out);
            }
        }
    }

    pub async fn cluster(&self, id: &str) -> Result<Option<Cluster>, CloudError> {
        let cli = format!(
            "aws cloudhsmv2 describe-clusters --filters clusterIds={}",
            sh(id)
        );
        let out = self
            .read("cloudhsm", "DescribeClusters", cli, || {
                self.hsm
                    .describe_clusters()
                    .filters("clusterIds", vec![id.to_string()])
                    .send()
            })
            .await?;
        Ok(out.clusters().iter().map(map_cluster).find(|c| c.id == id))
    }

    /// Clusters of this run, by tag (not DELETED).
    pub async fn clusters_tagged(&self, run_id: &str) -> Result<Vec<Cluster>, CloudError> {
        Ok(self
            .clusters()
            .await?
            .into_iter()
            .filter(|c| {
                c.tags.get(RUN_TAG).map(String::as_str) == Some(run_id) && c.state != "DELETED"
            })
            .collect())
    }

    pub async fn create_cluster(&self, spec: &ClusterSpec) -> Result<Cluster, CloudError> {
        let mut cli = format!(
            "aws cloudhsmv2 create-cluster --hsm-type {} --mode {} --subnet-ids {} --backup-retention-policy Type=DAYS,Value={} --tag-list Key={RUN_TAG},Value={}",
            spec.hsm_type,
            spec.mode,
            spec.subnet_ids.join(" "),
            spec.backup_days,
            spec.run_id
        );
        if let Some(b) = &spec.source_backup {
            cli.push_str(&format!(" --source-backup-id {b}"));
        }
        let tag = Tag::builder()
            .key(RUN_TAG)
            .value(&spec.run_id)
            .build()
            .map_err(|e| {
                CloudError::new("CreateCluster", ErrorKind::Invalid, "BadTag", e.to_string())
            })?;
        let policy = BackupRetentionPolicy::builder()
            .r#type(BackupRetentionType::Days)
            .value(spec.backup_days.to_string())
            .build();
        let req = self
            .hsm
            .create_cluster()
            .hsm_type(&spec.hsm_type)
            .mode(ClusterMode::from(spec.mode.as_str()))
            .set_subnet_ids(Some(spec.subnet_ids.clone()))
            .backup_retention_policy(policy)
            .tag_list(tag)
            .set_source_backup_id(spec.source_backup.clone())
            .customize()
            .config_override(
                aws_sdk_cloudhsmv2::config::Builder::default().retry_config(no_retry()),
            );
        let out = self
            .call("cloudhsm", "CreateCluster", cli, req.send())
            .await?;
        out.cluster().map(map_cluster).ok_or_else(|| {
            CloudError::new(
                "CreateCluster",
                ErrorKind::Other,
                "EmptyResponse",
                "CreateCluster returned no cluster",
            )
        })
    }

    pub async fn create_hsm(&self, cluster: &str, az: &str) -> Result<String, CloudError> {
        self.create_hsm_at(cluster, az, None).await
    }

    /// The same at a chosen address of the AZ's subnet (`--ip-address`), as a parked cluster's
    /// HSMs come back at the addresses a client's configuration names.
    pub async fn create_hsm_at(
        &self,
        cluster: &str,
        az: &str,
        ip: Option<&str>,
    ) -> Result<String, CloudError> {
        let mut cli =
            format!("aws cloudhsmv2 create-hsm --cluster-id {cluster} --availability-zone {az}");
        if let Some(ip) = ip {
            cli.push_str(&format!(" --ip-address {ip}"));
        }
        let req = self
            .hsm
            .create_hsm()
            .cluster_id(cluster)
            .availability_zone(az)
            .set_ip_address(ip.map(str::to_string))
            .customize()
            .config_override(
                aws_sdk_cloudhsmv2::config::Builder::default().retry_config(no_retry()),
            );
        let out = self.call("cloudhsm", "CreateHsm", cli, req.send()).await?;
        Ok(out
            .hsm()
            .map(|h| h.hsm_id().to_string())
            .unwrap_or_default())
    }

    pub async fn initialize_cluster(
        &self,
        cluster: &str,
        signed_cert: &str,
        trust_anchor: &str,
    ) -> Result<String, CloudError> {
        let cli = format!(
            "aws cloudhsmv2 initialize-cluster --cluster-id {cluster} --signed-cert file://{cluster}_CustomerHsmCertificate.crt --trust-anchor file://customerCA.crt"
        );
        let out = self
            .call(
                "cloudhsm",
                "InitializeCluster",
                cli,
                self.hsm
                    .initialize_cluster()
                    .cluster_id(cluster)
                    .signed_cert(signed_cert)
                    .trust_anchor(trust_anchor)
                    .send(),
            )
            .await?;
        Ok(out
            .state()
            .map(|s| s.as_str().to_string())
            .unwrap_or_default())
    }

    /// Deletes an HSM; an HSM that is already gone counts as deleted.
    pub async fn delete_hsm(&self, cluster: &str, hsm: &str) -> Result<(), CloudError> {
        let cli = format!("aws cloudhsmv2 delete-hsm --cluster-id {cluster} --hsm-id {hsm}");
        self.call(
            "cloudhsm",
            "DeleteHsm",
            cli,
            self.hsm.delete_hsm().cluster_id(cluster).hsm_id(hsm).send(),
        )
        .await
        .gone_is_done()
    }

    /// Deletes a cluster; a cluster that is already gone counts as deleted.
    pub async fn delete_cluster(&self, cluster: &str) -> Result<(), CloudError> {
        let cli = format!("aws cloudhsmv2 delete-cluster --cluster-id {cluster}");
        self.call(
            "cloudhsm",
            "DeleteCluster",
            cli,
            self.hsm.delete_cluster().cluster_id(cluster).send(),
        )
        .await
        .gone_is_done()
    }

    /// Every backup in the Region (all pages).
    pub async fn backups(&self) -> Result<Vec<Backup>, CloudError> {
        let mut out = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let req = self.hsm.describe_backups().set_next_token(token.clone());
            let page = self
                .read(
                    "cloudhsm",
                    "DescribeBackups",
                    "aws cloudhsmv2 describe-backups".into(),
                    || req.clone().send(),
                )
                .await?;
            out.extend(page.backups().iter().map(|b| {
                Backup {
                    id: b.backup_id().to_string(),
                    cluster_id: b.cluster_id().unwrap_or_default().to_string(),
                    state: b
                        .backup_state()
                        .map(|s| s.as_str().to_string())
                        .unwrap_or_default(),
                    delete_at: b.delete_timestamp().map(|d| d.secs()),
                    created: b.create_timestamp().map(|d| d.secs()),
                    hsm_type: b.hsm_type().unwrap_or_default().to_string(),
                    mode: b.mode().map(|m| m.as_str().to_string()).unwrap_or_default(),
                    source_region: b.source_region().map(str::to_string),
                    source_cluster: b.source_cluster().map(str::to_string),
                    source_backup: b.source_backup().map(str::to_string),
                }
            }));
            token = page.next_token().map(str::to_string);
            if token.is_none() {
                return Ok(out);
            }
        }
    }

    /// Copies a backup to another Region (disaster recovery). AWS's answer names no id: the copy
    /// is found in the destination Region by its SourceBackup.
    pub async fn copy_backup_to_region(&self, id: &str, region: &str) -> Result<(), CloudError> {
        let cli = format!(
            "aws cloudhsmv2 copy-backup-to-region --backup-id {id} --destination-region {region}"
        );
        let req = self
            .hsm
            .copy_backup_to_region()
            .backup_id(id)
            .destination_region(region)
            .customize()
            .config_override(
                aws_sdk_cloudhsmv2::config::Builder::default().retry_config(no_retry()),
            );
        self.call("cloudhsm", "CopyBackupToRegion", cli, req.send())
            .await
            .map(|_| ())
    }

    /// Deletes a backup (AWS keeps it PENDING_DELETION for 7 days); already gone counts as done.
    pub async fn delete_backup(&self, id: &str) -> Result<(), CloudError> {
        let cli = format!("aws cloudhsmv2 delete-backup --backup-id {id}");
        self.call(
            "cloudhsm",
            "DeleteBackup",
            cli,
            self.hsm.delete_backup().backup_id(id).send(),
        )
        .await
        .gone_is_done()
    }
}
