//! Entry point: parse the command line, run, map failures to the documented exit codes.

use clap::Parser;
use keystore_wizard::cli::{self, Cli};

#[tokio::main]
async fn main() {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .init();
    if let Err(f) = cli::run(cli).await {
        eprintln!("keystore-wizard: {}", f.message);
        std::process::exit(f.code);
    }
}
