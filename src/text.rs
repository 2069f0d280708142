//! The one sanitiser for text that came from the network or a file, applied
//! before it reaches a terminal, a log or stderr. A name such as
//! `ESC ] 52 ; c ; … BEL` would otherwise write the clipboard, retitle the
//! window or clear the screen; a right-to-left override would make `evil.exe`
//! read as `exe.live`. Dangerous characters are shown as visible escapes
//! (`\e`, `\n`, `\u{7}`, `\u{202e}`), so what was hidden stays visible and
//! printable text is left exactly as it was.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether `c` must never reach a terminal as is: C0 and C1 controls, DEL,
/// bidi embeddings, overrides and isolates, and the invisible format
/// characters (zero-width space/joiners, word joiner, BOM, line and paragraph
/// separators, soft hyphen, Mongolian vowel separator).
pub fn is_dangerous(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{061C}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{206F}'
                | '\u{FEFF}'
                | '\u{FFF9}'..='\u{FFFB}'
        )
}

/// `text` with every [`is_dangerous`] character replaced by a visible escape;
/// borrowed (no copy) when there is nothing to escape, which is the usual case.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_dangerous) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        push_safe(&mut out, c);
    }
    Cow::Owned(out)
}

/// Like [`sanitize`], keeping line breaks: for multi-line views (raw JSON,
/// descriptions) that are split into lines afterwards. `\r` is still escaped,
/// so a line cannot overwrite its own beginning.
pub fn sanitize_keep_newlines(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c != '\n' && is_dangerous(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c == '\n' {
            out.push(c);
        } else {
            push_safe(&mut out, c);
        }
    }
    Cow::Owned(out)
}

/// Sanitises raw bytes (a log line, a body that may not be UTF-8): invalid
/// UTF-8 becomes U+FFFD, then as [`sanitize`].
pub fn sanitize_bytes(bytes: &[u8]) -> String {
    sanitize(&String::from_utf8_lossy(bytes)).into_owned()
}

/// Prints `scwdash: {message}` on stderr, sanitised: error messages carry
/// names, paths and bodies that came from the network or a file.
pub fn eprint_error(message: impl std::fmt::Display) {
    eprintln!("scwdash: {}", sanitize(&message.to_string()));
}

/// The width `text` takes on a terminal (CJK and most emoji take two
/// columns), for aligning columns of sanitised text.
pub fn display_width(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

fn push_safe(out: &mut String, c: char) {
    if !is_dangerous(c) {
        out.push(c);
        return;
    }
    match c {
        '\x1b' => out.push_str("\\e"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        // Writing to a String cannot fail.
        _ => {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        }
    }
}

/// A serde_json formatter that also escapes what JSON allows raw but a
/// terminal obeys (DEL, C1 controls, bidi and zero-width characters) as
/// `\uXXXX`, so `list -o json` stays valid JSON that is safe to print.
pub struct SafeJson<F>(pub F);

impl<F: serde_json::ser::Formatter> serde_json::ser::Formatter for SafeJson<F> {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if is_dangerous(c) {
                writer.write_all(&fragment.as_bytes()[start..i])?;
                // Every dangerous char is in the Basic Multilingual Plane.
                write!(writer, "\\u{:04x}", u32::from(c))?;
                start = i + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }

    // Delegate the pretty-printing hooks to the wrapped formatter.
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// `value` as pretty JSON with [`SafeJson`]'s escapes.
pub fn to_safe_json_pretty<T: serde::Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(
        &mut out,
        SafeJson(serde_json::ser::PrettyFormatter::new()),
    );
    value.serialize(&mut ser)?;
    // The serializer writes only valid UTF-8.
    Ok(String::from_utf8_lossy(&out).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_sequences_become_visible_escapes() {
        assert_eq!(sanitize("a\x1b]52;c;eA==\x07b"), "a\\e]52;c;eA==\\u{7}b");
        assert_eq!(sanitize("x\x1b[2Jy"), "x\\e[2Jy");
        assert_eq!(sanitize("l1\nl2\r\t"), "l1\\nl2\\r\\t");
        assert_eq!(sanitize("\u{9b}31m"), "\\u{9b}31m");
        assert_eq!(sanitize("\u{7f}"), "\\u{7f}");
    }

    #[test]
    fn bidi_and_zero_width_become_visible() {
        assert_eq!(sanitize("evil\u{202e}exe.txt"), "evil\\u{202e}exe.txt");
        assert_eq!(sanitize("a\u{2066}b\u{2069}"), "a\\u{2066}b\\u{2069}");
        assert_eq!(sanitize("we\u{200b}b"), "we\\u{200b}b");
        assert_eq!(sanitize("\u{feff}x"), "\\u{feff}x");
    }

    #[test]
    fn printable_text_is_borrowed_unchanged() {
        for s in ["web-1", "数据库-主", "🚀 rocket", "a\\eb", "café", ""] {
            assert!(matches!(sanitize(s), Cow::Borrowed(b) if b == s), "{s}");
        }
    }

    #[test]
    fn newlines_can_be_kept_for_multiline_views() {
        assert_eq!(sanitize_keep_newlines("a\nb\x1b\r"), "a\nb\\e\\r");
        assert!(matches!(sanitize_keep_newlines("a\nb"), Cow::Borrowed(_)));
    }

    #[test]
    fn safe_json_is_valid_and_escapes_what_terminals_obey() {
        let v = serde_json::json!({"name": "a\u{1b}]0;x\u{7}\u{202e}\u{9b}\u{7f}b", "n": [1, 2]});
        let out = to_safe_json_pretty(&v).expect("json");
        assert!(!out.chars().any(|c| c != '\n' && is_dangerous(c)), "{out}");
        assert!(out.contains("\\u001b") && out.contains("\\u202e") && out.contains("\\u009b"));
        let back: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
        assert_eq!(back, v);
        assert!(out.contains("\n  \"name\""), "still pretty: {out}");
    }
}
