//! The log filter that keeps secrets out of the logs. At TRACE the AWS SDK logs raw request
//! and response bodies — the key store password, PreCoPassword — so whenever the filter reaches
//! TRACE, the SDK's and the HTTP stack's targets are held at DEBUG, whatever RUST_LOG says.
//! In the engine because those are the engine's dependencies; the program installs the filter.

use tracing::level_filters::LevelFilter;
use tracing_subscriber::EnvFilter;

pub const WIRE_TARGETS: [&str; 8] = [
    "aws_smithy_runtime",
    "aws_smithy_runtime_api",
    "aws_smithy_http_client",
    "aws_sigv4",
    "hyper",
    "hyper_util",
    "h2",
    "rustls",
];

/// `base` with the wire-level targets capped at DEBUG when it would let TRACE through.
pub fn clamp(mut base: EnvFilter) -> EnvFilter {
    if base
        .max_level_hint()
        .is_some_and(|l| l < LevelFilter::TRACE)
    {
        return base;
    }
    for target in WIRE_TARGETS {
        if let Ok(d) = format!("{target}=debug").parse() {
            base = base.add_directive(d);
        }
    }
    base
}

/// RUST_LOG (default `warn`), clamped.
pub fn filter() -> EnvFilter {
    filter_or("warn")
}

/// RUST_LOG (default `level`), clamped.
pub fn filter_or(level: &str) -> EnvFilter {
    clamp(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(level)))
}
