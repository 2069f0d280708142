//! The resource table: header with the sort arrow, a note of hidden columns
//! and of the scroll position, only the visible rows, state cells coloured
//! (spinner on transitions), the selection highlighted. Column widths follow
//! the visible rows' content: nothing is cut while space is free, a cut cell
//! ends in `…`, and a screen too narrow drops the least useful columns first.

use std::borrow::Cow;

use ratatui::{
    Frame,
    layout::{Constraint, Rect},
    style::Style,
    widgets::{Cell, Paragraph, Row, Table, TableState},
};
use unicode_width::UnicodeWidthChar;

use super::safe;
use crate::app::mouse::{Hits, Target};
use crate::app::{Column, State, TableModel};
use crate::text::display_width;
use crate::theme::RowClass;

/// Space between columns; `WIDE_GAP` when everything fits with it.
const GAP: u16 = 1;
const WIDE_GAP: u16 = 2;
/// The selection marker's column.
const MARKER: u16 = 1;
/// The column of the marks (`*`), shown while the tab has marked rows.
const MARKED: &str = "*";
/// In the selection marker's column, on a row a refresh just changed.
const CHANGED: &str = "Δ";

/// How the columns share the table's width.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fit {
    /// Indices into the columns, in display order.
    pub shown: Vec<usize>,
    /// The width of each shown column; the last one also takes what is left.
    pub widths: Vec<u16>,
    pub gap: u16,
    /// How many columns were dropped for lack of width.
    pub hidden: usize,
}

/// What a column needs: its widest visible cell or title (`natural`), and
/// the narrowest it is shown at before it is dropped (`least`: its declared
/// width, never less than its title).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Need {
    pub natural: u16,
    pub title: u16,
    pub least: u16,
}

impl Need {
    pub fn new(column: &Column, title: u16, widest_cell: u16) -> Need {
        let natural = title.max(widest_cell);
        Need {
            natural,
            title,
            least: natural.min(column.width.max(title)),
        }
    }
}

/// Shares `width` out among `columns`. Columns are dropped, highest
/// `priority` number first (the later one first on a tie), while even their
/// narrowest widths do not fit; priority 0 and the sort column (`keep`) are
/// never dropped. `note(hidden)` is the width of the header's note, which
/// must fit after the last column's title. Cells are cut only when the
/// natural widths do not fit, the widest first.
pub fn fit(
    columns: &[Column],
    needs: &[Need],
    keep: Option<usize>,
    width: u16,
    note: impl Fn(usize) -> u16,
) -> Fit {
    let avail = width.saturating_sub(MARKER);
    let mut shown: Vec<usize> = (0..columns.len()).collect();
    // The last column's title must leave room for the note after it.
    let last_least = |shown: &[usize], note_w: u16| -> u16 {
        shown.last().map_or(0, |&i| {
            let n = needs[i];
            let with_note = if note_w > 0 { n.title + 1 + note_w } else { 0 };
            n.least.max(with_note)
        })
    };
    let gaps = |shown: &[usize], gap: u16| gap * (shown.len().saturating_sub(1) as u16);
    loop {
        let note_w = note(columns.len() - shown.len());
        let least: u16 = shown[..shown.len().saturating_sub(1)]
            .iter()
            .map(|&i| needs[i].least)
            .sum::<u16>()
            + last_least(&shown, note_w)
            + gaps(&shown, GAP);
        if least <= avail {
            break;
        }
        let drop = shown
            .iter()
            .enumerate()
            .filter(|(_, i)| columns[**i].priority > 0 && Some(**i) != keep)
            .max_by_key(|(pos, i)| (columns[**i].priority, *pos))
            .map(|(pos, _)| pos);
        match drop {
            Some(pos) => {
                shown.remove(pos);
            }
            None => break,
        }
    }
    let hidden = columns.len() - shown.len();
    let note_w = note(hidden);
    let n = shown.len();
    let mut least: Vec<u16> = shown.iter().map(|&i| needs[i].least).collect();
    let mut natural: Vec<u16> = shown.iter().map(|&i| needs[i].natural).collect();
    if let (Some(l), Some(nat)) = (least.last_mut(), natural.last_mut()) {
        *l = last_least(&shown, note_w);
        *nat = (*nat).max(*l);
    }
    let total_natural: u16 = natural.iter().sum();
    let gap = if total_natural + gaps(&shown, WIDE_GAP) <= avail {
        WIDE_GAP
    } else {
        GAP
    };
    let target = avail.saturating_sub(gaps(&shown, gap));
    let widths = if total_natural <= target {
        natural
    } else {
        share(&least, &natural, target)
    };
    debug_assert_eq!(widths.len(), n);
    Fit {
        shown,
        widths,
        gap,
        hidden,
    }
}

/// Cuts the widest columns to a common cap so the widths add up to `target`
/// (never below `least`; a screen narrower than the least widths keeps them).
fn share(least: &[u16], natural: &[u16], target: u16) -> Vec<u16> {
    let at_cap = |cap: u16| -> Vec<u16> {
        least
            .iter()
            .zip(natural)
            .map(|(&l, &n)| n.min(cap).max(l))
            .collect()
    };
    let sum = |w: &[u16]| w.iter().map(|&x| u32::from(x)).sum::<u32>();
    let target32 = u32::from(target);
    let (mut lo, mut hi) = (0u16, natural.iter().copied().max().unwrap_or(0));
    while lo < hi {
        let mid = lo + (hi - lo).div_ceil(2);
        if sum(&at_cap(mid)) <= target32 {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let mut widths = at_cap(lo);
    // What the integer cap left over goes to the cut columns, left first.
    let mut left = target32.saturating_sub(sum(&widths));
    for (w, &n) in widths.iter_mut().zip(natural) {
        if left == 0 {
            break;
        }
        if *w < n {
            *w += 1;
            left -= 1;
        }
    }
    widths
}

/// `text` cut to `width` terminal columns, ending in `…` when cut.
pub fn clip(text: &str, width: u16) -> Cow<'_, str> {
    let width = usize::from(width);
    if display_width(text) <= width {
        return Cow::Borrowed(text);
    }
    if width == 0 {
        return Cow::Borrowed("");
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    Cow::Owned(out)
}

/// The header's note: how many columns are hidden, which rows are shown;
/// `short` ("+2 · 14-26/43") where the long words would cost a column.
pub fn header_note(hidden: usize, rows: Option<(usize, usize, usize)>, short: bool) -> String {
    let mut parts = Vec::new();
    if hidden > 0 {
        parts.push(if short {
            format!("+{hidden}")
        } else {
            format!("+{hidden} hidden")
        });
    }
    if let Some((first, last, of)) = rows {
        parts.push(if short {
            format!("{first}-{last}/{of}")
        } else {
            format!("{first}-{last} of {of}")
        });
    }
    parts.join(" · ")
}

pub fn render(frame: &mut Frame, area: Rect, state: &State, hits: &mut Hits) {
    let model: &TableModel = state.current();
    let theme = &state.theme;
    if !model.is_loaded() || model.shown() == 0 {
        let text = if !model.is_loaded() {
            format!(
                "{} loading {}…",
                state.spinner(),
                state.tab.title().to_lowercase()
            )
        } else if let Some(problem) = model.filter_problem() {
            problem.describe(&state.tab.title().to_lowercase())
        } else if model.total() > 0 {
            format!(
                "no row matches the filter \"{}\" (Esc clears it)",
                model.filter()
            )
        } else if state.tab.api().is_none() {
            // A view (the events) is not listed zone by zone.
            format!("no {} yet", state.tab.title().to_lowercase())
        } else {
            format!("no {} in {}", state.tab.title().to_lowercase(), state.zone)
        };
        frame.render_widget(Paragraph::new(safe::line_styled(text, theme.muted())), area);
        return;
    }
    let columns = model.columns();
    let sort = model.sort();
    let page = usize::from(area.height.saturating_sub(1)).max(1);
    // The model keeps the cursor inside its page; clamp again in case the
    // screen shrank since (rendering never writes the state).
    let cursor = model.cursor();
    let mut offset = model.offset().min(cursor);
    if cursor >= offset + page {
        offset = cursor + 1 - page;
    }
    // Under the header line, one line per visible row: a click selects it.
    let visible = page.min(model.shown().saturating_sub(offset));
    for (i, y) in (area.y + 1..area.bottom()).take(visible).enumerate() {
        hits.record(Rect::new(area.x, y, area.width, 1), Target::Row(offset + i));
    }
    let spinner = state.spinner();
    // Rows a refresh just changed (`events`), highlighted a few seconds.
    let changed: Vec<bool> = model
        .window(offset, page)
        .map(|row| state.events.highlighted(row.id(), state.now))
        .collect();
    // Every cell of the visible rows, once: widths and the rows come from these.
    let cells: Vec<Vec<(String, Option<RowClass>)>> = model
        .window(offset, page)
        .map(|row| {
            // An action in flight shows on its row before the API reports it.
            let busy = state.busy.get(row.id());
            let class = match busy {
                Some(mark) if mark.failed => RowClass::Error,
                Some(_) => RowClass::Transitional,
                None => row.class(),
            };
            columns
                .iter()
                .map(|c| {
                    // Names and tags come from the network: shown escaped.
                    let cell = row.cell(c.id);
                    let text = crate::text::sanitize(&cell);
                    if !c.is_state {
                        return (text.into_owned(), None);
                    }
                    let text = match busy {
                        Some(mark) if mark.failed => "✗ failed".to_string(),
                        Some(mark) => format!("{spinner} {}…", mark.label),
                        None if class == RowClass::Transitional => format!("{spinner} {text}"),
                        None => text.into_owned(),
                    };
                    (text, Some(class))
                })
                .collect()
        })
        .collect();
    let titles: Vec<String> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if sort.column == i {
                format!("{}{}", c.title, if sort.descending { "▼" } else { "▲" })
            } else {
                c.title.to_string()
            }
        })
        .collect();
    let needs: Vec<Need> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let widest = cells
                .iter()
                .map(|r| display_width(&r[i].0))
                .max()
                .unwrap_or(0);
            Need::new(
                c,
                display_width(&titles[i]) as u16,
                u16::try_from(widest).unwrap_or(u16::MAX),
            )
        })
        .collect();
    let shown_rows = model.shown();
    let position =
        (shown_rows > page).then(|| (offset + 1, (offset + page).min(shown_rows), shown_rows));
    let note_for = |short: bool| {
        move |hidden: usize| header_note(hidden, position, short).chars().count() as u16
    };
    // Marked rows carry `*` in a column of their own while the tab has marks.
    let marking = state.marks.count(state.tab) > 0;
    let mark_room = if marking { 1 + WIDE_GAP } else { 0 };
    let fit_with = |short: bool| {
        fit(
            columns,
            &needs,
            Some(sort.column).filter(|&i| i < columns.len()),
            area.width.saturating_sub(mark_room),
            note_for(short),
        )
    };
    // The note's words never cost a column: hiding one makes the note
    // longer, which could hide the next while the rows had room for it.
    let (fit, short_note) = match (fit_with(false), fit_with(true)) {
        (long, short) if short.hidden < long.hidden => (short, true),
        (long, _) => (long, false),
    };
    let mark_width = if marking { 1 + fit.gap } else { 0 };
    let last_width = area
        .width
        .saturating_sub(MARKER)
        .saturating_sub(mark_width)
        .saturating_sub(
            fit.widths[..fit.widths.len().saturating_sub(1)]
                .iter()
                .sum(),
        )
        .saturating_sub(fit.gap * (fit.widths.len().saturating_sub(1) as u16));
    let width_of = |n: usize| {
        if n + 1 == fit.shown.len() {
            last_width
        } else {
            fit.widths[n]
        }
    };
    // The cells before the row's own: its mark, while the tab has marks.
    let cells_before = |marked: bool| {
        marking.then(|| {
            Cell::from(safe::styled(
                if marked { MARKED } else { "" },
                theme.header(),
            ))
        })
    };
    let header = Row::new(
        cells_before(false).into_iter().chain(
            fit.shown
                .iter()
                .enumerate()
                .map(|(n, &i)| Cell::from(safe::raw(clip(&titles[i], width_of(n))))),
        ),
    )
    .style(theme.header());
    let marked: Vec<bool> = model
        .window(offset, page)
        .map(|r| marking && state.marks.is_marked(state.tab, r.id()))
        .collect();
    let changed_style = Style::new()
        .fg(theme.accent)
        .add_modifier(ratatui::style::Modifier::BOLD);
    let rows = cells
        .iter()
        .zip(marked)
        .zip(&changed)
        .map(|((row, marked), &changed)| {
            let cells = Row::new(cells_before(marked).into_iter().chain(
                fit.shown.iter().enumerate().map(|(n, &i)| {
                    let (text, class) = &row[i];
                    let text = clip(text, width_of(n)).into_owned();
                    match class {
                        Some(class) => Cell::from(safe::styled(text, theme.class_style(*class))),
                        None => Cell::from(safe::raw(text)),
                    }
                }),
            ));
            if changed {
                cells.style(changed_style)
            } else {
                cells
            }
        });
    let widths: Vec<Constraint> = marking
        .then_some(Constraint::Length(1))
        .into_iter()
        .chain((0..fit.shown.len()).map(|n| {
            if n + 1 == fit.shown.len() {
                Constraint::Fill(1)
            } else {
                Constraint::Length(fit.widths[n])
            }
        }))
        .collect();
    let table = Table::new(rows, widths)
        .header(header)
        .column_spacing(fit.gap)
        .row_highlight_style(theme.selected())
        .highlight_symbol(">")
        .highlight_spacing(ratatui::widgets::HighlightSpacing::Always)
        .style(Style::new());
    let mut ts = TableState::default().with_selected(Some(cursor - offset));
    frame.render_stateful_widget(table, area, &mut ts);
    // A changed row says so where the selection marker goes (seen without
    // colour too); the selected row keeps its marker, and its bold.
    for (i, _) in changed.iter().enumerate().filter(|(_, c)| **c) {
        if offset + i != cursor {
            let at = Rect::new(area.x, area.y + 1 + i as u16, 1, 1).intersection(area);
            frame.render_widget(Paragraph::new(safe::styled(CHANGED, changed_style)), at);
        }
    }
    let note = header_note(fit.hidden, position, short_note);
    if !note.is_empty() {
        let w = (note.chars().count() as u16).min(area.width);
        let at = Rect::new(area.x + area.width - w, area.y, w, 1);
        frame.render_widget(Paragraph::new(safe::line_styled(note, theme.muted())), at);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn needs(cols: &[Column], cells: &[u16]) -> Vec<Need> {
        cols.iter()
            .zip(cells)
            .map(|(c, &w)| Need::new(c, c.title.chars().count() as u16, w))
            .collect()
    }

    fn ids(cols: &[Column], fit: &Fit) -> Vec<&'static str> {
        fit.shown.iter().map(|&i| cols[i].id).collect()
    }

    #[test]
    fn narrow_screens_drop_the_least_useful_columns_first() {
        let cols = crate::app::Tab::Servers.columns();
        let cells: Vec<u16> = cols.iter().map(|c| c.width).collect();
        let n = needs(&cols, &cells);
        let all = fit(&cols, &n, Some(0), 200, |_| 0);
        assert_eq!(all.shown.len(), cols.len());
        assert_eq!(all.hidden, 0);
        // Tags go before private networks, which go before the public IP,
        // which goes before the price.
        let narrow = fit(&cols, &n, Some(0), 100, |_| 0);
        let shown = ids(&cols, &narrow);
        assert!(!shown.contains(&"tags"), "{shown:?}");
        assert!(shown.contains(&"private_nets"), "{shown:?}");
        let narrower = fit(&cols, &n, Some(0), 90, |_| 0);
        let shown = ids(&cols, &narrower);
        assert!(!shown.contains(&"private_nets"), "{shown:?}");
        assert!(shown.contains(&"public_ip"), "{shown:?}");
        assert_eq!(narrower.hidden, cols.len() - shown.len());
        let shown = ids(&cols, &fit(&cols, &n, Some(0), 80, |_| 0));
        assert!(!shown.contains(&"public_ip"), "{shown:?}");
        assert!(shown.contains(&"price"), "{shown:?}");
        let tiny = fit(&cols, &n, Some(0), 10, |_| 0);
        assert_eq!(ids(&cols, &tiny), ["name", "state"], "priority 0 stays");
    }

    #[test]
    fn the_sort_column_is_never_dropped() {
        let cols = crate::app::Tab::Servers.columns();
        let tags = cols.iter().position(|c| c.id == "tags").unwrap();
        let cells: Vec<u16> = cols.iter().map(|c| c.width).collect();
        let f = fit(&cols, &needs(&cols, &cells), Some(tags), 80, |_| 0);
        assert!(ids(&cols, &f).contains(&"tags"));
    }

    #[test]
    fn nothing_is_cut_while_space_is_free() {
        let cols = vec![
            Column::new("name", "NAME", 10, 0),
            Column::new("state", "STATE", 8, 0),
            Column::new("tags", "TAGS", 6, 1),
        ];
        // "Default security group" is 22 wide, over the declared 10.
        let f = fit(&cols, &needs(&cols, &[22, 16, 4]), None, 80, |_| 0);
        assert_eq!(f.widths, [22, 16, 4]);
        assert_eq!(f.gap, WIDE_GAP);
        // 1 + 22 + 16 + 4 + 2 gaps: cut the widest first, to a common cap.
        let f = fit(&cols, &needs(&cols, &[22, 16, 4]), None, 40, |_| 0);
        assert_eq!(f.gap, GAP);
        assert_eq!(f.widths.iter().sum::<u16>(), 40 - 1 - 2);
        assert_eq!(f.widths, [17, 16, 4]);
        let f = fit(&cols, &needs(&cols, &[22, 16, 4]), None, 30, |_| 0);
        assert_eq!(f.widths, [12, 11, 4]);
    }

    #[test]
    fn the_header_note_fits_after_the_last_title() {
        let cols = vec![
            Column::new("name", "NAME", 10, 0),
            Column::new("tags", "TAGS", 4, 1),
        ];
        let n = needs(&cols, &[10, 4]);
        // 1 + 10 + 1 + "TAGS" + 1 + note of 20 = 37: tags is dropped at 36.
        assert_eq!(fit(&cols, &n, None, 37, |_| 20).shown.len(), 2);
        assert_eq!(fit(&cols, &n, None, 36, |_| 20).shown.len(), 1);
    }

    #[test]
    fn cut_cells_end_in_an_ellipsis() {
        assert_eq!(clip("Default security group", 22), "Default security group");
        assert_eq!(clip("Default security group", 10), "Default s…");
        assert_eq!(clip("日本語", 4), "日…");
        assert_eq!(clip("abc", 0), "");
        assert_eq!(
            header_note(2, Some((14, 26, 43)), false),
            "+2 hidden · 14-26 of 43"
        );
        assert_eq!(header_note(2, Some((14, 26, 43)), true), "+2 · 14-26/43");
        assert_eq!(header_note(0, None, false), "");
    }
}
