//! scwdash: a terminal dashboard for the Scaleway cloud.

use clap::Parser;
use scwdash::cli;
use scwdash::dashboard::{self, Backend, EXIT_CONFIG};

fn main() -> color_eyre::Result<()> {
    let cli = cli::Cli::parse();
    if cli.command.is_none() {
        std::process::exit(dashboard_main(&cli)?);
    }
    Ok(())
}

/// The dashboard: a config mistake is one line naming it and exit code 2.
fn dashboard_main(cli: &cli::Cli) -> color_eyre::Result<i32> {
    let setup = match dashboard::setup(cli) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("scwdash: {e}");
            return Ok(EXIT_CONFIG);
        }
    };
    // Logs go to a file: the terminal belongs to the dashboard.
    let log = match scwdash::logging::init(cli.common.log_file.as_deref()) {
        Ok(handle) => Some(handle),
        Err(e) => {
            eprintln!("scwdash: logging disabled: {e}");
            None
        }
    };
    let mut setup = setup;
    setup.options.log_path = log.as_ref().map(|l| l.path.display().to_string());
    let runtime = tokio::runtime::Runtime::new()?;
    let result = runtime.block_on(async {
        let backend = Backend::Api;
        let client = match dashboard::client(&setup.profile, &backend) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("scwdash: {e}");
                return Ok(EXIT_CONFIG);
            }
        };
        let state = dashboard::initial_state(&setup, cli.demo);
        tracing::info!(profile = %setup.profile.profile, zone = %dashboard::scope_words(setup.options.zone), "dashboard start");
        dashboard::run(state, client).await.map(|()| 0)
    });
    if let Some(log) = &log {
        eprintln!("scwdash: log in {}", log.path.display());
    }
    result
}
