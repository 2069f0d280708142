//! Top line: app name, profile, zone bar (selected zone highlighted, failing
//! zones marked), and the DEMO / READ-ONLY / PAUSED badges with the refresh age.
//!
//! The line is a list of [`Segment`]s, each with its forms from widest to
//! narrowest. When the terminal is too narrow, the least important form on
//! the line gives way to its segment's next one (or the segment goes), until
//! the line fits. A new piece of the header is one more segment in
//! [`segments`], with the importance of each of its forms.

use ratatui::{
    Frame,
    layout::Rect,
    style::{Modifier, Style},
    text::{Line, Span},
    widgets::Paragraph,
};

use super::safe;

use crate::api::locality::{Zone, ZoneScope};
use crate::app::age::Age;
use crate::app::mouse::{Hits, Target};
use crate::app::{Locality, State};

/// A form that is never given up (the segment narrows to it at most).
const ALWAYS: u8 = u8::MAX;

/// Which end of the line a segment sits at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Left,
    Right,
}

/// Some text of the header and what a click on it does.
type Piece = (Span<'static>, Option<Target>);

/// One part of the header line.
struct Segment {
    side: Side,
    /// `(importance, pieces)` from the widest form to the narrowest; the
    /// least important form on the line is the first to give way.
    forms: Vec<(u8, Vec<Piece>)>,
}

impl Segment {
    fn new(side: Side) -> Self {
        Segment {
            side,
            forms: Vec::new(),
        }
    }

    /// Adds a narrower form, kept while nothing less important can give way.
    fn or(mut self, importance: u8, pieces: Vec<Piece>) -> Self {
        self.forms.push((importance, pieces));
        self
    }
}

fn pieces_width(pieces: &[Piece]) -> usize {
    pieces.iter().map(|(s, _)| s.width()).sum()
}

pub fn render(frame: &mut Frame, area: Rect, state: &State, hits: &mut Hits) {
    let segments = segments(state);
    let chosen = fit(&segments, usize::from(area.width));
    let mut left: Vec<&Piece> = Vec::new();
    let mut right: Vec<&Piece> = Vec::new();
    for (segment, form) in segments.iter().zip(&chosen) {
        let Some((_, pieces)) = form.and_then(|i| segment.forms.get(i)) else {
            continue;
        };
        match segment.side {
            Side::Left => left.extend(pieces),
            Side::Right => right.extend(pieces),
        }
    }
    let right_width: u16 = right.iter().map(|(s, _)| s.width() as u16).sum();
    let right_x = area.right().saturating_sub(right_width);
    for (start, pieces) in [(area.x, &left), (right_x, &right)] {
        let mut x = start;
        for (span, target) in pieces.iter() {
            let w = span.width() as u16;
            if let Some(target) = target {
                hits.record(Rect::new(x, area.y, w, 1).intersection(area), *target);
            }
            x = x.saturating_add(w);
        }
    }
    let line = |pieces: &[&Piece]| {
        let spans: Vec<Span> = pieces.iter().map(|(s, _)| s.clone()).collect();
        Line::from(spans)
    };
    frame.render_widget(Paragraph::new(line(&left)), area);
    let right_area = Rect::new(right_x, area.y, right_width.min(area.width), 1);
    frame.render_widget(Paragraph::new(line(&right)), right_area);
}

/// Which form of each segment the line shows (`None`: dropped) in `width`
/// columns: every segment at its widest, then the least important form
/// on the line gives way, again and again, until the line fits (a segment
/// keeps its last form when that one is marked [`ALWAYS`]).
fn fit(segments: &[Segment], width: usize) -> Vec<Option<usize>> {
    let mut chosen: Vec<Option<usize>> = segments
        .iter()
        .map(|s| (!s.forms.is_empty()).then_some(0))
        .collect();
    let total = |chosen: &[Option<usize>]| -> usize {
        segments
            .iter()
            .zip(chosen)
            .filter_map(|(s, c)| c.and_then(|i| s.forms.get(i)))
            .map(|(_, p)| pieces_width(p))
            .sum()
    };
    // What gave way, in order: the step back from each, most important
    // first, is taken again where the line still fits (the zone bar going
    // compact can leave room for the profile that went before it).
    let mut steps: Vec<(usize, usize)> = Vec::new();
    while total(&chosen) > width {
        let weakest = segments
            .iter()
            .zip(&chosen)
            .enumerate()
            .filter_map(|(n, (s, c))| {
                let i = (*c)?;
                let (importance, _) = s.forms.get(i)?;
                let last = i + 1 == s.forms.len();
                (*importance != ALWAYS || !last).then_some((*importance, n))
            })
            .min();
        let Some((_, n)) = weakest else {
            break;
        };
        if let Some(i) = chosen[n] {
            steps.push((n, i));
        }
        chosen[n] = chosen[n]
            .map(|i| i + 1)
            .filter(|i| *i < segments[n].forms.len());
    }
    for (n, from) in steps.into_iter().rev() {
        let now = chosen[n];
        if now.is_none_or(|i| i == from + 1) {
            chosen[n] = Some(from);
            if total(&chosen) > width {
                chosen[n] = now;
            }
        }
    }
    chosen
}

/// The header's segments, in order on their side. Importances: the full
/// zone names go first, then the long refresh age, the cost's detail, the
/// short zone names, the profile, the app's name, "refresh failing since",
/// the age, the cost's total; the badges and the chosen zone stay.
fn segments(state: &State) -> Vec<Segment> {
    let theme = &state.theme;
    let text = |s: String, style: Style| (safe::styled(s, style), None);
    let mut segments = vec![
        Segment::new(Side::Left).or(55, vec![text(" scwdash ".into(), theme.header())]),
        Segment::new(Side::Left).or(
            52,
            vec![text(format!(" profile:{}", state.profile), theme.muted())],
        ),
        zone_bar(state),
    ];
    segments.extend(cost(state));
    let mut badges = Vec::new();
    if state.demo {
        badges.push((" DEMO ", theme.badge(theme.demo)));
    }
    if state.read_only {
        badges.push((" READ-ONLY ", theme.badge(theme.accent)));
    }
    if state.paused {
        badges.push((" PAUSED ", theme.badge(theme.stopped)));
    }
    for (label, style) in badges {
        segments.push(Segment::new(Side::Right).or(
            ALWAYS,
            vec![text(label.into(), style), text(" ".into(), Style::new())],
        ));
    }
    // "8 marked": while the tab has marks, always; with marks in zones not
    // shown, how many, while there is room.
    let marked = state.marks.count(state.tab);
    if marked > 0 {
        let style = theme.badge(theme.accent);
        let space = || text(" ".into(), Style::new());
        let mut segment = Segment::new(Side::Right);
        let outside = crate::app::marks::outside_scope(state, state.tab);
        if outside > 0 {
            let long = format!(" {marked} marked, {outside} outside {} ", state.zone);
            segment = segment.or(45, vec![text(long, style), space()]);
        }
        segments.push(segment.or(
            ALWAYS,
            vec![text(format!(" {marked} marked "), style), space()],
        ));
    }
    // "3 changes since 14:03" (`events`): what changed while away.
    if let Some(words) = state.events.away_words() {
        let style = Style::new().fg(theme.accent);
        let count = words
            .split(" since ")
            .next()
            .unwrap_or_default()
            .to_string();
        segments.push(
            Segment::new(Side::Right)
                .or(45, vec![text(format!("{words} "), style)])
                .or(35, vec![text(format!("{count} "), style)]),
        );
    }
    // Ages as shown ("12s", "3m"): what a tick compares (`age::TimeShown`).
    segments.push(match state.refresh_failing_for().map(Age::of) {
        Some(age) => {
            let style = Style::new().fg(theme.error);
            Segment::new(Side::Right)
                .or(
                    58,
                    vec![text(format!("refresh failing since {age} ago "), style)],
                )
                .or(80, vec![text(format!("failing {age} "), style)])
        }
        None => match state.refreshed_ago().map(Age::of) {
            Some(age) => {
                let mut segment = Segment::new(Side::Right);
                // A large fleet is listed less often: how often is worth
                // more than most of the line (without it, "refreshed 40s
                // ago" looks stuck).
                if let Some(every) = state.stretched_interval() {
                    let every = Age::of(every.as_secs());
                    let wide = format!("refreshed {age} ago · every {every} ");
                    segment = segment.or(45, vec![text(wide, theme.muted())]);
                }
                segment
                    .or(
                        40,
                        vec![text(format!("refreshed {age} ago "), theme.muted())],
                    )
                    .or(60, vec![text(format!("{age} ago "), theme.muted())])
            }
            None => Segment::new(Side::Right).or(60, vec![text("loading… ".into(), theme.muted())]),
        },
    });
    segments
}

/// The zone bar: every zone by its full name, by its short name, or only
/// the chosen one (a click there opens the zone picker); each piece with
/// what a click on it chooses.
fn zone_bar(state: &State) -> Segment {
    let theme = &state.theme;
    let failing = |z: Zone| {
        state.locality_errors.contains_key(&Locality::Zone(z))
            || state
                .locality_errors
                .contains_key(&Locality::Region(z.region()))
    };
    let entries: Vec<(Option<Zone>, bool)> = Zone::ALL
        .iter()
        .map(|z| (Some(*z), state.zone == ZoneScope::One(*z)))
        .chain([(None, state.zone == ZoneScope::All)])
        .collect();
    let short = |z: Zone| {
        let s = z.as_str();
        // "fr-par-1" -> "par1"
        format!("{}{}", &s[3..6], &s[7..])
    };
    let mut segment = Segment::new(Side::Left);
    for (importance, full) in [(30, true), (50, false)] {
        let mut pieces = vec![(safe::styled(" zone:", theme.muted()), None)];
        for (zone, selected) in &entries {
            let mut name = match zone {
                Some(z) if full => z.as_str().to_string(),
                Some(z) => short(*z),
                None => "all".to_string(),
            };
            let bad = zone.is_some_and(failing);
            if bad {
                name.push('!');
            }
            let style = if *selected {
                theme.badge(theme.accent)
            } else if bad {
                theme.error_text()
            } else {
                Style::new()
            };
            let scope = zone.map_or(ZoneScope::All, ZoneScope::One);
            pieces.push((
                safe::styled(format!(" {name} "), style),
                Some(Target::Zone(scope)),
            ));
        }
        segment = segment.or(importance, pieces);
    }
    // Only the chosen zone: "▾" says a click (or z) opens the list.
    let errors = Zone::ALL.iter().filter(|z| failing(**z)).count();
    let bar = Some(Target::ZoneBar);
    let mut pieces = vec![
        (safe::styled(" zone:", theme.muted()), bar),
        (
            safe::styled(
                format!(" {} ▾ ", state.zone),
                theme.badge(theme.accent).add_modifier(Modifier::BOLD),
            ),
            bar,
        ),
    ];
    if errors > 0 {
        pieces.push((
            safe::styled(format!(" {errors} failing "), theme.error_text()),
            bar,
        ));
    }
    segment.or(ALWAYS, pieces)
}

/// The fleet's cost in scope: "€0.84/h €614/mo + vol €120/mo", narrowing
/// to the month's total "€734/mo". None before the servers are loaded (a
/// total of nothing would read €0).
fn cost(state: &State) -> Option<Segment> {
    if !state.table(crate::app::Tab::Servers).is_loaded() {
        return None;
    }
    let theme = &state.theme;
    let t = state.inventory.joins.costs.totals;
    let money = |s: String| (safe::styled(s, Style::new().fg(theme.accent)), None);
    let words = |s: &str| (safe::styled(s, theme.muted()), None);
    let full = vec![
        money(t.hourly.show_with(|eur| format!("€{eur:.2}"))),
        words("/h "),
        money(t.compute.rounded()),
        words("/mo + vol "),
        money(t.volumes.rounded()),
        words("/mo  "),
    ];
    let total = vec![money(t.monthly().rounded()), words("/mo  ")];
    Some(Segment::new(Side::Right).or(45, full).or(62, total))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segment(forms: &[(u8, usize)]) -> Segment {
        forms.iter().fold(Segment::new(Side::Left), |s, (i, w)| {
            s.or(*i, vec![(safe::raw(" ".repeat(*w)), None)])
        })
    }

    #[test]
    fn the_least_important_form_gives_way_first() {
        let segments = vec![
            segment(&[(30, 20), (50, 10), (ALWAYS, 4)]),
            segment(&[(35, 8)]),
            segment(&[(ALWAYS, 6)]),
        ];
        assert_eq!(fit(&segments, 34), [Some(0), Some(0), Some(0)]);
        // Too narrow for the widest form: it narrows before the 35 goes.
        assert_eq!(fit(&segments, 33), [Some(1), Some(0), Some(0)]);
        assert_eq!(fit(&segments, 23), [Some(1), None, Some(0)]);
        assert_eq!(fit(&segments, 12), [Some(2), None, Some(0)]);
        // The narrowest form can leave room for what went before it.
        let segments = vec![
            segment(&[(30, 20), (50, 15), (ALWAYS, 4)]),
            segment(&[(35, 8)]),
            segment(&[(ALWAYS, 6)]),
        ];
        assert_eq!(fit(&segments, 19), [Some(2), Some(0), Some(0)]);
        // What is always kept stays, even past the edge.
        assert_eq!(fit(&segments, 2), [Some(2), None, Some(0)]);
    }
}
