//! What holds on to a KMS key before the teardown schedules its deletion: its aliases (what
//! applications name it by) and its grants (how another service — an RDS database, an EBS
//! volume — uses it; `GranteePrincipal` is a role, a user, or a service principal), and
//! DisableKey, the reversible step the KMS guide advises before deletion. Reads are paged.

use super::{Cloud, CloudError};

/// One grant on a key: who holds it and for what.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct GrantInfo {
    pub grantee: String,
    pub operations: Vec<String>,
    pub name: String,
}

impl Cloud {
    pub async fn key_aliases(&self, key: &str) -> Result<Vec<String>, CloudError> {
        let mut out = Vec::new();
        let mut marker: Option<String> = None;
        loop {
            let cli = format!("aws kms list-aliases --key-id {key}");
            let page = self
                .read("kms", "ListAliases", cli, || {
                    self.kms
                        .list_aliases()
                        .key_id(key)
                        .set_marker(marker.clone())
                        .send()
                })
                .await?;
            out.extend(
                page.aliases()
                    .iter()
                    .filter_map(|a| a.alias_name().map(str::to_string)),
            );
            marker = page
                .next_marker()
                .map(str::to_string)
                .filter(|_| page.truncated());
            if marker.is_none() {
                return Ok(out);
            }
        }
    }

    pub async fn key_grants(&self, key: &str) -> Result<Vec<GrantInfo>, CloudError> {
        let mut out = Vec::new();
        let mut marker: Option<String> = None;
        loop {
            let cli = format!("aws kms list-grants --key-id {key}");
            let page = self
                .read("kms", "ListGrants", cli, || {
                    self.kms
                        .list_grants()
                        .key_id(key)
                        .set_marker(marker.clone())
                        .send()
                })
                .await?;
            out.extend(page.grants().iter().map(|g| {
                GrantInfo {
                    grantee: g.grantee_principal().unwrap_or_default().to_string(),
                    operations: g
                        .operations()
                        .iter()
                        .map(|o| o.as_str().to_string())
                        .collect(),
                    name: g.name().unwrap_or_default().to_string(),
                }
            }));
            marker = page
                .next_marker()
                .map(str::to_string)
                .filter(|_| page.truncated());
            if marker.is_none() {
                return Ok(out);
            }
        }
    }

    /// DisableKey: the reversible step before deletion (EnableKey undoes it).
    pub async fn disable_key(&self, key: &str) -> Result<(), CloudError> {
        let cli = format!("aws kms disable-key --key-id {key}");
        self.call(
            "kms",
            "DisableKey",
            cli,
            self.kms.disable_key().key_id(key).send(),
        )
        .await
        .map(|_| ())
    }
}
