//! The mouse: rendering records what is where (`Hits`, pure data), the event
//! loop names what a gesture landed on (`Action::Mouse`), and `on_mouse`
//! turns it into the commands the keys would run. Nothing here does I/O.

use std::time::{Duration, Instant};

use ratatui::layout::Rect;

use crate::api::locality::ZoneScope;
use crate::keymap::Command;

use super::{Effect, Mode, State, Tab, keys, modes};

/// Something on screen a click or the wheel can act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Tab(Tab),
    Zone(ZoneScope),
    /// The zone bar when too narrow to list the zones: opens the picker.
    ZoneBar,
    /// A table row, by its position in the filtered, sorted view.
    Row(usize),
    /// The details pane below the table.
    Details,
    /// An entry of the open menu (power, delete/detach, zones).
    MenuEntry(usize),
}

/// What the mouse did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gesture {
    /// The left button went down.
    Click,
    WheelUp,
    WheelDown,
}

/// Where each target was drawn in the last frame; later entries are drawn
/// over earlier ones (a menu over the table), so they win.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hits {
    areas: Vec<(Rect, Target)>,
}

impl Hits {
    pub fn record(&mut self, area: Rect, target: Target) {
        if area.width > 0 && area.height > 0 {
            self.areas.push((area, target));
        }
    }

    /// The topmost target at column `x`, row `y`.
    pub fn at(&self, x: u16, y: u16) -> Option<Target> {
        let point = ratatui::layout::Position { x, y };
        self.areas
            .iter()
            .rev()
            .find(|(area, _)| area.contains(point))
            .map(|(_, t)| *t)
    }

    /// Every recorded area of `target` (for tests and scripts that click).
    pub fn area_of(&self, target: Target) -> Option<Rect> {
        self.areas
            .iter()
            .rev()
            .find(|(_, t)| *t == target)
            .map(|(a, _)| *a)
    }

    /// Forgets what a menu drew: the areas under it are what the next click
    /// hits once it is closed (until the next frame records afresh).
    pub fn clear(&mut self) {
        self.areas.clear();
    }
}

/// Two clicks on one row closer than this are a double click.
pub const DOUBLE_CLICK: Duration = Duration::from_millis(400);

/// Lines the wheel moves per notch.
const WHEEL_LINES: usize = 3;

/// The last click, to tell a double click.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LastClick {
    pub at: Instant,
    pub target: Target,
}

/// What a gesture on `target` (`None`: on nothing recorded) at `at` does.
pub fn on_mouse(
    state: &mut State,
    gesture: Gesture,
    target: Option<Target>,
    at: Instant,
) -> Vec<Effect> {
    match gesture {
        Gesture::WheelUp | Gesture::WheelDown => wheel(state, gesture, target),
        Gesture::Click => {
            let double = state.last_click.is_some_and(|c| {
                Some(c.target) == target && at.duration_since(c.at) < DOUBLE_CLICK
            });
            state.last_click = if double {
                None
            } else {
                target.map(|target| LastClick { at, target })
            };
            match target {
                Some(t) => click(state, t, double),
                None => Vec::new(),
            }
        }
    }
}

fn click(state: &mut State, target: Target, double: bool) -> Vec<Effect> {
    let in_menu = matches!(
        state.mode,
        Mode::PowerMenu(_)
            | Mode::Choose(_)
            | Mode::ZonePicker { .. }
            | Mode::BulkPowerMenu(_)
            | Mode::UsedBy(_)
    );
    match target {
        Target::MenuEntry(i) if in_menu => {
            match &mut state.mode {
                Mode::PowerMenu(m) => m.cursor = i,
                Mode::Choose(m) => m.cursor = i,
                Mode::ZonePicker { cursor } => *cursor = i,
                Mode::BulkPowerMenu(m) => m.cursor = i,
                Mode::UsedBy(m) => m.cursor = i,
                _ => {}
            }
            keys::command_in_mode(state, Some(Command::Accept))
        }
        // Behind an open dialog, the screen does not take clicks.
        _ if state.mode != Mode::Normal => Vec::new(),
        Target::Tab(tab) => {
            let n = u8::try_from(tab.index() + 1).unwrap_or(1);
            modes::normal::command(state, Command::Tab(n))
        }
        Target::Zone(scope) => modes::normal::set_zone(state, scope),
        Target::ZoneBar => modes::normal::command(state, Command::PickZone),
        Target::Row(i) => {
            let table = state.table_mut(state.tab);
            let delta = i as isize - table.cursor() as isize;
            table.move_by(delta);
            if !double {
                return Vec::new();
            }
            if let Some(effects) = super::jump::on_enter(state) {
                return effects;
            }
            // A double click opens the details: the pane when hidden, else
            // full screen.
            let command = if state.show_details {
                Command::DetailsFull
            } else {
                Command::Details
            };
            modes::normal::command(state, command)
        }
        Target::Details | Target::MenuEntry(_) => Vec::new(),
    }
}

fn wheel(state: &mut State, gesture: Gesture, target: Option<Target>) -> Vec<Effect> {
    let up = gesture == Gesture::WheelUp;
    let command = match (&state.mode, target) {
        (Mode::Normal, Some(Target::Details)) => {
            if up {
                Command::DetailsUp
            } else {
                Command::DetailsDown
            }
        }
        _ if up => Command::Up,
        _ => Command::Down,
    };
    let mut effects = Vec::new();
    for _ in 0..WHEEL_LINES {
        effects.extend(keys::command_in_mode(state, Some(command)));
    }
    effects
}
