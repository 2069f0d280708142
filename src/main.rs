//! scwdash: a terminal dashboard for the Scaleway cloud.

use clap::Parser;
use scwdash::cli;

fn main() -> color_eyre::Result<()> {
    let cli = cli::Cli::parse();
    if let Some(cli::Command::Sim(args)) = &cli.command {
        let rt = tokio::runtime::Runtime::new()?;
        rt.block_on(scwdash::sim::serve(args))?;
    }
    Ok(())
}
