//! The loopback transport: `keystore-wizard sandbox serve`, an HTTP/1.1 server on 127.0.0.1
//! only, so the AWS CLI and other clients can talk to the sandbox. Besides the AWS APIs it
//! answers a small operator API under `/_sandbox/` (the CloudHSM CLI stand-in, advancing the
//! clock, the request log) that `sandbox cloudhsm-cli` and `sandbox advance` use.

use crate::Sandbox;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use serde::Deserialize;
use serde_json::json;
use std::convert::Infallible;
use std::net::{Ipv4Addr, SocketAddr};
use tokio::net::TcpListener;

/// Binds 127.0.0.1:`port` (0 picks a free port). Never any other address.
pub async fn bind(port: u16) -> std::io::Result<TcpListener> {
    TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, port))).await
}

/// How the served account's front end differs from this machine.
#[derive(Debug, Clone, Copy, Default)]
pub struct ServeOptions {
    /// Seconds the AWS side's wall clock is ahead of this machine's (negative: behind). Like
    /// AWS, a request signed more than five minutes away from that clock is refused as skewed;
    /// every answer carries a `Date` header from it, which the SDK uses to correct its signing.
    pub clock_skew_s: f64,
}

/// The longest signing-time difference AWS accepts (SigV4: 5 minutes).
pub const MAX_SKEW_S: f64 = 300.0;

/// Serves until the task is dropped.
pub async fn run(listener: TcpListener, sandbox: Sandbox) -> std::io::Result<()> {
    run_with(listener, sandbox, ServeOptions::default()).await
}

/// Serves with `options` until the task is dropped.
pub async fn run_with(
    listener: TcpListener,
    sandbox: Sandbox,
    options: ServeOptions,
) -> std::io::Result<()> {
    loop {
        let (stream, _) = listener.accept().await?;
        let sandbox = sandbox.clone();
        tokio::spawn(async move {
            let service = service_fn(move |req| answer(sandbox.clone(), options, req));
            if let Err(e) = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await
            {
                tracing::debug!(error = %e, "sandbox connection ended with an error");
            }
        });
    }
}

fn reply(status: u16, content_type: &str, body: Vec<u8>) -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(Bytes::from(body)));
    *r.status_mut() =
        hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    if let Ok(v) = content_type.parse() {
        r.headers_mut().insert("content-type", v);
    }
    r
}

#[derive(Deserialize)]
struct CliRequest {
    cluster_id: String,
    args: Vec<String>,
    password: Option<String>,
}

#[derive(Deserialize)]
struct AdvanceRequest {
    seconds: f64,
}

/// The AWS side's wall clock, in epoch seconds.
fn aws_now(options: ServeOptions) -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or(0.0)
        + options.clock_skew_s
}

/// `X-Amz-Date` (`20261201T223000Z`) as epoch seconds.
fn amz_date(v: &str) -> Option<f64> {
    let f = time::macros::format_description!("[year][month][day]T[hour][minute][second]Z");
    time::PrimitiveDateTime::parse(v, &f)
        .ok()
        .map(|t| t.assume_utc().unix_timestamp() as f64)
}

/// The HTTP `Date` of an epoch second (RFC 7231).
fn http_date(t: f64) -> String {
    let f = time::macros::format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    time::OffsetDateTime::from_unix_timestamp(t as i64)
        .ok()
        .and_then(|d| d.format(&f).ok())
        .unwrap_or_default()
}

/// The skew refusal in the service's own shape (the codes AWS uses for it).
fn skewed(
    authorization: Option<&str>,
    target: Option<&str>,
    signed: f64,
    now: f64,
) -> Response<Full<Bytes>> {
    let service = crate::wire::guess_service(authorization, target);
    let code = match service {
        crate::wire::Service::Iam | crate::wire::Service::Sts => "SignatureDoesNotMatch",
        crate::wire::Service::Ec2 => "RequestExpired",
        _ => "InvalidSignatureException",
    };
    let message = format!(
        "Signature expired: {} is now earlier than {} ({} - 5 min.)",
        http_date(signed),
        http_date(now - MAX_SKEW_S),
        http_date(now)
    );
    let err = crate::wire::ApiError::new(400, code, message);
    let r = crate::wire::render_error(service, &err, "5a7db0c2-0000-4000-8000-00000000skew");
    reply(r.status, r.content_type, r.body)
}

async fn answer(
    sandbox: Sandbox,
    options: ServeOptions,
    req: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let path = req.uri().path().to_string();
    let header = |name: &str| {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let authorization = header("authorization");
    let target = header("x-amz-target");
    let cbor = header(crate::cbor::HEADER).as_deref() == Some(crate::cbor::HEADER_VALUE);
    let signed = header("x-amz-date").as_deref().and_then(amz_date);
    let body = match req.into_body().collect().await {
        Ok(b) => b.to_bytes().to_vec(),
        Err(_) => {
            return Ok(reply(
                400,
                "text/plain",
                b"could not read the request body".to_vec(),
            ));
        }
    };
    if let Some(op) = path.strip_prefix("/_sandbox/") {
        return Ok(operator_api(&sandbox, op, &body));
    }
    let now = aws_now(options);
    let mut r = match signed {
        Some(t) if authorization.is_some() && (t - now).abs() > MAX_SKEW_S => {
            skewed(authorization.as_deref(), target.as_deref(), t, now)
        }
        _ => {
            let handled = if cbor {
                sandbox.handle_cbor(authorization, &path, body).await
            } else {
                sandbox.handle_async(authorization, target, body).await
            };
            sandbox.note_reply(&handled, cbor);
            let mut r = reply(handled.status, handled.content_type, handled.body);
            if cbor {
                r.headers_mut().insert(
                    crate::cbor::HEADER,
                    http::HeaderValue::from_static(crate::cbor::HEADER_VALUE),
                );
            }
            if let Ok(v) = handled.request_id.parse() {
                r.headers_mut().insert("x-amzn-requestid", v);
            }
            r
        }
    };
    if let Ok(v) = http_date(now).parse() {
        r.headers_mut().insert("date", v);
    }
    Ok(r)
}

fn operator_api(sandbox: &Sandbox, op: &str, body: &[u8]) -> Response<Full<Bytes>> {
    let json_reply =
        |v: serde_json::Value| reply(200, "application/json", v.to_string().into_bytes());
    let bad = |m: String| {
        reply(
            400,
            "application/json",
            json!({"error": m}).to_string().into_bytes(),
        )
    };
    match op {
        "cloudhsm-cli" => match serde_json::from_slice::<CliRequest>(body) {
            Ok(r) => json_reply(json!(sandbox.cloudhsm_cli(&r.cluster_id, &r.args, r.password.as_deref()))),
            Err(e) => bad(format!("bad cloudhsm-cli request: {e}")),
        },
        "advance" => match serde_json::from_slice::<AdvanceRequest>(body) {
            Ok(r) if r.seconds.is_finite() && r.seconds >= 0.0 => json_reply(json!({"now": sandbox.advance(r.seconds)})),
            Ok(_) => bad("seconds must be a positive number".into()),
            Err(e) => bad(format!("bad advance request: {e}")),
        },
        "requests" => json_reply(json!(sandbox.requests().iter().map(|e| json!({
            "service": e.service, "operation": e.operation, "region": e.region, "status": e.status, "concurrent": e.concurrent,
        })).collect::<Vec<_>>())),
        "health" => json_reply(json!({"now": sandbox.now(), "speed": sandbox.speed()})),
        "inspect" => json_reply(sandbox.inspect()),
        _ => reply(404, "application/json", json!({"error": format!("unknown operator endpoint {op}")}).to_string().into_bytes()),
    }
}
