//! Scrolling the details of the selected row, in the pane or full screen
//! (`f`). The scroll belongs to one row: selecting another starts at its top.
//! The heights come from `Viewport::split`, the same numbers the screen is
//! laid out by, so a scroll never runs past the last line.

use unicode_width::UnicodeWidthChar;

use super::details::Lines;
use super::{Mode, State};
use crate::text::display_width;

/// The scrolled row and how many lines are above the pane's top.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DetailsScroll {
    id: Option<String>,
    top: usize,
}

impl DetailsScroll {
    /// The first line shown for the row `id`.
    pub fn top_for(&self, id: Option<&str>) -> usize {
        if id.is_some() && self.id.as_deref() == id {
            self.top
        } else {
            0
        }
    }
}

/// The lines of the selected row's details (its id first), as the pane
/// shows them: values escaped, and wrapped to the terminal's width so no
/// value is cut at the edge. Empty when nothing is selected.
pub fn lines(state: &State) -> Lines {
    let Some(row) = state.current().selected() else {
        return Vec::new();
    };
    // A view's row id is its own (a tree path, a line's key): its details
    // name the resource's id themselves.
    let own_id = state
        .tab
        .api()
        .is_some()
        .then(|| ("id".to_string(), row.id().to_string()));
    let mut lines: Lines = own_id.into_iter().collect();
    // Joined across APIs from the inventory; test rows bring their own.
    lines
        .extend(super::details::lines(state, state.tab, row.id()).unwrap_or_else(|| row.details()));
    let label_w = lines
        .iter()
        .map(|(l, _)| display_width(l))
        .max()
        .unwrap_or(0);
    // " label  value" inside the full-screen frame (the narrower of the two).
    let width = usize::from(state.viewport.width).saturating_sub(label_w + 3 + 2);
    lines
        .into_iter()
        .flat_map(|(label, value)| {
            let value = crate::text::sanitize(&value).into_owned();
            wrap(&value, width)
                .into_iter()
                .enumerate()
                .map(move |(i, part)| (if i == 0 { label.clone() } else { String::new() }, part))
        })
        .collect()
}

/// `text` in pieces of at most `width` columns, broken after a space or a
/// comma where there is one; a width too small to be useful wraps nothing.
fn wrap(text: &str, width: usize) -> Vec<String> {
    if width < 10 || display_width(text) <= width {
        return vec![text.to_string()];
    }
    let mut parts = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    // Where `line` may be broken: the byte after its last space or comma.
    let mut last_break = None;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width {
            let rest = match last_break {
                Some(at) if at < line.len() => line.split_off(at),
                _ => String::new(),
            };
            parts.push(line.trim_end().to_string());
            used = display_width(&rest);
            line = rest;
            last_break = None;
        }
        line.push(c);
        used += w;
        if c == ' ' || c == ',' {
            last_break = Some(line.len());
        }
    }
    if !line.is_empty() {
        parts.push(line);
    }
    parts
}

/// Forgets the scroll once another row is selected, so coming back to a row
/// starts at its top too.
pub fn follow_selection(state: &mut State) {
    if state.details.id.as_deref() != state.current().selected_id() {
        state.details = DetailsScroll::default();
    }
}

/// How many lines of details are visible: in the pane below its top
/// border, or full screen inside its frame.
pub fn visible(state: &State) -> usize {
    let v = &state.viewport;
    let height = if state.mode == Mode::Details {
        v.split(0, false).0.saturating_sub(2)
    } else {
        v.split(state.current().shown(), state.show_details)
            .1
            .saturating_sub(1)
    };
    usize::from(height).max(1)
}

/// Scrolls the selected row's details by `delta` lines, kept between the
/// first line and the last page.
pub fn scroll_by(state: &mut State, delta: isize) {
    let id = state.current().selected_id().map(str::to_string);
    let most = lines(state).len().saturating_sub(visible(state));
    let top = state.details.top_for(id.as_deref());
    state.details = DetailsScroll {
        top: top.saturating_add_signed(delta).min(most),
        id,
    };
}

/// The lines above the top and below the bottom, for the "more" marks.
pub fn cut(state: &State, total: usize, visible: usize) -> (usize, usize) {
    let top = state
        .details
        .top_for(state.current().selected_id())
        .min(total.saturating_sub(visible));
    (top, total.saturating_sub(top + visible))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_values_wrap_at_spaces_and_commas() {
        assert_eq!(wrap("short", 20), ["short"]);
        assert_eq!(
            wrap("172.16.164.0/22,fd46:78ab:30b8:177c::/64", 20),
            ["172.16.164.0/22,", "fd46:78ab:30b8:177c:", ":/64"]
        );
        assert_eq!(
            wrap("inbound accept TCP 22 from 0.0.0.0/0", 16),
            ["inbound accept", "TCP 22 from", "0.0.0.0/0"]
        );
        assert_eq!(wrap("no room to wrap here", 5), ["no room to wrap here"]);
    }
}
