//! Colours that carry meaning, in one place, overridable by name from the
//! settings (`[theme]` in config.toml: `running = "#00ff00"`, `error = "red"`).

use std::collections::HashMap;

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
}

impl Default for Theme {
    fn default() -> Self {
        Theme {
            running: Color::Green,
            stopped: Color::DarkGray,
            transitional: Color::Yellow,
            error: Color::Red,
            accent: Color::Cyan,
            muted: Color::DarkGray,
            text: Color::Reset,
            selected_bg: Color::Indexed(236),
            badge_fg: Color::Black,
        }
    }
}

/// Why a theme override was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ThemeError {
    #[error("unknown theme colour name {0:?}; known: {known}", known = Theme::NAMES.join(", "))]
    UnknownName(String),
    #[error(
        "theme colour {name:?}: {value:?} is not a colour (use a name like \"green\" or \"#rrggbb\")"
    )]
    BadColor { name: String, value: String },
}

impl Theme {
    pub const NAMES: [&'static str; 9] = [
        "running",
        "stopped",
        "transitional",
        "error",
        "accent",
        "muted",
        "text",
        "selected_bg",
        "badge_fg",
    ];

    fn slot(&mut self, name: &str) -> Option<&mut Color> {
        Some(match name {
            "running" => &mut self.running,
            "stopped" => &mut self.stopped,
            "transitional" => &mut self.transitional,
            "error" => &mut self.error,
            "accent" => &mut self.accent,
            "muted" => &mut self.muted,
            "text" => &mut self.text,
            "selected_bg" => &mut self.selected_bg,
            "badge_fg" => &mut self.badge_fg,
            _ => return None,
        })
    }

    /// Applies overrides by name; only the names given change.
    pub fn with_overrides(
        mut self,
        overrides: &HashMap<String, String>,
    ) -> Result<Self, ThemeError> {
        for (name, value) in overrides {
            let color = value
                .trim()
                .parse::<Color>()
                .map_err(|_| ThemeError::BadColor {
                    name: name.clone(),
                    value: value.clone(),
                })?;
            let slot = self
                .slot(name.trim())
                .ok_or_else(|| ThemeError::UnknownName(name.clone()))?;
            *slot = color;
        }
        Ok(self)
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
    fn overrides_by_name_and_hex() {
        let mut o = HashMap::new();
        o.insert("running".to_string(), "#00ff00".to_string());
        o.insert("error".to_string(), "magenta".to_string());
        let t = Theme::default().with_overrides(&o).unwrap();
        assert_eq!(t.running, Color::Rgb(0, 255, 0));
        assert_eq!(t.error, Color::Magenta);
        assert_eq!(t.stopped, Theme::default().stopped);
    }

    #[test]
    fn bad_overrides_are_explained() {
        let mut o = HashMap::new();
        o.insert("runing".to_string(), "red".to_string());
        let e = Theme::default().with_overrides(&o).unwrap_err().to_string();
        assert!(e.contains("\"runing\"") && e.contains("running"), "{e}");
        let mut o = HashMap::new();
        o.insert("running".to_string(), "#zz".to_string());
        let e = Theme::default().with_overrides(&o).unwrap_err().to_string();
        assert!(e.contains("\"#zz\""), "{e}");
    }
}
