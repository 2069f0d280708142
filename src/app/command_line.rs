//! The command line (`:`) as data: the text being typed with its cursor, the
//! completion list Tab opened, where ↑/↓ are in the history, and the last
//! error (the line stays open on a mistake, so it can be fixed). The history
//! itself outlives the line: it is kept in the state and, through the
//! executor, in the state dir across runs. Pure: `modes::command_line`
//! drives it.

use crate::commands::{self, Candidate, Completions};
use crate::keymap::{Command, Input};

/// Commands remembered across runs, the oldest dropped first.
pub const HISTORY_MAX: usize = 500;

/// Longest command line: far above any command, short enough that a paste
/// cannot make it a problem.
pub const LINE_MAX: usize = 512;

/// The open command line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CommandLine {
    pub text: String,
    /// In characters.
    pub cursor: usize,
    /// The candidates Tab found, while they are shown.
    pub completion: Option<Completing>,
    /// Why the last Enter did not run (the line stays open).
    pub error: Option<String>,
    /// The line the error suggests; Tab puts it in.
    pub suggestion: Option<String>,
    /// The history entry shown, while walking it with ↑/↓.
    walk: Option<usize>,
    /// What was typed before the walk began (↓ past the newest brings it back).
    draft: String,
}

/// A completion list on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completing {
    /// Where the completed word starts (characters).
    pub start: usize,
    pub candidates: Vec<Candidate>,
    /// The candidate in the line, once Tab cycles through them.
    pub selected: Option<usize>,
}

/// Commands run before, oldest first, each once.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct History {
    pub entries: Vec<String>,
}

impl History {
    /// Remembers `line` as the newest (an older copy of it goes).
    pub fn push(&mut self, line: &str) {
        let line = line.trim();
        if line.is_empty() {
            return;
        }
        self.entries.retain(|e| e != line);
        self.entries.push(line.to_string());
        self.bound();
    }

    /// Takes in what the file held: it goes before what this session ran.
    pub fn loaded(&mut self, from_file: Vec<String>) {
        let session = std::mem::replace(&mut self.entries, from_file);
        self.entries.retain(|e| !e.trim().is_empty());
        let mut seen = std::collections::HashSet::new();
        // Each line once, at its newest place.
        let mut unique: Vec<String> = self
            .entries
            .drain(..)
            .rev()
            .filter(|e| seen.insert(e.clone()))
            .collect();
        unique.reverse();
        self.entries = unique;
        for line in session {
            self.push(&line);
        }
        self.bound();
    }

    fn bound(&mut self) {
        let extra = self.entries.len().saturating_sub(HISTORY_MAX);
        self.entries.drain(..extra);
    }
}

/// What a key did to the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Continue,
    Close,
    /// Enter: run this line.
    Run(String),
    Quit,
}

impl CommandLine {
    /// `text` back in the line after Enter failed, with why and the line
    /// Tab would put in.
    pub fn failed(text: &str, error: String, suggestion: Option<String>) -> Self {
        CommandLine {
            text: text.to_string(),
            cursor: text.chars().count(),
            error: Some(error),
            suggestion,
            ..CommandLine::default()
        }
    }

    /// Applies one key. `complete` finds candidates for the text before the
    /// cursor (it needs the aliases and the current tab's columns).
    pub fn handle(
        &mut self,
        input: Input,
        history: &History,
        complete: impl Fn(&str) -> Completions,
    ) -> Outcome {
        match input {
            Input::Command(Command::Accept) => return Outcome::Run(self.text.clone()),
            Input::Command(Command::Back) => return Outcome::Close,
            Input::Command(Command::Quit) => return Outcome::Quit,
            Input::Command(Command::Complete) => self.complete(1, complete),
            Input::Command(Command::CompleteBack) => self.complete(-1, complete),
            Input::Command(Command::Up) => self.walk_back(history),
            Input::Command(Command::Down) => self.walk_forward(history),
            Input::Char(_) if self.text.chars().count() >= LINE_MAX => {}
            other => {
                if crate::app::form::edit_text(&mut self.text, &mut self.cursor, other) {
                    self.edited();
                }
            }
        }
        Outcome::Continue
    }

    /// Pasted text goes in at the cursor, bounded, line breaks dropped.
    pub fn paste(&mut self, text: &str) {
        let pasted =
            crate::app::paste::insert(&mut self.text, &mut self.cursor, text.chars(), LINE_MAX);
        if pasted.inserted > 0 {
            self.edited();
        }
    }

    /// The line changed by hand: lists and errors about the old text go.
    fn edited(&mut self) {
        self.completion = None;
        self.error = None;
        self.suggestion = None;
        self.walk = None;
    }

    fn set_text(&mut self, text: String) {
        self.cursor = text.chars().count();
        self.text = text;
    }

    fn walk_back(&mut self, history: &History) {
        let newest = history.entries.len().checked_sub(1);
        let at = match self.walk {
            None => {
                self.draft = self.text.clone();
                newest
            }
            Some(i) => Some(i.saturating_sub(1)),
        };
        if let Some(i) = at {
            self.walk = Some(i);
            self.set_text(history.entries[i].clone());
            self.completion = None;
            self.error = None;
        }
    }

    fn walk_forward(&mut self, history: &History) {
        let Some(i) = self.walk else {
            return;
        };
        self.completion = None;
        self.error = None;
        if i + 1 < history.entries.len() {
            self.walk = Some(i + 1);
            self.set_text(history.entries[i + 1].clone());
        } else {
            self.walk = None;
            let draft = std::mem::take(&mut self.draft);
            self.set_text(draft);
        }
    }

    /// Tab: the suggestion of the last error; else, with a list on screen,
    /// the next (`step` 1) or previous (-1) candidate; else the candidates
    /// for the word before the cursor: the only one is put in (a space
    /// after a command that takes an argument), several are listed and
    /// their common beginning put in.
    fn complete(&mut self, step: isize, complete: impl Fn(&str) -> Completions) {
        if let Some(line) = self.suggestion.take() {
            self.error = None;
            self.set_text(line);
            return;
        }
        if let Some(c) = &mut self.completion
            && !c.candidates.is_empty()
        {
            let n = c.candidates.len() as isize;
            let next = match c.selected {
                None if step > 0 => 0,
                None => n - 1,
                Some(i) => (i as isize + step).rem_euclid(n),
            } as usize;
            c.selected = Some(next);
            let (start, text) = (c.start, c.candidates[next].text.clone());
            self.replace_word(start, &text);
            return;
        }
        let before: String = self.text.chars().take(self.cursor).collect();
        let found = complete(&before);
        match found.candidates.len() {
            0 => self.error = Some("nothing to complete here".to_string()),
            1 => {
                let text = found.candidates[0].text.clone();
                let is_command =
                    found.start == before.len() - before.trim_start().trim_start_matches(':').len();
                let takes_arg = is_command
                    && commands::find(&text).is_some_and(|s| s.arg() != commands::Arg::None);
                let text = if takes_arg { format!("{text} ") } else { text };
                self.replace_word(found.start, &text);
                self.completion = None;
            }
            _ => {
                let common = commands::common_prefix(&found.candidates);
                let typed_len = before.chars().count() - found.start;
                if common.chars().count() > typed_len {
                    self.replace_word(found.start, &common);
                }
                self.completion = Some(Completing {
                    start: found.start,
                    candidates: found.candidates,
                    selected: None,
                });
            }
        }
    }

    /// Replaces the characters from `start` to the cursor with `text`.
    fn replace_word(&mut self, start: usize, text: &str) {
        let chars: Vec<char> = self.text.chars().collect();
        let start = start.min(self.cursor).min(chars.len());
        let end = self.cursor.min(chars.len());
        let mut new: String = chars[..start].iter().collect();
        new.push_str(text);
        self.cursor = new.chars().count();
        new.extend(&chars[end..]);
        self.text = new;
        self.error = None;
        self.walk = None;
    }
}
