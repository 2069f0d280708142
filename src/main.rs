//! scwdash: a terminal dashboard for the Scaleway cloud.

use clap::Parser;
use scwdash::cli;

fn main() -> color_eyre::Result<()> {
    let _cli = cli::Cli::parse();
    Ok(())
}
