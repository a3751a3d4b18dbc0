//! The `initialize` stage: sign the cluster CSR with a new self-signed root and initialize the cluster. The
//! trust anchor (public) is journaled and written to `customerCA.crt` *before* the call,
//! because AWS never shows it again and KMS needs it. The root's private key is discarded
//! unless the plan names a path, where it is written once with mode 0600.

use super::{Ctx, Outcome, StageError};
use crate::run::events::Event;
use keystore_facts::pki::{KeyBits, RootCa};
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;

fn write_ca_key(path: &str, ca: &RootCa) -> Result<(), StageError> {
    let fail = |e: std::io::Error| {
        StageError::keyed(
            "CaKeyNotWritten",
            "CaKeyNotWritten",
            &[("path", &path), ("detail", &e)],
        )
    };
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(fail)?;
    f.write_all(ca.key_pem().as_bytes()).map_err(fail)?;
    f.sync_all().map_err(fail)
}

pub async fn apply(ctx: &mut Ctx) -> Result<Outcome, StageError> {
    let c = ctx.cluster().await?;
    if c.state == "UNINITIALIZED" {
        let csr = c
            .csr
            .clone()
            .ok_or_else(|| StageError::keyed("NoCsr", "NoCsr", &[]))?;
        let bits = if ctx.plan.key_bits == 4096 {
            KeyBits::Rsa4096
        } else {
            KeyBits::Rsa2048
        };
        let ca = RootCa::generate(bits, &ctx.plan.ca_common_name)
            .map_err(|e| StageError::keyed("PkiFailed", "PkiFailed", &[("detail", &e)]))?;
        let mut signed = ca
            .sign_csr(&csr, ctx.plan.cluster_cert_days)
            .map_err(|e| StageError::keyed("CsrRejected", "CsrRejected", &[("detail", &e)]))?;
        // The CSR changes if the first HSM was replaced: fetch it again right before sending.
        let fresh = ctx.cluster().await?.csr.unwrap_or_default();
        if fresh != csr {
            ctx.emit(Event::Waiting {
                stage: ctx.stage.into(),
                what: "the cluster CSR changed since it was read; signing the new one".into(),
                state: "CSR_CHANGED".into(),
                elapsed_s: 0.0,
            });
            signed = ca
                .sign_csr(&fresh, ctx.plan.cluster_cert_days)
                .map_err(|e| StageError::keyed("CsrRejected", "CsrRejected", &[("detail", &e)]))?;
        }
        let path = ctx
            .journal
            .write_file("customerCA.crt", ca.cert_pem.as_bytes())?;
        ctx.journal.write_file(
            &format!("{}_CustomerHsmCertificate.crt", c.id),
            signed.as_bytes(),
        )?;
        ctx.journal.set_fact("trust_anchor", &ca.cert_pem)?;
        ctx.journal
            .set_fact("trust_anchor_path", &path.display().to_string())?;
        if let Some(p) = ctx.plan.ca_key_path.clone() {
            write_ca_key(&p, &ca)?;
        }
        drop(ca);
        ctx.journal.intent(ctx.stage, "initialization", &c.id)?;
        ctx.cloud
            .initialize_cluster(
                &c.id,
                &signed,
                ctx.journal.fact("trust_anchor").unwrap_or_default(),
            )
            .await?;
    }
    ctx.wait_cluster("cluster to be INITIALIZED", |c| {
        matches!(c.state.as_str(), "INITIALIZED" | "ACTIVE")
    })
    .await?;
    Ok(Outcome::Done)
}
