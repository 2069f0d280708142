//! The Scaleway secret key, wrapped so it cannot leak through `Debug`, `Display`,
//! logs or error messages by accident: reading it takes an explicit `expose()`.

use std::fmt;

/// A secret key. Its text is only reachable through [`SecretKey::expose`].
#[derive(Clone, PartialEq, Eq)]
pub struct SecretKey(String);

impl SecretKey {
    pub fn new(key: String) -> Self {
        SecretKey(key)
    }

    /// The key itself, for the `X-Auth-Token` header and nothing else.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey(<redacted>)")
    }
}

impl fmt::Display for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_hide_the_key() {
        let key = SecretKey::new("11111111-2222-3333-4444-555555555555".into());
        assert!(!format!("{key:?}").contains("1111"));
        assert!(!key.to_string().contains("1111"));
        assert_eq!(key.expose(), "11111111-2222-3333-4444-555555555555");
    }
}
