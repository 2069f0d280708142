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

/// Runs `argv` in this terminal as the foreground job and waits for it,
/// the way a shell runs a command: the program gets its own process group
/// and the terminal's foreground (so Ctrl-C and Ctrl-Z typed in it reach it,
/// not the dashboard, whose signal handlers would end or stop it), and the
/// terminal comes back to us when it exits. If the program is stopped
/// (Ctrl-Z, ssh's `~^Z`), we stop too with the terminal handed back to the
/// shell, and on `fg` give it back to the program and continue it. Call it
/// inside [`released`]. Without job control (stdin not our terminal's
/// foreground) the program simply runs in our group.
pub fn run_in_foreground(argv: &[String]) -> io::Result<crate::app::shell::Exit> {
    use std::os::unix::process::{CommandExt, ExitStatusExt};
    let (program, args) = argv
        .split_first()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no program"))?;
    let mut command = std::process::Command::new(program);
    command.args(args);
    let job_control = owns_foreground();
    if job_control {
        command.process_group(0);
        // SAFETY: only async-signal-safe calls (sigprocmask, getpid,
        // tcsetpgrp) between fork and exec.
        unsafe {
            command.pre_exec(|| {
                with_sigttou_blocked(|| {
                    libc::tcsetpgrp(libc::STDIN_FILENO, libc::getpid());
                });
                Ok(())
            });
        }
    }
    let child = match command.spawn() {
        Ok(child) => child,
        Err(e) => {
            // The child may have taken the terminal's foreground before its
            // exec failed: without it back, our reads of the terminal stop
            // us and no key reaches the dashboard again.
            if job_control {
                // SAFETY: getpgrp has no preconditions.
                give_terminal(unsafe { libc::getpgrp() });
            }
            return Err(not_started(program, e));
        }
    };
    let pid = i32::try_from(child.id()).unwrap_or(i32::MAX);
    if job_control {
        // Both sides set it: whichever runs first, the program never
        // reads the terminal from the background.
        give_terminal(pid);
    }
    let status = loop {
        let mut status = 0;
        // SAFETY: waitpid on our own child with a valid status pointer.
        let got = unsafe { libc::waitpid(pid, &mut status, libc::WUNTRACED) };
        if got == -1 {
            let e = io::Error::last_os_error();
            if e.kind() == io::ErrorKind::Interrupted {
                continue;
            }
            if job_control {
                // SAFETY: getpgrp has no preconditions.
                give_terminal(unsafe { libc::getpgrp() });
            }
            return Err(e);
        }
        if libc::WIFSTOPPED(status) {
            // The program was stopped: so are we, until `fg`.
            // SAFETY: getpgrp has no preconditions.
            give_terminal(unsafe { libc::getpgrp() });
            stop_self();
            give_terminal(pid);
            // SAFETY: continues the program's whole group.
            unsafe {
                libc::kill(-pid, libc::SIGCONT);
            }
            continue;
        }
        break std::process::ExitStatus::from_raw(status);
    };
    if job_control {
        // SAFETY: getpgrp has no preconditions.
        give_terminal(unsafe { libc::getpgrp() });
    }
    // Reaped by waitpid above: the handle has nothing left to wait for.
    drop(child);
    Ok(match (status.code(), status.signal()) {
        (Some(code), _) => crate::app::shell::Exit::Code(code),
        (None, Some(signal)) => crate::app::shell::Exit::Signal(signal),
        (None, None) => crate::app::shell::Exit::Code(-1),
    })
}

/// Why `program` did not start, as a user would say it ("not installed",
/// not "No such file or directory"); the caller names the program.
fn not_started(program: &str, e: io::Error) -> io::Error {
    let why = match e.kind() {
        io::ErrorKind::NotFound if !program.contains('/') => {
            "not installed (not found on PATH)".to_string()
        }
        io::ErrorKind::NotFound => "no such file".to_string(),
        io::ErrorKind::PermissionDenied => "not executable".to_string(),
        _ => e.to_string(),
    };
    io::Error::new(e.kind(), why)
}

/// Whether stdin is a terminal whose foreground process group is ours (we
/// can hand it to a program and take it back).
fn owns_foreground() -> bool {
    // SAFETY: plain queries on fd 0.
    unsafe {
        libc::isatty(libc::STDIN_FILENO) == 1
            && libc::tcgetpgrp(libc::STDIN_FILENO) == libc::getpgrp()
    }
}

/// Makes `pgid` the terminal's foreground group. From the background that
/// would stop us with SIGTTOU, so it is blocked meanwhile.
fn give_terminal(pgid: i32) {
    with_sigttou_blocked(|| {
        // SAFETY: tcsetpgrp on fd 0; a failure leaves things as they were.
        unsafe {
            libc::tcsetpgrp(libc::STDIN_FILENO, pgid);
        }
    });
}

/// Runs `f` with SIGTTOU blocked in the calling thread, then restores the
/// mask. Async-signal-safe (used between fork and exec).
fn with_sigttou_blocked(f: impl FnOnce()) {
    // SAFETY: sigset_t is plain data, initialised by sigemptyset before use;
    // pthread_sigmask only reads `set` and writes `old`.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        let mut old: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, libc::SIGTTOU);
        libc::pthread_sigmask(libc::SIG_BLOCK, &set, &mut old);
        f();
        libc::pthread_sigmask(libc::SIG_SETMASK, &old, std::ptr::null_mut());
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

    #[test]
    fn a_program_that_is_not_there_is_said_plainly() {
        let missing = |program: &str| {
            run_in_foreground(&[program.to_string()])
                .unwrap_err()
                .to_string()
        };
        assert_eq!(
            missing("scwdash-no-such-program"),
            "not installed (not found on PATH)"
        );
        assert_eq!(missing("/nonexistent/ssh"), "no such file");
    }
}
