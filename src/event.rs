//! The one event loop: terminal events, ticks and results of spawned tasks all
//! become `Action`s, go through `app::update`, and the resulting effects go to
//! an `Executor`. The screen is redrawn only when the state is dirty, after
//! draining what is already queued, at most once per frame interval. Nothing
//! here awaits an API call: the executor spawns, results come back by message.

use std::io;
use std::task::Poll;
use std::time::{Duration, Instant};

use crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind};
use futures::{Stream, StreamExt};
use ratatui::{Terminal, backend::Backend};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};

use crate::app::mouse::{Gesture, Hits};
use crate::app::shell::{Exit, Program};
use crate::app::{self, Action, Effect, State};
use crate::ui;

/// Shortest time between two frames (~60 fps cap).
pub const FRAME: Duration = Duration::from_millis(16);

/// Performs effects. Implementations spawn tokio tasks and report back by
/// sending `Action`s on `tx`; `execute` itself must return at once.
pub trait Executor {
    fn execute(&mut self, effect: Effect, tx: &UnboundedSender<Action>);
}

/// Turns a terminal event into an action (key releases, focus changes and
/// mouse moves are dropped). A mouse gesture is named by what the last
/// frame drew under it (`hits`).
pub fn translate(event: Event, hits: &Hits, now: Instant) -> Option<Action> {
    match event {
        Event::Key(k) if k.kind != KeyEventKind::Release => Some(Action::Key(k)),
        Event::Mouse(m) => {
            let gesture = match m.kind {
                MouseEventKind::Down(MouseButton::Left) => Gesture::Click,
                MouseEventKind::ScrollUp => Gesture::WheelUp,
                MouseEventKind::ScrollDown => Gesture::WheelDown,
                _ => return None,
            };
            Some(Action::Mouse {
                gesture,
                target: hits.at(m.column, m.row),
                at: now,
            })
        }
        Event::Resize(w, h) => Some(Action::Resize(ui::layout::viewport(w, h))),
        Event::Paste(text) => Some(Action::Paste(text)),
        _ => None,
    }
}

/// Ctrl-Z: in raw mode the terminal sends it as a key instead of stopping us,
/// and SIGTSTP from outside arrives as this key too (see `dashboard::run`).
pub fn is_suspend_key(event: &Event) -> bool {
    matches!(event, Event::Key(k)
        if k.kind == KeyEventKind::Press
            && k.code == KeyCode::Char('z')
            && k.modifiers.contains(KeyModifiers::CONTROL))
}

/// The Ctrl-Z key, as SIGTSTP is turned into.
pub fn suspend_key() -> Event {
    Event::Key(crossterm::event::KeyEvent::new(
        KeyCode::Char('z'),
        KeyModifiers::CONTROL,
    ))
}

/// Suspends with `suspend` (the terminal is handed back, the process stops
/// until continued), then repaints everything: the alternate screen is blank
/// when we come back, so a diff against the last frame would draw almost
/// nothing. An empty frame first makes "the last frame" blank too (not
/// `Terminal::clear`, which asks the terminal for the cursor position and
/// races the event reader for the answer).
fn suspend_and_resume<B: Backend>(
    terminal: &mut Terminal<B>,
    state: &mut State,
    suspend: fn() -> io::Result<()>,
) -> color_eyre::Result<()>
where
    B::Error: Send + Sync + 'static,
{
    suspend()?;
    terminal.draw(|_| {})?;
    state.dirty = true;
    Ok(())
}

/// Runs a program in the terminal the loop owns (`Effect::Shell`): hands
/// the terminal over, waits for the program, takes the terminal back.
pub type RunProgram = Box<dyn FnMut(&Program) -> Result<Exit, String>>;

/// The executor as the loop uses it: `Effect::Shell` is kept for the loop
/// (it owns the terminal), everything else goes to `inner`.
struct Handoff<'e, E> {
    inner: &'e mut E,
    programs: Vec<Program>,
}

impl<E: Executor> Executor for Handoff<'_, E> {
    fn execute(&mut self, effect: Effect, tx: &UnboundedSender<Action>) {
        match effect {
            Effect::Shell(program) => self.programs.push(program),
            other => self.inner.execute(other, tx),
        }
    }
}

/// Runs the programs `update` asked for, one after the other, each with the
/// terminal to itself; the screen is then repainted in full (at its new
/// size, if it changed meanwhile) and the outcome dispatched.
fn run_programs<B: Backend, E: Executor>(
    terminal: &mut Terminal<B>,
    state: &mut State,
    executor: &mut Handoff<'_, E>,
    tx: &UnboundedSender<Action>,
    run_program: &mut Option<RunProgram>,
) -> color_eyre::Result<()>
where
    B::Error: Send + Sync + 'static,
{
    while !executor.programs.is_empty() {
        let program = executor.programs.remove(0);
        let result = match run_program {
            Some(run) => {
                let result = run(&program);
                terminal.draw(|_| {})?;
                state.dirty = true;
                let size = terminal.size()?;
                dispatch(
                    state,
                    executor,
                    tx,
                    Action::Resize(ui::layout::viewport(size.width, size.height)),
                );
                result
            }
            None => Err("no terminal to run it in".to_string()),
        };
        dispatch(state, executor, tx, Action::ShellExited { program, result });
    }
    Ok(())
}

/// `SCWDASH_TEST_PANIC=1` (hidden, for tests/e2e/e2e_tmux.rs) makes the loop
/// panic right after its first frame, so a test can prove from outside that
/// the panic hook restores the terminal. Read once, before the loop.
fn test_panic_requested() -> bool {
    std::env::var_os("SCWDASH_TEST_PANIC").is_some_and(|v| v == "1")
}

fn dispatch<E: Executor>(
    state: &mut State,
    executor: &mut E,
    tx: &UnboundedSender<Action>,
    action: Action,
) {
    for effect in app::update(state, action) {
        executor.execute(effect, tx);
    }
}

/// Where the loop's inputs come from: the terminal's events (crossterm's
/// `EventStream` in the app, a plain stream in tests), the channel that
/// spawned tasks answer on, a future that resolves on SIGTERM/SIGHUP/...
/// (`terminal::shutdown_signal`), and what Ctrl-Z does (`terminal::suspend`;
/// `None` where there is no terminal to hand back, e.g. in tests).
pub struct Inputs<S, F> {
    pub events: S,
    pub tx: UnboundedSender<Action>,
    pub rx: UnboundedReceiver<Action>,
    pub shutdown: F,
    pub suspend: Option<fn() -> io::Result<()>>,
    /// What runs `Effect::Shell`'s program in the terminal; `None` where
    /// there is no terminal to hand over (the program is then refused).
    pub run_program: Option<RunProgram>,
}

/// One poll of `stream` with the calling task's waker: `Some(item)` when an
/// item (or the end) is ready, `None` when it would wait. Not
/// `now_or_never()`: crossterm's `EventStream` wakes only the waker of the poll
/// that started its wait, so a poll with a no-op waker would leave the next
/// key unnoticed until something else woke the loop (up to a tick, 1 s).
async fn poll_once<S: Stream + Unpin>(stream: &mut S) -> Option<Option<S::Item>> {
    std::future::poll_fn(|cx| {
        Poll::Ready(match stream.poll_next_unpin(cx) {
            Poll::Ready(item) => Some(item),
            Poll::Pending => None,
        })
    })
    .await
}

/// Runs the dashboard until the state asks to quit, the event stream ends or
/// the shutdown future resolves. Start-up effects (`app::init`) are executed
/// first. Returns when the terminal can be restored.
pub async fn run<B, E, S, F>(
    terminal: &mut Terminal<B>,
    state: &mut State,
    executor: &mut E,
    inputs: Inputs<S, F>,
) -> color_eyre::Result<()>
where
    B: Backend,
    B::Error: Send + Sync + 'static,
    E: Executor,
    S: Stream<Item = io::Result<Event>> + Unpin,
    F: Future<Output = ()>,
{
    let Inputs {
        mut events,
        tx,
        mut rx,
        shutdown,
        suspend,
        mut run_program,
    } = inputs;
    let executor = &mut Handoff {
        inner: executor,
        programs: Vec::new(),
    };
    tokio::pin!(shutdown);
    let size = terminal.size()?;
    dispatch(
        state,
        executor,
        &tx,
        Action::Resize(ui::layout::viewport(size.width, size.height)),
    );
    dispatch(state, executor, &tx, Action::Tick(Instant::now()));
    for effect in app::init(state) {
        executor.execute(effect, &tx);
    }
    let panic_after_first_frame = test_panic_requested();
    let mut last_tick = Instant::now();
    let mut last_draw: Option<Instant> = None;
    let mut refreshed = state.last_refresh;
    // What the last frame drew where, for the mouse.
    let mut hits = Hits::default();
    while !state.quit {
        let now = Instant::now();
        let frame_due = last_draw.is_none_or(|t| now >= t + FRAME);
        if state.dirty && frame_due {
            terminal.draw(|f| hits = ui::render_with_hits(f, state))?;
            state.dirty = false;
            last_draw = Some(Instant::now());
            if panic_after_first_frame {
                panic!("SCWDASH_TEST_PANIC=1: panicking after the first frame, as asked");
            }
        }
        let next_tick = last_tick + state.tick_interval();
        let wake = match (state.dirty, last_draw) {
            (true, Some(t)) => next_tick.min(t + FRAME),
            _ => next_tick,
        };
        let action = tokio::select! {
            biased;
            () = &mut shutdown => Some(Action::Shutdown),
            ev = events.next() => match ev {
                Some(Ok(ev)) if is_suspend_key(&ev) && suspend.is_some() => {
                    if let Some(f) = suspend {
                        suspend_and_resume(terminal, state, f)?;
                    }
                    None
                }
                Some(Ok(ev)) => translate(ev, &hits, Instant::now()),
                Some(Err(e)) => return Err(e.into()),
                None => Some(Action::Shutdown),
            },
            Some(a) = rx.recv() => Some(a),
            () = tokio::time::sleep_until(wake.into()) => {
                let now = Instant::now();
                if now >= next_tick {
                    last_tick = now;
                    Some(Action::Tick(now))
                } else {
                    None
                }
            }
        };
        if let Some(a) = action {
            dispatch(state, executor, &tx, a);
        }
        // Drain everything already queued before the next frame.
        while let Ok(a) = rx.try_recv() {
            dispatch(state, executor, &tx, a);
        }
        while let Some(Some(ev)) = poll_once(&mut events).await {
            let ev = ev?;
            if let Some(f) = suspend.filter(|_| is_suspend_key(&ev)) {
                suspend_and_resume(terminal, state, f)?;
            } else if let Some(a) = translate(ev, &hits, Instant::now()) {
                dispatch(state, executor, &tx, a);
            }
        }
        run_programs(terminal, state, executor, &tx, &mut run_program)?;
        if state.last_refresh != refreshed {
            // A refresh has just replaced the data: what it freed goes back.
            refreshed = state.last_refresh;
            crate::memory::release_free_pages();
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Options;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use ratatui::backend::TestBackend;
    use std::collections::VecDeque;
    use std::pin::Pin;
    use std::sync::{Arc, Mutex};
    use std::task::{Context, Waker};

    /// The loop's inputs in a test: these events and channel, no shutdown
    /// signal, no terminal to hand back on Ctrl-Z.
    fn test_inputs<S>(
        events: S,
        tx: UnboundedSender<Action>,
        rx: UnboundedReceiver<Action>,
    ) -> Inputs<S, std::future::Pending<()>> {
        Inputs {
            events,
            tx,
            rx,
            shutdown: std::future::pending(),
            suspend: None,
            run_program: None,
        }
    }
    use tokio::sync::mpsc::unbounded_channel;

    /// The real executor against the simulator with an empty fleet (`latency`
    /// per request), counting the fetches it is given.
    struct Simulated {
        executor: crate::exec::ApiExecutor,
        fetched: usize,
        _sim: crate::sim::SimHandle,
    }

    impl Simulated {
        async fn start(latency: Duration) -> Self {
            let sim = crate::sim::spawn(crate::sim::SimConfig {
                latency,
                fleet: Some(0),
                ..crate::sim::SimConfig::fast()
            })
            .await
            .unwrap();
            let mut config = crate::api::ClientConfig::new(crate::api::SecretKey::new("k"));
            config.api_url = sim.base_url();
            let client = crate::api::Client::new(config).unwrap();
            Simulated {
                executor: crate::exec::ApiExecutor::new(client, Box::new(|_| Ok(()))),
                fetched: 0,
                _sim: sim,
            }
        }
    }

    impl Executor for Simulated {
        fn execute(&mut self, effect: Effect, tx: &UnboundedSender<Action>) {
            if matches!(effect, Effect::Fetch { .. }) {
                self.fetched += 1;
            }
            self.executor.execute(effect, tx);
        }
    }

    /// An executor whose requests never answer (a network that hangs): the
    /// keys alone are tested.
    struct Unanswered;

    impl Executor for Unanswered {
        fn execute(&mut self, _effect: Effect, _tx: &UnboundedSender<Action>) {}
    }

    /// `first`, then `q` after `after` (the loop handles what arrived meanwhile).
    fn keys_then_quit(
        first: Option<char>,
        after: Duration,
    ) -> futures::stream::BoxStream<'static, io::Result<Event>> {
        let key = |c| {
            Ok(Event::Key(KeyEvent::new(
                KeyCode::Char(c),
                KeyModifiers::NONE,
            )))
        };
        futures::stream::iter(first.map(key))
            .chain(futures::stream::once(async move {
                tokio::time::sleep(after).await;
                key('q')
            }))
            .chain(futures::stream::pending())
            .boxed()
    }

    #[tokio::test]
    async fn loop_loads_draws_and_quits_on_q() {
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        let mut state = State::new(Options::default());
        let mut exec = Simulated::start(Duration::ZERO).await;
        let (tx, rx) = unbounded_channel();
        // `q` comes once the loop has had ample time to take the answers in.
        let events = keys_then_quit(None, Duration::from_millis(1500));
        let inputs = test_inputs(events, tx, rx);
        run(&mut terminal, &mut state, &mut exec, inputs)
            .await
            .unwrap();
        assert!(state.quit);
        assert!(exec.fetched >= 5, "one fetch per tab at start-up");
        assert!(state.tables.iter().all(|t| t.is_loaded()));
        let screen = format!("{:?}", terminal.backend().buffer());
        assert!(screen.contains("no servers in fr-par-1"), "{screen}");
    }

    #[tokio::test]
    async fn spawned_effects_answer_through_the_channel() {
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        let mut state = State::new(Options::default());
        // A slow network: every request answers after 200 ms.
        let mut exec = Simulated::start(Duration::from_millis(200)).await;
        let (tx, rx) = unbounded_channel();
        // `2` arrives while the fetches are out; `q` after they have answered.
        let events = keys_then_quit(Some('2'), Duration::from_millis(1500));
        let started = Instant::now();
        let inputs = test_inputs(events, tx, rx);
        run(&mut terminal, &mut state, &mut exec, inputs)
            .await
            .unwrap();
        assert_eq!(state.tab, crate::app::Tab::Volumes);
        assert!(state.tables.iter().all(|t| t.is_loaded()));
        assert!(started.elapsed() < Duration::from_secs(5));
    }

    /// A key source with the waker rule of crossterm 0.29's `EventStream`: the
    /// waker of the poll that starts a wait is the one woken when a key
    /// comes; polls during that wait do not replace it.
    #[derive(Clone, Default)]
    struct CrosstermLikeKeys(Arc<Mutex<KeyQueue>>);

    #[derive(Default)]
    struct KeyQueue {
        keys: VecDeque<Event>,
        waiting: Option<Waker>,
    }

    impl CrosstermLikeKeys {
        fn press(&self, c: char) {
            let waker = {
                let mut q = self.0.lock().unwrap();
                q.keys.push_back(Event::Key(KeyEvent::new(
                    KeyCode::Char(c),
                    KeyModifiers::NONE,
                )));
                q.waiting.take()
            };
            if let Some(w) = waker {
                w.wake();
            }
        }
    }

    impl Stream for CrosstermLikeKeys {
        type Item = io::Result<Event>;

        fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
            let mut q = self.0.lock().unwrap();
            match q.keys.pop_front() {
                Some(ev) => Poll::Ready(Some(Ok(ev))),
                None => {
                    if q.waiting.is_none() {
                        q.waiting = Some(cx.waker().clone());
                    }
                    Poll::Pending
                }
            }
        }
    }

    #[tokio::test]
    async fn every_key_is_handled_at_once_not_at_the_next_tick() {
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        let mut state = State::new(Options::default());
        let mut exec = Unanswered;
        let (tx, rx) = unbounded_channel();
        let keys = CrosstermLikeKeys::default();
        let typist = keys.clone();
        // Keys typed one by one; nothing else wakes the loop before its next
        // tick.
        let typed_q = tokio::spawn(async move {
            for c in ['2', '3'] {
                tokio::time::sleep(Duration::from_millis(100)).await;
                typist.press(c);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
            typist.press('q');
            Instant::now()
        });
        let inputs = test_inputs(keys, tx, rx);
        run(&mut terminal, &mut state, &mut exec, inputs)
            .await
            .unwrap();
        let quit_after = typed_q.await.unwrap().elapsed();
        assert!(state.quit);
        assert_eq!(state.tab, crate::app::Tab::SecurityGroups);
        assert!(
            quit_after < Duration::from_millis(500),
            "q was handled {quit_after:?} after it was typed"
        );
    }

    #[tokio::test]
    async fn shutdown_future_ends_the_loop() {
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        let mut state = State::new(Options::default());
        let mut exec = Unanswered;
        let (tx, rx) = unbounded_channel();
        let inputs = Inputs {
            events: futures::stream::pending::<io::Result<Event>>().boxed(),
            tx,
            rx,
            shutdown: tokio::time::sleep(Duration::from_millis(20)),
            suspend: None,
            run_program: None,
        };
        run(&mut terminal, &mut state, &mut exec, inputs)
            .await
            .unwrap();
        assert!(state.quit);
    }

    static SUSPENDED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

    fn count_suspend() -> io::Result<()> {
        SUSPENDED.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Ok(())
    }

    #[tokio::test]
    async fn ctrl_z_suspends_then_repaints_and_keys_still_work() {
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        let mut state = State::new(Options::default());
        let mut exec = Unanswered;
        let (tx, rx) = unbounded_channel();
        let key = |c| {
            Ok(Event::Key(KeyEvent::new(
                KeyCode::Char(c),
                KeyModifiers::NONE,
            )))
        };
        let events = futures::stream::iter([Ok(suspend_key()), key('3'), key('q')])
            .then(|e| async move {
                tokio::time::sleep(Duration::from_millis(30)).await;
                e
            })
            .chain(futures::stream::pending())
            .boxed();
        let inputs = Inputs {
            suspend: Some(count_suspend),
            ..test_inputs(events, tx, rx)
        };
        run(&mut terminal, &mut state, &mut exec, inputs)
            .await
            .unwrap();
        assert_eq!(SUSPENDED.load(std::sync::atomic::Ordering::SeqCst), 1);
        assert!(state.quit, "q after the resume is handled");
        assert_eq!(state.tab, crate::app::Tab::SecurityGroups);
    }
}
