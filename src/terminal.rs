//! Terminal set-up and restoration on every exit path: normal return (the guard's
//! `Drop`), panic (the hook restores first, then prints eyre's report), and
//! SIGTERM/SIGHUP (`shutdown_signal` ends the loop, which drops the guard).

use std::io::{self, Stdout, Write, stdout};

use crossterm::{
    cursor,
    event::{DisableBracketedPaste, EnableBracketedPaste},
    execute,
    terminal::{EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode},
};
use ratatui::{Terminal, backend::CrosstermBackend};

pub type Tui = Terminal<CrosstermBackend<Stdout>>;

/// Owns the terminal while the dashboard runs; dropping it restores the screen.
pub struct TerminalGuard {
    pub terminal: Tui,
}

impl TerminalGuard {
    /// Enters raw mode and the alternate screen. If any step fails, what was
    /// already changed is undone before the error is returned.
    pub fn enter() -> io::Result<Self> {
        enable_raw_mode()?;
        let setup = execute!(
            stdout(),
            EnterAlternateScreen,
            EnableBracketedPaste,
            cursor::Hide
        )
        .and_then(|()| Terminal::new(CrosstermBackend::new(stdout())));
        match setup {
            Ok(terminal) => Ok(TerminalGuard { terminal }),
            Err(e) => {
                restore();
                Err(e)
            }
        }
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Puts the terminal back the way the shell expects it. Safe to call more than
/// once and from a panic hook: every error is ignored, nothing here panics.
pub fn restore() {
    let _ = disable_raw_mode();
    let mut out = stdout();
    let _ = execute!(
        out,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = out.flush();
}

/// Installs color-eyre's hooks with a panic hook that restores the terminal
/// before the report is printed, so a panic never leaves the shell in raw mode.
pub fn install_hooks() -> color_eyre::Result<()> {
    let (panic_hook, eyre_hook) = color_eyre::config::HookBuilder::default()
        .display_env_section(false)
        .into_hooks();
    eyre_hook.install()?;
    std::panic::set_hook(Box::new(move |info| {
        restore();
        eprintln!("{}", panic_hook.panic_report(info));
    }));
    Ok(())
}

/// Resolves when the process is asked to stop (SIGTERM, SIGHUP or SIGINT from
/// outside the raw-mode terminal). The loop selects on it and returns normally,
/// so the guard restores the terminal.
pub async fn shutdown_signal() -> io::Result<()> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate())?;
    let mut hup = signal(SignalKind::hangup())?;
    let mut int = signal(SignalKind::interrupt())?;
    tokio::select! {
        _ = term.recv() => {}
        _ = hup.recv() => {}
        _ = int.recv() => {}
    }
    Ok(())
}

/// The OSC 52 escape sequence that asks the terminal to put `text` on the
/// system clipboard (works over SSH, no clipboard daemon needed). The executor
/// writes it to the terminal for `Effect::Copy`.
pub fn osc52(text: &str) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let bytes = text.as_bytes();
    let mut encoded = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                encoded.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                encoded.push('=');
            }
        }
    }
    format!("\x1b]52;c;{encoded}\x07")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osc52_base64_encodes_the_text() {
        assert_eq!(osc52("Man"), "\x1b]52;c;TWFu\x07");
        assert_eq!(osc52("Ma"), "\x1b]52;c;TWE=\x07");
        assert_eq!(osc52("M"), "\x1b]52;c;TQ==\x07");
        assert_eq!(osc52(""), "\x1b]52;c;\x07");
    }
}
