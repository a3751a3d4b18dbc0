//! Entry point: parse the command line, set up logging (secrets-safe: the SDK's wire logs are
//! capped at DEBUG whatever RUST_LOG says), run, and map failures to the documented exit codes.

use clap::Parser;
use keystore_wizard::cli::{self, Cli};
use tracing_subscriber::EnvFilter;

fn filter() -> EnvFilter {
    let mut f = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("warn"));
    // At TRACE the SDK logs raw request and response bodies (passwords, PreCoPassword): when
    // the filter reaches TRACE, the wire-level targets are held at DEBUG.
    if f.max_level_hint()
        .is_some_and(|l| l < tracing::level_filters::LevelFilter::TRACE)
    {
        return f;
    }
    for target in [
        "aws_smithy_runtime",
        "aws_smithy_runtime_api",
        "aws_smithy_http_client",
        "aws_sigv4",
        "hyper",
        "hyper_util",
        "h2",
        "rustls",
    ] {
        if let Ok(d) = format!("{target}=debug").parse() {
            f = f.add_directive(d);
        }
    }
    f
}

#[tokio::main]
async fn main() {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(filter())
        .init();
    if let Err(f) = cli::run(cli).await {
        if !f.message.is_empty() {
            eprintln!("keystore-wizard: {}", f.message);
        }
        std::process::exit(f.code);
    }
}
