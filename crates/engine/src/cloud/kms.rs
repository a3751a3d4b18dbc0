//! KMS through the boundary: CloudHSM key stores (create, describe, connect, disconnect, update
//! the password, delete) and the keys in them. The KeyStorePassword is taken as a secret, sent
//! once and shown as `****` in the equivalent CLI command. CreateKey is attempted once.

use super::error::NotFound;
use super::types::KeyStore;
use super::{Cloud, CloudError, sh};
use secrecy::{ExposeSecret, SecretString};

fn map_store(s: &aws_sdk_kms::types::CustomKeyStoresListEntry) -> KeyStore {
    KeyStore {
        id: s.custom_key_store_id().unwrap_or_default().into(),
        name: s.custom_key_store_name().unwrap_or_default().into(),
        cluster_id: s.cloud_hsm_cluster_id().unwrap_or_default().into(),
        state: s
            .connection_state()
            .map(|c| c.as_str().to_string())
            .unwrap_or_default(),
        error_code: s.connection_error_code().map(|c| c.as_str().to_string()),
    }
}

impl Cloud {
    pub async fn key_stores(&self) -> Result<Vec<KeyStore>, CloudError> {
        let mut out = Vec::new();
        let mut marker: Option<String> = None;
        loop {
            let req = self
                .kms
                .describe_custom_key_stores()
                .set_marker(marker.clone());
            let page = self
                .read(
                    "kms",
                    "DescribeCustomKeyStores",
                    "aws kms describe-custom-key-stores".into(),
                    || req.clone().send(),
                )
                .await?;
            out.extend(page.custom_key_stores().iter().map(map_store));
            marker = page
                .next_marker()
                .map(str::to_string)
                .filter(|_| page.truncated());
            if marker.is_none() {
                return Ok(out);
            }
        }
    }

    pub async fn key_store(&self, id: &str) -> Result<Option<KeyStore>, CloudError> {
        let cli = format!("aws kms describe-custom-key-stores --custom-key-store-id {id}");
        Ok(self
            .read("kms", "DescribeCustomKeyStores", cli, || {
                self.kms
                    .describe_custom_key_stores()
                    .custom_key_store_id(id)
                    .send()
            })
            .await
            .found()?
            .and_then(|out| out.custom_key_stores().first().map(map_store)))
    }

    pub async fn key_store_named(&self, name: &str) -> Result<Option<KeyStore>, CloudError> {
        let cli = format!(
            "aws kms describe-custom-key-stores --custom-key-store-name {}",
            sh(name)
        );
        Ok(self
            .read("kms", "DescribeCustomKeyStores", cli, || {
                self.kms
                    .describe_custom_key_stores()
                    .custom_key_store_name(name)
                    .send()
            })
            .await
            .found()?
            .and_then(|out| out.custom_key_stores().first().map(map_store)))
    }

    pub async fn create_key_store(
        &self,
        name: &str,
        cluster: &str,
        trust_anchor: &str,
        password: &SecretString,
    ) -> Result<String, CloudError> {
        let cli = format!(
            "aws kms create-custom-key-store --custom-key-store-name {} --cloud-hsm-cluster-id {cluster} --trust-anchor-certificate file://customerCA.crt --key-store-password '****'",
            sh(name)
        );
        let req = self
            .kms
            .create_custom_key_store()
            .custom_key_store_name(name)
            .cloud_hsm_cluster_id(cluster)
            .trust_anchor_certificate(trust_anchor)
            .key_store_password(password.expose_secret());
        let out = self
            .call("kms", "CreateCustomKeyStore", cli, req.send())
            .await?;
        Ok(out.custom_key_store_id().unwrap_or_default().to_string())
    }

    pub async fn connect_key_store(&self, id: &str) -> Result<(), CloudError> {
        let cli = format!("aws kms connect-custom-key-store --custom-key-store-id {id}");
        self.call(
            "kms",
            "ConnectCustomKeyStore",
            cli,
            self.kms
                .connect_custom_key_store()
                .custom_key_store_id(id)
                .send(),
        )
        .await
        .map(|_| ())
    }

    pub async fn disconnect_key_store(&self, id: &str) -> Result<(), CloudError> {
        let cli = format!("aws kms disconnect-custom-key-store --custom-key-store-id {id}");
        self.call(
            "kms",
            "DisconnectCustomKeyStore",
            cli,
            self.kms
                .disconnect_custom_key_store()
                .custom_key_store_id(id)
                .send(),
        )
        .await
        .map(|_| ())
    }

    pub async fn update_key_store_password(
        &self,
        id: &str,
        password: &SecretString,
    ) -> Result<(), CloudError> {
        let cli = format!(
            "aws kms update-custom-key-store --custom-key-store-id {id} --key-store-password '****'"
        );
        let req = self
            .kms
            .update_custom_key_store()
            .custom_key_store_id(id)
            .key_store_password(password.expose_secret());
        self.call("kms", "UpdateCustomKeyStore", cli, req.send())
            .await
            .map(|_| ())
    }

    /// Points a DISCONNECTED store at another cluster; KMS accepts only a cluster related to the
    /// store's (one sharing its backup history), else `CloudHsmClusterNotRelatedException`.
    pub async fn update_key_store_cluster(
        &self,
        id: &str,
        cluster: &str,
    ) -> Result<(), CloudError> {
        let cli = format!(
            "aws kms update-custom-key-store --custom-key-store-id {id} --cloud-hsm-cluster-id {cluster}"
        );
        let req = self
            .kms
            .update_custom_key_store()
            .custom_key_store_id(id)
            .cloud_hsm_cluster_id(cluster);
        self.call("kms", "UpdateCustomKeyStore", cli, req.send())
            .await
            .map(|_| ())
    }

    pub async fn delete_key_store(&self, id: &str) -> Result<(), CloudError> {
        let cli = format!("aws kms delete-custom-key-store --custom-key-store-id {id}");
        self.call(
            "kms",
            "DeleteCustomKeyStore",
            cli,
            self.kms
                .delete_custom_key_store()
                .custom_key_store_id(id)
                .send(),
        )
        .await
        .map(|_| ())
    }
}
