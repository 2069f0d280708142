//! Command-line definitions (clap). Parsing only: no I/O happens here.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::api::locality::Zone;

/// A fast, safe terminal dashboard for the Scaleway cloud.
#[derive(Debug, Parser)]
#[command(name = "scwdash", version, about, propagate_version = true)]
pub struct Cli {
    #[command(flatten)]
    pub common: CommonArgs,

    /// Run the dashboard against a built-in simulated Scaleway (no account needed).
    #[arg(long)]
    pub demo: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Flags every command understands; they override the scw config and `SCW_*` variables.
#[derive(Debug, Clone, Default, Args)]
pub struct CommonArgs {
    /// scw config profile to use (overrides SCW_PROFILE and active_profile).
    #[arg(long, global = true)]
    pub profile: Option<String>,

    /// Zone to start in (e.g. fr-par-1), or `all`.
    #[arg(long, global = true)]
    pub zone: Option<String>,

    /// Region for regional kinds (e.g. nl-ams), or `all`.
    #[arg(long, global = true)]
    pub region: Option<String>,

    /// Base URL of the API (default https://api.scaleway.com).
    #[arg(long, global = true)]
    pub api_url: Option<String>,

    /// Allow a plain http:// API URL to a host that is not loopback (the
    /// secret key then travels in clear; a warning says so).
    #[arg(long, global = true)]
    pub insecure_http: bool,

    /// Disable every key that would change anything.
    #[arg(long, global = true)]
    pub read_only: bool,

    /// Auto-refresh interval in seconds.
    #[arg(long, global = true)]
    pub refresh: Option<f64>,

    /// Path of the scw config file (overrides SCW_CONFIG_PATH).
    #[arg(long, global = true)]
    pub config: Option<PathBuf>,

    /// Where to write the log file.
    #[arg(long, global = true)]
    pub log_file: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run only the Scaleway API simulator, as an HTTP server on loopback.
    Sim(SimArgs),
    /// Print an inventory of one kind of resource, for scripts.
    List(ListArgs),
}

#[derive(Debug, Clone, Args)]
pub struct SimArgs {
    /// Address to listen on; must be a loopback address.
    #[arg(long, default_value = "127.0.0.1:4010")]
    pub listen: SocketAddr,

    /// Added latency per request, in milliseconds.
    #[arg(long, default_value_t = 0)]
    pub latency_ms: u64,

    /// Fraction of requests (0.0-1.0) answered with 503 or a dropped connection
    /// before they are applied.
    #[arg(long, default_value_t = 0.0)]
    pub fail_rate: f64,

    /// Fraction of requests (0.0-1.0) applied, then answered with a dropped
    /// connection (the answer lost: a blindly retried POST is applied twice).
    #[arg(long, default_value_t = 0.0)]
    pub lost_answer_rate: f64,

    /// Requests per second allowed before answering 429 (0 = unlimited).
    #[arg(long, default_value_t = 0)]
    pub rate_limit: u32,

    /// Generate a fleet of N servers instead of the demo fleet.
    #[arg(long)]
    pub fleet: Option<usize>,

    /// Put the whole generated fleet in this zone (default: spread over all zones).
    #[arg(long, value_name = "ZONE", requires = "fleet")]
    pub fleet_zone: Option<Zone>,

    /// Length of one state-machine step (e.g. stopped -> starting), in milliseconds.
    #[arg(long, default_value_t = 3000)]
    pub transition_ms: u64,

    /// Seed for the generated fleet and the fault injection.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,

    /// Accept only this token in X-Auth-Token (default: any non-empty token).
    #[arg(long)]
    pub secret_key: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListKind {
    Servers,
    Volumes,
    SecurityGroups,
    PrivateNetworks,
    Vpcs,
    ServerTypes,
    Images,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum OutputFormat {
    #[default]
    Table,
    Json,
}

#[derive(Debug, Clone, Args)]
pub struct ListArgs {
    /// What to list.
    pub kind: ListKind,

    /// Output format.
    #[arg(short = 'o', long = "output", value_enum, default_value_t = OutputFormat::Table)]
    pub output: OutputFormat,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn sim_fleet_zone_is_a_zone_and_needs_a_fleet() {
        let cli = Cli::try_parse_from([
            "scwdash",
            "sim",
            "--fleet",
            "10000",
            "--fleet-zone",
            "nl-ams-2",
        ])
        .unwrap();
        match cli.command {
            Some(Command::Sim(args)) => assert_eq!(args.fleet_zone, Some(Zone::NlAms2)),
            other => panic!("unexpected {other:?}"),
        }
        assert!(Cli::try_parse_from(["scwdash", "sim", "--fleet-zone", "fr-par-1"]).is_err());
        assert!(
            Cli::try_parse_from(["scwdash", "sim", "--fleet", "5", "--fleet-zone", "fr-par-9"])
                .is_err()
        );
    }

    #[test]
    fn list_takes_kind_zone_and_output() {
        let cli =
            Cli::try_parse_from(["scwdash", "list", "servers", "--zone", "all", "-o", "json"])
                .unwrap();
        assert_eq!(cli.common.zone.as_deref(), Some("all"));
        match cli.command {
            Some(Command::List(args)) => {
                assert_eq!(args.kind, ListKind::Servers);
                assert_eq!(args.output, OutputFormat::Json);
            }
            other => panic!("unexpected {other:?}"),
        }
    }
}
