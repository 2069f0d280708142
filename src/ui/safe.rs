//! The one place where text becomes a ratatui `Span`, `Line` or `Text`.
//! Views build every piece of text through these functions, never through
//! ratatui's own constructors (a test below reads the sources to hold them to
//! it), so no string from the network or a file can bypass the sanitiser on
//! its way to a cell: ratatui itself silently drops ESC and BEL (hiding them)
//! and keeps zero-width joiners and bidi overrides. Fixed UI text goes the same
//! way; sanitising clean text is a borrow.

use ratatui::style::Style;
use ratatui::text::{Line, Span, Text};

use crate::text::{sanitize, sanitize_keep_newlines};

/// `text` as an unstyled span, escaped.
pub fn raw(text: impl AsRef<str>) -> Span<'static> {
    styled(text, Style::new())
}

/// `text` as a span in `style`, escaped.
pub fn styled(text: impl AsRef<str>, style: Style) -> Span<'static> {
    Span::styled(sanitize(text.as_ref()).into_owned(), style)
}

/// `text` as an unstyled line, escaped (line breaks too).
pub fn line(text: impl AsRef<str>) -> Line<'static> {
    Line::from(raw(text))
}

/// `text` as a line in `style`, escaped.
pub fn line_styled(text: impl AsRef<str>, style: Style) -> Line<'static> {
    Line::from(styled(text, style)).style(style)
}

/// Multi-line `text` (raw JSON, long descriptions): one line per `\n`, every
/// other control character escaped.
pub fn text(text: impl AsRef<str>) -> Text<'static> {
    Text::from(
        sanitize_keep_newlines(text.as_ref())
            .lines()
            .map(|l| Line::from(l.to_string()))
            .collect::<Vec<_>>(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const EVIL: &str = "a\u{1b}]0;t\u{7}\u{202e}\u{200d}b";

    fn dangerous(s: &str) -> bool {
        s.chars().any(crate::text::is_dangerous)
    }

    #[test]
    fn every_constructor_escapes() {
        assert_eq!(raw(EVIL).content, "a\\e]0;t\\u{7}\\u{202e}\\u{200d}b");
        assert!(!dangerous(&styled(EVIL, Style::new()).content));
        assert!(!dangerous(&line(EVIL).to_string()));
        assert!(!dangerous(&line_styled(EVIL, Style::new()).to_string()));
        let t = text(format!("{{\n  \"n\": \"{EVIL}\"\n}}"));
        assert_eq!(t.lines.len(), 3, "line breaks kept");
        assert!(t.lines.iter().all(|l| !dangerous(&l.to_string())));
    }

    /// ratatui's constructors that take text, which only this file may call
    /// with anything but a string literal (or spans/lines built here).
    const CONSTRUCTORS: [&str; 15] = [
        "Line::from(",
        "Text::from(",
        ".title(",
        ".title_bottom(",
        "Row::new(",
        "Span::raw(",
        "Span::styled(",
        "Span::from(",
        "Line::raw(",
        "Line::styled(",
        "Text::raw(",
        "Text::styled(",
        "Cell::from(",
        "ListItem::new(",
        "Paragraph::new(",
    ];

    /// What an argument of those may start with: a literal (or an array of
    /// them), something built here, spans/lines/cells made of those (a row's
    /// cells are mapped by `Cell::from`, checked itself); `)` is a method of
    /// the same name taking nothing (`Tab::title()`).
    const ALLOWED: [&str; 13] = [
        "\"",
        "[\"",
        ")",
        "safe::",
        "vec![",
        "Line::",
        "Span::",
        "spans",
        "lines",
        "line",
        "entry",
        "cells",
        "fit.shown",
    ];

    #[test]
    fn views_build_text_only_through_this_module() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/ui");
        let mut bypasses = Vec::new();
        for entry in std::fs::read_dir(dir).expect("src/ui") {
            let path = entry.expect("entry").path();
            if path.file_name().is_some_and(|n| n == "safe.rs") {
                continue;
            }
            let source = std::fs::read_to_string(&path).expect("source");
            for constructor in CONSTRUCTORS {
                for (at, _) in source.match_indices(constructor) {
                    let arg = source[at + constructor.len()..].trim_start();
                    let ident: String = arg
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    let built = ["spans", "lines"].iter().any(|e| ident.ends_with(e));
                    if !built && !ALLOWED.iter().any(|a| arg.starts_with(a)) {
                        let line = source[..at].lines().count();
                        bypasses.push(format!("{}:{line}: {constructor}", path.display()));
                    }
                }
            }
        }
        assert!(
            bypasses.is_empty(),
            "text built around the sanitiser: {bypasses:#?}"
        );
    }
}
