//! The AWS wire protocols the sandbox speaks: routing facts read from a request (SigV4 scope,
//! `X-Amz-Target`, the query form's `Action`), and replies and errors rendered in each
//! protocol's real shape (awsJson 1.1, awsQuery for IAM/STS, ec2Query). Knows nothing of the
//! account state. Must not import the SDK: the sandbox is judged by what real clients parse.

use std::collections::BTreeMap;

/// The wire protocol of an AWS service, which decides how a reply or an error is shaped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protocol {
    AwsJson,
    AwsQuery,
    Ec2Query,
}

/// The services the sandbox models, named by their SigV4 signing name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Service {
    Sts,
    Iam,
    Ec2,
    CloudHsm,
    Kms,
    Ssm,
    CloudTrail,
}

impl Service {
    pub fn from_signing_name(name: &str) -> Option<Self> {
        Some(match name {
            "sts" => Self::Sts,
            "iam" => Self::Iam,
            "ec2" => Self::Ec2,
            "cloudhsm" | "cloudhsmv2" => Self::CloudHsm,
            "kms" => Self::Kms,
            "ssm" => Self::Ssm,
            "cloudtrail" => Self::CloudTrail,
            _ => return None,
        })
    }

    pub fn protocol(self) -> Protocol {
        match self {
            Self::Sts | Self::Iam => Protocol::AwsQuery,
            Self::Ec2 => Protocol::Ec2Query,
            Self::CloudHsm | Self::Kms | Self::Ssm | Self::CloudTrail => Protocol::AwsJson,
        }
    }

    /// The prefix of this service's IAM actions (`cloudhsm:CreateCluster`).
    pub fn action_prefix(self) -> &'static str {
        match self {
            Self::Sts => "sts",
            Self::Iam => "iam",
            Self::Ec2 => "ec2",
            Self::CloudHsm => "cloudhsm",
            Self::Kms => "kms",
            Self::Ssm => "ssm",
            Self::CloudTrail => "cloudtrail",
        }
    }

    /// The XML namespace of a query protocol's responses.
    pub fn xml_namespace(self) -> &'static str {
        match self {
            Self::Sts => "https://sts.amazonaws.com/doc/2011-06-15/",
            Self::Iam => "https://iam.amazonaws.com/doc/2010-05-08/",
            Self::Ec2 => "http://ec2.amazonaws.com/doc/2016-11-15/",
            Self::CloudHsm | Self::Kms | Self::Ssm | Self::CloudTrail => "",
        }
    }

    /// The error code each service uses when it throttles a caller.
    pub fn throttling_code(self) -> &'static str {
        match self {
            Self::Ec2 => "RequestLimitExceeded",
            Self::Iam | Self::Sts => "Throttling",
            Self::CloudHsm | Self::Kms => "ThrottlingException",
            Self::Ssm | Self::CloudTrail => "ThrottlingException",
        }
    }

    /// The error code each service uses for an internal failure (HTTP 500).
    pub fn internal_error_code(self) -> &'static str {
        match self {
            Self::Ec2 => "InternalError",
            Self::Iam => "ServiceFailure",
            Self::Sts => "InternalFailure",
            Self::CloudHsm => "CloudHsmInternalFailureException",
            Self::Kms => "KMSInternalException",
            Self::Ssm => "InternalServerError",
            Self::CloudTrail => "InternalServerErrorException",
        }
    }

    /// The error code each service uses when the caller is not authorized.
    pub fn access_denied_code(self) -> &'static str {
        match self {
            Self::Ec2 => "UnauthorizedOperation",
            Self::Iam | Self::Sts => "AccessDenied",
            Self::CloudHsm => "CloudHsmAccessDeniedException",
            Self::Kms | Self::Ssm | Self::CloudTrail => "AccessDeniedException",
        }
    }
}

/// An AWS error reply: HTTP status, the service's error code and a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    pub status: u16,
    pub code: String,
    pub message: String,
}

impl ApiError {
    pub fn new(status: u16, code: &str, message: impl Into<String>) -> Self {
        Self {
            status,
            code: code.to_string(),
            message: message.into(),
        }
    }
    pub fn bad(code: &str, message: impl Into<String>) -> Self {
        Self::new(400, code, message)
    }
    pub fn validation(message: impl Into<String>) -> Self {
        Self::new(400, "ValidationException", message)
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

/// The routing facts of one request, read from its headers and body.
#[derive(Clone, Debug)]
pub struct Call {
    pub service: Service,
    pub region: String,
    pub operation: String,
    pub params: Params,
}

/// A request's parameters: a JSON document (awsJson) or a flat form (query protocols).
#[derive(Clone, Debug)]
pub enum Params {
    Json(serde_json::Value),
    Form(Form),
}

/// Reads service and Region from the SigV4 credential scope of an `Authorization` header:
/// `AWS4-HMAC-SHA256 Credential=AKID/20261123/us-east-1/kms/aws4_request, ...`.
pub fn credential_scope(authorization: &str) -> Option<(String, String)> {
    let start = authorization.find("Credential=")? + "Credential=".len();
    let scope = authorization[start..].split([',', ' ']).next()?;
    let parts: Vec<&str> = scope.split('/').collect();
    if parts.len() < 5 || parts[parts.len() - 1] != "aws4_request" {
        return None;
    }
    let n = parts.len();
    Some((parts[n - 3].to_string(), parts[n - 2].to_string()))
}

/// Operations that change nothing (reads, and KMS's cryptographic calls).
pub use keystore_facts::ops::changes_nothing as is_read_only;

/// The service a request meant, for shaping an error about a request that could not be parsed:
/// from the SigV4 scope, else from the X-Amz-Target prefix, else a query service.
pub fn guess_service(authorization: Option<&str>, target: Option<&str>) -> Service {
    let from_scope = authorization
        .and_then(credential_scope)
        .and_then(|(_, s)| Service::from_signing_name(&s));
    let from_target = target.and_then(|t| match t.split('.').next() {
        Some("TrentService") => Some(Service::Kms),
        Some("BaldrApiService") => Some(Service::CloudHsm),
        Some("AmazonSSM") => Some(Service::Ssm),
        Some("com") if t.contains("CloudTrail_20131101") => Some(Service::CloudTrail),
        _ => None,
    });
    from_scope.or(from_target).unwrap_or(Service::Sts)
}

/// Parses a request into a [`Call`], or says which routing fact is missing.
pub fn parse_call(
    authorization: Option<&str>,
    target: Option<&str>,
    body: &[u8],
) -> Result<Call, ApiError> {
    let auth = authorization.ok_or_else(|| {
        ApiError::bad(
            "MissingAuthenticationToken",
            "Request is missing Authentication Token",
        )
    })?;
    let (region, service_name) = credential_scope(auth).ok_or_else(|| {
        ApiError::bad(
            "IncompleteSignature",
            "The credential scope of the signature is malformed",
        )
    })?;
    let service = Service::from_signing_name(&service_name).ok_or_else(|| {
        ApiError::bad(
            "UnknownService",
            format!("The sandbox does not model service {service_name}"),
        )
    })?;
    match service.protocol() {
        Protocol::AwsJson => {
            let target = target.ok_or_else(|| {
                ApiError::bad("UnknownOperationException", "Missing X-Amz-Target header")
            })?;
            let operation = target.rsplit('.').next().unwrap_or(target).to_string();
            let params = if body.is_empty() {
                serde_json::Value::Object(Default::default())
            } else {
                serde_json::from_slice(body).map_err(|e| {
                    ApiError::bad(
                        "SerializationException",
                        format!("Malformed JSON body: {e}"),
                    )
                })?
            };
            if !params.is_object() {
                return Err(ApiError::bad(
                    "SerializationException",
                    "The body must be a JSON object",
                ));
            }
            Ok(Call {
                service,
                region,
                operation,
                params: Params::Json(params),
            })
        }
        Protocol::AwsQuery | Protocol::Ec2Query => {
            let dialect = if service.protocol() == Protocol::Ec2Query {
                Dialect::Ec2Query
            } else {
                Dialect::AwsQuery
            };
            let form = Form::parse(body, dialect);
            let operation = form
                .get("Action")
                .ok_or_else(|| {
                    ApiError::bad(
                        "MissingAction",
                        "The request must contain the parameter Action",
                    )
                })?
                .to_string();
            Ok(Call {
                service,
                region,
                operation,
                params: Params::Form(form),
            })
        }
    }
}

/// A decoded `application/x-www-form-urlencoded` body with the query protocols' list and map
/// conventions (`Name.member.N`, `Name.N`, `Filter.N.Value.M`).
#[derive(Clone, Debug, Default)]
pub struct Form {
    pub fields: BTreeMap<String, String>,
    pub dialect: Dialect,
}

/// Which query protocol a form speaks: their list conventions and error codes differ.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Dialect {
    /// IAM, STS: `Name.member.N` lists, `ValidationError`.
    #[default]
    AwsQuery,
    /// EC2: flattened `Name.N` lists, `MissingParameter`.
    Ec2Query,
}

impl Form {
    pub fn parse(body: &[u8], dialect: Dialect) -> Self {
        Self {
            fields: form_urlencoded::parse(body).into_owned().collect(),
            dialect,
        }
    }
    pub fn get(&self, key: &str) -> Option<&str> {
        self.fields.get(key).map(String::as_str)
    }
    /// A parameter this handler needs though the model lets it be absent (the model's own
    /// required members never get here: the front end refuses them first), answered in the
    /// form's dialect.
    pub fn required(&self, key: &str) -> ApiResult<&str> {
        self.get(key).ok_or_else(|| match self.dialect {
            Dialect::Ec2Query => ApiError::bad(
                "MissingParameter",
                format!("The request must contain the parameter {key}"),
            ),
            Dialect::AwsQuery => ApiError::bad(
                "ValidationError",
                format!(
                    "1 validation error detected: Value null at '{}' failed to satisfy constraint: Member must not be null",
                    lower_camel(key)
                ),
            ),
        })
    }
    /// Items of a list serialized as `prefix.1`, `prefix.2`, … in index order.
    pub fn list(&self, prefix: &str) -> Vec<String> {
        let mut items: Vec<(u32, String)> = self
            .fields
            .iter()
            .filter_map(|(k, v)| {
                let rest = k.strip_prefix(prefix)?.strip_prefix('.')?;
                rest.parse::<u32>().ok().map(|i| (i, v.clone()))
            })
            .collect();
        items.sort();
        items.into_iter().map(|(_, v)| v).collect()
    }
    /// ec2Query filters: `Filter.N.Name` with `Filter.N.Value.M`.
    pub fn filters(&self) -> Vec<(String, Vec<String>)> {
        let mut out = Vec::new();
        for n in 1..=50 {
            let Some(name) = self.get(&format!("Filter.{n}.Name")) else {
                break;
            };
            out.push((name.to_string(), self.list(&format!("Filter.{n}.Value"))));
        }
        out
    }
    /// ec2Query tag specifications for a resource type: `TagSpecification.N.Tag.M.Key/Value`.
    pub fn tag_specifications(&self) -> Vec<(String, String)> {
        let mut tags = Vec::new();
        for n in 1..=10 {
            if self
                .get(&format!("TagSpecification.{n}.ResourceType"))
                .is_none()
            {
                break;
            }
            tags.extend(self.tags(&format!("TagSpecification.{n}.Tag")));
        }
        tags
    }
    /// `prefix.N.Key` / `prefix.N.Value` pairs.
    pub fn tags(&self, prefix: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for n in 1..=50 {
            let Some(key) = self.get(&format!("{prefix}.{n}.Key")) else {
                break;
            };
            let value = self.get(&format!("{prefix}.{n}.Value")).unwrap_or("");
            out.push((key.to_string(), value.to_string()));
        }
        out
    }
}

mod render;
pub use render::*;

#[cfg(test)]
#[path = "wire/tests.rs"]
mod tests;

/// AWS's member name in validation messages: the wire name with a lower-case first letter.
pub fn lower_camel(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}
