//! A pass over the scw config's YAML events before it is loaded, for two
//! things the loader cannot do: bound what aliases expand to (a sub-KB
//! "billion laughs" file would otherwise take gigabytes), and find the values
//! that are credentials, so an error message can never echo one.

use yaml_rust2::parser::{Event, Parser};

/// Values (scalars, with aliases expanded) a scw config may hold. A real
/// file has a few dozen; a hundred profiles of ten keys stay far below.
pub const MAX_YAML_VALUES: usize = 10_000;

/// Keys whose values are credentials at any depth.
const CREDENTIAL_KEYS: [&str; 2] = ["secret_key", "access_key"];

/// What the pass found.
#[derive(Default)]
pub struct Scan {
    /// Scalars that must never appear in a message: values of credential
    /// keys, and any scalar under `profiles:` that is not inside a profile
    /// mapping (a malformed entry may well be a pasted key).
    pub sensitive: Vec<String>,
}

/// Why the file is refused before loading.
pub enum Refused {
    /// Aliases expand to more than [`MAX_YAML_VALUES`] values.
    TooBig,
    /// Not well-formed YAML: the loader reports it with its line.
    Syntax,
}

/// One open container: the running count of values under it, its anchor,
/// and for a mapping the key being read.
struct Open {
    count: usize,
    anchor: usize,
    mapping: bool,
    /// In a mapping: the next scalar is a key.
    want_key: bool,
    key: Option<String>,
}

/// Walks the events of `text`.
pub fn scan(text: &str) -> Result<Scan, Refused> {
    let mut parser = Parser::new_from_str(text);
    let mut sizes: Vec<usize> = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut total: usize = 0;
    let mut out = Scan::default();
    loop {
        let (event, _) = parser.next_token().map_err(|_| Refused::Syntax)?;
        let added = match event {
            Event::StreamEnd => break,
            Event::Scalar(value, _, anchor, _) => {
                let is_key = stack.last().is_some_and(|o| o.mapping && o.want_key);
                if !is_key && sensitive_here(&stack) {
                    out.sensitive.push(value.clone());
                }
                record(&mut sizes, anchor, 1);
                after_node(&mut stack, is_key.then_some(value));
                1
            }
            Event::Alias(id) => {
                after_node(&mut stack, None);
                sizes.get(id).copied().unwrap_or(0)
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                let mapping = matches!(event, Event::MappingStart(..));
                stack.push(Open {
                    count: 0,
                    anchor,
                    mapping,
                    want_key: true,
                    key: None,
                });
                0
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(done) = stack.pop() else { continue };
                record(&mut sizes, done.anchor, done.count);
                after_node(&mut stack, None);
                // Its values were already counted into `total` as they came.
                if let Some(parent) = stack.last_mut() {
                    parent.count = parent.count.saturating_add(done.count);
                }
                continue;
            }
            _ => 0,
        };
        total = total.saturating_add(added);
        if let Some(open) = stack.last_mut() {
            open.count = open.count.saturating_add(added);
        }
        if total > MAX_YAML_VALUES {
            return Err(Refused::TooBig);
        }
    }
    Ok(out)
}

/// Remembers how many values the node with `anchor` (0: none) stands for.
fn record(sizes: &mut Vec<usize>, anchor: usize, count: usize) {
    if anchor == 0 {
        return;
    }
    if sizes.len() <= anchor {
        sizes.resize(anchor + 1, 0);
    }
    sizes[anchor] = count;
}

/// A node ended inside the top container: a mapping alternates key, value.
fn after_node(stack: &mut [Open], key: Option<String>) {
    if let Some(open) = stack.last_mut()
        && open.mapping
    {
        if open.want_key {
            open.key = key;
        }
        open.want_key = !open.want_key;
    }
}

/// Whether a value scalar at this point is a credential: under a credential
/// key, or under `profiles` but not inside a profile's own mapping.
fn sensitive_here(stack: &[Open]) -> bool {
    let keys: Vec<Option<&str>> = stack.iter().map(|o| o.key.as_deref()).collect();
    if keys.iter().flatten().any(|k| CREDENTIAL_KEYS.contains(k)) {
        return true;
    }
    // stack[0] is the document's mapping; `profiles: {name: {key: value}}`
    // puts a proper value at depth 3.
    let under_profiles = keys.first().copied().flatten() == Some("profiles");
    let well_formed = stack.len() >= 3 && stack[1].mapping && stack[2].mapping;
    under_profiles && !well_formed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sensitive(text: &str) -> Vec<String> {
        match scan(text) {
            Ok(s) => s.sensitive,
            Err(_) => panic!("refused: {text}"),
        }
    }

    #[test]
    fn an_alias_bomb_is_refused() {
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (prev, name) in ["a", "b", "c", "d", "e", "f", "g", "h"]
            .iter()
            .zip(["b", "c", "d", "e", "f", "g", "h", "i"])
        {
            bomb.push_str(&format!(
                "{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
        }
        assert!(bomb.len() < 1024, "{}", bomb.len());
        assert!(matches!(scan(&bomb), Err(Refused::TooBig)));
    }

    #[test]
    fn modest_aliases_are_fine() {
        let text = "base: &b {default_zone: fr-par-2}\nprofiles:\n  p: *b\n  q: *b\n";
        assert!(scan(text).is_ok());
    }

    #[test]
    fn credential_values_are_found() {
        let s = sensitive(
            "access_key: SCWAAA\nsecret_key: s1\ndefault_zone: fr-par-1\n\
             profiles:\n  ok:\n    secret_key: s2\n    default_zone: nl-ams-1\n  bad: s3\n  list: [s4]\n",
        );
        assert_eq!(s, ["SCWAAA", "s1", "s2", "s3", "s4"]);
        assert_eq!(sensitive("profiles: s5\n"), ["s5"]);
    }
}
