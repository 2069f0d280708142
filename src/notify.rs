//! Notifications through the terminal: the bell, then a desktop
//! notification by OSC 9 or OSC 777, both understood by the common
//! terminals (and passed through tmux when it allows). The text names
//! resources, so it is sanitised here, on its way out: no control character
//! can end the sequence early or start another one.

use std::borrow::Cow;

use crate::app::events::{Desktop, Notification};

/// The title of an OSC 777 notification.
const TITLE: &str = "scwdash";

/// The bytes that ring the bell and notify `n`; `tmux`: wrapped for tmux's
/// passthrough (each ESC doubled inside `ESC P tmux; ... ESC \`).
pub fn sequence(n: &Notification, tmux: bool) -> String {
    let text = safe_text(&n.text);
    let osc = match n.desktop {
        Desktop::Bell => return "\x07".to_string(),
        Desktop::Osc9 => format!("\x1b]9;{text}\x07"),
        Desktop::Osc777 => format!("\x1b]777;notify;{TITLE};{text}\x07"),
    };
    let osc = if tmux {
        format!("\x1bPtmux;{}\x1b\\", osc.replace('\x1b', "\x1b\x1b"))
    } else {
        osc
    };
    format!("\x07{osc}")
}

/// The text sanitised, and without `;` (OSC 777 separates its fields with
/// it) nor a leading digit run that OSC 9 would read as a sub-command.
fn safe_text(text: &str) -> String {
    let clean: Cow<'_, str> = crate::text::sanitize(text);
    let clean = clean.replace(';', ",");
    if clean.starts_with(|c: char| c.is_ascii_digit()) {
        format!(" {clean}")
    } else {
        clean
    }
}

/// Where notifications go: the terminal (stdout) in the app, a closure in
/// tests.
pub type Sink = Box<dyn FnMut(&str) -> std::io::Result<()> + Send>;

/// Writes to stdout, between two frames (the executor runs on the loop).
pub fn terminal_sink() -> Sink {
    Box::new(|bytes| {
        use std::io::Write;
        let mut out = std::io::stdout();
        out.write_all(bytes.as_bytes())?;
        out.flush()
    })
}

/// Whether notifications must be wrapped for tmux.
pub fn inside_tmux() -> bool {
    std::env::var_os("TMUX").is_some_and(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(text: &str, desktop: Desktop) -> Notification {
        Notification {
            text: text.to_string(),
            desktop,
        }
    }

    #[test]
    fn hostile_names_cannot_end_the_sequence() {
        let text = "Power off server web\x07\x1b]0;pwned\x1b\\;x\u{9c} in fr-par-1: done";
        for desktop in [Desktop::Osc9, Desktop::Osc777] {
            let s = sequence(&n(text, desktop), false);
            // The bell, the OSC opener, and the terminator: nothing else.
            assert_eq!(s.matches('\x07').count(), 2, "{s:?}");
            assert_eq!(s.matches('\x1b').count(), 1, "{s:?}");
            assert!(!s.contains('\u{9c}'), "{s:?}");
            assert!(s.contains("web\\u{7}\\e]0,pwned\\e\\,x"), "{s:?}");
        }
    }

    #[test]
    fn each_desktop_has_its_sequence() {
        assert_eq!(sequence(&n("hi", Desktop::Bell), false), "\x07");
        assert_eq!(
            sequence(&n("hi", Desktop::Osc9), false),
            "\x07\x1b]9;hi\x07"
        );
        assert_eq!(
            sequence(&n("hi", Desktop::Osc777), false),
            "\x07\x1b]777;notify;scwdash;hi\x07"
        );
        assert_eq!(
            sequence(&n("4 done", Desktop::Osc9), true),
            "\x07\x1bPtmux;\x1b\x1b]9; 4 done\x07\x1b\\"
        );
    }
}
