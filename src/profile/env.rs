//! Environment look-ups behind a function, so tests inject variables instead of
//! mutating the process environment (which is shared by every test thread).

/// Reads one environment variable; `None` when unset.
pub type EnvFn<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The real process environment. Values that are not valid UTF-8 count as unset.
pub fn real_env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// Reads `name`, treating an empty value as unset: `SCW_DEFAULT_ZONE=` in a shell
/// means "no zone", not "the zone named empty string".
pub(crate) fn non_empty(env: EnvFn<'_>, name: &str) -> Option<String> {
    env(name).filter(|v| !v.trim().is_empty())
}
