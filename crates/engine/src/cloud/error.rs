//! One error type for every AWS call: operation, a coarse kind the engine can branch on, the AWS
//! error code, its message and the request id — never the SDK's bare "service error". Built
//! from the SDK's `ProvideErrorMetadata` at the boundary; nothing above `cloud/` sees SdkError.

use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    Throttled,
    NotFound,
    AlreadyExists,
    AccessDenied,
    Invalid,
    Internal,
    Timeout,
    Network,
    /// No usable credentials (none found, an expired SSO session, an unknown profile).
    Credentials,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CloudError {
    pub operation: String,
    pub kind: ErrorKind,
    pub code: String,
    pub message: String,
    pub request_id: Option<String>,
}

impl std::fmt::Display for CloudError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} failed: {}", self.operation, self.code)?;
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for CloudError {}

/// An error that may pass if the same read is made again a little later: AWS throttling, a 5xx,
/// a timeout or a dropped connection. Waits and read-only calls ride these out; a mutating call
/// never does (its retry rules are the SDK's, or none for the creates without a token).
pub trait Transient {
    /// The error code, when the error is transient.
    fn transient_code(&self) -> Option<&str>;
}

impl Transient for CloudError {
    fn transient_code(&self) -> Option<&str> {
        // An endpoint that refuses or cannot be resolved, a TLS or proxy failure, is named at
        // once (first contact), not retried for a minute; a dropped connection is retried.
        let unreachable = matches!(
            self.code.as_str(),
            "EndpointUnreachable" | "TlsFailure" | "ProxyFailure"
        );
        (!unreachable
            && matches!(
                self.kind,
                ErrorKind::Throttled
                    | ErrorKind::Internal
                    | ErrorKind::Timeout
                    | ErrorKind::Network
            ))
        .then_some(self.code.as_str())
    }
}

/// The kind of an AWS error code (shared by the SDK boundary and the reporters).
pub fn classify(code: &str) -> ErrorKind {
    let c = code.to_ascii_lowercase();
    if c.contains("throttl")
        || c.contains("limitexceeded") && c.contains("request")
        || c == "requestlimitexceeded"
    {
        ErrorKind::Throttled
    } else if c.contains("notfound")
        || c == "nosuchentity"
        || c.contains("doesnotexist")
        // SSM's "The specified document does not exist." (GetDocument, SendCommand).
        || c == "invaliddocument"
    {
        ErrorKind::NotFound
    } else if c.contains("alreadyexists") || c.contains("nameinuse") {
        ErrorKind::AlreadyExists
    } else if c.contains("accessdenied")
        || c.contains("unauthorized")
        || c.contains("notauthorized")
        || c == "authfailure"
    {
        ErrorKind::AccessDenied
    } else if c.contains("internal") || c == "servicefailure" || c.contains("serviceunavailable") {
        ErrorKind::Internal
    } else if c.contains("invalid")
        || c.contains("validation")
        || c.contains("malformed")
        || c.contains("conflict")
        || c.contains("unsupported")
    {
        ErrorKind::Invalid
    } else {
        ErrorKind::Other
    }
}

impl CloudError {
    pub fn new(operation: &str, kind: ErrorKind, code: &str, message: impl Into<String>) -> Self {
        Self {
            operation: operation.into(),
            kind,
            code: code.into(),
            message: message.into(),
            request_id: None,
        }
    }

    pub fn from_sdk<E>(operation: &str, err: SdkError<E, HttpResponse>) -> Self
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        let request_id = err.raw_response().and_then(|r| {
            ["x-amzn-requestid", "x-amz-request-id", "x-amzn-request-id"]
                .iter()
                .find_map(|h| r.headers().get(*h))
                .map(str::to_string)
        });
        let (kind, code, message) = match &err {
            SdkError::ServiceError(se) => {
                let code = se.err().code().unwrap_or("Unknown").to_string();
                (
                    classify(&code),
                    code,
                    se.err().message().unwrap_or_default().to_string(),
                )
            }
            SdkError::TimeoutError(_) => (
                ErrorKind::Timeout,
                "Timeout".into(),
                "the call did not finish within its time limit".into(),
            ),
            SdkError::DispatchFailure(d) => {
                let chain = source_chain(&err);
                match super::first_contact::dispatch(&chain) {
                    Some((kind, code, message)) => (kind, code.to_string(), message),
                    None if d.is_timeout() => (ErrorKind::Timeout, "DispatchFailure".into(), chain),
                    None => (ErrorKind::Network, "DispatchFailure".into(), chain),
                }
            }
            SdkError::ResponseError(_) => (
                ErrorKind::Other,
                "ResponseError".into(),
                "the response could not be read".into(),
            ),
            SdkError::ConstructionFailure(_) => (
                ErrorKind::Invalid,
                "ConstructionFailure".into(),
                "the request could not be built".into(),
            ),
            _ => (ErrorKind::Other, "Unknown".into(), err.to_string()),
        };
        let (kind, code, message) = super::first_contact::service(kind, code, message);
        Self {
            operation: operation.into(),
            kind,
            code,
            message,
            request_id,
        }
    }

    pub fn is(&self, code: &str) -> bool {
        self.code == code
    }
}

/// Every message in an error's source chain, joined: the SDK's dispatch failures say what went
/// wrong (no credentials, connection refused) only in their sources.
fn source_chain(err: &dyn std::error::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut cur: Option<&dyn std::error::Error> = Some(err);
    while let Some(e) = cur {
        // One line: some providers list what they tried on lines of their own.
        let m = e
            .to_string()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if !m.is_empty() && !parts.iter().any(|p| p.contains(&m)) {
            parts.push(m);
        }
        cur = e.source();
    }
    parts.join(": ")
}

/// How the boundary reads AWS's "not found": as absence on a read, as done on a delete.
pub trait NotFound<T> {
    /// `Ok(None)` when AWS says the thing does not exist.
    fn found(self) -> Result<Option<T>, CloudError>;
    /// `Ok(())` when the thing is already gone: a delete of something gone counts as done.
    fn gone_is_done(self) -> Result<(), CloudError>;
}

impl<T> NotFound<T> for Result<T, CloudError> {
    fn found(self) -> Result<Option<T>, CloudError> {
        match self {
            Ok(v) => Ok(Some(v)),
            Err(e) if e.kind == ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    fn gone_is_done(self) -> Result<(), CloudError> {
        self.found().map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_classified() {
        assert_eq!(classify("ThrottlingException"), ErrorKind::Throttled);
        assert_eq!(classify("RequestLimitExceeded"), ErrorKind::Throttled);
        assert_eq!(classify("NoSuchEntity"), ErrorKind::NotFound);
        assert_eq!(
            classify("CloudHsmResourceNotFoundException"),
            ErrorKind::NotFound
        );
        assert_eq!(classify("InvalidVpcID.NotFound"), ErrorKind::NotFound);
        assert_eq!(classify("EntityAlreadyExists"), ErrorKind::AlreadyExists);
        assert_eq!(
            classify("CustomKeyStoreNameInUseException"),
            ErrorKind::AlreadyExists
        );
        assert_eq!(
            classify("CloudHsmAccessDeniedException"),
            ErrorKind::AccessDenied
        );
        assert_eq!(classify("KMSInternalException"), ErrorKind::Internal);
        assert_eq!(
            classify("CloudHsmInvalidRequestException"),
            ErrorKind::Invalid
        );
        let e = CloudError::new("CreateHsm", ErrorKind::Invalid, "X", "m");
        assert_eq!(e.to_string(), "CreateHsm failed: X: m");
    }
}
