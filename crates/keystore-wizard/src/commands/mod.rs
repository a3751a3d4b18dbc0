//! One module per subcommand (`setup`, `status`, `teardown`, `plan`, `sandbox`), plus `context`: the
//! global flags turned into the engine's run options, shared by every command and the TUI.
//! `dispatch` maps a parsed command line to its module.

pub mod context;
pub mod daytwo;
pub mod plan;
pub mod sandbox;
pub mod setup;
pub mod status;
pub mod teardown;

use crate::cli::{Cli, Command, PlanCommand, SandboxCommand};
use keystore_engine::daytwo::Op;
use keystore_engine::exit::Failure;

/// Runs what the command line asked for.
pub async fn dispatch(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        None => crate::tui::run(&cli.global, cli.plan.clone()).await,
        Some(Command::Setup(args)) => setup::setup(&cli.global, args).await,
        Some(Command::Status(args)) => status::status(&cli.global, args).await,
        Some(Command::Park(args)) => daytwo::run(&cli.global, Op::Park, args).await,
        Some(Command::Unpark(args)) => daytwo::run(&cli.global, Op::Unpark, args).await,
        Some(Command::Repair(args)) => daytwo::run(&cli.global, Op::Repair, args).await,
        Some(Command::Restore(args)) => daytwo::restore(&cli.global, args).await,
        Some(Command::CopyBackup(args)) => daytwo::copy_backup(&cli.global, args).await,
        Some(Command::Teardown(args)) => teardown::teardown(&cli.global, args).await,
        Some(Command::Completions(args)) => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(
                args.shell,
                &mut cmd,
                "keystore-wizard",
                &mut std::io::stdout(),
            );
            Ok(())
        }
        Some(Command::Manpage) => {
            let cmd = <Cli as clap::CommandFactory>::command();
            clap_mangen::Man::new(cmd)
                .render(&mut std::io::stdout())
                .map_err(|e| Failure::aws(format!("writing the man page: {e}")))
        }
        Some(Command::Plan(PlanCommand::Init(args))) => plan::init(&cli.global, args).await,
        Some(Command::Plan(PlanCommand::Check(args))) => plan::check(&cli.global, args),
        Some(Command::Sandbox(SandboxCommand::Serve(args))) => sandbox::serve(args).await,
        Some(Command::Sandbox(SandboxCommand::CloudhsmCli(args))) => sandbox::cloudhsm_cli(args),
        Some(Command::Sandbox(SandboxCommand::Advance(args))) => sandbox::advance(args),
        Some(Command::Sandbox(SandboxCommand::Inspect(args))) => sandbox::inspect(args),
    }
}
