//! Terminal set-up and restoration on every exit path: normal return (the guard's
//! `Drop`), panic (the hook restores first, then prints eyre's report), and the
//! signals that would kill the process (`shutdown_signal` ends the loop, which
//! drops the guard; the process then exits 128+n). Ctrl-Z and SIGTSTP suspend
//! through [`released`]: the shell gets its terminal back while we are stopped.

use std::io::{self, Stdout, Write, stdout};
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::{
    cursor,
    event::{DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture},
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
    /// Enters raw mode and the alternate screen, with mouse capture when
    /// `mouse` (the `mouse` setting). If any step fails, what was already
    /// changed is undone before the error is returned.
    pub fn enter(mouse: bool) -> io::Result<Self> {
        MOUSE.store(mouse, Ordering::SeqCst);
        enable_raw_mode()?;
        let setup = take_screen().and_then(|()| Terminal::new(CrosstermBackend::new(stdout())));
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

/// Whether the dashboard captures the mouse, for every place that takes the
/// terminal again (after Ctrl-Z).
static MOUSE: AtomicBool = AtomicBool::new(false);

/// The alternate screen, bracketed paste, no cursor, and the mouse if asked.
fn take_screen() -> io::Result<()> {
    execute!(
        stdout(),
        EnterAlternateScreen,
        EnableBracketedPaste,
        cursor::Hide
    )?;
    if MOUSE.load(Ordering::SeqCst) {
        execute!(stdout(), EnableMouseCapture)?;
    }
    Ok(())
}

/// Puts the terminal back the way the shell expects it. Safe to call more than
/// once and from a panic hook: every error is ignored, nothing here panics.
/// Mouse capture is always turned off (harmless when it was not on): left
/// on, every click would type escape sequences into the shell.
pub fn restore() {
    let _ = disable_raw_mode();
    let mut out = stdout();
    let _ = execute!(
        out,
        DisableMouseCapture,
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

/// The signals whose default action ends the process and that can be caught:
/// each ends the loop instead, so the terminal is restored before exit.
/// (SIGKILL cannot be caught; SIGSEGV and friends are bugs, not requests.)
pub const FATAL_SIGNALS: [i32; 7] = [
    libc::SIGTERM,
    libc::SIGHUP,
    libc::SIGINT,
    libc::SIGQUIT,
    libc::SIGUSR1,
    libc::SIGUSR2,
    libc::SIGALRM,
];

/// Resolves with the signal number when the process is asked to end by one of
/// [`FATAL_SIGNALS`]. The loop selects on it and returns normally, so the guard
/// restores the terminal; the caller exits with 128 + the number, as a shell
/// reports a process killed by it.
pub async fn shutdown_signal() -> io::Result<i32> {
    use futures::future::select_all;
    use tokio::signal::unix::{SignalKind, signal};
    let mut streams = Vec::with_capacity(FATAL_SIGNALS.len());
    for n in FATAL_SIGNALS {
        streams.push((n, signal(SignalKind::from_raw(n))?));
    }
    let waits = streams
        .iter_mut()
        .map(|(n, s)| Box::pin(async move { s.recv().await.map(|()| *n) }));
    let (got, _, _) = select_all(waits).await;
    // A stream only ends when the runtime shuts down: treat it as SIGTERM.
    Ok(got.unwrap_or(libc::SIGTERM))
}

/// Every SIGTSTP, as a stream the event loop merges with the terminal's
/// events (it arrives there as the Ctrl-Z key, the one suspend path).
pub fn suspend_signals() -> io::Result<impl futures::Stream<Item = ()> + Unpin> {
    use tokio::signal::unix::{SignalKind, signal};
    let tstp = signal(SignalKind::from_raw(libc::SIGTSTP))?;
    Ok(Box::pin(futures::stream::unfold(
        tstp,
        |mut s| async move { s.recv().await.map(|()| ((), s)) },
    )))
}

/// Gives the terminal back to the shell (cooked mode, main screen, cursor),
/// runs `f`, and takes it again. The reusable routine behind suspending (and
/// running any program that needs the terminal). The caller must redraw the
/// whole screen afterwards (`Terminal::clear`).
pub fn released<T>(f: impl FnOnce() -> T) -> io::Result<T> {
    restore();
    let value = f();
    enable_raw_mode()?;
    take_screen()?;
    Ok(value)
}

/// Stops the process (as Ctrl-Z in a shell would) with the terminal restored,
/// and returns once it is continued (SIGCONT, `fg`), in the dashboard again.
pub fn suspend() -> io::Result<()> {
    released(stop_self)
}

/// SIGSTOP to ourselves: it cannot be caught, so this returns only on SIGCONT.
fn stop_self() {
    // SAFETY: raise has no preconditions; SIGSTOP stops the calling process.
    unsafe {
        libc::raise(libc::SIGSTOP);
    }
}

/// How long `theme = "auto"` waits for the terminal to tell its background:
/// long enough for a local terminal or a near SSH host, short enough not to
/// be noticed at start-up when a terminal stays silent.
const BACKGROUND_QUERY_TIMEOUT: std::time::Duration = std::time::Duration::from_millis(200);

/// The terminal's background, asked with OSC 11 (terminal-colorsaurus: it
/// also sends a DA1 query, which every terminal answers, so a terminal that
/// ignores OSC 11 is known at once rather than after the timeout). `None`
/// when stdout is not a terminal or it does not say. Call it before raw
/// mode, never while the event reader runs.
pub fn background() -> Option<crate::settings::Background> {
    use terminal_colorsaurus::{QueryOptions, ThemeMode, theme_mode};
    if !std::io::IsTerminal::is_terminal(&stdout()) {
        return None;
    }
    let mut options = QueryOptions::default();
    options.timeout = BACKGROUND_QUERY_TIMEOUT;
    match theme_mode(options).ok()? {
        ThemeMode::Dark => Some(crate::settings::Background::Dark),
        ThemeMode::Light => Some(crate::settings::Background::Light),
    }
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
