//! The tab bar: one entry per registry entry with its count (shown/total when
//! a filter hides rows). Full titles when they fit, else short ones, else the
//! selected tab's short title and the numbers and counts of the others, else
//! only their numbers.

use ratatui::{Frame, layout::Rect, style::Style, text::Line, widgets::Paragraph};

use super::safe;

use crate::app::mouse::{Hits, Target};
use crate::app::{State, Tab};

/// One tab as the bar shows it.
struct Entry {
    title: &'static str,
    short_title: &'static str,
    count: String,
    selected: bool,
}

/// How much of the titles the bar shows.
#[derive(Clone, Copy, PartialEq)]
enum Titles {
    Full,
    Short,
    /// Only the selected tab's short title; the others' numbers and counts.
    Selected,
    /// Only the selected tab's short title and count; the others' numbers.
    Numbers,
}

pub fn render(frame: &mut Frame, area: Rect, state: &State, hits: &mut Hits) {
    let entries: Vec<Entry> = Tab::ALL
        .iter()
        .map(|tab| {
            let t = state.table(*tab);
            // A view whose inputs changed while hidden is rebuilt when
            // shown: its last count is no longer known to be true.
            let count = if !t.is_loaded() || state.stale_views.contains(tab) {
                "…".to_string()
            } else if t.shown() != t.total() {
                format!("{}/{}", t.shown(), t.total())
            } else {
                t.total().to_string()
            };
            Entry {
                title: tab.about().title,
                short_title: tab.about().short_title,
                count,
                selected: *tab == state.tab,
            }
        })
        .collect();
    let style = |e: &Entry| {
        if e.selected {
            state.theme.badge(state.theme.accent)
        } else {
            Style::new()
        }
    };
    let mut spans = vec![safe::raw(" ")];
    let mut x = area.x.saturating_add(1);
    for ((tab, entry), label) in Tab::ALL
        .iter()
        .zip(&entries)
        .zip(labels(&entries, usize::from(area.width)))
    {
        let span = safe::styled(label, style(entry));
        let width = span.width() as u16;
        hits.record(
            Rect::new(x, area.y, width, 1).intersection(area),
            Target::Tab(*tab),
        );
        x = x.saturating_add(width).saturating_add(1);
        spans.push(span);
        spans.push(safe::raw(" "));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Each entry's label (" 2 Volumes 8 "), with as much of the titles as fits
/// in `width` (the bar starts with a space and a space follows each label).
fn labels(entries: &[Entry], width: usize) -> Vec<String> {
    let at = |titles: Titles| -> Vec<String> {
        entries
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let n = i + 1;
                match (titles, e.selected) {
                    (Titles::Full, _) => format!(" {n} {} {} ", e.title, e.count),
                    (Titles::Short, _) | (Titles::Selected | Titles::Numbers, true) => {
                        format!(" {n} {} {} ", e.short_title, e.count)
                    }
                    (Titles::Selected, false) => format!(" {n} {} ", e.count),
                    (Titles::Numbers, false) => format!(" {n} "),
                }
            })
            .collect()
    };
    // The leading space, each label and the space after it.
    let fits = |labels: &[String]| {
        labels
            .iter()
            .map(|l| unicode_width::UnicodeWidthStr::width(l.as_str()) + 1)
            .sum::<usize>()
            < width
    };
    [Titles::Full, Titles::Short, Titles::Selected]
        .into_iter()
        .map(at)
        .find(|l| fits(l))
        .unwrap_or_else(|| at(Titles::Numbers))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(
        titles: &[(&'static str, &'static str)],
        selected: usize,
        count: &str,
    ) -> Vec<Entry> {
        titles
            .iter()
            .enumerate()
            .map(|(i, (title, short_title))| Entry {
                title,
                short_title,
                count: count.to_string(),
                selected: i == selected,
            })
            .collect()
    }

    fn width(labels: &[String]) -> usize {
        1 + labels.iter().map(|l| l.chars().count() + 1).sum::<usize>()
    }

    /// The five kinds and three views (cost, topology, events) as they are
    /// to be added: the bar still holds every tab at 80 columns with its
    /// number, the selected one with its title and count, the others with
    /// their counts while they fit.
    #[test]
    fn eight_tabs_fit_in_80_columns() {
        let titles = [
            ("Servers", "Servers"),
            ("Volumes", "Volumes"),
            ("Security groups", "SGs"),
            ("Private networks", "PNs"),
            ("VPCs", "VPCs"),
            ("Cost", "Cost"),
            ("Topology", "Topology"),
            ("Events", "Events"),
        ];
        for (count, every_count) in [("12", true), ("123/4567", false)] {
            for selected in 0..titles.len() {
                let labels = labels(&entries(&titles, selected, count), 80);
                assert!(width(&labels) <= 80, "{labels:?}");
                assert_eq!(labels.len(), 8);
                for (i, l) in labels.iter().enumerate() {
                    assert!(l.starts_with(&format!(" {} ", i + 1)), "{l:?}");
                    let counted = l.ends_with(&format!(" {count} "));
                    assert!(counted == (every_count || i == selected), "{labels:?}");
                }
                let title = titles[selected].1;
                assert!(labels[selected].contains(title), "{labels:?}");
            }
        }
    }

    #[test]
    fn titles_shorten_only_when_needed() {
        let titles = [("Security groups", "SGs"), ("VPCs", "VPCs")];
        let wide = labels(&entries(&titles, 1, "12"), 36);
        assert_eq!(wide, [" 1 Security groups 12 ", " 2 VPCs 12 "]);
        let short = labels(&entries(&titles, 1, "12"), 35);
        assert_eq!(short, [" 1 SGs 12 ", " 2 VPCs 12 "]);
        let counts = labels(&entries(&titles, 1, "12"), 20);
        assert_eq!(counts, [" 1 12 ", " 2 VPCs 12 "]);
        let least = labels(&entries(&titles, 1, "12"), 19);
        assert_eq!(least, [" 1 ", " 2 VPCs 12 "]);
    }
}
