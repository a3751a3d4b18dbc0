//! The simulated HSM's own key pair and the CSR AWS shows while a cluster is UNINITIALIZED:
//! a real RSA-2048 key (aws-lc-rs through rcgen) so that InitializeCluster can check that the
//! signed certificate carries exactly this public key.

use rcgen::{CertificateParams, DistinguishedName, DnType, KeyPair, PKCS_RSA_SHA256, RsaKeySize};

/// Makes a new cluster key pair; returns its PKCS#8 DER as hex.
pub fn new_key() -> Result<String, String> {
    let kp = KeyPair::generate_rsa_for(&PKCS_RSA_SHA256, RsaKeySize::_2048)
        .map_err(|e| format!("HSM key generation failed: {e}"))?;
    Ok(hex(&kp.serialize_der()))
}

/// The cluster CSR for the key, with a subject shaped like the one AWS's HSMs produce.
pub fn csr(key_hex: &str, cluster_id: &str) -> Result<String, String> {
    let der = unhex(key_hex).ok_or("corrupt HSM key")?;
    let kp = KeyPair::from_pkcs8_der_and_sign_algo(&der.into(), &PKCS_RSA_SHA256)
        .map_err(|e| format!("HSM key: {e}"))?;
    let mut params = CertificateParams::default();
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CountryName, "US");
    dn.push(DnType::StateOrProvinceName, "CA");
    dn.push(DnType::LocalityName, "SanJose");
    dn.push(DnType::OrganizationName, "Cavium");
    dn.push(DnType::OrganizationalUnitName, "N3FIPS");
    dn.push(
        DnType::CommonName,
        format!("HSM:{cluster_id}:PARTN:1, for FIPS mode"),
    );
    params.distinguished_name = dn;
    let req = params
        .serialize_request(&kp)
        .map_err(|e| format!("CSR: {e}"))?;
    req.pem().map_err(|e| format!("CSR: {e}"))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// A salted SHA-256 digest of a password, so the sandbox never stores one in clear.
pub fn password_digest(account_id: &str, password: &str) -> String {
    let mut input = format!("keystore-wizard-sandbox:{account_id}:").into_bytes();
    input.extend_from_slice(password.as_bytes());
    let d = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, &input);
    zeroize::Zeroize::zeroize(&mut input);
    hex(d.as_ref())
}
