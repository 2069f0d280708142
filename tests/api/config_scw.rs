//! The scw configuration, rule by rule: where the file is found, how profiles, the
//! environment and flags override each other, and what each mistake says.

#![allow(clippy::unwrap_used)] // tests: a panic is the failure report

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use scwdash::api::{Region, RegionScope, Zone, ZoneScope};
use scwdash::profile::ConnectionFlags;
use scwdash::profile::{ConfigError, ScwProfile};
use tempfile::TempDir;

/// A sandbox: a temporary home with an injected environment.
struct Sandbox {
    dir: TempDir,
    vars: HashMap<String, String>,
}

impl Sandbox {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let mut vars = HashMap::new();
        vars.insert("HOME".to_string(), dir.path().display().to_string());
        Sandbox { dir, vars }
    }

    fn home(&self) -> &Path {
        self.dir.path()
    }

    fn set(&mut self, k: &str, v: impl AsRef<Path>) -> &mut Self {
        self.vars
            .insert(k.to_string(), v.as_ref().display().to_string());
        self
    }

    /// Writes `text` at `rel` under the home directory and returns its path.
    fn write(&self, rel: &str, text: &str) -> PathBuf {
        let path = self.home().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, text).unwrap();
        path
    }

    fn default_file(&self, text: &str) -> PathBuf {
        self.write(".config/scw/config.yaml", text)
    }

    fn load(&self, flags: &ConnectionFlags) -> Result<ScwProfile, ConfigError> {
        let env = |k: &str| self.vars.get(k).cloned();
        ScwProfile::load_with(flags, &env)
    }

    fn ok(&self, flags: &ConnectionFlags) -> ScwProfile {
        self.load(flags).unwrap()
    }

    fn err(&self, flags: &ConnectionFlags) -> String {
        self.load(flags).unwrap_err().to_string()
    }
}

fn none() -> ConnectionFlags {
    ConnectionFlags::default()
}

const PROFILES: &str = "\
access_key: SCWTOPTOPTOPTOPTOPTO
secret_key: 11111111-1111-1111-1111-111111111111
default_project_id: top-project
default_zone: fr-par-2
profiles:
  prod:
    secret_key: 22222222-2222-2222-2222-222222222222
    default_zone: nl-ams-1
  staging:
    default_project_id: staging-project
  empty:
";

#[test]
fn no_file_and_no_env_gives_defaults_and_names_what_is_missing() {
    let sb = Sandbox::new();
    let p = sb.ok(&none());
    assert_eq!(p.profile, "default");
    assert_eq!(p.zone, ZoneScope::One(Zone::FrPar1));
    assert_eq!(p.region, RegionScope::One(Region::FrPar));
    assert_eq!(p.api_url, "https://api.scaleway.com");
    assert!(p.config_file.is_none());
    assert!(!p.can_authenticate());
    assert_eq!(p.missing_credentials(), vec!["access_key", "secret_key"]);
    assert_eq!(
        p.searched_paths(),
        &[
            sb.home().join(".config/scw/config.yaml"),
            sb.home().join(".config/scw/config.yml")
        ]
    );
}

#[test]
fn env_alone_is_enough() {
    let mut sb = Sandbox::new();
    sb.set("SCW_ACCESS_KEY", "SCWENVENVENVENVENVEN")
        .set("SCW_SECRET_KEY", "33333333-3333-3333-3333-333333333333");
    let p = sb.ok(&none());
    assert!(p.missing_credentials().is_empty());
    assert_eq!(
        p.secret_key.unwrap().expose(),
        "33333333-3333-3333-3333-333333333333"
    );
}

#[test]
fn top_level_values_are_read() {
    let sb = Sandbox::new();
    let path = sb.default_file(PROFILES);
    let p = sb.ok(&none());
    assert_eq!(p.config_file.as_deref(), Some(path.as_path()));
    assert_eq!(p.profile, "default");
    assert_eq!(p.access_key.as_deref(), Some("SCWTOPTOPTOPTOPTOPTO"));
    assert_eq!(p.project_id.as_deref(), Some("top-project"));
    assert_eq!(p.zone, ZoneScope::One(Zone::FrPar2));
}

#[test]
fn active_profile_is_merged_over_the_top_level() {
    let sb = Sandbox::new();
    sb.default_file(&format!("active_profile: prod\n{PROFILES}"));
    let p = sb.ok(&none());
    assert_eq!(p.profile, "prod");
    // From the profile:
    assert_eq!(
        p.secret_key.unwrap().expose(),
        "22222222-2222-2222-2222-222222222222"
    );
    assert_eq!(p.zone, ZoneScope::One(Zone::NlAms1));
    // Not in the profile, so from the top level:
    assert_eq!(p.access_key.as_deref(), Some("SCWTOPTOPTOPTOPTOPTO"));
    assert_eq!(p.project_id.as_deref(), Some("top-project"));
}

#[test]
fn an_empty_profile_inherits_everything() {
    let mut sb = Sandbox::new();
    sb.default_file(PROFILES);
    sb.set("SCW_PROFILE", "empty");
    let p = sb.ok(&none());
    assert_eq!(p.profile, "empty");
    assert_eq!(p.zone, ZoneScope::One(Zone::FrPar2));
}

#[test]
fn scw_profile_beats_active_profile_and_flag_beats_both() {
    let mut sb = Sandbox::new();
    sb.default_file(&format!("active_profile: prod\n{PROFILES}"));
    sb.set("SCW_PROFILE", "staging");
    let p = sb.ok(&none());
    assert_eq!(p.profile, "staging");
    assert_eq!(p.project_id.as_deref(), Some("staging-project"));

    let flags = ConnectionFlags {
        profile: Some("prod".into()),
        ..none()
    };
    let p = sb.ok(&flags);
    assert_eq!(p.profile, "prod");
    assert_eq!(p.zone, ZoneScope::One(Zone::NlAms1));
}

#[test]
fn default_names_the_top_level_even_when_active_profile_is_set() {
    let sb = Sandbox::new();
    sb.default_file(&format!("active_profile: prod\n{PROFILES}"));
    let flags = ConnectionFlags {
        profile: Some("default".into()),
        ..none()
    };
    let p = sb.ok(&flags);
    assert_eq!(p.profile, "default");
    assert_eq!(p.zone, ZoneScope::One(Zone::FrPar2));
}

#[test]
fn env_overrides_the_file_and_flags_override_env() {
    let mut sb = Sandbox::new();
    sb.default_file(&format!(
        "active_profile: prod\napi_url: https://file.example\n{PROFILES}"
    ));
    sb.set("SCW_SECRET_KEY", "44444444-4444-4444-4444-444444444444")
        .set("SCW_DEFAULT_PROJECT_ID", "env-project")
        .set("SCW_DEFAULT_ORGANIZATION_ID", "env-org")
        .set("SCW_DEFAULT_ZONE", "pl-waw-2")
        .set("SCW_API_URL", "https://env.example/")
        .set("SCW_INSECURE", "true");
    let p = sb.ok(&none());
    assert_eq!(
        p.secret_key.as_ref().unwrap().expose(),
        "44444444-4444-4444-4444-444444444444"
    );
    assert_eq!(p.project_id.as_deref(), Some("env-project"));
    assert_eq!(p.organization_id.as_deref(), Some("env-org"));
    assert_eq!(p.zone, ZoneScope::One(Zone::PlWaw2));
    assert_eq!(p.region, RegionScope::One(Region::PlWaw));
    assert_eq!(p.api_url, "https://env.example");
    assert!(p.insecure);

    let flags = ConnectionFlags {
        zone: Some("nl-ams-3".into()),
        api_url: Some("http://127.0.0.1:4010".into()),
        ..none()
    };
    let p = sb.ok(&flags);
    assert_eq!(p.zone, ZoneScope::One(Zone::NlAms3));
    assert_eq!(p.region, RegionScope::One(Region::NlAms));
    assert_eq!(p.api_url, "http://127.0.0.1:4010");
}

#[test]
fn empty_env_values_count_as_unset() {
    let mut sb = Sandbox::new();
    sb.default_file(PROFILES);
    sb.set("SCW_DEFAULT_ZONE", "").set("SCW_PROFILE", "");
    let p = sb.ok(&none());
    assert_eq!(p.profile, "default");
    assert_eq!(p.zone, ZoneScope::One(Zone::FrPar2));
}

#[test]
fn region_follows_the_zone_unless_set_as_strongly() {
    let mut sb = Sandbox::new();
    sb.default_file("default_zone: nl-ams-2\n");
    assert_eq!(sb.ok(&none()).region, RegionScope::One(Region::NlAms));

    // Region and zone in the same layer: both kept as written.
    sb.default_file("default_zone: nl-ams-2\ndefault_region: pl-waw\n");
    let p = sb.ok(&none());
    assert_eq!(p.zone, ZoneScope::One(Zone::NlAms2));
    assert_eq!(p.region, RegionScope::One(Region::PlWaw));

    // A zone from a stronger layer brings its region along.
    sb.set("SCW_DEFAULT_ZONE", "fr-par-3");
    assert_eq!(sb.ok(&none()).region, RegionScope::One(Region::FrPar));

    // ... and an explicit region from a stronger layer still wins.
    let flags = ConnectionFlags {
        region: Some("nl-ams".into()),
        ..none()
    };
    let p = sb.ok(&flags);
    assert_eq!(p.zone, ZoneScope::One(Zone::FrPar3));
    assert_eq!(p.region, RegionScope::One(Region::NlAms));
}

#[test]
fn a_region_alone_starts_in_its_first_zone() {
    let mut sb = Sandbox::new();
    sb.set("SCW_DEFAULT_REGION", "pl-waw");
    let p = sb.ok(&none());
    assert_eq!(p.zone, ZoneScope::One(Zone::PlWaw1));
    assert_eq!(p.region, RegionScope::One(Region::PlWaw));
}

#[test]
fn all_is_accepted_from_flags() {
    let sb = Sandbox::new();
    let flags = ConnectionFlags {
        zone: Some("all".into()),
        ..none()
    };
    let p = sb.ok(&flags);
    assert_eq!(p.zone, ZoneScope::All);
    assert_eq!(p.region, RegionScope::All);
}

#[test]
fn config_yml_is_the_fallback_for_a_missing_config_yaml() {
    let sb = Sandbox::new();
    let yml = sb.write(".config/scw/config.yml", "default_zone: pl-waw-3\n");
    let p = sb.ok(&none());
    assert_eq!(p.config_file.as_deref(), Some(yml.as_path()));
    assert_eq!(p.zone, ZoneScope::One(Zone::PlWaw3));

    // config.yaml wins when both exist.
    sb.default_file("default_zone: fr-par-2\n");
    assert_eq!(sb.ok(&none()).zone, ZoneScope::One(Zone::FrPar2));
}

#[test]
fn xdg_config_home_replaces_home() {
    let mut sb = Sandbox::new();
    sb.default_file("default_zone: fr-par-2\n");
    let xdg = sb.home().join("xdg");
    let in_xdg = sb.write("xdg/scw/config.yaml", "default_zone: nl-ams-1\n");
    sb.set("XDG_CONFIG_HOME", &xdg);
    let p = sb.ok(&none());
    assert_eq!(p.config_file.as_deref(), Some(in_xdg.as_path()));
    assert_eq!(p.zone, ZoneScope::One(Zone::NlAms1));

    // With XDG set and no file there, scw does not look in the home directory.
    fs::remove_file(&in_xdg).unwrap();
    let p = sb.ok(&none());
    assert!(p.config_file.is_none());
    assert_eq!(p.searched_paths()[0], xdg.join("scw/config.yaml"));
}

#[test]
fn scw_config_path_beats_xdg_and_the_flag_beats_both() {
    let mut sb = Sandbox::new();
    sb.default_file("default_zone: fr-par-2\n");
    let custom = sb.write("custom.yaml", "default_zone: nl-ams-2\n");
    let flagged = sb.write("flagged.yaml", "default_zone: pl-waw-2\n");
    let xdg = sb.home().join(".config");
    sb.set("SCW_CONFIG_PATH", &custom)
        .set("XDG_CONFIG_HOME", xdg);
    assert_eq!(sb.ok(&none()).zone, ZoneScope::One(Zone::NlAms2));

    let flags = ConnectionFlags {
        config: Some(flagged.clone()),
        ..none()
    };
    let p = sb.ok(&flags);
    assert_eq!(p.zone, ZoneScope::One(Zone::PlWaw2));
    assert_eq!(p.searched_paths(), &[flagged]);
}

#[test]
fn an_explicit_path_has_no_yml_fallback() {
    let mut sb = Sandbox::new();
    sb.write("custom.yml", "default_zone: nl-ams-2\n");
    let custom = sb.home().join("custom.yaml");
    sb.set("SCW_CONFIG_PATH", custom);
    let p = sb.ok(&none());
    assert!(p.config_file.is_none());
    assert_eq!(p.zone, ZoneScope::One(Zone::FrPar1));
}

#[test]
fn unknown_keys_in_the_scw_file_are_ignored_like_scw_does() {
    let sb = Sandbox::new();
    sb.default_file("default_zone: fr-par-3\nsome_future_key: 1\n");
    assert_eq!(sb.ok(&none()).zone, ZoneScope::One(Zone::FrPar3));
}

#[test]
fn secret_key_never_shows_in_debug() {
    let sb = Sandbox::new();
    sb.default_file(PROFILES);
    let p = sb.ok(&none());
    let debug = format!("{p:?}");
    assert!(!debug.contains("11111111-1111"), "{debug}");
}

// ---- errors: one line each, naming the file and the value ----

#[test]
fn malformed_yaml_names_the_file_and_line() {
    let sb = Sandbox::new();
    let path = sb.default_file("access_key: SCWX\nsecret_key: \"unterminated\nprofiles:\n");
    let err = sb.err(&none());
    let prefix = format!("{}: invalid YAML at line ", path.display());
    assert!(err.starts_with(&prefix), "{err}");
    assert!(!err.contains('\n'), "{err}");
}

#[test]
fn yaml_line_numbers_are_one_based() {
    let sb = Sandbox::new();
    let path = sb.default_file("access_key: a\nsecret_key: b\n  bad: [\n");
    let err = sb.err(&none());
    assert!(
        err.starts_with(&format!("{}: invalid YAML at line 3", path.display())),
        "{err}"
    );
}

#[test]
fn a_wrongly_typed_value_names_the_file_and_key() {
    let sb = Sandbox::new();
    let path = sb.default_file("insecure: maybe\n");
    let err = sb.err(&none());
    assert!(err.starts_with(&format!("{}: ", path.display())), "{err}");
    assert!(err.contains("`insecure`"), "{err}");

    let path = sb.default_file("profiles:\n  p:\n    send_telemetry: sometimes\n");
    let err = sb.err(&none());
    assert!(err.starts_with(&format!("{}: ", path.display())), "{err}");
    assert!(err.contains("profiles.p.send_telemetry"), "{err}");
}

#[test]
fn unknown_profile_lists_the_profiles_there() {
    let mut sb = Sandbox::new();
    let path = sb.default_file(PROFILES);
    sb.set("SCW_PROFILE", "qa");
    assert_eq!(
        sb.err(&none()),
        format!(
            "profile \"qa\" (from SCW_PROFILE) not found in {} (profiles there: default, empty, prod, staging)",
            path.display()
        )
    );
}

#[test]
fn unknown_profile_from_the_flag_without_any_file() {
    let sb = Sandbox::new();
    let flags = ConnectionFlags {
        profile: Some("prod".into()),
        ..none()
    };
    assert_eq!(
        sb.err(&flags),
        "profile \"prod\" (from --profile) not found in any scw config file (none exists) (profiles there: default)"
    );
}

#[test]
fn unknown_active_profile_names_its_key_and_file() {
    let sb = Sandbox::new();
    let path = sb.default_file("active_profile: nope\n");
    assert_eq!(
        sb.err(&none()),
        format!(
            "profile \"nope\" (from active_profile in {p}) not found in {p} (profiles there: default)",
            p = path.display()
        )
    );
}

#[test]
fn bad_zone_from_env_names_the_variable_and_the_choices() {
    let mut sb = Sandbox::new();
    sb.set("SCW_DEFAULT_ZONE", "fr-par-9");
    assert_eq!(
        sb.err(&none()),
        "invalid zone \"fr-par-9\" from SCW_DEFAULT_ZONE; expected one of: fr-par-1, fr-par-2, \
         fr-par-3, nl-ams-1, nl-ams-2, nl-ams-3, pl-waw-1, pl-waw-2, pl-waw-3, it-mil-1"
    );
}

#[test]
fn bad_zone_in_a_profile_names_the_key_and_file() {
    let sb = Sandbox::new();
    let path = sb.default_file("active_profile: p\nprofiles:\n  p:\n    default_zone: par1\n");
    let err = sb.err(&none());
    assert!(
        err.starts_with(&format!(
            "invalid zone \"par1\" from profiles.p.default_zone in {}; expected one of: fr-par-1",
            path.display()
        )),
        "{err}"
    );
}

#[test]
fn bad_region_from_the_flag_offers_all() {
    let sb = Sandbox::new();
    let flags = ConnectionFlags {
        region: Some("us-east".into()),
        ..none()
    };
    assert_eq!(
        sb.err(&flags),
        "invalid region \"us-east\" from --region; expected one of: fr-par, nl-ams, pl-waw, it-mil, all"
    );
}

#[test]
fn all_is_not_a_default_zone() {
    let sb = Sandbox::new();
    sb.default_file("default_zone: all\n");
    assert!(
        sb.err(&none())
            .starts_with("invalid zone \"all\" from default_zone in ")
    );
}

#[test]
fn bad_insecure_and_api_url_are_errors() {
    let mut sb = Sandbox::new();
    sb.set("SCW_INSECURE", "yes please");
    assert_eq!(
        sb.err(&none()),
        "invalid boolean \"yes please\" from SCW_INSECURE; expected true or false"
    );
    let flags = ConnectionFlags {
        api_url: Some("api.scaleway.com".into()),
        ..none()
    };
    sb.set("SCW_INSECURE", "0");
    assert_eq!(
        sb.err(&flags),
        "invalid API URL \"api.scaleway.com\" from --api-url; expected an http:// or https:// URL such as https://api.scaleway.com"
    );
}

#[test]
fn an_unreadable_path_names_it() {
    let sb = Sandbox::new();
    // A directory where the file should be cannot be read as a file.
    fs::create_dir_all(sb.home().join(".config/scw/config.yaml")).unwrap();
    let err = sb.err(&none());
    assert!(
        err.starts_with(&format!(
            "{}: cannot read: ",
            sb.home().join(".config/scw/config.yaml").display()
        )),
        "{err}"
    );
}

// ---- hostile or careless configuration ----

#[test]
fn a_blank_secret_key_in_the_file_counts_as_missing() {
    let sb = Sandbox::new();
    sb.default_file("access_key: \"  \"\nsecret_key: \"\"\n");
    let p = sb.ok(&none());
    assert!(!p.can_authenticate());
    assert_eq!(p.missing_credentials(), vec!["access_key", "secret_key"]);
}

#[test]
fn debug_shows_only_an_access_key_prefix() {
    let sb = Sandbox::new();
    sb.default_file(PROFILES);
    let p = sb.ok(&none());
    let debug = format!("{p:?}");
    assert!(!debug.contains("SCWTOPTOPTOPTOPTOPTO"), "{debug}");
    assert!(debug.contains("SCWTOPT…"), "{debug}");
    assert_eq!(p.access_key.as_deref(), Some("SCWTOPTOPTOPTOPTOPTO"));
}

#[test]
fn plain_http_off_loopback_is_refused_without_insecure_http() {
    let mut sb = Sandbox::new();
    sb.set("SCW_API_URL", "http://api.example.com");
    let err = sb.err(&none());
    assert_eq!(
        err,
        "refusing the API URL http://api.example.com from SCW_API_URL: plain http would send the \
         secret key in clear; use https, or pass --insecure-http if you must"
    );
    let file = sb.default_file("api_url: http://10.1.2.3:8080\n");
    let err = sb.err(&ConnectionFlags {
        api_url: Some("http://10.1.2.3:8080".into()),
        ..none()
    });
    assert!(err.contains("from --api-url"), "{err}");
    sb.vars.remove("SCW_API_URL");
    let err = sb.err(&none());
    assert!(
        err.contains(&format!("from api_url in {}", file.display())),
        "{err}"
    );

    let p = sb.ok(&ConnectionFlags {
        insecure_http: true,
        ..none()
    });
    assert_eq!(p.api_url, "http://10.1.2.3:8080");
    assert!(
        p.warnings
            .iter()
            .any(|w| w.contains("in clear to 10.1.2.3")),
        "{:?}",
        p.warnings
    );
    // Loopback (a simulator) needs no flag and gives no warning.
    sb.set("SCW_API_URL", "http://127.0.0.1:4010");
    assert!(sb.ok(&none()).warnings.is_empty());
}

#[cfg(unix)]
#[test]
fn a_readable_config_with_a_secret_is_warned_about() {
    use std::os::unix::fs::PermissionsExt;
    let sb = Sandbox::new();
    let path = sb.default_file(PROFILES);
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
    let warnings = sb.ok(&none()).warnings;
    assert_eq!(
        warnings,
        [format!(
            "warning: {} holds a secret key and is readable by others (mode 644); run chmod 600 {}",
            path.display(),
            path.display()
        )]
    );
    fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
    assert!(sb.ok(&none()).warnings.is_empty());
    // Readable but without a secret: nothing to protect.
    sb.default_file("default_zone: fr-par-2\n");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
    assert!(sb.ok(&none()).warnings.is_empty());
}

#[test]
fn a_yaml_alias_bomb_is_one_line_and_bounded() {
    let sb = Sandbox::new();
    let mut bomb = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (prev, name) in ["a", "b", "c", "d", "e", "f", "g", "h"]
        .iter()
        .zip(["b", "c", "d", "e", "f", "g", "h", "i"])
    {
        let refs = vec![format!("*{prev}"); 9].join(",");
        bomb.push_str(&format!("{name}: &{name} [{refs}]\n"));
    }
    assert!(bomb.len() < 1024, "{} bytes", bomb.len());
    let path = sb.default_file(&bomb);
    let err = sb.err(&none());
    assert_eq!(
        err,
        format!(
            "{}: its aliases expand to more than 10000 values (an alias bomb?); not loaded",
            path.display()
        )
    );
}

#[test]
fn config_errors_never_echo_a_credential() {
    let sb = Sandbox::new();
    for text in [
        // A profile that is a bare string: a pasted key, probably.
        "profiles:\n  prod: 99999999-8888-7777-6666-555555555555\n",
        "profiles:\n  prod: [99999999-8888-7777-6666-555555555555]\n",
        "profiles: 99999999-8888-7777-6666-555555555555\n",
        "secret_key: [99999999-8888-7777-6666-555555555555]\n",
        "profiles:\n  p:\n    access_key: {k: SCW99999999999999999}\n",
    ] {
        sb.default_file(text);
        let err = sb.err(&none());
        assert!(!err.contains("99999999"), "{text:?} gave: {err}");
        assert!(!err.contains('\n'), "{err}");
    }
}
