//! Command-line definitions (clap). Parsing only: no I/O happens here.

use std::net::SocketAddr;
use std::path::PathBuf;

use std::sync::OnceLock;

use clap::builder::PossibleValue;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::api::locality::Zone;
use crate::list::{ListKind, OutputFormat, Request};
use crate::profile::ConnectionFlags;
use crate::sim::SimConfig;

/// A fast, safe terminal dashboard for the Scaleway cloud.
///
/// Each command takes only its own flags: the dashboard's (`--demo`,
/// `--read-only`, `--refresh`) before no subcommand, the connection flags
/// where a connection is made (the dashboard, `list`), `--log-file` wherever
/// something logs.
#[derive(Debug, Parser)]
#[command(
    name = "scwdash",
    version,
    about,
    propagate_version = true,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(flatten)]
    pub dashboard: DashboardArgs,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The dashboard's flags.
#[derive(Debug, Clone, Default, Args)]
pub struct DashboardArgs {
    #[command(flatten)]
    pub connection: ConnectionArgs,

    /// Run the dashboard against a built-in simulated Scaleway (no account needed).
    #[arg(long)]
    pub demo: bool,

    /// Disable every key that would change anything.
    #[arg(long)]
    pub read_only: bool,

    /// Auto-refresh interval in seconds.
    #[arg(long)]
    pub refresh: Option<f64>,

    #[command(flatten)]
    pub log: LogArgs,
}

/// Flags that choose what to connect to; they override the scw config and
/// `SCW_*` variables.
#[derive(Debug, Clone, Default, Args)]
pub struct ConnectionArgs {
    /// scw config profile to use (overrides SCW_PROFILE and active_profile).
    #[arg(long)]
    pub profile: Option<String>,

    /// Zone to start in (e.g. fr-par-1), or `all`.
    #[arg(long)]
    pub zone: Option<String>,

    /// Region for regional kinds (e.g. nl-ams), or `all`.
    #[arg(long)]
    pub region: Option<String>,

    /// Base URL of the API (default https://api.scaleway.com).
    #[arg(long)]
    pub api_url: Option<String>,

    /// Path of the scw config file (overrides SCW_CONFIG_PATH).
    #[arg(long)]
    pub config: Option<PathBuf>,

    /// Allow a plain http:// API URL to a host that is not loopback (the
    /// secret key then travels in clear; a warning says so).
    #[arg(long)]
    pub insecure_http: bool,
}

/// Where a command that logs writes.
#[derive(Debug, Clone, Default, Args)]
pub struct LogArgs {
    /// Where to write the log file.
    #[arg(long)]
    pub log_file: Option<PathBuf>,
}

impl DashboardArgs {
    /// The flags as the dashboard takes them.
    pub fn launch(&self) -> crate::dashboard::Launch {
        crate::dashboard::Launch {
            connection: self.connection.flags(),
            demo: self.demo,
            read_only: self.read_only,
            refresh: self.refresh,
            log_file: self.log.log_file.clone(),
        }
    }
}

impl ConnectionArgs {
    /// The flags as the scw profile loader takes them.
    pub fn flags(&self) -> ConnectionFlags {
        ConnectionFlags {
            profile: self.profile.clone(),
            zone: self.zone.clone(),
            region: self.region.clone(),
            api_url: self.api_url.clone(),
            config: self.config.clone(),
            insecure_http: self.insecure_http,
        }
    }
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

    #[command(flatten)]
    pub log: LogArgs,
}

impl SimArgs {
    /// The configuration `scwdash sim` runs with.
    pub fn config(&self) -> SimConfig {
        SimConfig {
            listen: self.listen,
            latency: std::time::Duration::from_millis(self.latency_ms),
            transition: std::time::Duration::from_millis(self.transition_ms),
            fail_rate: self.fail_rate.clamp(0.0, 1.0),
            lost_answer_rate: self.lost_answer_rate.clamp(0.0, 1.0),
            rate_limit: self.rate_limit,
            fleet: self.fleet,
            fleet_zone: self.fleet_zone,
            seed: self.seed,
            secret_key: self.secret_key.clone(),
        }
    }
}

/// `list`'s KIND values with their names, kept for clap's `&'static` needs.
fn list_kinds() -> &'static [(ListKind, String)] {
    static NAMES: OnceLock<Vec<(ListKind, String)>> = OnceLock::new();
    NAMES.get_or_init(|| ListKind::all().collect())
}

impl ValueEnum for ListKind {
    fn value_variants<'a>() -> &'a [Self] {
        static VARIANTS: OnceLock<Vec<ListKind>> = OnceLock::new();
        VARIANTS.get_or_init(|| list_kinds().iter().map(|(k, _)| *k).collect())
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        let (_, name) = list_kinds().iter().find(|(k, _)| k == self)?;
        Some(PossibleValue::new(name.as_str()))
    }
}

impl ValueEnum for OutputFormat {
    fn value_variants<'a>() -> &'a [Self] {
        &[OutputFormat::Table, OutputFormat::Json]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(match self {
            OutputFormat::Table => "table",
            OutputFormat::Json => "json",
        }))
    }
}

#[derive(Debug, Clone, Args)]
pub struct ListArgs {
    /// What to list.
    pub kind: ListKind,

    /// Output format.
    #[arg(short = 'o', long = "output", value_enum, default_value_t = OutputFormat::Table)]
    pub output: OutputFormat,

    #[command(flatten)]
    pub connection: ConnectionArgs,

    #[command(flatten)]
    pub log: LogArgs,
}

impl ListArgs {
    /// The flags as `list` takes them.
    pub fn request(&self) -> Request {
        Request {
            kind: self.kind,
            output: self.output,
            connection: self.connection.flags(),
            log_file: self.log.log_file.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Tab;
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
        match cli.command {
            Some(Command::List(args)) => {
                assert_eq!(args.connection.zone.as_deref(), Some("all"));
                assert_eq!(args.kind, ListKind::Tab(Tab::Servers));
                assert_eq!(args.output, OutputFormat::Json);
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn list_names_the_kinds_with_an_api_and_no_view() {
        let kinds = ListKind::value_variants();
        assert_eq!(kinds.len(), Tab::with_api().count() + 2);
        assert!(!kinds.contains(&ListKind::Tab(Tab::Probe)));
        assert!(Cli::try_parse_from(["scwdash", "list", "probe"]).is_err());
        let sg = Cli::try_parse_from(["scwdash", "list", "security-groups"]).unwrap();
        assert!(matches!(
            sg.command,
            Some(Command::List(ListArgs {
                kind: ListKind::Tab(Tab::SecurityGroups),
                ..
            }))
        ));
    }

    /// The help of `command`, as `scwdash <command> --help` prints it.
    fn help_of(command: &str) -> String {
        let mut cli = Cli::command();
        let sub = cli.find_subcommand_mut(command).unwrap();
        sub.render_long_help().to_string()
    }

    #[test]
    fn each_command_takes_only_its_own_flags() {
        let sim = help_of("sim");
        for foreign in ["--read-only", "--refresh", "--profile", "--zone", "--demo"] {
            assert!(!sim.contains(foreign), "sim --help lists {foreign}:\n{sim}");
        }
        assert!(
            sim.contains("--log-file") && sim.contains("--fail-rate"),
            "{sim}"
        );
        let list = help_of("list");
        for foreign in ["--read-only", "--refresh", "--demo", "--fail-rate"] {
            assert!(
                !list.contains(foreign),
                "list --help lists {foreign}:\n{list}"
            );
        }
        assert!(
            list.contains("--zone") && list.contains("--log-file"),
            "{list}"
        );
        // Dashboard flags do not silently apply to a subcommand.
        assert!(Cli::try_parse_from(["scwdash", "sim", "--read-only"]).is_err());
        assert!(Cli::try_parse_from(["scwdash", "--read-only", "sim"]).is_err());
        assert!(Cli::try_parse_from(["scwdash", "list", "vpcs", "--refresh", "2"]).is_err());
        let cli =
            Cli::try_parse_from(["scwdash", "--demo", "--read-only", "--zone", "all"]).unwrap();
        assert!(cli.dashboard.demo && cli.dashboard.read_only);
        assert_eq!(cli.dashboard.connection.zone.as_deref(), Some("all"));
    }

    #[test]
    fn sim_takes_a_log_file() {
        let cli = Cli::try_parse_from(["scwdash", "sim", "--log-file", "/tmp/x.log"]).unwrap();
        match cli.command {
            Some(Command::Sim(args)) => {
                assert_eq!(args.log.log_file, Some(PathBuf::from("/tmp/x.log")));
            }
            other => panic!("unexpected {other:?}"),
        }
    }
}
