//! scwdash: a terminal dashboard for the Scaleway cloud.

use clap::Parser;
use scwdash::cli;
use scwdash::config::{ConfigError, ScwProfile};
use scwdash::settings::DashboardSettings;

fn main() -> color_eyre::Result<()> {
    let cli = cli::Cli::parse();
    match &cli.command {
        Some(cli::Command::Sim(args)) => {
            let rt = tokio::runtime::Runtime::new()?;
            if let Err(e) = rt.block_on(scwdash::sim::serve(args)) {
                eprintln!("scwdash sim: {e}");
                std::process::exit(1);
            }
        }
        Some(cli::Command::List(args)) => {
            std::process::exit(scwdash::list::run(&cli.common, args));
        }
        None => {
            // A config mistake is the user's to fix: one line naming it, no backtrace.
            if let Err(e) = load_settings(&cli) {
                eprintln!("scwdash: {e}");
                std::process::exit(2);
            }
        }
    }
    Ok(())
}

/// The scw profile (file, `SCW_*`, flags) and the dashboard's own settings.
fn load_settings(cli: &cli::Cli) -> Result<(ScwProfile, DashboardSettings), ConfigError> {
    Ok((
        ScwProfile::load(&cli.common)?,
        DashboardSettings::load(&cli.common)?,
    ))
}
