//! `scwdash list KIND`: one inventory of one kind over the chosen zones or
//! regions, as an aligned table or a JSON array, for scripts.
//!
//! The JSON output is the typed models serialized back (the fields scwdash
//! understands, with the API's names), one array over every locality; server
//! types, which the API keys by name, gain `name` and `zone` keys. Failures of
//! single zones go to stderr and the rest is still printed; the exit code is 1
//! only when no locality could be listed, 2 for configuration problems.

use std::fmt::Display;
use std::io::Write;
use std::path::PathBuf;

use serde::Serialize;
use serde_json::Value;

use crate::api::models::{Image, ServerType};
use crate::api::{
    ApiError, Client, ClientConfig, Product, Region, Zone, ZoneScope, fanout::fan_out, instance,
};
use crate::app::Tab;
use crate::logging;
use crate::profile::ConnectionFlags;
use crate::profile::ScwProfile;
use crate::text::{display_width, eprint_error, sanitize, to_safe_json_pretty};

/// Exit code when some locality was listed.
pub const EXIT_OK: i32 = 0;
/// Exit code when every locality failed.
pub const EXIT_NOTHING_LISTED: i32 = 1;
/// Exit code for configuration problems (bad flags, config file, no secret key).
pub const EXIT_CONFIG: i32 = 2;

/// What `scwdash list` lists: every resource kind of the registry that has
/// an API (`security-groups` for the `security_groups` tab), then the
/// catalogues that are no tab.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    Tab(Tab),
    ServerTypes,
    Images,
}

impl ListKind {
    /// Every kind with its name on the command line, in help order.
    pub fn all() -> impl Iterator<Item = (ListKind, String)> {
        let tabs = Tab::with_api().map(|t| (ListKind::Tab(t), t.about().key.replace('_', "-")));
        let catalogues = [
            (ListKind::ServerTypes, "server-types".to_string()),
            (ListKind::Images, "images".to_string()),
        ];
        tabs.chain(catalogues)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutputFormat {
    #[default]
    Table,
    Json,
}

/// `scwdash list` as the command line asked for it.
#[derive(Debug, Clone)]
pub struct Request {
    pub kind: ListKind,
    pub output: OutputFormat,
    pub connection: ConnectionFlags,
    pub log_file: Option<PathBuf>,
}

/// Runs the command and returns the process exit code.
pub fn run(args: &Request) -> i32 {
    // Logs go to a file only; without one, `list` still works. A log file
    // asked for that cannot be written is said (nothing else is lost).
    let _log = match logging::init(args.log_file.as_deref()) {
        Ok(handle) => Some(handle),
        Err(e) => {
            if args.log_file.is_some() {
                eprint_error(format!("logging disabled: {e}"));
            }
            None
        }
    };
    let flags = &args.connection;
    let profile = match ScwProfile::load(flags) {
        Ok(p) => p,
        Err(e) => {
            eprint_error(e);
            return EXIT_CONFIG;
        }
    };
    let Some(secret_key) = profile.secret_key.clone() else {
        eprint_error(missing_key_message(&profile));
        return EXIT_CONFIG;
    };
    let mut config = ClientConfig::new(secret_key);
    config.api_url = profile.api_url.clone();
    let client = match Client::new(config) {
        Ok(c) => c,
        Err(e) => {
            eprint_error(e);
            return EXIT_CONFIG;
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprint_error(format!("cannot start the async runtime: {e}"));
            return EXIT_NOTHING_LISTED;
        }
    };
    let scope = Scope::of(&profile, flags);
    let listing = runtime.block_on(collect(&client, args.kind, &scope));
    tracing::info!(
        kind = ?args.kind,
        rows = listing.rows.len(),
        failures = listing.failures.len(),
        "list done"
    );
    for (locality, error) in listing.failures.iter().chain(&listing.notes) {
        eprint_error(format!("{locality}: {error}"));
    }
    let out = match args.output {
        OutputFormat::Table => render_table(listing.header, &listing.rows),
        OutputFormat::Json => render_json(&listing.objects),
    };
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`| head`) is not an error worth reporting.
    let _ = stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush());
    if listing.attempted > 0 && listing.failures.len() == listing.attempted {
        EXIT_NOTHING_LISTED
    } else {
        EXIT_OK
    }
}

/// "no secret key", naming every place looked at.
fn missing_key_message(profile: &ScwProfile) -> String {
    let searched: Vec<String> = profile
        .searched_paths()
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let files = if searched.is_empty() {
        "no config file path could be determined".to_string()
    } else {
        format!("looked in {}", searched.join(", "))
    };
    format!(
        "no secret key configured for profile {:?}: set SCW_SECRET_KEY or `secret_key` in the scw config ({files})",
        profile.profile
    )
}

/// The zones and regions one run covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    pub zone: ZoneScope,
    /// The regions of the regional products (VPC).
    pub regions: Vec<Region>,
}

impl Scope {
    /// Zones from the zone scope; regions from `--region` when given, else from
    /// the zone flag's regions when given, else the profile's region.
    pub fn of(profile: &ScwProfile, flags: &ConnectionFlags) -> Self {
        let regions = if flags.region.is_none() && flags.zone.is_some() {
            profile.zone.regions(Product::Vpc)
        } else {
            profile.region.regions(Product::Vpc)
        };
        Scope {
            zone: profile.zone,
            regions,
        }
    }

    /// The scope's zones where `product` is served (`--zone all` means all of those).
    pub(crate) fn zones_serving(&self, product: Product) -> Vec<Zone> {
        self.zone.zones(product)
    }
}

/// What one run found: table rows, JSON objects and failed localities.
#[derive(Debug)]
pub struct Listing {
    pub header: &'static [&'static str],
    pub rows: Vec<Vec<String>>,
    pub objects: Vec<Value>,
    pub failures: Vec<(String, ApiError)>,
    /// Failures of a secondary call (a region's private IPs): reported on
    /// stderr like the others, but the rows were listed.
    pub notes: Vec<(String, ApiError)>,
    /// Localities asked.
    pub attempted: usize,
}

impl Listing {
    pub(crate) fn new(header: &'static [&'static str]) -> Self {
        Listing {
            header,
            rows: Vec::new(),
            objects: Vec::new(),
            failures: Vec::new(),
            notes: Vec::new(),
            attempted: 0,
        }
    }

    /// Adds one fan-out's results: rows and objects from successes, the rest
    /// as failures.
    pub(crate) fn absorb<L: Display + Copy, T: Serialize>(
        &mut self,
        results: Vec<(L, Result<Vec<T>, ApiError>)>,
        row: impl Fn(L, &T) -> Vec<String>,
    ) {
        for (locality, result) in results {
            self.attempted += 1;
            match result {
                Ok(items) => {
                    for item in items {
                        self.rows.push(row(locality, &item));
                        self.objects
                            .push(serde_json::to_value(&item).unwrap_or(Value::Null));
                    }
                }
                Err(e) => self.failures.push((locality.to_string(), e)),
            }
        }
    }
}

/// Lists `kind` over the scope, all localities concurrently.
pub async fn collect(client: &Client, kind: ListKind, scope: &Scope) -> Listing {
    match kind {
        // The CLI names only the tabs with an API (`ListKind::all`).
        ListKind::Tab(tab) => match tab.api() {
            Some(api) => (api.list)(client, scope).await,
            None => Listing::new(&[]),
        },
        ListKind::Images => {
            let mut l = Listing::new(&["ID", "NAME", "ARCH", "ZONE"]);
            let zones = scope.zones_serving(Product::Instance);
            let results = fan_out(&zones, |z| instance::list_images(client, z)).await;
            l.absorb(results, image_row);
            l
        }
        ListKind::ServerTypes => {
            let mut l = Listing::new(&["NAME", "VCPUS", "RAM", "HOURLY", "MONTHLY", "ZONE"]);
            let zones = scope.zones_serving(Product::Instance);
            let results = fan_out(&zones, |z| async move {
                let types = instance::list_server_types(client, z).await?;
                Ok(types
                    .into_iter()
                    .map(|(name, t)| NamedType { name, zone: z, t })
                    .collect())
            })
            .await;
            l.absorb(results, |_, n: &NamedType| server_type_row(n));
            l
        }
    }
}

/// A server type with the name and zone the API gives only as context.
#[derive(Serialize)]
struct NamedType {
    name: String,
    zone: Zone,
    #[serde(flatten)]
    t: ServerType,
}

pub(crate) fn dash_if_empty(s: String) -> String {
    if s.is_empty() { "-".to_string() } else { s }
}

pub(crate) fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.to_string()
}

fn image_row(_: Zone, i: &Image) -> Vec<String> {
    vec![
        i.id.clone(),
        i.name.clone(),
        i.arch.to_string(),
        i.zone.clone(),
    ]
}

fn server_type_row(n: &NamedType) -> Vec<String> {
    vec![
        n.name.clone(),
        n.t.ncpus.to_string(),
        format_gib(n.t.ram),
        format!("{:.4}", n.t.hourly_price),
        format!("{:.2}", n.t.monthly_cost()),
        n.zone.to_string(),
    ]
}

/// Block sizes are decimal gigabytes (10^9 bytes).
pub(crate) fn format_gb(bytes: u64) -> String {
    let gb = bytes as f64 / 1e9;
    if gb.fract() == 0.0 {
        format!("{gb:.0}")
    } else {
        format!("{gb:.1}")
    }
}

/// Memory is sold in binary units (2 GiB = 2147483648 bytes).
fn format_gib(bytes: u64) -> String {
    let gib = bytes as f64 / (1u64 << 30) as f64;
    if gib.fract() == 0.0 {
        format!("{gib:.0} GiB")
    } else {
        format!("{gib:.1} GiB")
    }
}

/// Columns padded to their widest cell, two spaces apart; the last column is
/// not padded so lines carry no trailing blanks. Cells are sanitised (names and
/// tags come from the network) and measured in terminal columns, so CJK names
/// and emoji keep the columns aligned.
pub fn render_table(header: &[&str], rows: &[Vec<String>]) -> String {
    let rows: Vec<Vec<std::borrow::Cow<'_, str>>> = rows
        .iter()
        .map(|row| row.iter().map(|cell| sanitize(cell)).collect())
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| display_width(h)).collect();
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(display_width(cell));
        }
    }
    let mut out = String::new();
    let mut line = |cells: &mut dyn Iterator<Item = &str>| {
        let cells: Vec<&str> = cells.collect();
        for (i, cell) in cells.iter().enumerate() {
            out.push_str(cell);
            if i + 1 < cells.len() {
                let pad = widths[i].saturating_sub(display_width(cell));
                out.push_str(&" ".repeat(pad + 2));
            }
        }
        out.push('\n');
    };
    line(&mut header.iter().copied());
    for row in &rows {
        line(&mut row.iter().map(|c| c.as_ref()));
    }
    out
}

/// The objects as pretty JSON, with terminal-dangerous characters escaped as
/// `\uXXXX` (still valid JSON, the same values once parsed).
fn render_json(objects: &[Value]) -> String {
    let mut s = to_safe_json_pretty(objects).unwrap_or_else(|_| "[]".to_string());
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_columns_align_without_trailing_blanks() {
        let out = render_table(
            &["ID", "NAME", "ZONE"],
            &[
                vec!["a".into(), "long-name".into(), "fr-par-1".into()],
                vec!["bbbb".into(), "x".into(), "nl-ams-1".into()],
            ],
        );
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "ID    NAME       ZONE");
        assert_eq!(lines[1], "a     long-name  fr-par-1");
        assert_eq!(lines[2], "bbbb  x          nl-ams-1");
    }

    #[test]
    fn table_aligns_wide_characters_and_escapes_controls() {
        let out = render_table(
            &["NAME", "ZONE"],
            &[
                vec!["数据库".into(), "fr-par-1".into()],
                vec!["🚀x".into(), "nl-ams-1".into()],
                vec!["a\x1b]0;t\x07".into(), "pl-waw-1".into()],
            ],
        );
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "NAME          ZONE");
        assert_eq!(lines[1], "数据库        fr-par-1");
        assert_eq!(lines[2], "🚀x           nl-ams-1");
        assert_eq!(lines[3], "a\\e]0;t\\u{7}  pl-waw-1");
        assert!(!out.contains('\x1b') && !out.contains('\x07'));
    }

    #[test]
    fn sizes_use_the_units_the_console_shows() {
        assert_eq!(format_gb(50_000_000_000), "50");
        assert_eq!(format_gb(1_500_000_000), "1.5");
        assert_eq!(format_gib(2_147_483_648), "2 GiB");
        assert_eq!(format_gib(805_306_368), "0.8 GiB");
    }
}
