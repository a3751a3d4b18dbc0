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

/// Serves until the task is dropped.
pub async fn run(listener: TcpListener, sandbox: Sandbox) -> std::io::Result<()> {
    loop {
        let (stream, _) = listener.accept().await?;
        let sandbox = sandbox.clone();
        tokio::spawn(async move {
            let service = service_fn(move |req| answer(sandbox.clone(), req));
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

async fn answer(
    sandbox: Sandbox,
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
    let handled = sandbox.handle_async(authorization, target, body).await;
    let mut r = reply(handled.status, handled.content_type, handled.body);
    if let Ok(v) = handled.request_id.parse() {
        r.headers_mut().insert("x-amzn-requestid", v);
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
        _ => reply(404, "application/json", json!({"error": format!("unknown operator endpoint {op}")}).to_string().into_bytes()),
    }
}
