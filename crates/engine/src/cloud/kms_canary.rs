//! Proof that a key store's keys work: an encrypt/decrypt round trip (setup's first key), and
//! the canary — a ciphertext made under the first key at setup and journaled (a ciphertext is
//! not a secret), decrypted again after a park or a restore to prove that the key material
//! came back. The plaintext is a fixed text naming the run, so nothing secret is involved.

use super::{Cloud, CloudError, ErrorKind, sh};
use aws_sdk_kms::primitives::Blob;

/// The canary's plaintext for a run.
pub fn canary_text(run_id: &str) -> Vec<u8> {
    format!("keystore-wizard canary {run_id}").into_bytes()
}

impl Cloud {
    /// Encrypts `plain` under `key` with the wizard's encryption context.
    pub async fn encrypt(
        &self,
        key: &str,
        plain: &[u8],
        context: &str,
    ) -> Result<Vec<u8>, CloudError> {
        let cli = format!(
            "aws kms encrypt --key-id {key} --plaintext fileb://probe --encryption-context keystore-wizard={}",
            sh(context)
        );
        let enc = self
            .call(
                "kms",
                "Encrypt",
                cli,
                self.kms
                    .encrypt()
                    .key_id(key)
                    .plaintext(Blob::new(plain.to_vec()))
                    .encryption_context("keystore-wizard", context)
                    .send(),
            )
            .await?;
        enc.ciphertext_blob()
            .map(|b| b.as_ref().to_vec())
            .ok_or_else(|| {
                CloudError::new(
                    "Encrypt",
                    ErrorKind::Other,
                    "EmptyResponse",
                    "no ciphertext",
                )
            })
    }

    /// Decrypts `blob` with the wizard's encryption context; the plaintext, if any came back.
    pub async fn decrypt(&self, blob: &[u8], context: &str) -> Result<Vec<u8>, CloudError> {
        let cli = format!(
            "aws kms decrypt --ciphertext-blob fileb://ciphertext --encryption-context keystore-wizard={}",
            sh(context)
        );
        let dec = self
            .call(
                "kms",
                "Decrypt",
                cli,
                self.kms
                    .decrypt()
                    .ciphertext_blob(Blob::new(blob.to_vec()))
                    .encryption_context("keystore-wizard", context)
                    .send(),
            )
            .await?;
        Ok(dec
            .plaintext()
            .map(|p| p.as_ref().to_vec())
            .unwrap_or_default())
    }

    /// Encrypts and decrypts a probe under `key`; true when the round trip returns the probe.
    pub async fn round_trip(&self, key: &str, context: &str) -> Result<bool, CloudError> {
        let probe = format!("keystore-wizard proof {context}").into_bytes();
        let blob = self.encrypt(key, &probe, context).await?;
        Ok(self.decrypt(&blob, context).await? == probe)
    }
}
