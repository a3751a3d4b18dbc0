//! KMS keys through the boundary: describe one, list the keys of a key store, create a key in
//! a store (attempted once: CreateKey has no idempotency token), aliases, the encrypt/decrypt
//! round trip that proves a key works, and scheduling a key's deletion.

use super::error::NotFound;
use super::types::Key;
use super::{Cloud, CloudError, ErrorKind, RUN_TAG, no_retry, sh};
use aws_sdk_kms::types::{OriginType, Tag};

impl Cloud {
    pub async fn describe_key(&self, id: &str) -> Result<Option<Key>, CloudError> {
        Ok(self
            .read(
                "kms",
                "DescribeKey",
                format!("aws kms describe-key --key-id {id}"),
                || self.kms.describe_key().key_id(id).send(),
            )
            .await
            .found()?
            .and_then(|out| {
                out.key_metadata().map(|m| Key {
                    id: m.key_id().into(),
                    arn: m.arn().unwrap_or_default().into(),
                    state: m
                        .key_state()
                        .map(|s| s.as_str().to_string())
                        .unwrap_or_default(),
                    store_id: m.custom_key_store_id().map(str::to_string),
                    cluster_id: m.cloud_hsm_cluster_id().map(str::to_string),
                    deletion_date: m.deletion_date().map(|d| d.secs()),
                    created: m.creation_date().map(|d| d.secs()),
                })
            }))
    }

    /// Keys in a key store: KMS has no server-side filter, so ListKeys + DescribeKey each.
    pub async fn keys_in_store(&self, store: &str) -> Result<Vec<Key>, CloudError> {
        let mut ids = Vec::new();
        let mut marker: Option<String> = None;
        loop {
            let page = self
                .read("kms", "ListKeys", "aws kms list-keys".into(), || {
                    self.kms.list_keys().set_marker(marker.clone()).send()
                })
                .await?;
            ids.extend(
                page.keys()
                    .iter()
                    .filter_map(|k| k.key_id().map(str::to_string)),
            );
            marker = page
                .next_marker()
                .map(str::to_string)
                .filter(|_| page.truncated());
            if marker.is_none() {
                break;
            }
        }
        let mut out = Vec::new();
        for id in ids {
            if let Some(k) = self.describe_key(&id).await?
                && k.store_id.as_deref() == Some(store)
            {
                out.push(k);
            }
        }
        Ok(out)
    }

    pub async fn create_key_in_store(
        &self,
        store: &str,
        description: &str,
        run_id: &str,
    ) -> Result<Key, CloudError> {
        let cli = format!(
            "aws kms create-key --origin AWS_CLOUDHSM --custom-key-store-id {store} --description {} --tags TagKey={RUN_TAG},TagValue={run_id}",
            sh(description)
        );
        let tag = Tag::builder()
            .tag_key(RUN_TAG)
            .tag_value(run_id)
            .build()
            .map_err(|e| {
                CloudError::new("CreateKey", ErrorKind::Invalid, "BadTag", e.to_string())
            })?;
        let req = self
            .kms
            .create_key()
            .origin(OriginType::AwsCloudhsm)
            .custom_key_store_id(store)
            .description(description)
            .tags(tag)
            .customize()
            .config_override(aws_sdk_kms::config::Builder::default().retry_config(no_retry()));
        let out = self.call("kms", "CreateKey", cli, req.send()).await?;
        let m = out.key_metadata().ok_or_else(|| {
            CloudError::new(
                "CreateKey",
                ErrorKind::Other,
                "EmptyResponse",
                "CreateKey returned no metadata",
            )
        })?;
        Ok(Key {
            id: m.key_id().into(),
            arn: m.arn().unwrap_or_default().into(),
            state: m
                .key_state()
                .map(|s| s.as_str().to_string())
                .unwrap_or_default(),
            store_id: m.custom_key_store_id().map(str::to_string),
            cluster_id: m.cloud_hsm_cluster_id().map(str::to_string),
            deletion_date: None,
            created: m.creation_date().map(|d| d.secs()),
        })
    }

    /// The key an alias points to, if the alias exists.
    pub async fn alias_target(&self, alias: &str) -> Result<Option<String>, CloudError> {
        let mut marker: Option<String> = None;
        loop {
            let page = self
                .read("kms", "ListAliases", "aws kms list-aliases".into(), || {
                    self.kms.list_aliases().set_marker(marker.clone()).send()
                })
                .await?;
            if let Some(a) = page
                .aliases()
                .iter()
                .find(|a| a.alias_name() == Some(alias))
            {
                return Ok(a.target_key_id().map(str::to_string));
            }
            marker = page
                .next_marker()
                .map(str::to_string)
                .filter(|_| page.truncated());
            if marker.is_none() {
                return Ok(None);
            }
        }
    }

    pub async fn create_alias(&self, alias: &str, key: &str) -> Result<(), CloudError> {
        let cli = format!(
            "aws kms create-alias --alias-name {} --target-key-id {key}",
            sh(alias)
        );
        self.call(
            "kms",
            "CreateAlias",
            cli,
            self.kms
                .create_alias()
                .alias_name(alias)
                .target_key_id(key)
                .send(),
        )
        .await
        .map(|_| ())
    }

    /// Schedules deletion; a key already pending deletion counts as scheduled.
    pub async fn schedule_key_deletion(
        &self,
        key: &str,
        days: i32,
    ) -> Result<Option<i64>, CloudError> {
        let cli =
            format!("aws kms schedule-key-deletion --key-id {key} --pending-window-in-days {days}");
        match self
            .call(
                "kms",
                "ScheduleKeyDeletion",
                cli,
                self.kms
                    .schedule_key_deletion()
                    .key_id(key)
                    .pending_window_in_days(days)
                    .send(),
            )
            .await
        {
            Ok(out) => Ok(out.deletion_date().map(|d| d.secs())),
            Err(e)
                if e.code == "KMSInvalidStateException"
                    && e.message.contains("pending deletion") =>
            {
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }
}
