//! A record of every reply a sandbox sends, one JSON line each — service, operation, protocol,
//! HTTP status, content type and the body in base64 — so a test can parse each answer with
//! another client's parsers and check it against the models' output shapes. Request bodies are
//! never written (they carry passwords); a reply carries no secret the sandbox was given.
//! Must not change what is sent.

use crate::{Handled, Sandbox, lock, validate};
use base64::Engine;
use std::io::Write;

impl Sandbox {
    /// From now on, append every reply to `path` (created or truncated, mode 0600).
    pub fn record_replies_to(&self, path: &std::path::Path) -> std::io::Result<()> {
        let mut options = std::fs::OpenOptions::new();
        options.create(true).write(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        *lock(&self.inner.replies) = Some(options.open(path)?);
        Ok(())
    }

    /// Called by the transports with what they are about to send (`cbor`: the request spoke
    /// RPC v2 CBOR). A reply to a request that named no operation is not recorded.
    pub fn note_reply(&self, handled: &Handled, cbor: bool) {
        let mut file = lock(&self.inner.replies);
        let (Some(f), Some((service, operation))) = (file.as_mut(), handled.call.as_ref()) else {
            return;
        };
        let protocol = if cbor {
            "smithy-rpc-v2-cbor".to_string()
        } else {
            validate::model::loaded()
                .ok()
                .and_then(|m| m.service(validate::model_name(*service)))
                .and_then(|s| {
                    s.protocols
                        .iter()
                        .find(|p| *p != "smithy-rpc-v2-cbor")
                        .cloned()
                })
                .unwrap_or_default()
        };
        let line = serde_json::json!({
            "service": validate::model_name(*service),
            "operation": operation,
            "protocol": protocol,
            "status": handled.status,
            "content_type": handled.content_type,
            "body": base64::engine::general_purpose::STANDARD.encode(&handled.body),
        });
        // A record that cannot be written must not fail the request it records.
        let _ = writeln!(f, "{line}");
    }
}
