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
