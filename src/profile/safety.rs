//! Checks that keep the credentials where they belong: no secret sent in clear
//! to another host, no config file with a secret that others can read, no
//! `SCW_*` variable silently ignored because it is not UTF-8.

use std::ffi::OsString;
use std::path::Path;

use super::error::{ConfigError, Source};

/// Whether `url` (already checked to be http or https) may carry the secret:
/// https anywhere, plain http only to a loopback address (a simulator, a
/// local proxy). `None` when it may; otherwise the host it would go to.
pub fn cleartext_host(url: &str) -> Option<String> {
    let parsed = reqwest::Url::parse(url).ok()?;
    if parsed.scheme() != "http" {
        return None;
    }
    let host = parsed.host_str()?;
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    (!loopback).then(|| host.to_string())
}

/// Refuses a plain-http API URL to anything but loopback unless `allowed`
/// (`--insecure-http`); when allowed, returns the warning to show.
pub fn check_cleartext(
    url: &str,
    from: &Source,
    allowed: bool,
) -> Result<Option<String>, ConfigError> {
    let Some(host) = cleartext_host(url) else {
        return Ok(None);
    };
    if !allowed {
        return Err(ConfigError::Cleartext {
            url: url.to_string(),
            from: from.clone(),
        });
    }
    Ok(Some(format!(
        "warning: the API URL {url} is plain http: the secret key travels in clear to {host} (--insecure-http)"
    )))
}

/// The warning scw gives for a config file holding a secret that group or
/// others may read (it writes the file 0600).
pub fn check_file_mode(path: &Path, holds_secret: bool) -> Option<String> {
    if !holds_secret {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o777;
        (mode & 0o077 != 0).then(|| {
            format!(
                "warning: {} holds a secret key and is readable by others (mode {mode:o}); run chmod 600 {}",
                path.display(),
                path.display()
            )
        })
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// The first `SCW_*` variable whose value is not UTF-8, as an error naming
/// it: it would otherwise count as unset and a different profile, zone or
/// endpoint would be used without a word.
pub fn check_env_unicode(
    vars: impl IntoIterator<Item = (OsString, OsString)>,
) -> Result<(), ConfigError> {
    for (name, value) in vars {
        let name_text = name.to_string_lossy();
        if name_text.starts_with("SCW_") && value.to_str().is_none() {
            return Err(ConfigError::NotUnicode {
                var: name_text.into_owned(),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_http_off_loopback_is_cleartext() {
        assert_eq!(cleartext_host("https://api.scaleway.com"), None);
        assert_eq!(cleartext_host("http://127.0.0.1:4010"), None);
        assert_eq!(cleartext_host("http://127.8.0.1"), None);
        assert_eq!(cleartext_host("http://localhost:9"), None);
        assert_eq!(cleartext_host("http://[::1]:4010"), None);
        assert_eq!(
            cleartext_host("http://api.example.com"),
            Some("api.example.com".into())
        );
        assert_eq!(
            cleartext_host("http://10.0.0.1:80"),
            Some("10.0.0.1".into())
        );
        assert_eq!(
            cleartext_host("http://localhost.evil.com"),
            Some("localhost.evil.com".into())
        );
    }

    #[test]
    fn cleartext_is_refused_unless_allowed_then_warned() {
        let from = Source::Flag("--api-url");
        let err = check_cleartext("http://api.example.com", &from, false).unwrap_err();
        assert!(err.to_string().contains("--insecure-http"), "{err}");
        let warning = check_cleartext("http://api.example.com", &from, true).unwrap();
        assert!(warning.unwrap().contains("in clear"));
        assert_eq!(
            check_cleartext("https://x.example", &from, false).unwrap(),
            None
        );
    }

    #[cfg(unix)]
    #[test]
    fn non_unicode_scw_variables_are_named() {
        use std::os::unix::ffi::OsStringExt;
        let bad = OsString::from_vec(vec![b'p', 0xff]);
        let err = check_env_unicode([
            (OsString::from("HOME"), bad.clone()),
            (OsString::from("SCW_PROFILE"), bad),
        ])
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "the environment variable SCW_PROFILE is not valid UTF-8; fix or unset it"
        );
        assert!(check_env_unicode([(OsString::from("SCW_X"), OsString::from("ok"))]).is_ok());
    }
}
