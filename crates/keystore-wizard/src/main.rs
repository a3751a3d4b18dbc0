//! Entry point: parse the command line, set up logging (secrets-safe, see `logging`), run, and
//! map failures to the documented exit codes.

use clap::Parser;
use keystore_engine::i18n::{self, Lang};
use keystore_wizard::cli::{self, Cli};
use keystore_wizard::commands;
use keystore_wizard::output::logging;

#[tokio::main]
async fn main() {
    logging::mark_start();
    let cli = Cli::parse();
    // JSON is for programs: codes plus English text, whatever the locale.
    let lang = match cli.global.output {
        cli::Output::Json => Lang::En,
        cli::Output::Text => i18n::detect(cli.global.lang.as_deref().and_then(Lang::parse), |k| {
            std::env::var(k).ok()
        }),
    };
    i18n::set_lang(lang);
    keystore_engine::cloud::protocol::set_hsm_protocol(match cli.global.cloudhsm_protocol {
        cli::HsmWire::Json => keystore_engine::cloud::protocol::HsmProtocol::AwsJson,
        cli::HsmWire::Cbor => keystore_engine::cloud::protocol::HsmProtocol::RpcV2Cbor,
    });
    if let Err(e) = logging::init(&cli) {
        eprintln!("keystore-wizard: {e}");
        std::process::exit(2);
    }
    if let Err(f) = commands::dispatch(cli).await {
        if !f.message.is_empty() {
            eprintln!("keystore-wizard: {}", f.message);
        }
        std::process::exit(f.code.code());
    }
}
