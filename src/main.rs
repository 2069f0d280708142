//! scwdash: a terminal dashboard for the Scaleway cloud.

use clap::Parser;
use scwdash::cli;
use scwdash::dashboard::{self, Backend, EXIT_CONFIG};
use scwdash::sim::{self, SimConfig};

fn main() -> color_eyre::Result<()> {
    let cli = cli::Cli::parse();
    match &cli.command {
        Some(cli::Command::Sim(args)) => {
            let rt = tokio::runtime::Runtime::new()?;
            if let Err(e) = rt.block_on(sim::serve(args)) {
                eprintln!("scwdash sim: {e}");
                std::process::exit(1);
            }
        }
        Some(cli::Command::List(args)) => {
            std::process::exit(scwdash::list::run(&cli.common, args));
        }
        None => std::process::exit(dashboard_main(&cli)?),
    }
    Ok(())
}

/// The dashboard: a config mistake is one line naming it and exit code 2.
fn dashboard_main(cli: &cli::Cli) -> color_eyre::Result<i32> {
    let mut setup = match dashboard::setup(cli) {
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
    setup.options.log_path = log.as_ref().map(|l| l.path.display().to_string());
    let runtime = tokio::runtime::Runtime::new()?;
    let result = runtime.block_on(async {
        // `--demo`: the simulator in this process, on a free loopback port,
        // with its demo fleet and realistic transition times.
        let sim = if cli.demo {
            Some(sim::spawn(SimConfig::default()).await?)
        } else {
            None
        };
        let backend = match &sim {
            Some(handle) => Backend::Demo {
                base_url: handle.base_url(),
            },
            None => Backend::Api,
        };
        let client = match dashboard::client(&setup.profile, &backend) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("scwdash: {e}");
                return Ok(EXIT_CONFIG);
            }
        };
        let state = dashboard::initial_state(&setup, cli.demo);
        tracing::info!(
            profile = %setup.profile.profile,
            zone = %dashboard::scope_words(setup.options.zone),
            demo = cli.demo,
            "dashboard start"
        );
        let result = dashboard::run(state, client).await.map(|()| 0);
        if let Some(handle) = sim {
            handle.shutdown();
        }
        result
    });
    if let Some(log) = &log {
        eprintln!("scwdash: log in {}", log.path.display());
    }
    result
}
