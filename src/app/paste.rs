//! Pasted text, bounded. A terminal delivers a paste as one event, however
//! large: a 1 MB paste typed character by character into a field (each
//! insertion finding its byte offset from the start) pegged a core for
//! minutes, and a 1 MB filter was matched against every row. Here a paste is
//! inserted in one step, clipped to the room the field has left, reading no
//! more of the paste than fits (so its cost is bounded by the field, not by
//! the paste).

/// Longest table filter (and picker filter): far above any name, short
/// enough that matching it against every row stays a keystroke's work.
pub const FILTER_MAX: usize = 256;

/// What a paste did to a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pasted {
    /// Characters inserted.
    pub inserted: usize,
    /// Part of the paste did not fit and was dropped.
    pub clipped: bool,
}

/// Inserts the printable characters of `text` at `cursor` (counted in
/// characters) in `value`, up to `max` characters in all. Control characters
/// (line breaks of a multi-line paste) are skipped. Reads at most the room
/// left plus one printable character of `text`.
pub fn insert(
    value: &mut String,
    cursor: &mut usize,
    text: impl IntoIterator<Item = char>,
    max: usize,
) -> Pasted {
    let len = value.chars().count();
    let room = max.saturating_sub(len);
    let mut printable = text.into_iter().filter(|c| !c.is_control());
    let chunk: String = printable.by_ref().take(room).collect();
    let clipped = printable.next().is_some();
    *cursor = (*cursor).min(len);
    let at = value
        .char_indices()
        .nth(*cursor)
        .map_or(value.len(), |(b, _)| b);
    value.insert_str(at, &chunk);
    let inserted = chunk.chars().count();
    *cursor += inserted;
    Pasted { inserted, clipped }
}

/// The message for text that did not fit a field labelled `label`.
pub fn clipped_message(label: &str, max: usize) -> String {
    format!("{label} holds at most {max} characters: the rest was left out")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn inserts_at_the_cursor_in_one_step() {
        let mut v = "webprod".to_string();
        let mut cursor = 3;
        let p = insert(&mut v, &mut cursor, "-é-".chars(), 255);
        assert_eq!(v, "web-é-prod");
        assert_eq!(cursor, 6);
        assert_eq!(
            p,
            Pasted {
                inserted: 3,
                clipped: false
            }
        );
    }

    #[test]
    fn a_line_break_in_a_paste_is_not_typed() {
        let mut v = String::new();
        let mut cursor = 0;
        insert(&mut v, &mut cursor, "a\nb\r\tc\u{1b}".chars(), 255);
        assert_eq!(v, "abc");
    }

    #[test]
    fn a_megabyte_paste_is_clipped_and_read_only_as_far_as_it_fits() {
        let mut v = "ab".to_string();
        let mut cursor = 2;
        let read = Cell::new(0usize);
        // 1 MB of text, counted as it is read.
        let paste = std::iter::repeat_n('x', 1 << 20).inspect(|_| read.set(read.get() + 1));
        let p = insert(&mut v, &mut cursor, paste, 255);
        assert_eq!(v.chars().count(), 255);
        assert!(p.clipped);
        assert_eq!(p.inserted, 253);
        assert_eq!(cursor, 255);
        // The work is bounded by the field, not by the paste.
        assert_eq!(read.get(), 254, "characters of the paste read");
    }

    #[test]
    fn a_full_field_takes_nothing() {
        let mut v = "x".repeat(10);
        let mut cursor = 10;
        let p = insert(&mut v, &mut cursor, "yz".chars(), 10);
        assert_eq!(v, "x".repeat(10));
        assert!(p.clipped && p.inserted == 0);
    }
}
