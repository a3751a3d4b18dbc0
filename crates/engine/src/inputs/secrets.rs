//! The run's secrets — the kmsuser password (also the key store's KeyStorePassword) and the
//! crypto-officer (admin) password: read from the environment or a private file, validated
//! before anything is created, held as `SecretString` (Debug prints `[REDACTED]`, memory is
//! zeroized on drop), and never logged, journaled or printed. Errors name the rule, never the value.

use crate::i18n::{lookup, tf};
use secrecy::{ExposeSecret, SecretString};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

pub const KMSUSER_ENV: &str = "KEYSTORE_WIZARD_KMSUSER_PASSWORD";
pub const ADMIN_ENV: &str = "KEYSTORE_WIZARD_ADMIN_PASSWORD";

/// KMS KeyStorePassword / kmsuser password: 7–32 alphanumeric characters (AWS-FACTS.md).
pub fn validate_password(what: &str, password: &str) -> Result<(), String> {
    let n = password.chars().count();
    if !(7..=32).contains(&n) {
        return Err(tf(
            "pw.length",
            &[("what", &lookup("what", what)), ("n", &n)],
        ));
    }
    if !password.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(tf("pw.charset", &[("what", &lookup("what", what))]));
    }
    Ok(())
}

/// Reads a password file, refusing one that group or others can read.
pub fn read_password_file(path: &Path) -> Result<SecretString, String> {
    let meta = std::fs::metadata(path).map_err(|e| {
        tf(
            "pw.unreadable",
            &[("path", &path.display()), ("detail", &e)],
        )
    })?;
    let mode = meta.permissions().mode();
    if mode & 0o077 != 0 {
        return Err(tf(
            "pw.mode",
            &[
                ("path", &path.display()),
                ("mode", &format!("{:o}", mode & 0o777)),
            ],
        ));
    }
    let text = zeroize::Zeroizing::new(
        std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?,
    );
    Ok(SecretString::from(
        text.trim_end_matches(['\r', '\n']).to_string(),
    ))
}

/// A random alphanumeric password of 24 characters, for sandbox rehearsals run without one.
/// Bytes come from the kernel (`/dev/urandom`; aws-lc's generator as a fallback — reading the
/// kernel directly keeps aws-lc's 30 ms start-up off the TUI's first frame), and bytes that would
/// bias the alphabet are rejected.
pub fn generate() -> SecretString {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    let limit = (256 / ALPHABET.len() * ALPHABET.len()) as u8;
    let mut out = zeroize::Zeroizing::new(String::with_capacity(24));
    while out.len() < 24 {
        let mut bytes = zeroize::Zeroizing::new([0u8; 64]);
        let read = std::fs::File::open("/dev/urandom")
            .and_then(|mut f| std::io::Read::read_exact(&mut f, bytes.as_mut()));
        if read.is_err() {
            let _ = aws_lc_rs::rand::fill(bytes.as_mut());
        }
        for b in bytes.iter().filter(|b| **b < limit) {
            if out.len() < 24 {
                out.push(ALPHABET[*b as usize % ALPHABET.len()] as char);
            }
        }
    }
    SecretString::from(out.to_string())
}

/// The secrets of one run.
pub struct Secrets {
    pub kmsuser: SecretString,
    pub admin: Option<SecretString>,
    /// True when the kmsuser password was given by the operator (so a resume may push it to
    /// the key store with UpdateCustomKeyStore); false when generated for a rehearsal.
    pub kmsuser_given: bool,
}

impl Secrets {
    /// The same secrets for a second stage in flight (each copy is zeroized when dropped).
    pub fn duplicate(&self) -> Self {
        Self {
            kmsuser: SecretString::from(self.kmsuser.expose_secret().to_string()),
            admin: self
                .admin
                .as_ref()
                .map(|a| SecretString::from(a.expose_secret().to_string())),
            kmsuser_given: self.kmsuser_given,
        }
    }
}

impl std::fmt::Debug for Secrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secrets([REDACTED])")
    }
}

/// A non-empty environment variable, as a secret.
fn from_env(name: &str) -> Option<SecretString> {
    std::env::var(name)
        .ok()
        .filter(|v| !v.is_empty())
        .map(SecretString::from)
}

impl Secrets {
    /// From `--kmsuser-password-file`, else the environment; in a sandbox, missing passwords
    /// are generated. Everything is validated here, before any AWS call.
    pub fn load(kmsuser_file: Option<&Path>, sandbox: bool) -> Result<Self, String> {
        let (kmsuser, given) = match (kmsuser_file, from_env(KMSUSER_ENV)) {
            (Some(path), _) => (read_password_file(path)?, true),
            (None, Some(p)) => (p, true),
            (None, None) if sandbox => (generate(), false),
            (None, None) => {
                return Err(tf("pw.missing", &[("env", &KMSUSER_ENV)]));
            }
        };
        validate_password("kmsuser password", kmsuser.expose_secret())?;
        let admin = match from_env(ADMIN_ENV) {
            Some(p) => {
                validate_password("crypto-officer (admin) password", p.expose_secret())?;
                Some(p)
            }
            None if sandbox => Some(generate()),
            None => None,
        };
        Ok(Self {
            kmsuser,
            admin,
            kmsuser_given: given,
        })
    }

    /// For an operation that may need the kmsuser password but not always (a restore from a
    /// backup older than the last connect): the password when one is given (file, else
    /// KEYSTORE_WIZARD_KMSUSER_PASSWORD), checked; else a placeholder never sent. The admin
    /// password comes from KEYSTORE_WIZARD_ADMIN_PASSWORD when set (a rehearsal logs in with it).
    pub fn optional(kmsuser_file: Option<&Path>) -> Result<Self, String> {
        let (kmsuser, given) = match (kmsuser_file, from_env(KMSUSER_ENV)) {
            (Some(path), _) => (read_password_file(path)?, true),
            (None, Some(p)) => (p, true),
            (None, None) => (generate(), false),
        };
        validate_password("kmsuser password", kmsuser.expose_secret())?;
        let admin = from_env(ADMIN_ENV);
        if let Some(a) = &admin {
            validate_password("crypto-officer (admin) password", a.expose_secret())?;
        }
        Ok(Self {
            kmsuser,
            admin,
            kmsuser_given: given,
        })
    }

    /// For an operation that sends no password (park, unpark, repair): nothing is read, and the
    /// placeholder is never sent (`kmsuser_given` is false).
    pub fn none() -> Self {
        Self {
            kmsuser: generate(),
            admin: None,
            kmsuser_given: false,
        }
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn generated_passwords_follow_the_rule_and_differ() {
        let a = super::generate();
        let b = super::generate();
        for p in [&a, &b] {
            assert_eq!(p.expose_secret().len(), 24);
            assert!(super::validate_password("p", p.expose_secret()).is_ok());
        }
        assert_ne!(a.expose_secret(), b.expose_secret());
    }

    use super::*;

    #[test]
    fn password_rules_are_named_and_the_value_never_echoed() {
        for (pw, rule) in [
            ("abc1234", None),
            ("Abc12345678901234567890123456789", None),
            ("abc123", Some("7 to 32")),
            ("a".repeat(33).as_str(), Some("7 to 32")),
            ("abc 1234", Some("letters")),
            ("abc$1234", Some("letters")),
        ] {
            match (validate_password("kmsuser password", pw), rule) {
                (Ok(()), None) => {}
                (Err(e), Some(r)) => {
                    assert!(e.contains(r), "{e}");
                    assert!(!e.contains(pw), "the value is not echoed: {e}");
                }
                (got, want) => panic!("{pw}: {got:?} vs {want:?}"),
            }
        }
        assert!(validate_password("p", "pässwörd1").is_err());
    }

    #[test]
    fn a_readable_password_file_is_refused() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("pw");
        std::fs::write(&path, "Secret1234\n").expect("write");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        assert!(
            read_password_file(&path)
                .expect_err("group readable")
                .contains("chmod 600")
        );
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        assert_eq!(
            read_password_file(&path).expect("private").expose_secret(),
            "Secret1234"
        );
        assert_eq!(
            format!(
                "{:?}",
                Secrets {
                    kmsuser: generate(),
                    admin: None,
                    kmsuser_given: false
                }
            ),
            "Secrets([REDACTED])"
        );
    }
}
