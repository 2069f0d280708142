//! scwdash: a terminal dashboard for the Scaleway cloud.
//!
//! Every expected failure is one sanitised line on stderr and an exit code
//! (2 for what the user must fix): no backtrace reaches a user. A bug (panic)
//! still gets color-eyre's report; `RUST_BACKTRACE=1` adds the error chain to
//! the one line for developers.

use std::io::IsTerminal;

use clap::Parser;
use scwdash::cli;
use scwdash::dashboard::{self, Backend, EXIT_CONFIG};
use scwdash::sim::{self, SimConfig};
use scwdash::text::eprint_error;

/// Exit code for a failure at run time (not the user's configuration).
const EXIT_FAILURE: i32 = 1;

fn main() {
    // Parsing starts no thread: the allocator is set up before any does.
    let cli = cli::Cli::parse();
    scwdash::memory::limit_arenas();
    if cli.command.is_none() {
        scwdash::memory::map_large_blocks_apart();
    }
    let code = match &cli.command {
        Some(cli::Command::Sim(args)) => {
            // The simulator logs its requests and faults to the file, if asked.
            let _log = match &args.log.log_file {
                Some(path) => match scwdash::logging::init(Some(path)) {
                    Ok(handle) => Some(handle),
                    Err(e) => {
                        eprint_error(format!("sim: {e}"));
                        std::process::exit(EXIT_CONFIG);
                    }
                },
                None => None,
            };
            run_sim(args.config())
        }
        Some(cli::Command::List(args)) => scwdash::list::run(&args.request()),
        None => dashboard_main(&cli.dashboard.launch()),
    };
    std::process::exit(code);
}

/// `scwdash sim` in the foreground until Ctrl-C.
fn run_sim(config: SimConfig) -> i32 {
    match tokio::runtime::Runtime::new() {
        Ok(rt) => match rt.block_on(sim::serve(config)) {
            Ok(()) => 0,
            Err(e) => {
                eprint_error(format!("sim: {e}"));
                EXIT_FAILURE
            }
        },
        Err(e) => {
            eprint_error(format!("cannot start the async runtime: {e}"));
            EXIT_FAILURE
        }
    }
}

/// Whether a developer asked for details (`RUST_BACKTRACE` set, not `0`).
fn developer_details() -> bool {
    std::env::var_os("RUST_BACKTRACE").is_some_and(|v| v != "0")
}

/// One line for a run-time error; with `RUST_BACKTRACE`, the whole report.
fn report(e: &color_eyre::Report) {
    if developer_details() {
        eprint_error(format!("{e:?}"));
    } else {
        eprint_error(e);
    }
}

/// The dashboard: a config mistake is one line naming it and exit code 2.
fn dashboard_main(launch: &dashboard::Launch) -> i32 {
    let mut setup = match dashboard::setup(launch) {
        Ok(s) => s,
        Err(e) => {
            eprint_error(e);
            return EXIT_CONFIG;
        }
    };
    if !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
        eprintln!("scwdash needs a terminal; try `scwdash list …` for scripts");
        return EXIT_CONFIG;
    }
    for warning in &setup.warnings {
        eprint_error(warning);
    }
    // Logs go to a file: the terminal belongs to the dashboard.
    let log = match scwdash::logging::init(launch.log_file.as_deref()) {
        Ok(handle) => Some(handle),
        Err(e) => {
            eprint_error(format!("logging disabled: {e}"));
            None
        }
    };
    setup.options.log_path = log.as_ref().map(|l| l.path.display().to_string());
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprint_error(format!("cannot start the async runtime: {e}"));
            return EXIT_FAILURE;
        }
    };
    let result: color_eyre::Result<i32> = runtime.block_on(async {
        // `--demo`: the simulator in this process, on a free loopback port,
        // with its demo fleet and realistic transition times.
        let sim = if launch.demo {
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
                eprint_error(e);
                return Ok(EXIT_CONFIG);
            }
        };
        let state = dashboard::initial_state(&setup, launch.demo);
        tracing::info!(
            profile = %setup.profile.profile,
            zone = %dashboard::scope_words(setup.options.zone),
            demo = launch.demo,
            "dashboard start"
        );
        let code = dashboard::run(state, client).await?;
        if let Some(handle) = sim {
            handle.shutdown();
        }
        Ok(code)
    });
    if let Some(log) = &log {
        eprint_error(format!("log in {}", log.path.display()));
    }
    match result {
        Ok(code) => code,
        Err(e) => {
            report(&e);
            EXIT_FAILURE
        }
    }
}
