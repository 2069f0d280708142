//! scwdash: a terminal dashboard for the Scaleway cloud.

use clap::Parser;
use scwdash::cli;
use scwdash::config::{ConfigError, ScwProfile};
use scwdash::settings::DashboardSettings;

fn main() -> color_eyre::Result<()> {
    let cli = cli::Cli::parse();
    if let Some(cli::Command::List(args)) = &cli.command {
        std::process::exit(scwdash::list::run(&cli.common, args));
    }
    if let Some(cli::Command::Sim(args)) = &cli.command {
        let rt = tokio::runtime::Runtime::new()?;
        rt.block_on(scwdash::sim::serve(args))?;
    }
    if cli.command.is_none() {
        // A config mistake is the user's to fix: one line naming it, no backtrace.
        if let Err(e) = load_settings(&cli) {
            eprintln!("scwdash: {e}");
            std::process::exit(2);
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
