//! The client side of a served sandbox's operator API (`/_sandbox/…`), used by
//! `sandbox cloudhsm-cli` and `sandbox advance`. Plain HTTP/1.1 over a loopback TCP stream:
//! the server only ever listens on 127.0.0.1, so no TLS and no HTTP client crate are needed.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// Splits `http://127.0.0.1:4566` into host:port, refusing anything that is not loopback.
pub fn loopback_addr(url: &str) -> Result<String, String> {
    let rest = url
        .strip_prefix("http://")
        .ok_or_else(|| format!("sandbox URL `{url}` must start with http://"))?;
    let hostport = rest.split('/').next().unwrap_or(rest);
    let host = hostport
        .rsplit_once(':')
        .map(|(h, _)| h)
        .unwrap_or(hostport);
    if !matches!(host, "127.0.0.1" | "localhost" | "[::1]") {
        return Err(format!(
            "sandbox URL `{url}` is not a loopback address; the sandbox only listens on 127.0.0.1"
        ));
    }
    if !hostport.contains(':') {
        return Err(format!(
            "sandbox URL `{url}` needs a port (e.g. http://127.0.0.1:4566)"
        ));
    }
    Ok(hostport.replace("localhost", "127.0.0.1"))
}

/// POSTs a JSON body to `/_sandbox/<endpoint>` and returns the JSON reply.
pub fn post(
    url: &str,
    endpoint: &str,
    body: &serde_json::Value,
) -> Result<serde_json::Value, String> {
    let addr = loopback_addr(url)?;
    let mut stream = TcpStream::connect(&addr).map_err(|e| {
        format!(
            "cannot reach the sandbox at {url}: {e} (is `keystore-wizard sandbox serve` running?)"
        )
    })?;
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .map_err(|e| e.to_string())?;
    let payload = body.to_string();
    let request = format!(
        "POST /_sandbox/{endpoint} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{payload}",
        payload.len()
    );
    stream
        .write_all(request.as_bytes())
        .map_err(|e| format!("sending to the sandbox failed: {e}"))?;
    let mut raw = Vec::new();
    stream
        .read_to_end(&mut raw)
        .map_err(|e| format!("reading the sandbox's answer failed: {e}"))?;
    let text = String::from_utf8_lossy(&raw);
    let (head, body) = text
        .split_once("\r\n\r\n")
        .ok_or("the sandbox sent a malformed answer")?;
    let status = head.split_whitespace().nth(1).unwrap_or("0");
    let json: serde_json::Value = serde_json::from_str(body.trim())
        .map_err(|_| format!("the sandbox answered {status} with a body that is not JSON"))?;
    if status != "200" {
        return Err(json
            .get("error")
            .and_then(|e| e.as_str())
            .unwrap_or("the sandbox refused the request")
            .to_string());
    }
    Ok(json)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_urls_are_accepted() {
        assert_eq!(
            loopback_addr("http://127.0.0.1:4566"),
            Ok("127.0.0.1:4566".into())
        );
        assert_eq!(
            loopback_addr("http://localhost:9/"),
            Ok("127.0.0.1:9".into())
        );
        assert!(loopback_addr("http://10.0.0.1:4566").is_err());
        assert!(loopback_addr("https://127.0.0.1:4566").is_err());
        assert!(loopback_addr("http://127.0.0.1").is_err());
    }
}
