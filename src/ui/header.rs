//! Top line: app name, profile, zone bar (selected zone highlighted, failing
//! zones marked), and the DEMO / READ-ONLY / PAUSED badges with the refresh age.

use ratatui::{
    Frame,
    layout::{Constraint, Layout, Rect},
    style::{Modifier, Style},
    text::{Line, Span},
    widgets::Paragraph,
};

use super::safe;

use crate::api::locality::{Zone, ZoneScope};
use crate::app::mouse::{Hits, Target};
use crate::app::{Locality, State};

pub fn render(frame: &mut Frame, area: Rect, state: &State, hits: &mut Hits) {
    let theme = &state.theme;
    let mut right_spans: Vec<Span> = Vec::new();
    if state.demo {
        right_spans.push(safe::styled(" DEMO ", theme.badge(theme.demo)));
        right_spans.push(safe::raw(" "));
    }
    if state.read_only {
        right_spans.push(safe::styled(" READ-ONLY ", theme.badge(theme.accent)));
        right_spans.push(safe::raw(" "));
    }
    if state.paused {
        right_spans.push(safe::styled(" PAUSED ", theme.badge(theme.stopped)));
        right_spans.push(safe::raw(" "));
    }
    match state.refresh_failing_for() {
        Some(s) => right_spans.push(safe::styled(
            format!("refresh failing since {} ago ", ago(s)),
            Style::new().fg(theme.error),
        )),
        None => {
            let age = match state.refreshed_ago() {
                Some(s) => format!("refreshed {} ago ", ago(s)),
                None => "loading… ".to_string(),
            };
            right_spans.push(safe::styled(age, theme.muted()));
        }
    }
    let right_width: u16 = right_spans.iter().map(|s| s.width() as u16).sum();

    let [left_area, right_area] =
        Layout::horizontal([Constraint::Min(0), Constraint::Length(right_width)]).areas(area);

    let mut left_spans = vec![
        safe::styled(" scwdash ", theme.header()),
        safe::styled(format!(" profile:{} ", state.profile), theme.muted()),
    ];
    let fixed: u16 = left_spans.iter().map(|s| s.width() as u16).sum();
    let mut x = left_area.x + fixed;
    for (span, target) in zone_bar(state, left_area.width.saturating_sub(fixed)) {
        let w = span.width() as u16;
        if let Some(target) = target {
            let cell = Rect::new(x, left_area.y, w, 1).intersection(left_area);
            hits.record(cell, target);
        }
        x = x.saturating_add(w);
        left_spans.push(span);
    }
    frame.render_widget(Paragraph::new(Line::from(left_spans)), left_area);
    frame.render_widget(Paragraph::new(Line::from(right_spans)), right_area);
}

/// The zone bar in the widest form that fits: full names, short names, or
/// only the chosen zone with its position; each span with what a click on
/// it chooses.
fn zone_bar(state: &State, width: u16) -> Vec<(Span<'static>, Option<Target>)> {
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
    for namer in [0, 1] {
        let mut spans = vec![(safe::styled("zone:", theme.muted()), None)];
        for (zone, selected) in &entries {
            let mut name = match zone {
                Some(z) if namer == 0 => z.as_str().to_string(),
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
            spans.push((
                safe::styled(format!(" {name} "), style),
                Some(Target::Zone(scope)),
            ));
        }
        let w: usize = spans.iter().map(|(s, _)| s.width()).sum();
        if w <= usize::from(width) {
            return spans;
        }
    }
    let errors = Zone::ALL.iter().filter(|z| failing(**z)).count();
    let bar = Some(Target::ZoneBar);
    let mut spans = vec![
        (safe::styled("zone:", theme.muted()), bar),
        (
            safe::styled(
                format!(" {} ", state.zone),
                theme.badge(theme.accent).add_modifier(Modifier::BOLD),
            ),
            bar,
        ),
    ];
    if errors > 0 {
        spans.push((
            safe::styled(format!(" {errors} failing "), theme.error_text()),
            bar,
        ));
    } else {
        spans.push((safe::styled(" [ ] ", theme.muted()), bar));
    }
    spans
}

/// "12s", "3m": the header's ages.
fn ago(seconds: u64) -> String {
    if seconds < 120 {
        format!("{seconds}s")
    } else {
        format!("{}m", seconds / 60)
    }
}
