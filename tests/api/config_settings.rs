//! Dashboard settings files, fixture style: every file in `config_fixtures/valid`
//! loads, every file in `config_fixtures/invalid` fails with an error that names it.

#![allow(clippy::unwrap_used)] // tests: a panic is the failure report

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use scwdash::app::Tab;
use scwdash::settings::{DEFAULTS_TOML, DashboardSettings, KeyList, settings_path};

fn fixture(kind: &str, name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/config_fixtures")
        .join(kind)
        .join(name)
}

fn load(kind: &str, name: &str) -> Result<DashboardSettings, String> {
    DashboardSettings::from_file(&fixture(kind, name)).map_err(|e| e.to_string())
}

fn fixtures(kind: &str) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(fixture(kind, ""))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

#[test]
fn the_embedded_defaults_pass_the_checks_user_files_get() {
    // The defaults are this file alone; it must pass what a user file passes.
    let parsed = DashboardSettings::from_toml(Path::new("assets/config.toml"), DEFAULTS_TOML);
    assert_eq!(parsed.unwrap(), DashboardSettings::default());
}

#[test]
fn a_mode_key_is_written_as_a_table_or_a_dotted_name() {
    let table = "[keys.json]\ndown = \"J\"\n";
    let dotted = "[keys]\n\"json.down\" = \"J\"\n";
    for text in [table, dotted] {
        let s = DashboardSettings::from_toml(Path::new("k.toml"), text).unwrap();
        assert_eq!(s.keys["json.down"], KeyList(vec!["J".into()]), "{text}");
        let o = s.key_overrides();
        assert_eq!(o.len(), 1, "only what the file names: {o:?}");
        assert_eq!(o["json.down"], ["J"]);
    }
}

#[test]
fn every_valid_fixture_loads() {
    let names = fixtures("valid");
    assert!(names.len() >= 3);
    for name in names {
        load("valid", &name).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn a_partial_file_overrides_only_what_it_names() {
    let s = load("valid", "partial_override.toml").unwrap();
    let d = DashboardSettings::default();
    assert_eq!(s.refresh, 10.0);
    assert_eq!(s.fast_refresh, d.fast_refresh);
    assert_eq!(s.keys["quit"], KeyList(vec!["x".into()]));
    assert_eq!(
        s.keys["down"],
        KeyList(vec!["j".into(), "down".into(), "ctrl-n".into()])
    );
    assert_eq!(s.keys["normal.help"], d.keys["normal.help"]);
    // The two bare actions come on top of the defaults, which stay.
    assert_eq!(s.keys.len(), d.keys.len() + 2);
    let mut overridden: Vec<String> = s.key_overrides().into_keys().collect();
    overridden.sort();
    assert_eq!(overridden, ["down", "quit"]);
    assert_eq!(s.theme.running.as_deref(), Some("#00ff00"));
    assert_eq!(s.theme.error, None);
    assert_eq!(s.theme.dark, d.theme.dark, "the presets stay");
    assert_eq!(s.theme.preset, d.theme.preset);
    assert_eq!(
        s.columns.for_tab(Tab::Servers),
        ["name", "id", "state", "zone"]
    );
    assert_eq!(
        s.columns.for_tab(Tab::Volumes),
        d.columns.for_tab(Tab::Volumes)
    );
}

#[test]
fn volume_prices_are_overridden_one_by_one() {
    let s = load("valid", "prices_override.toml").unwrap();
    let d = DashboardSettings::default();
    assert_eq!(s.prices.volumes["sbs_5k"], 0.086);
    assert_eq!(s.prices.volumes["b_ssd"], 0.08);
    // What the file does not name keeps the shipped price and its source.
    assert_eq!(s.prices.volumes["sbs_15k"], d.prices.volumes["sbs_15k"]);
    assert_eq!(s.prices.source, d.prices.source);
    assert_eq!(s.cost.stopped_days, 30);
    assert_eq!(d.cost.stopped_days, 7);
}

#[test]
fn a_missing_file_gives_the_defaults() {
    let s = DashboardSettings::from_file(&fixture("valid", "no-such-file.toml")).unwrap();
    assert_eq!(s, DashboardSettings::default());
}

/// Each invalid fixture, with what its message must say after the file name.
const INVALID: &[(&str, &str)] = &[
    (
        "alias_shadows_command.toml",
        "[aliases] sort would hide the command :sort; choose another name",
    ),
    (
        "alias_unknown_command.toml",
        "[aliases] ams = \"zoen nl-ams-1\": unknown command :zoen; did you mean :zone?",
    ),
    ("bad_colour.toml", "[theme] error = \"blood\": not a colour"),
    (
        "bad_preset_colour.toml",
        "[theme.light] accent = \"ink\": not a colour",
    ),
    (
        "duplicate_column.toml",
        "[columns] vpcs: column \"name\" is listed twice",
    ),
    (
        "empty_key_list.toml",
        "[keys] quit: expected at least one non-empty key",
    ),
    (
        "huge_fast_refresh.toml",
        "fast_refresh = 1e300: expected a number of seconds above 0 and at most 86400",
    ),
    ("huge_refresh.toml", "refresh = 1e308: expected"),
    (
        "key_conflict.toml",
        "key \"j\" is bound to both \"down\" and \"quit\" in [keys.normal]",
    ),
    (
        "key_wrong_type.toml",
        "expected a key such as \"q\" or a list of keys",
    ),
    (
        "negative_price.toml",
        "[prices.volumes] sbs_5k = -0.01: expected euros per GB and month, 0 or more",
    ),
    (
        "no_columns.toml",
        "[columns] servers: expected at least one column",
    ),
    ("refresh_wrong_type.toml", "fast_refresh"),
    ("ssh_unknown_field.toml", "unknown field `port`"),
    (
        "ssh_unknown_placeholder.toml",
        "[ssh] command: unknown placeholder {host}; placeholders are {public_ip}",
    ),
    ("syntax_error.toml", "invalid TOML at line 3, column 6: "),
    (
        "unknown_action.toml",
        "unknown action \"quitt\" in [keys]; actions are: tab_1, tab_2,",
    ),
    (
        "unknown_column.toml",
        "[columns] volumes: unknown column \"colour\"; columns are: name, id,",
    ),
    (
        "unknown_key_name.toml",
        "[keys] refresh: unknown key \"ctrl-ß\"",
    ),
    (
        "unknown_theme_preset.toml",
        "[theme] preset = \"sepia\": expected \"dark\", \"light\" or \"auto\"",
    ),
    ("unknown_theme_role.toml", "unknown field `runing`"),
    ("unknown_top_level_key.toml", "unknown field `refreh`"),
    (
        "zero_item_rate.toml",
        "refresh_items_per_second = 0: expected a number of items of 1 or more",
    ),
    (
        "zero_refresh.toml",
        "refresh = 0: expected a number of seconds above 0 and at most 86400 (a day)",
    ),
];

#[test]
fn every_invalid_fixture_fails_naming_the_file_and_the_fault() {
    let names = fixtures("invalid");
    let listed: Vec<&str> = INVALID.iter().map(|(n, _)| *n).collect();
    assert_eq!(
        names, listed,
        "every invalid fixture needs an expected message"
    );
    for (name, expected) in INVALID {
        let path = fixture("invalid", name);
        let err = load("invalid", name).expect_err(name);
        let prefix = format!("{}: ", path.display());
        assert!(err.starts_with(&prefix), "{name}: {err}");
        assert!(err.contains(expected), "{name}: {err}");
        assert!(!err.contains('\n'), "{name}: not one line: {err}");
    }
}

#[test]
fn the_refresh_flag_overrides_the_file_and_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("scwdash/config.toml");
    fs::create_dir_all(file.parent().unwrap()).unwrap();
    fs::write(&file, "refresh = 30\nfast_refresh = 2\n").unwrap();
    let vars: HashMap<&str, String> =
        HashMap::from([("XDG_CONFIG_HOME", dir.path().display().to_string())]);
    let env = |k: &str| vars.get(k).cloned();
    assert_eq!(settings_path(&env), Some(file));

    let s = DashboardSettings::load_with(None, &env).unwrap();
    assert_eq!((s.refresh, s.fast_refresh), (30.0, 2.0));

    assert_eq!(
        DashboardSettings::load_with(Some(0.5), &env)
            .unwrap()
            .refresh,
        0.5
    );

    assert_eq!(
        DashboardSettings::load_with(Some(-1.0), &env)
            .unwrap_err()
            .to_string(),
        "invalid refresh interval \"-1\" from --refresh; expected a number of seconds above 0 and at most 86400 (a day)"
    );
    for huge in [1e20, 1e308, f64::INFINITY] {
        let err = DashboardSettings::load_with(Some(huge), &env).unwrap_err();
        assert!(err.to_string().contains("at most 86400"), "{err}");
    }
}

#[test]
fn settings_live_under_home_config_without_xdg_on_linux() {
    if !cfg!(target_os = "linux") {
        return;
    }
    let env = |k: &str| (k == "HOME").then(|| "/home/u".to_string());
    assert_eq!(
        settings_path(&env),
        Some(PathBuf::from("/home/u/.config/scwdash/config.toml"))
    );
}

#[test]
fn the_theme_preset_and_its_palettes_are_read() {
    use scwdash::settings::{Background, Preset};
    let d = DashboardSettings::default();
    assert_eq!(d.theme.preset, Preset::Auto);
    let s = DashboardSettings::from_toml(
        std::path::Path::new("light.toml"),
        "[theme]\npreset = \"light\"\nerror = \"#ff0000\"\n[theme.light]\naccent = \"21\"\n",
    )
    .unwrap();
    assert_eq!(s.theme.background(|| None), Background::Light);
    let light = s.theme.palette(Background::Light);
    assert_eq!(light.accent, "21");
    assert_eq!(
        light.error, "#ff0000",
        "[theme] colours override the preset"
    );
    assert_eq!(light.running, d.theme.light.running);
    assert_eq!(
        s.theme.palette(Background::Dark).accent,
        d.theme.dark.accent
    );
    // auto follows the terminal, dark when it does not say.
    assert_eq!(
        d.theme.background(|| Some(Background::Light)),
        Background::Light
    );
    assert_eq!(d.theme.background(|| None), Background::Dark);
}

/// `theme = "light" | "dark" | "auto"`, as the issue and the README write
/// it, is the preset (it was refused: "expected struct Theme"); a name
/// that is none of them is refused naming the three.
#[test]
fn theme_as_a_bare_preset_name_is_the_preset() {
    use scwdash::settings::{Background, Preset};
    let path = std::path::Path::new("config.toml");
    let d = DashboardSettings::default();
    for (name, preset) in [
        ("light", Preset::Light),
        ("dark", Preset::Dark),
        ("auto", Preset::Auto),
    ] {
        let s = DashboardSettings::from_toml(path, &format!("mouse = false\ntheme = \"{name}\"\n"))
            .unwrap();
        assert_eq!(s.theme.preset, preset);
        assert_eq!(s.theme.light, d.theme.light, "the palettes stay");
        assert!(!s.mouse, "the rest of the file is read");
    }
    let s = DashboardSettings::from_toml(path, "theme = \"light\"\n").unwrap();
    assert_eq!(s.theme.background(|| None), Background::Light);
    let err = DashboardSettings::from_toml(path, "theme = \"blue\"\n").unwrap_err();
    assert!(
        err.to_string()
            .contains("expected \"dark\", \"light\" or \"auto\""),
        "{err}"
    );
}

#[test]
fn ssh_and_aliases_are_read_from_the_file() {
    let s = load("valid", "every_section.toml").unwrap();
    assert_eq!(s.refresh_items_per_second, 2000.0);
    assert_eq!(s.ssh.command, "ssh -J bastion {user}@{private_ip}");
    assert_eq!(s.ssh.user, "admin");
    assert_eq!(s.aliases["prod"], "filter tag:prod");
    assert_eq!(s.aliases["ams"], "zone nl-ams-1");
    // Without them, the defaults: ssh root@{public_ip}, no aliases.
    let d = DashboardSettings::default();
    assert_eq!(
        (d.ssh.command.as_str(), d.ssh.user.as_str()),
        ("ssh {user}@{public_ip}", "root")
    );
    assert!(d.aliases.is_empty());
}
