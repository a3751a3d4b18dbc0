//! The errors a new user meets first, turned from SDK internals into one line with the cause
//! and the fix: no credentials, an expired SSO session, an unknown profile, an endpoint that
//! cannot be reached, a TLS or proxy failure, a skewed clock, credentials that are not valid
//! (or a Region not enabled). The SDK states them only deep in an error's source chain
//! (`DispatchFailure: Some("other")`) or as a bare service code; everything else passes through
//! unchanged. Texts come from the catalog (`first.*`), in the operator's language.

use super::ErrorKind;
use crate::i18n::tf;

/// The part of a source chain that says what went wrong: the segment holding `needle`, else
/// the deepest one (the OS error or the provider's own words).
fn detail<'a>(chain: &'a str, needle: &str) -> &'a str {
    let lower = chain.to_ascii_lowercase();
    let segments: Vec<&str> = chain.split(": ").collect();
    if let Some(at) = lower.find(needle) {
        let mut start = 0;
        for seg in &segments {
            if at < start + seg.len() {
                return seg.trim();
            }
            start += seg.len() + 2;
        }
    }
    segments.last().copied().unwrap_or(chain).trim()
}

/// Whether `profile` is defined in the AWS config or credentials file (None: no file at all).
fn profile_defined(profile: &str) -> Option<bool> {
    let home = std::env::var_os("HOME").map(std::path::PathBuf::from);
    let file = |var: &str, rel: &str| {
        std::env::var_os(var)
            .map(std::path::PathBuf::from)
            .or_else(|| home.as_ref().map(|h| h.join(rel)))
    };
    let config =
        file("AWS_CONFIG_FILE", ".aws/config").and_then(|p| std::fs::read_to_string(p).ok());
    let creds = file("AWS_SHARED_CREDENTIALS_FILE", ".aws/credentials")
        .and_then(|p| std::fs::read_to_string(p).ok());
    if config.is_none() && creds.is_none() {
        return None;
    }
    let in_config = config.is_some_and(|t| {
        t.lines().any(|l| {
            let l = l.trim();
            l == format!("[profile {profile}]") || (profile == "default" && l == "[default]")
        })
    });
    let in_creds = creds.is_some_and(|t| t.lines().any(|l| l.trim() == format!("[{profile}]")));
    Some(in_config || in_creds)
}

/// No Region could be found: because the named profile does not exist, or simply none is set.
pub(super) fn no_region(target: &super::Target) -> super::CloudError {
    let profile = match target {
        super::Target::Aws { profile, .. } => profile.clone(),
        _ => None,
    }
    .or_else(|| std::env::var("AWS_PROFILE").ok().filter(|p| !p.is_empty()));
    if let Some(p) = profile
        && profile_defined(&p) != Some(true)
    {
        let detail = format!("profile `{p}` was not defined");
        return super::CloudError::new(
            "connect",
            ErrorKind::Credentials,
            "ProfileNotFound",
            tf("first.ProfileNotFound", &[("detail", &detail)]),
        );
    }
    super::CloudError::new(
        "connect",
        ErrorKind::Invalid,
        "NoRegion",
        tf("first.NoRegion", &[]),
    )
}

/// A dispatch failure (nothing reached AWS), from the messages of its source chain.
pub(super) fn dispatch(chain: &str) -> Option<(ErrorKind, &'static str, String)> {
    let c = chain.to_ascii_lowercase();
    let has = |words: &[&'static str]| words.iter().copied().find(|w| c.contains(w));
    let expired = c.contains("expired") || c.contains("refresh");
    let (kind, code, needle) = if c.contains("sso token") && expired {
        (ErrorKind::Credentials, "SsoSessionExpired", "sso token")
    } else if c.contains("was not defined") && c.contains("profile") {
        (ErrorKind::Credentials, "ProfileNotFound", "was not defined")
    } else if let Some(w) = has(&[
        "no providers in chain provided credentials",
        "failed to load credentials",
        "credentials provider was not enabled",
        "no credentials",
    ]) {
        (ErrorKind::Credentials, "NoCredentials", w)
    } else if let Some(w) = has(&["proxy"]) {
        (ErrorKind::Network, "ProxyFailure", w)
    } else if let Some(w) = has(&["certificate", "tls", "handshake"]) {
        (ErrorKind::Network, "TlsFailure", w)
    } else if let Some(w) = has(&[
        "connection refused",
        "dns error",
        "failed to lookup address",
        "network is unreachable",
        "no route to host",
        "tcp connect error",
    ]) {
        (ErrorKind::Network, "EndpointUnreachable", w)
    } else {
        return None;
    };
    let message = tf(
        &format!("first.{code}"),
        &[("detail", &detail(chain, needle))],
    );
    Some((kind, code, message))
}

/// A service error that means the caller's credentials, clock or Region are the problem.
pub(super) fn service(
    kind: ErrorKind,
    code: String,
    message: String,
) -> (ErrorKind, String, String) {
    let m = message.to_ascii_lowercase();
    let key = match code.as_str() {
        "RequestTimeTooSkewed" | "RequestExpired" => "ClockSkew",
        "SignatureDoesNotMatch" | "InvalidSignatureException" if m.contains("expired") => {
            "ClockSkew"
        }
        "ExpiredToken" | "ExpiredTokenException" => "CredentialsExpired",
        "InvalidClientTokenId" | "UnrecognizedClientException" | "AuthFailure" => {
            "CredentialsInvalid"
        }
        _ => return (kind, code, message),
    };
    let explained = tf(&format!("first.{key}"), &[("detail", &message)]);
    let kind = if key == "ClockSkew" {
        ErrorKind::Invalid
    } else {
        ErrorKind::Credentials
    };
    (kind, code, explained)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sdk_s_words_are_recognised() {
        let cases = [
            (
                "dispatch failure: other: failed to load credentials: no providers in chain provided credentials",
                "NoCredentials",
            ),
            (
                "dispatch failure: other: the SSO token has expired and cannot be refreshed",
                "SsoSessionExpired",
            ),
            (
                "dispatch failure: other: profile `nope` was not defined: not in the config file",
                "ProfileNotFound",
            ),
            (
                "dispatch failure: io error: client error (Connect): tcp connect error: Connection refused (os error 111)",
                "EndpointUnreachable",
            ),
            (
                "dispatch failure: io error: dns error: failed to lookup address information: Name or service not known",
                "EndpointUnreachable",
            ),
            (
                "dispatch failure: io error: invalid peer certificate: UnknownIssuer",
                "TlsFailure",
            ),
        ];
        for (chain, code) in cases {
            let (_, got, message) = dispatch(chain).expect(chain);
            assert_eq!(got, code, "{chain}");
            assert!(!message.contains('\n'), "one line: {message}");
        }
        assert!(dispatch("dispatch failure: other: something new").is_none());
        let (kind, _, m) = service(
            ErrorKind::Other,
            "RequestTimeTooSkewed".into(),
            "The difference between the request time and the current time is too large.".into(),
        );
        assert_eq!(kind, ErrorKind::Invalid);
        assert!(m.contains("clock"), "{m}");
        let (kind, code, m) = service(ErrorKind::NotFound, "NoSuchEntity".into(), "x".into());
        assert_eq!(
            (kind, code.as_str(), m.as_str()),
            (ErrorKind::NotFound, "NoSuchEntity", "x")
        );
    }
}
