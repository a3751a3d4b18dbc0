//! Replies and errors in each protocol's real shape: awsJson 1.1 bodies, awsQuery and ec2Query
//! XML (with the helpers that build it), ISO 8601 dates, and the JSON field readers the
//! services use.

use super::*;

/// Escapes text for an XML element body.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(c),
        }
    }
    out
}

/// `<tag>escaped text</tag>`.
pub fn leaf(tag: &str, text: impl AsRef<str>) -> String {
    format!("<{tag}>{}</{tag}>", xml_escape(text.as_ref()))
}

/// `<tag>inner</tag>` where `inner` is already XML.
pub fn node(tag: &str, inner: impl AsRef<str>) -> String {
    format!("<{tag}>{}</{tag}>", inner.as_ref())
}

/// An awsQuery list: `<tag><member>…</member>…</tag>`.
pub fn member_list<I: IntoIterator<Item = String>>(tag: &str, items: I) -> String {
    let inner: String = items.into_iter().map(|i| node("member", i)).collect();
    node(tag, inner)
}

/// An ec2Query list: `<tag><item>…</item>…</tag>`.
pub fn item_list<I: IntoIterator<Item = String>>(tag: &str, items: I) -> String {
    let inner: String = items.into_iter().map(|i| node("item", i)).collect();
    node(tag, inner)
}

/// An HTTP reply before it is put on a transport.
#[derive(Clone, Debug)]
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
}

/// Renders a successful operation result. For awsQuery `inner` is the content of
/// `<OpResult>`, for ec2Query the content of `<OpResponse>`, for awsJson a JSON document.
pub fn render_ok(service: Service, operation: &str, result: Outcome, request_id: &str) -> Reply {
    match (service.protocol(), result) {
        (Protocol::AwsJson, Outcome::Json(v)) => Reply {
            status: 200,
            content_type: "application/x-amz-json-1.1",
            body: v.to_string().into_bytes(),
        },
        (Protocol::AwsQuery, Outcome::Xml(inner)) => {
            let ns = service.xml_namespace();
            let body = format!(
                "<{operation}Response xmlns=\"{ns}\"><{operation}Result>{inner}</{operation}Result><ResponseMetadata><RequestId>{request_id}</RequestId></ResponseMetadata></{operation}Response>"
            );
            Reply {
                status: 200,
                content_type: "text/xml",
                body: body.into_bytes(),
            }
        }
        (Protocol::Ec2Query, Outcome::Xml(inner)) => {
            let ns = service.xml_namespace();
            let body = format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<{operation}Response xmlns=\"{ns}\"><requestId>{request_id}</requestId>{inner}</{operation}Response>"
            );
            Reply {
                status: 200,
                content_type: "text/xml;charset=UTF-8",
                body: body.into_bytes(),
            }
        }
        (_, _) => render_error(
            service,
            &ApiError::new(
                500,
                service.internal_error_code(),
                "sandbox: handler returned the wrong reply shape",
            ),
            request_id,
        ),
    }
}

/// What an operation handler returns on success.
#[derive(Clone, Debug)]
pub enum Outcome {
    Json(serde_json::Value),
    Xml(String),
}

/// Renders an error in the service's protocol.
pub fn render_error(service: Service, err: &ApiError, request_id: &str) -> Reply {
    match service.protocol() {
        Protocol::AwsJson => Reply {
            status: err.status,
            content_type: "application/x-amz-json-1.1",
            body: serde_json::json!({ "__type": err.code, "message": err.message })
                .to_string()
                .into_bytes(),
        },
        Protocol::AwsQuery => {
            let kind = if err.status >= 500 {
                "Receiver"
            } else {
                "Sender"
            };
            let body = format!(
                "<ErrorResponse xmlns=\"{}\"><Error><Type>{kind}</Type>{}{}</Error><RequestId>{request_id}</RequestId></ErrorResponse>",
                service.xml_namespace(),
                leaf("Code", &err.code),
                leaf("Message", &err.message)
            );
            Reply {
                status: err.status,
                content_type: "text/xml",
                body: body.into_bytes(),
            }
        }
        Protocol::Ec2Query => {
            let body = format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error>{}{}</Error></Errors><RequestID>{request_id}</RequestID></Response>",
                leaf("Code", &err.code),
                leaf("Message", &err.message)
            );
            Reply {
                status: err.status,
                content_type: "text/xml;charset=UTF-8",
                body: body.into_bytes(),
            }
        }
    }
}

/// ISO 8601 with seconds, as the query protocols put timestamps on the wire.
pub fn iso8601(t: f64) -> String {
    let dt = time::OffsetDateTime::from_unix_timestamp(t.floor() as i64)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        dt.year(),
        u8::from(dt.month()),
        dt.day(),
        dt.hour(),
        dt.minute(),
        dt.second()
    )
}

/// Reads a required string member of an awsJson request.
pub fn json_str<'a>(v: &'a serde_json::Value, key: &str) -> ApiResult<&'a str> {
    v.get(key).and_then(serde_json::Value::as_str).ok_or_else(|| {
        ApiError::validation(format!(
            "1 validation error detected: Value null at '{}' failed to satisfy constraint: Member must not be null",
            super::lower_camel(key)
        ))
    })
}

pub fn json_opt<'a>(v: &'a serde_json::Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(serde_json::Value::as_str)
}
