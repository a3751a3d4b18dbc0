//! The operator's certificate authority for InitializeCluster: a self-signed root (RSA 2048 or
//! 4096, Basic Constraints CA, ten years) that signs the cluster CSR with a shorter validity,
//! checked locally with `certcheck` before anything is sent to AWS. The CA private key is a
//! secret: it is zeroized when dropped and only ever written, on request, with mode 0600.

use crate::certcheck;
use rcgen::{
    BasicConstraints, CertificateParams, CertificateSigningRequestParams, DistinguishedName,
    DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose, PKCS_RSA_SHA256, RsaKeySize,
};
use std::time::Duration;
use zeroize::Zeroizing;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum KeyBits {
    Rsa2048,
    Rsa4096,
}

/// A root CA held in memory only.
pub struct RootCa {
    params: CertificateParams,
    key: KeyPair,
    pub cert_pem: String,
}

impl std::fmt::Debug for RootCa {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RootCa")
            .field("cert_pem", &self.cert_pem)
            .field("key", &"[REDACTED]")
            .finish()
    }
}

const YEAR: Duration = Duration::from_secs(365 * 86400);

fn ca_params(common_name: &str) -> CertificateParams {
    let mut params = CertificateParams::default();
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, common_name);
    dn.push(DnType::OrganizationName, "keystore-wizard");
    params.distinguished_name = dn;
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    let now = time::OffsetDateTime::now_utc();
    params.not_before = now - time::Duration::minutes(5);
    params.not_after = now + 10 * YEAR;
    params
}

impl RootCa {
    pub fn generate(bits: KeyBits, common_name: &str) -> Result<Self, String> {
        let size = match bits {
            KeyBits::Rsa2048 => RsaKeySize::_2048,
            KeyBits::Rsa4096 => RsaKeySize::_4096,
        };
        let key = KeyPair::generate_rsa_for(&PKCS_RSA_SHA256, size)
            .map_err(|e| format!("generating the CA key failed: {e}"))?;
        let params = ca_params(common_name);
        let cert = params
            .self_signed(&key)
            .map_err(|e| format!("self-signing the CA failed: {e}"))?;
        Ok(Self {
            params,
            key,
            cert_pem: cert.pem(),
        })
    }

    /// The private key as PKCS#8 PEM, in memory that is wiped when dropped.
    pub fn key_pem(&self) -> Zeroizing<String> {
        Zeroizing::new(self.key.serialize_pem())
    }

    /// Signs the cluster CSR; the certificate is valid for `days` and checked before return.
    pub fn sign_csr(&self, csr_pem: &str, days: u32) -> Result<String, String> {
        let mut csr = CertificateSigningRequestParams::from_pem(csr_pem)
            .map_err(|e| format!("the cluster CSR does not parse: {e}"))?;
        let now = time::OffsetDateTime::now_utc();
        csr.params.not_before = now - time::Duration::minutes(5);
        csr.params.not_after = now + time::Duration::days(i64::from(days));
        csr.params.is_ca = IsCa::NoCa;
        let issuer = Issuer::new(self.params.clone(), &self.key);
        let cert = csr
            .signed_by(&issuer)
            .map_err(|e| format!("signing the CSR failed: {e}"))?;
        let pem = cert.pem();
        certcheck::check_initialize(csr_pem, &pem, &self.cert_pem)?;
        Ok(pem)
    }
}
