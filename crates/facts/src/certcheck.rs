//! Certificate checks that InitializeCluster needs, shared by the sandbox (which enforces them
//! as AWS does) and the wizard (which checks locally before calling AWS): PEM parsing with size
//! limits, "signed by", "self-signed CA", and "carries the CSR's public key". Never panics on
//! any input; every error names the rule that failed.

use aws_lc_rs::signature;
use x509_parser::prelude::*;

/// AWS's limit on SignedCert and TrustAnchor (and KMS's TrustAnchorCertificate).
pub const MAX_PEM_CHARS: usize = 5000;

fn pem_der(pem: &str, what: &str) -> Result<Vec<u8>, String> {
    if pem.len() > MAX_PEM_CHARS {
        return Err(format!(
            "{what} is {} characters; AWS accepts at most {MAX_PEM_CHARS}",
            pem.len()
        ));
    }
    let (_, parsed) = x509_parser::pem::parse_x509_pem(pem.as_bytes())
        .map_err(|_| format!("{what} is not a PEM document"))?;
    Ok(parsed.contents)
}

/// A parsed certificate, kept as DER so it can be re-parsed where needed.
#[derive(Debug, Clone)]
pub struct Cert {
    der: Vec<u8>,
}

impl Cert {
    pub fn from_pem(pem: &str, what: &str) -> Result<Self, String> {
        let der = pem_der(pem, what)?;
        X509Certificate::from_der(&der)
            .map_err(|_| format!("{what} is not an X.509 certificate"))?;
        Ok(Self { der })
    }

    fn parsed(&self) -> Result<X509Certificate<'_>, String> {
        X509Certificate::from_der(&self.der)
            .map(|(_, c)| c)
            .map_err(|_| "certificate no longer parses".to_string())
    }

    /// The DER SubjectPublicKeyInfo.
    pub fn spki(&self) -> Result<Vec<u8>, String> {
        Ok(self.parsed()?.public_key().raw.to_vec())
    }

    pub fn subject(&self) -> Result<String, String> {
        Ok(self.parsed()?.subject().to_string())
    }

    /// Checks that `self` was issued by `issuer`: names chain and the signature verifies.
    pub fn verify_issued_by(&self, issuer: &Cert) -> Result<(), String> {
        let child = self.parsed()?;
        let parent = issuer.parsed()?;
        if child.issuer().as_raw() != parent.subject().as_raw() {
            return Err(format!(
                "the certificate's issuer ({}) is not the trust anchor's subject ({})",
                child.issuer(),
                parent.subject()
            ));
        }
        verify_signature(
            &child.signature_algorithm.algorithm.to_id_string(),
            &parent.public_key().subject_public_key.data,
            child.tbs_certificate.as_ref(),
            &child.signature_value.data,
        )
        .map_err(|e| {
            format!("the certificate's signature does not verify with the trust anchor's key: {e}")
        })
    }

    /// Checks that `self` is a self-signed CA certificate (a trust anchor).
    pub fn verify_self_signed_ca(&self) -> Result<(), String> {
        let cert = self.parsed()?;
        let is_ca = matches!(cert.basic_constraints(), Ok(Some(bc)) if bc.value.ca);
        if !is_ca {
            return Err("the trust anchor has no Basic Constraints extension with CA:TRUE".into());
        }
        self.verify_issued_by(self)
            .map_err(|e| format!("the trust anchor is not self-signed: {e}"))
    }
}

/// The DER SubjectPublicKeyInfo of a PEM CSR.
pub fn csr_spki(pem: &str) -> Result<Vec<u8>, String> {
    let der = pem_der(pem, "the CSR")?;
    let (_, csr) = x509_parser::certification_request::X509CertificationRequest::from_der(&der)
        .map_err(|_| "the CSR is not a PKCS#10 certification request".to_string())?;
    Ok(csr.certification_request_info.subject_pki.raw.to_vec())
}

fn verify_signature(
    oid: &str,
    public_key: &[u8],
    message: &[u8],
    sig: &[u8],
) -> Result<(), String> {
    let alg: &dyn signature::VerificationAlgorithm = match oid {
        "1.2.840.113549.1.1.11" => &signature::RSA_PKCS1_2048_8192_SHA256,
        "1.2.840.113549.1.1.12" => &signature::RSA_PKCS1_2048_8192_SHA384,
        "1.2.840.113549.1.1.13" => &signature::RSA_PKCS1_2048_8192_SHA512,
        "1.2.840.10045.4.3.2" => &signature::ECDSA_P256_SHA256_ASN1,
        "1.2.840.10045.4.3.3" => &signature::ECDSA_P384_SHA384_ASN1,
        other => return Err(format!("unsupported signature algorithm {other}")),
    };
    signature::UnparsedPublicKey::new(alg, public_key)
        .verify(message, sig)
        .map_err(|_| "bad signature".to_string())
}

/// Everything InitializeCluster requires of its inputs, for the cluster whose CSR is `csr_pem`.
pub fn check_initialize(
    csr_pem: &str,
    signed_cert_pem: &str,
    trust_anchor_pem: &str,
) -> Result<(), String> {
    let signed = Cert::from_pem(signed_cert_pem, "SignedCert")?;
    let anchor = Cert::from_pem(trust_anchor_pem, "TrustAnchor")?;
    if signed.spki()? != csr_spki(csr_pem)? {
        return Err("SignedCert does not carry the public key of the cluster's CSR (was it issued for another CSR?)".into());
    }
    anchor.verify_self_signed_ca()?;
    signed.verify_issued_by(&anchor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(Cert::from_pem("", "x").is_err());
        assert!(
            Cert::from_pem(
                "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
                "x"
            )
            .is_err()
        );
        assert!(csr_spki("not pem").is_err());
        let huge = "A".repeat(MAX_PEM_CHARS + 1);
        assert!(
            Cert::from_pem(&huge, "SignedCert")
                .expect_err("too long")
                .contains("5000")
        );
    }
}
