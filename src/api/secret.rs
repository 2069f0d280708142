//! Credentials as types that cannot leak by accident: formatting a [`SecretKey`]
//! (Debug, Display, `{:?}` inside a struct, a log line, an error) never shows it.

use std::fmt;

use serde::{Deserialize, Deserializer};

/// Text printed instead of a secret.
const REDACTED: &str = "SecretKey(<redacted>)";

/// How many characters of an access key may be shown (the `SCW` prefix and a few
/// more: enough to tell two profiles apart, not enough to be the key).
const ACCESS_KEY_SHOWN: usize = 7;

/// The Scaleway secret key (`SCW_SECRET_KEY`), sent only as the `X-Auth-Token` header.
///
/// It has no `Serialize` impl on purpose, and its `Debug`/`Display` are redacted.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretKey(String);

impl SecretKey {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The raw value. Call it only to build the auth header.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.trim().is_empty()
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl fmt::Display for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl<'de> Deserialize<'de> for SecretKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self)
    }
}

/// The Scaleway access key (`SCW_ACCESS_KEY`). Not a secret, but formatting shows
/// only its prefix so that screenshots and logs do not carry whole credentials.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessKey(String);

impl AccessKey {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The full value, for the few places that need it (never the UI).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The shown part: the first few characters followed by an ellipsis.
    pub fn prefix(&self) -> String {
        let shown: String = self.0.chars().take(ACCESS_KEY_SHOWN).collect();
        if shown.len() < self.0.len() {
            format!("{shown}…")
        } else {
            shown
        }
    }
}

/// Reads as the full value where a `&str` is wanted (`access_key.as_deref()`);
/// formatting still shows only the prefix.
impl std::ops::Deref for AccessKey {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for AccessKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AccessKey({})", self.prefix())
    }
}

impl fmt::Display for AccessKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.prefix())
    }
}

impl<'de> Deserialize<'de> for AccessKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "11111111-2222-3333-4444-555555555555";

    #[test]
    fn secret_never_formats_its_value() {
        let key = SecretKey::new(SECRET);
        for shown in [
            format!("{key}"),
            format!("{key:?}"),
            format!("{key:#?}"),
            format!("{:?}", Some(key.clone())),
            format!("{:?}", vec![key.clone()]),
        ] {
            assert!(!shown.contains(SECRET), "leaked in {shown}");
            assert!(!shown.contains("5555"), "partial leak in {shown}");
            assert!(shown.contains("redacted"), "{shown}");
        }
        assert_eq!(key.expose(), SECRET);
    }

    #[test]
    fn secret_deserializes_from_config_text() {
        let key: SecretKey = serde_json::from_str(&format!("\"{SECRET}\"")).expect("parse");
        assert_eq!(key.expose(), SECRET);
        assert!(!format!("{key:?}").contains(SECRET));
    }

    #[test]
    fn empty_secret_is_detected() {
        assert!(SecretKey::new("  ").is_empty());
        assert!(!SecretKey::new(SECRET).is_empty());
    }

    #[test]
    fn access_key_shows_only_a_prefix() {
        let key = AccessKey::new("SCWABCDEFGHIJ1234567");
        assert_eq!(key.to_string(), "SCWABCD…");
        assert_eq!(format!("{key:?}"), "AccessKey(SCWABCD…)");
        assert!(!format!("{key:?}").contains("1234567"));
        assert_eq!(key.as_str(), "SCWABCDEFGHIJ1234567");
        assert_eq!(AccessKey::new("SCW").to_string(), "SCW");
    }
}
