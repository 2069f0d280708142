//! Colours that carry meaning, in one place, overridable by name from the
//! settings (`[theme]` in config.toml: `running = "#00ff00"`, `error = "red"`).

use ratatui::style::{Color, Modifier, Style};

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
}

impl Default for Theme {
    /// The colours of `[theme]` in the embedded assets/config.toml: the
    /// theme users get when their file names none.
    fn default() -> Self {
        Theme::from_settings(&crate::settings::defaults().theme)
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
    /// The theme with the colours of `[theme]` (the user's file laid over
    /// the defaults).
    pub fn from_settings(settings: &crate::settings::Theme) -> Result<Self, ThemeError> {
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
        })
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

    pub fn class_style(&self, class: RowClass) -> Style {
        Style::new().fg(self.class_color(class))
    }

    pub fn header(&self) -> Style {
        Style::new().fg(self.accent).add_modifier(Modifier::BOLD)
    }

    pub fn selected(&self) -> Style {
        Style::new()
            .bg(self.selected_bg)
            .add_modifier(Modifier::BOLD)
    }

    pub fn badge(&self, bg: Color) -> Style {
        Style::new()
            .fg(self.badge_fg)
            .bg(bg)
            .add_modifier(Modifier::BOLD)
    }

    pub fn muted(&self) -> Style {
        Style::new().fg(self.muted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_carry_meaning() {
        let t = Theme::default();
        assert_eq!(t.class_color(RowClass::Ok), Color::Green);
        assert_eq!(t.class_color(RowClass::Transitional), Color::Yellow);
        assert_eq!(t.class_color(RowClass::Error), Color::Red);
    }

    #[test]
    fn settings_roles_all_map_to_theme_slots() {
        let s = crate::settings::Theme {
            selection: "#010203".into(),
            demo_badge: "cyan".into(),
            badge_text: "white".into(),
            ..Default::default()
        };
        let t = Theme::from_settings(&s).unwrap();
        assert_eq!(t.selected_bg, Color::Rgb(1, 2, 3));
        assert_eq!(t.demo, Color::Cyan);
        assert_eq!(t.badge_fg, Color::White);
        assert_eq!(t.running, Color::Green);
    }

    #[test]
    fn bad_colours_are_explained() {
        let s = crate::settings::Theme {
            running: "#zz".into(),
            ..Default::default()
        };
        let e = Theme::from_settings(&s).unwrap_err().to_string();
        assert!(e.contains("\"#zz\"") && e.contains("running"), "{e}");
    }
}
