//! `scwdash` without a subcommand: loads the settings, builds the state, the
//! client and the executor, and runs the event loop in the terminal. Every
//! configuration mistake is one line on stderr and exit code 2, before the
//! terminal is touched.

use std::sync::Arc;
use std::sync::atomic::{AtomicI32, Ordering};
use std::time::Duration;

use crossterm::event::EventStream;
use futures::StreamExt;
use tokio::sync::mpsc::unbounded_channel;

use crate::api::locality::ZoneScope;
use crate::api::{Client, ClientConfig, SecretKey};
use crate::app::{MissingCredentials, Options, Screen, State};
use crate::event::{self, Inputs};
use crate::exec::{self, ApiExecutor};
use crate::keymap::KeyMap;
use crate::profile::{ConnectionFlags, ScwProfile};
use crate::settings::DashboardSettings;
use crate::terminal::{self, TerminalGuard};
use crate::theme::Theme;

/// Exit code for a configuration error the user must fix.
pub const EXIT_CONFIG: i32 = 2;

/// What the dashboard runs against.
pub enum Backend {
    /// The API of the scw profile.
    Api,
    /// A simulator already listening at this base URL (`--demo`).
    Demo { base_url: String },
}

/// Everything resolved from the command line and the files.
pub struct Setup {
    pub profile: ScwProfile,
    pub options: Options,
    /// Printed on stderr before the terminal is taken (insecure URL, a
    /// config file others can read).
    pub warnings: Vec<String>,
}

/// What the command line asks of the dashboard (from `cli::DashboardArgs`).
#[derive(Debug, Clone, Default)]
pub struct Launch {
    pub connection: ConnectionFlags,
    pub demo: bool,
    pub read_only: bool,
    /// `--refresh`, which wins over the settings file.
    pub refresh: Option<f64>,
    pub log_file: Option<std::path::PathBuf>,
}

/// Reads the profile and the settings; `Err` is the one-line message.
pub fn setup(launch: &Launch) -> Result<Setup, String> {
    let profile = ScwProfile::load(&launch.connection).map_err(|e| e.to_string())?;
    let settings = DashboardSettings::load(launch.refresh).map_err(|e| e.to_string())?;
    let keymap = KeyMap::default()
        .with_overrides(&settings.key_overrides())
        .map_err(|e| format!("[keys]: {e}"))?;
    // NO_COLOR wins over any preset; `auto` asks the terminal before it is
    // put in raw mode (the answer would otherwise arrive as keys).
    let no_color = Theme::no_color_requested(std::env::var_os("NO_COLOR").as_deref());
    let background = settings.theme.background(|| {
        if no_color {
            None
        } else {
            terminal::background()
        }
    });
    let mut theme =
        Theme::from_settings(&settings.theme, background).map_err(|e| format!("[theme]: {e}"))?;
    if no_color {
        theme = theme.without_colour();
    }
    let options = Options {
        profile: profile.profile.clone(),
        zone: profile.zone,
        demo: launch.demo,
        read_only: launch.read_only,
        refresh_every: Duration::from_secs_f64(settings.refresh),
        fast_refresh: Duration::from_secs_f64(settings.fast_refresh),
        refresh_items_per_second: settings.refresh_items_per_second,
        keymap,
        theme,
        columns: settings.columns.clone(),
        mouse: settings.mouse,
        log_path: None,
        project: profile.project_id.clone(),
        cost: crate::app::CostOptions::new(&settings),
        clock: Some(crate::app::clock::WallClock::now()),
        // Checked with the settings file already; parsed again to keep.
        ssh: crate::app::shell::Template::parse(&settings.ssh.command, &settings.ssh.user)?,
        aliases: crate::commands::Aliases(settings.aliases.clone()),
        events: crate::app::events::Options {
            highlight: Duration::from_secs_f64(settings.events.highlight),
            notify: settings.notifications.desktop(),
            store: snapshot_store(&profile, launch.demo),
            previous: None,
        },
    };
    let warnings = profile.warnings.clone();
    Ok(Setup {
        profile,
        options,
        warnings,
    })
}

/// Where this profile's fleet snapshot is kept (the demo has its own).
fn snapshot_store(profile: &ScwProfile, demo: bool) -> Option<crate::app::events::Store> {
    let dir = crate::logging::state_dir(&crate::profile::real_env)?;
    let key = if demo {
        crate::snapshot_store::demo_key()
    } else {
        crate::snapshot_store::key(&profile.profile, &profile.api_url)
    };
    Some(crate::snapshot_store::store(&dir, key))
}

/// The state to start with: the MissingCredentials screen when the API
/// cannot be called (and this is not the demo). The last run's snapshot is
/// read here, once logging is up (an unusable one is logged).
pub fn initial_state(setup: &Setup, demo: bool) -> State {
    let mut options = setup.options.clone();
    if let Some(store) = &options.events.store {
        let clock = crate::snapshot_store::clock_now();
        options.events.previous = crate::snapshot_store::load(store, clock).map(Arc::new);
    }
    let mut state = State::new(options);
    if !setup.warnings.is_empty() {
        let words: Vec<&str> = setup
            .warnings
            .iter()
            .map(|w| w.trim_start_matches("warning: "))
            .collect();
        state.status.warning = Some(words.join("; "));
    }
    if demo {
        // New resources go to the simulator's own project.
        state.project = Some(crate::sim::PROJECT.to_string());
    }
    let p = &setup.profile;
    if !demo && !p.can_authenticate() {
        state.screen = Screen::MissingCredentials(MissingCredentials {
            missing: p
                .missing_credentials()
                .into_iter()
                .map(|k| match k {
                    "secret_key" => {
                        "secret key (SCW_SECRET_KEY, or secret_key in the profile)".to_string()
                    }
                    "access_key" => {
                        "access key (SCW_ACCESS_KEY, or access_key in the profile)".to_string()
                    }
                    other => other.to_string(),
                })
                .collect(),
            searched: p
                .searched_paths()
                .iter()
                .map(|p| p.display().to_string())
                .collect(),
            profile: p.profile.clone(),
        });
    }
    state
}

/// Requests the dashboard keeps in flight at once (`list` uses the client's
/// default): every first page of every tab in every zone (about 45 under
/// `--zone all`) goes out together, so start-up is one round trip.
const DASHBOARD_MAX_IN_FLIGHT: usize = 64;
/// Answer bytes the dashboard expects in flight at once: eight full pages of
/// 100 servers, the bound that keeps its high-water mark under 50 MB with
/// 10,000 servers (docs/BENCHMARKS.md).
const DASHBOARD_MAX_BYTES_IN_FLIGHT: usize = 2 << 20;

/// The client for the profile, or for the simulator in the demo.
pub fn client(profile: &ScwProfile, backend: &Backend) -> Result<Client, String> {
    let (url, key) = match backend {
        Backend::Api => (
            profile.api_url.clone(),
            profile
                .secret_key
                .clone()
                // Never used: the missing-credentials screen sends nothing.
                .unwrap_or_else(|| SecretKey::new("")),
        ),
        Backend::Demo { base_url } => (base_url.clone(), SecretKey::new("demo-secret-key")),
    };
    let mut config = ClientConfig::new(key);
    config.api_url = url;
    // A refresh of a large fleet is hundreds of pages; each page in flight
    // holds a read buffer of its size (a few hundred KB for 100 servers). The
    // byte budget bounds those (eight at once, as the request bound used to:
    // 54.5 MB high-water at 32); small first pages are not held back by it.
    config.max_in_flight = DASHBOARD_MAX_IN_FLIGHT;
    config.max_bytes_in_flight = DASHBOARD_MAX_BYTES_IN_FLIGHT;
    Client::new(config).map_err(|e| e.to_string())
}

/// Runs the dashboard in the terminal until the user quits or a signal
/// arrives. The terminal is restored on every path (guard, panic hook).
/// Returns the exit code: 0 after `q`, 128 + n after signal n.
pub async fn run(mut state: State, client: Client) -> color_eyre::Result<i32> {
    let (tx, rx) = unbounded_channel();
    let (backoff_tx, backoff_rx) = unbounded_channel();
    let client = client.with_backoff_events(backoff_tx);
    tokio::spawn(exec::forward_backoff(backoff_rx, tx.clone()));
    let mut executor = ApiExecutor::new(client, exec::terminal_clipboard())
        .with_history(crate::history::default_path(&crate::profile::real_env));
    terminal::install_hooks()?;
    let mut guard = TerminalGuard::enter(state.mouse)?;
    let keys = PausableEvents::default();
    let paused_keys = keys.clone();
    // SIGTSTP joins the terminal's events as the Ctrl-Z key: one suspend path.
    let events = futures::stream::select(
        keys,
        terminal::suspend_signals()?.map(|()| Ok(event::suspend_key())),
    );
    let signal = Arc::new(AtomicI32::new(0));
    let caught = Arc::clone(&signal);
    let inputs = Inputs {
        events,
        tx,
        rx,
        shutdown: async move {
            match terminal::shutdown_signal().await {
                Ok(n) => caught.store(n, Ordering::SeqCst),
                // No signal handling available: never resolve.
                Err(_) => std::future::pending::<()>().await,
            }
        },
        suspend: Some(terminal::suspend),
        run_program: Some(Box::new(move |program| {
            // The event reader would take the program's keystrokes: it
            // stops while the program has the terminal.
            paused_keys.pause();
            let ran = terminal::released(|| terminal::run_in_foreground(&program.argv));
            paused_keys.resume();
            match ran {
                Ok(Ok(exit)) => Ok(exit),
                Ok(Err(e)) => Err(e.to_string()),
                Err(e) => Err(format!("the terminal could not be taken back: {e}")),
            }
        })),
    };
    let result = event::run(&mut guard.terminal, &mut state, &mut executor, inputs).await;
    drop(guard);
    result?;
    Ok(match signal.load(Ordering::SeqCst) {
        0 => 0,
        n => 128 + n,
    })
}

/// The terminal's events, with a reader that can be stopped: while a
/// program run from the dashboard (`s`) has the terminal, crossterm's
/// reader thread would otherwise read (and swallow) the keys typed into it.
/// Dropping the `EventStream` stops that thread; `resume` starts a new one.
#[derive(Clone)]
struct PausableEvents(Arc<std::sync::Mutex<Option<EventStream>>>);

impl Default for PausableEvents {
    fn default() -> Self {
        PausableEvents(Arc::new(std::sync::Mutex::new(Some(EventStream::new()))))
    }
}

impl PausableEvents {
    fn pause(&self) {
        drop(self.0.lock().unwrap_or_else(|e| e.into_inner()).take());
    }

    fn resume(&self) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = Some(EventStream::new());
    }
}

impl futures::Stream for PausableEvents {
    type Item = std::io::Result<crossterm::event::Event>;

    fn poll_next(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        match self.0.lock().unwrap_or_else(|e| e.into_inner()).as_mut() {
            Some(events) => events.poll_next_unpin(cx),
            // Paused: the loop is not polling meanwhile (it runs the
            // program), and polls again once resumed.
            None => std::task::Poll::Pending,
        }
    }
}

/// Whether the scope is a single zone (for messages).
pub fn scope_words(scope: ZoneScope) -> String {
    match scope {
        ZoneScope::One(z) => z.to_string(),
        ZoneScope::All => "all zones".to_string(),
    }
}
