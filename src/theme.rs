//! Colours that carry meaning, in one place, overridable by name from the
//! settings (`[theme]` in config.toml: `running = "#00ff00"`, `error = "red"`).
//! Two presets (dark and light backgrounds); under NO_COLOR no colour at all,
//! and the styles that carried meaning by colour carry it by reverse, bold,
//! underline instead.

use ratatui::style::{Color, Modifier, Style};

use crate::settings::Background;

/// What a row's state means to the user; the theme turns it into a colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum RowClass {
    /// Running / available: all is well.
    Ok,
    /// Stopped, archived: present but idle.
    Idle,
    /// Starting, stopping, creating, syncing: something is happening (spinner).
    Transitional,
    /// Error, locked: needs attention.
    Error,
    /// No state worth colouring.
    #[default]
    Neutral,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub running: Color,
    pub stopped: Color,
    pub transitional: Color,
    pub error: Color,
    pub accent: Color,
    pub muted: Color,
    pub text: Color,
    pub selected_bg: Color,
    pub badge_fg: Color,
    /// Frames of destructive confirmations.
    pub destructive: Color,
    /// The DEMO badge.
    pub demo: Color,
    /// False under NO_COLOR: every colour is the terminal's own and meaning
    /// is carried by modifiers.
    pub colour: bool,
}

impl Default for Theme {
    /// The dark palette of the embedded assets/config.toml (what `auto`
    /// falls back to when the terminal does not say).
    fn default() -> Self {
        Theme::from_settings(&crate::settings::defaults().theme, Background::Dark)
            .expect("the embedded [theme] is made of colours")
    }
}

/// Why a `[theme]` colour was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "theme colour {name:?}: {value:?} is not a colour (use a name like \"green\" or \"#rrggbb\")"
)]
pub struct ThemeError {
    pub name: String,
    pub value: String,
}

impl Theme {
    /// The theme with the colours of `[theme]` for `background` (the user's
    /// file laid over the defaults).
    pub fn from_settings(
        settings: &crate::settings::Theme,
        background: Background,
    ) -> Result<Self, ThemeError> {
        let settings = &settings.palette(background);
        let colour = |name: &str, value: &str| {
            value.trim().parse::<Color>().map_err(|_| ThemeError {
                name: name.to_string(),
                value: value.to_string(),
            })
        };
        Ok(Theme {
            running: colour("running", &settings.running)?,
            stopped: colour("stopped", &settings.stopped)?,
            transitional: colour("transitional", &settings.transitional)?,
            error: colour("error", &settings.error)?,
            accent: colour("accent", &settings.accent)?,
            muted: colour("muted", &settings.muted)?,
            text: colour("text", &settings.text)?,
            selected_bg: colour("selection", &settings.selection)?,
            badge_fg: colour("badge_text", &settings.badge_text)?,
            destructive: colour("destructive", &settings.destructive)?,
            demo: colour("demo_badge", &settings.demo_badge)?,
            colour: true,
        })
    }

    /// The theme for NO_COLOR: every colour is the terminal's own.
    pub fn without_colour(self) -> Self {
        Theme {
            running: Color::Reset,
            stopped: Color::Reset,
            transitional: Color::Reset,
            error: Color::Reset,
            accent: Color::Reset,
            muted: Color::Reset,
            text: Color::Reset,
            selected_bg: Color::Reset,
            badge_fg: Color::Reset,
            destructive: Color::Reset,
            demo: Color::Reset,
            colour: false,
        }
    }

    /// Whether NO_COLOR asks for no colour (set and not empty, as
    /// no-color.org says).
    pub fn no_color_requested(value: Option<&std::ffi::OsStr>) -> bool {
        value.is_some_and(|v| !v.is_empty())
    }

    pub fn class_color(&self, class: RowClass) -> Color {
        match class {
            RowClass::Ok => self.running,
            RowClass::Idle => self.stopped,
            RowClass::Transitional => self.transitional,
            RowClass::Error => self.error,
            RowClass::Neutral => self.text,
        }
    }

    /// A state's style: its colour, or without colour a modifier per state
    /// (errors bold and underlined, transitions italic beside their spinner,
    /// idle dimmed).
    pub fn class_style(&self, class: RowClass) -> Style {
        if self.colour {
            return Style::new().fg(self.class_color(class));
        }
        match class {
            RowClass::Error => Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            RowClass::Transitional => Style::new().add_modifier(Modifier::ITALIC),
            RowClass::Idle => Style::new().add_modifier(Modifier::DIM),
            RowClass::Ok | RowClass::Neutral => Style::new(),
        }
    }

    /// Text in the error colour (refusals, failing zones, the last error).
    pub fn error_text(&self) -> Style {
        self.class_style(RowClass::Error)
    }

    pub fn header(&self) -> Style {
        Style::new().fg(self.accent).add_modifier(Modifier::BOLD)
    }

    /// The selected row of a table, menu or list: reversed without colour.
    pub fn selected(&self) -> Style {
        let style = Style::new().add_modifier(Modifier::BOLD);
        if self.colour {
            style.bg(self.selected_bg)
        } else {
            style.add_modifier(Modifier::REVERSED)
        }
    }

    /// A badge (the current tab and zone, DEMO, PAUSED): reversed without colour.
    pub fn badge(&self, bg: Color) -> Style {
        let style = Style::new().add_modifier(Modifier::BOLD);
        if self.colour {
            style.fg(self.badge_fg).bg(bg)
        } else {
            style.add_modifier(Modifier::REVERSED)
        }
    }

    pub fn muted(&self) -> Style {
        if self.colour {
            Style::new().fg(self.muted)
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_carry_meaning() {
        let t = Theme::default();
        assert_eq!(t.class_color(RowClass::Ok), Color::Indexed(77));
        assert_eq!(t.class_color(RowClass::Error), Color::Indexed(210));
        assert!(t.colour);
        let light = Theme::from_settings(&Default::default(), Background::Light).unwrap();
        assert_eq!(light.class_color(RowClass::Error), Color::Indexed(124));
    }

    #[test]
    fn own_colours_override_the_preset_in_use() {
        let s = crate::settings::Theme {
            selection: Some("#010203".into()),
            demo_badge: Some("cyan".into()),
            ..Default::default()
        };
        for bg in [Background::Dark, Background::Light] {
            let t = Theme::from_settings(&s, bg).unwrap();
            assert_eq!(t.selected_bg, Color::Rgb(1, 2, 3));
            assert_eq!(t.demo, Color::Cyan);
        }
        let dark = Theme::from_settings(&s, Background::Dark).unwrap();
        assert_eq!(dark.running, Color::Indexed(77));
        let light = Theme::from_settings(&s, Background::Light).unwrap();
        assert_eq!(light.running, Color::Indexed(22));
    }

    #[test]
    fn without_colour_meaning_moves_to_modifiers() {
        let t = Theme::default().without_colour();
        assert_eq!(t.selected().bg, None);
        assert!(t.selected().add_modifier.contains(Modifier::REVERSED));
        assert!(t.badge(t.accent).add_modifier.contains(Modifier::REVERSED));
        assert_eq!(t.class_style(RowClass::Error).fg, None);
        assert!(
            t.class_style(RowClass::Error)
                .add_modifier
                .contains(Modifier::UNDERLINED)
        );
        assert_ne!(
            t.class_style(RowClass::Transitional),
            t.class_style(RowClass::Ok)
        );
        assert!(Theme::no_color_requested(Some("1".as_ref())));
        assert!(!Theme::no_color_requested(Some("".as_ref())));
        assert!(!Theme::no_color_requested(None));
    }

    #[test]
    fn bad_colours_are_explained() {
        let s = crate::settings::Theme {
            running: Some("#zz".into()),
            ..Default::default()
        };
        let e = Theme::from_settings(&s, Background::Dark)
            .unwrap_err()
            .to_string();
        assert!(e.contains("\"#zz\"") && e.contains("running"), "{e}");
    }

    /// A colour's sRGB value. The 256-colour indices (what the presets use)
    /// are the xterm values every terminal shares; the 16 named colours vary
    /// by terminal and are taken at xterm's defaults; `reset` is the
    /// terminal's own colour, `own`.
    fn srgb(c: Color, own: [u8; 3]) -> [u8; 3] {
        const SIXTEEN: [[u8; 3]; 16] = [
            [0, 0, 0],
            [205, 0, 0],
            [0, 205, 0],
            [205, 205, 0],
            [0, 0, 238],
            [205, 0, 205],
            [0, 205, 205],
            [229, 229, 229],
            [127, 127, 127],
            [255, 0, 0],
            [0, 255, 0],
            [255, 255, 0],
            [92, 92, 255],
            [255, 0, 255],
            [0, 255, 255],
            [255, 255, 255],
        ];
        let named = |n: usize| SIXTEEN[n];
        match c {
            Color::Reset => own,
            Color::Rgb(r, g, b) => [r, g, b],
            Color::Indexed(n @ 0..=15) => named(usize::from(n)),
            Color::Indexed(n @ 16..=231) => {
                let steps = [0, 95, 135, 175, 215, 255];
                let n = usize::from(n - 16);
                [steps[n / 36], steps[n / 6 % 6], steps[n % 6]]
            }
            Color::Indexed(n) => {
                let v = 8 + 10 * (n - 232);
                [v, v, v]
            }
            Color::Black => named(0),
            Color::Red => named(1),
            Color::Green => named(2),
            Color::Yellow => named(3),
            Color::Blue => named(4),
            Color::Magenta => named(5),
            Color::Cyan => named(6),
            Color::Gray => named(7),
            Color::DarkGray => named(8),
            Color::LightRed => named(9),
            Color::LightGreen => named(10),
            Color::LightYellow => named(11),
            Color::LightBlue => named(12),
            Color::LightMagenta => named(13),
            Color::LightCyan => named(14),
            Color::White => named(15),
        }
    }

    /// WCAG 2 relative luminance.
    fn luminance([r, g, b]: [u8; 3]) -> f64 {
        let lin = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    }

    fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    #[test]
    fn contrast_is_computed_as_wcag_says() {
        assert!((contrast([0, 0, 0], [255, 255, 255]) - 21.0).abs() < 1e-9);
        assert!((contrast([119, 119, 119], [255, 255, 255]) - 4.48).abs() < 0.01);
        assert_eq!(srgb(Color::Indexed(196), [0; 3]), [255, 0, 0]);
        assert_eq!(srgb(Color::Indexed(244), [0; 3]), [128, 128, 128]);
    }

    /// Every text colour of both presets on the terminal's background and on
    /// the selection, and the badge text on every badge, reach WCAG AA
    /// (4.5:1). The terminal's own colours are assumed to be black-ish
    /// (#1c1c1c on which #d0d0d0 is written) under the dark preset and
    /// white-ish (#f5f5f5, text #1c1c1c) under the light one: darker or
    /// lighter backgrounds only raise the ratios.
    #[test]
    fn both_presets_reach_wcag_aa_on_their_background() {
        for (background, bg, fg) in [
            (Background::Dark, [0x1c; 3], [0xd0; 3]),
            (Background::Light, [0xf5; 3], [0x1c; 3]),
        ] {
            let t = Theme::from_settings(&crate::settings::defaults().theme, background).unwrap();
            let c = |colour: Color, own: [u8; 3]| srgb(colour, own);
            let selection = c(t.selected_bg, bg);
            let texts = [
                ("running", t.running),
                ("stopped", t.stopped),
                ("transitional", t.transitional),
                ("error", t.error),
                ("accent", t.accent),
                ("muted", t.muted),
                ("text", t.text),
                ("destructive", t.destructive),
            ];
            let mut pairs = Vec::new();
            for (name, colour) in texts {
                pairs.push((format!("{name} on the background"), c(colour, fg), bg));
                pairs.push((format!("{name} on the selection"), c(colour, fg), selection));
            }
            for (name, badge) in [
                ("accent", t.accent),
                ("demo_badge", t.demo),
                ("stopped", t.stopped),
            ] {
                pairs.push((
                    format!("badge text on {name}"),
                    c(t.badge_fg, fg),
                    c(badge, bg),
                ));
            }
            for (what, a, b) in pairs {
                let ratio = contrast(a, b);
                assert!(ratio >= 4.5, "{background:?}: {what}: {ratio:.2}:1");
            }
        }
    }
}
