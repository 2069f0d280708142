//! A generic keyboard-only form: text, choice, toggle and picker fields, inline
//! validation, and a typed request as its result. Pure: keys in, an outcome
//! out; nothing is sent from here.
//!
//! Keys come as [`Input`]s from the key map (`form`, `picker` and `input`
//! sections; by default Tab/Down next field, Shift-Tab/Up previous, Left/Right/
//! Home/End/Backspace/Delete/Ctrl-W/Ctrl-U edit): printable characters type
//! into the focused text field, Space or cursor left/right changes a choice or
//! toggle, Space or typing opens a picker's filter list, submit only when valid.

use super::forms::{self, FormKind, FormSubmit};
use super::paste;
use super::unknown_create::UnknownCreate;
use crate::keymap::{Command, Context, Input, Key, KeyMap};

/// One entry of a picker: the value sent, the label shown, and why it cannot be
/// chosen (e.g. "out of stock"), if so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickOption {
    pub value: String,
    pub label: String,
    pub disabled: Option<String>,
}

impl PickOption {
    pub fn new(value: impl Into<String>, label: impl Into<String>) -> Self {
        PickOption {
            value: value.into(),
            label: label.into(),
            disabled: None,
        }
    }

    fn matches(&self, filter: &str) -> bool {
        let f = filter.to_lowercase();
        f.split_whitespace()
            .all(|w| self.label.to_lowercase().contains(w) || self.value.to_lowercase().contains(w))
    }
}

/// How a text field is checked before submit; the message is shown under it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    None,
    Name,
    Description,
    Tags,
    SizeGb,
    /// A size that may only grow from this many GB.
    GrowFromGb(u64),
    Port,
    IpRange,
    Subnets,
    /// A project id (a UUID).
    Uuid,
}

impl Check {
    /// Most characters a field with this check holds: what the API allows
    /// (names 255, see `validate`), or a little more than any valid value.
    /// Typing and pasting stop there (a 1 MB paste is clipped, not typed).
    pub fn max_chars(self) -> usize {
        use super::validate as v;
        match self {
            Check::Name => v::NAME_MAX,
            Check::Description => v::DESCRIPTION_MAX,
            // Every tag at its longest, with ", " between them.
            Check::Tags => v::TAGS_MAX * (v::TAG_MAX + 2),
            Check::SizeGb | Check::GrowFromGb(_) | Check::Port => 16,
            // The longest IPv6 CIDR is 43 characters.
            Check::IpRange => 64,
            Check::Subnets => 1024,
            Check::Uuid => 64,
            Check::None => 1024,
        }
    }

    fn run(self, text: &str) -> Result<(), String> {
        use super::validate as v;
        match self {
            Check::None => Ok(()),
            Check::Name => v::name(text).map(drop),
            Check::Description => v::description(text).map(drop),
            Check::Tags => v::tags(text).map(drop),
            Check::SizeGb => v::size_gb(text).map(drop),
            Check::GrowFromGb(current) => v::grown_size_gb(text, current).map(drop),
            Check::Port if text.trim().is_empty() => Ok(()),
            Check::Port => v::port(text).map(drop),
            Check::IpRange => v::ip_range(text).map(drop),
            Check::Subnets => v::subnets(text).map(drop),
            Check::Uuid => v::uuid(text).map(drop),
        }
    }
}

/// What a field holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldKind {
    /// `cursor` counts characters.
    Text {
        value: String,
        cursor: usize,
        check: Check,
    },
    /// One of a few fixed values, cycled with Space/Left/Right.
    Choice {
        options: Vec<String>,
        index: usize,
    },
    Toggle(bool),
    /// One of many options, chosen from a filter-as-you-type list.
    Picker {
        options: Vec<PickOption>,
        selected: Option<usize>,
        required: bool,
    },
}

/// One labelled input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// Stable key used by builders and to match API argument names.
    pub key: &'static str,
    pub label: &'static str,
    pub kind: FieldKind,
    /// Shown greyed after the input (e.g. "comma-separated").
    pub hint: Option<String>,
    /// Set once the user left the field (or tried to submit).
    pub touched: bool,
    /// A message from the API or a cross-field check; cleared by editing.
    pub error: Option<String>,
}

impl Field {
    pub fn text(key: &'static str, label: &'static str, value: &str, check: Check) -> Self {
        Field::with(
            key,
            label,
            FieldKind::Text {
                value: value.to_string(),
                cursor: value.chars().count(),
                check,
            },
        )
    }

    pub fn choice(key: &'static str, label: &'static str, options: &[&str], index: usize) -> Self {
        Field::with(
            key,
            label,
            FieldKind::Choice {
                options: options.iter().map(|s| s.to_string()).collect(),
                index: index.min(options.len().saturating_sub(1)),
            },
        )
    }

    pub fn toggle(key: &'static str, label: &'static str, on: bool) -> Self {
        Field::with(key, label, FieldKind::Toggle(on))
    }

    /// A picker; `selected` is preselected when it names an option's value.
    pub fn picker(
        key: &'static str,
        label: &'static str,
        options: Vec<PickOption>,
        selected: Option<&str>,
        required: bool,
    ) -> Self {
        let selected = selected.and_then(|v| options.iter().position(|o| o.value == v));
        Field::with(
            key,
            label,
            FieldKind::Picker {
                options,
                selected,
                required,
            },
        )
    }

    fn with(key: &'static str, label: &'static str, kind: FieldKind) -> Self {
        Field {
            key,
            label,
            kind,
            hint: None,
            touched: false,
            error: None,
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// A picker's new list of options (another zone's, another
    /// architecture's): the choice stays on the option `same` as it, if any.
    /// Returns the choice that is no longer offered.
    pub fn replace_options(
        &mut self,
        new: Vec<PickOption>,
        same: impl Fn(&PickOption, &PickOption) -> bool,
    ) -> Option<PickOption> {
        let FieldKind::Picker {
            options, selected, ..
        } = &mut self.kind
        else {
            return None;
        };
        let chosen = selected.and_then(|i| options.get(i)).cloned();
        *selected = chosen
            .as_ref()
            .and_then(|c| new.iter().position(|o| same(c, o)));
        *options = new;
        chosen.filter(|_| selected.is_none())
    }

    /// The field's own check, ignoring API messages.
    pub fn validate(&self) -> Result<(), String> {
        match &self.kind {
            FieldKind::Text { value, check, .. } => check.run(value),
            FieldKind::Picker {
                options,
                selected,
                required,
            } => match selected.and_then(|i| options.get(i)) {
                Some(o) => match &o.disabled {
                    Some(why) => Err(format!("{} cannot be chosen: {why}", o.value)),
                    None => Ok(()),
                },
                None if *required => Err("choose one (Space opens the list)".into()),
                None => Ok(()),
            },
            FieldKind::Choice { .. } | FieldKind::Toggle(_) => Ok(()),
        }
    }

    /// The message to show under the field now, if any.
    pub fn message(&self, submitted: bool) -> Option<String> {
        if let Some(e) = &self.error {
            return Some(e.clone());
        }
        if self.touched || submitted {
            self.validate().err()
        } else {
            None
        }
    }

    /// Text of a text field, the chosen value of a choice or picker, "true" or
    /// "false" for a toggle, "" for an empty picker.
    pub fn value(&self) -> &str {
        match &self.kind {
            FieldKind::Text { value, .. } => value,
            FieldKind::Choice { options, index } => {
                options.get(*index).map(String::as_str).unwrap_or("")
            }
            FieldKind::Toggle(on) => {
                if *on {
                    "true"
                } else {
                    "false"
                }
            }
            FieldKind::Picker {
                options, selected, ..
            } => selected
                .and_then(|i| options.get(i))
                .map(|o| o.value.as_str())
                .unwrap_or(""),
        }
    }

    /// What the input shows.
    pub fn display(&self) -> String {
        match &self.kind {
            FieldKind::Picker {
                options, selected, ..
            } => selected
                .and_then(|i| options.get(i))
                .map(|o| o.label.clone())
                .unwrap_or_default(),
            FieldKind::Toggle(on) => if *on { "[x]" } else { "[ ]" }.to_string(),
            FieldKind::Choice { options, index } => options
                .iter()
                .enumerate()
                .map(|(i, o)| {
                    if i == *index {
                        format!("({o})")
                    } else {
                        o.clone()
                    }
                })
                .collect::<Vec<_>>()
                .join(" "),
            FieldKind::Text { value, .. } => value.clone(),
        }
    }
}

/// An open picker list over one field.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PickerState {
    pub filter: String,
    /// Index into [`PickerState::matches`].
    pub cursor: usize,
}

/// What a key did to the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormOutcome<T> {
    /// Still editing.
    Continue,
    /// Esc: close the form, send nothing.
    Cancel,
    /// Enter on a valid form: the request to send. The form stays as it is, so
    /// it can be kept open until the API answers.
    Submit(T),
}

/// A form in progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub title: String,
    pub kind: FormKind,
    pub fields: Vec<Field>,
    pub focus: usize,
    pub picker: Option<PickerState>,
    /// A message for the whole form (e.g. an API error naming no field).
    pub message: Option<String>,
    /// Enter was pressed at least once: every field shows its check.
    pub submitted: bool,
    /// The request is with the API; keys other than Esc are ignored.
    pub sending: bool,
    /// The last create's answer was lost: Enter asks before sending again.
    pub unknown: Option<UnknownCreate>,
    /// `(key, value, as shown)` of every field when the form opened: what
    /// the resource had then, to tell what changed on the API meanwhile.
    pub opened: Vec<(&'static str, String, String)>,
    /// The resource was read again since Enter and its changes shown: the
    /// next Enter sends without reading it again.
    pub rechecked: bool,
}

/// A field the API changed between opening an edit form and submitting it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drift {
    pub label: &'static str,
    pub was: String,
    pub now: String,
}

impl Form {
    pub fn new(title: impl Into<String>, kind: FormKind, fields: Vec<Field>) -> Self {
        Form {
            title: title.into(),
            kind,
            focus: 0,
            picker: None,
            message: None,
            submitted: false,
            sending: false,
            unknown: None,
            opened: fields
                .iter()
                .map(|f| (f.key, f.value().to_string(), f.display()))
                .collect(),
            rechecked: false,
            fields,
        }
    }

    pub fn field(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }

    pub fn field_mut(&mut self, key: &str) -> Option<&mut Field> {
        self.fields.iter_mut().find(|f| f.key == key)
    }

    /// The field's value (see [`Field::value`]); "" when there is no such field.
    pub fn value(&self, key: &str) -> &str {
        self.field(key).map(Field::value).unwrap_or("")
    }

    fn index_of(&self, key: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.key == key)
    }

    /// The key map section for this form's keys: its picker's while one is open.
    pub fn context(&self) -> Context {
        if self.picker.is_some() {
            Context::Picker
        } else {
            Context::Form
        }
    }

    /// What `key` means to this form (see [`KeyMap::text_input`]).
    pub fn input(&self, keymap: &KeyMap, key: Key) -> Option<Input> {
        keymap.text_input(self.context(), key)
    }

    /// Handles a key for a dashboard form, as the key map says: Enter builds
    /// the [`FormSubmit`].
    pub fn handle_key(&mut self, keymap: &KeyMap, key: Key) -> FormOutcome<FormSubmit> {
        match self.input(keymap, key) {
            Some(input) => self.handle(input),
            None => FormOutcome::Continue,
        }
    }

    /// Handles a typed character or a key-map command.
    pub fn handle(&mut self, input: Input) -> FormOutcome<FormSubmit> {
        self.handle_with(input, forms::build)
    }

    /// Handles an input; on a valid `submit`, `build` turns the fields into
    /// `T`. A builder error `(field key, message)` is shown by that field.
    pub fn handle_with<T>(
        &mut self,
        input: Input,
        build: impl Fn(&Form) -> Result<T, (String, String)>,
    ) -> FormOutcome<T> {
        let focus = self.focus;
        let before = self.fields.get(focus).map(|f| f.value().to_string());
        let outcome = self.handle_input(input, build);
        if let (Some(before), Some(field)) = (before, self.fields.get(focus))
            && field.value() != before
        {
            // What depends on the field follows it (the image picker on
            // the server type).
            forms::changed(self, field.key);
        }
        outcome
    }

    fn handle_input<T>(
        &mut self,
        input: Input,
        build: impl Fn(&Form) -> Result<T, (String, String)>,
    ) -> FormOutcome<T> {
        if self.sending {
            if input == Input::Command(Command::Back) {
                return FormOutcome::Cancel;
            }
            return FormOutcome::Continue;
        }
        if self.picker.is_some() {
            self.picker_input(input);
            return FormOutcome::Continue;
        }
        match input {
            Input::Command(Command::Back) => return FormOutcome::Cancel,
            Input::Command(Command::Submit) => return self.submit(build),
            Input::Command(Command::NextField) => self.move_focus(1),
            Input::Command(Command::PrevField) => self.move_focus(-1),
            other => self.edit(other),
        }
        FormOutcome::Continue
    }

    /// Inserts pasted text into the focused text field (or the picker filter).
    /// Inserts pasted text into the focused text field (or the picker
    /// filter) in one step, clipped to the field's limit with a message; a
    /// paste into a closed picker opens it filtered by the text. Its cost is
    /// bounded by the field, however large the paste (see `paste`).
    pub fn paste(&mut self, text: &str) {
        if let Some(p) = &mut self.picker {
            let mut at = p.filter.chars().count();
            paste::insert(&mut p.filter, &mut at, text.chars(), paste::FILTER_MAX);
            p.cursor = 0;
            return;
        }
        let Some(field) = self.fields.get_mut(self.focus) else {
            return;
        };
        match &mut field.kind {
            FieldKind::Text {
                value,
                cursor,
                check,
            } => {
                let max = check.max_chars();
                let pasted = paste::insert(value, cursor, text.chars(), max);
                if pasted.inserted > 0 {
                    field.error = None;
                }
                self.message = pasted
                    .clipped
                    .then(|| paste::clipped_message(field.label, max));
            }
            FieldKind::Picker { .. } => {
                let mut filter = String::new();
                paste::insert(&mut filter, &mut 0, text.chars(), paste::FILTER_MAX);
                self.picker = Some(PickerState { filter, cursor: 0 });
            }
            FieldKind::Choice { .. } | FieldKind::Toggle(_) => {}
        }
    }

    fn move_focus(&mut self, delta: isize) {
        if self.fields.is_empty() {
            return;
        }
        if let Some(f) = self.fields.get_mut(self.focus) {
            f.touched = true;
        }
        let n = self.fields.len() as isize;
        self.focus = (self.focus as isize + delta).rem_euclid(n) as usize;
    }

    fn edit(&mut self, input: Input) {
        let Some(field) = self.fields.get_mut(self.focus) else {
            return;
        };
        let mut open_picker: Option<String> = None;
        let mut changed = true;
        let next = Input::Command(Command::CursorRight);
        let prev = Input::Command(Command::CursorLeft);
        match &mut field.kind {
            FieldKind::Text {
                value,
                cursor,
                check,
            } => {
                if let Input::Char(c) = input {
                    // Typing stops at the field's limit, as a paste does.
                    let max = check.max_chars();
                    let typed = paste::insert(value, cursor, [c], max);
                    changed = typed.inserted > 0;
                    if typed.clipped {
                        self.message = Some(paste::clipped_message(field.label, max));
                        return;
                    }
                } else {
                    changed = edit_text(value, cursor, input);
                }
            }
            FieldKind::Choice { options, index } => {
                let n = options.len().max(1);
                if input == next || input == Input::Char(' ') {
                    *index = (*index + 1) % n;
                } else if input == prev {
                    *index = (*index + n - 1) % n;
                } else {
                    changed = false;
                }
            }
            FieldKind::Toggle(on) => {
                if input == next || input == prev || input == Input::Char(' ') {
                    *on = !*on;
                } else {
                    changed = false;
                }
            }
            FieldKind::Picker { .. } => {
                changed = false;
                match input {
                    Input::Char(' ') => open_picker = Some(String::new()),
                    Input::Char(c) => open_picker = Some(c.to_string()),
                    Input::Command(_) => {}
                }
            }
        }
        if changed {
            field.error = None;
            self.message = None;
        }
        if let Some(filter) = open_picker {
            self.picker = Some(PickerState { filter, cursor: 0 });
            let current = self.fields.get(self.focus).and_then(|f| match &f.kind {
                FieldKind::Picker { selected, .. } => *selected,
                _ => None,
            });
            if let (Some(cur), Some(p)) = (current, &self.picker)
                && p.filter.is_empty()
            {
                let pos = self.picker_matches().iter().position(|&i| i == cur);
                if let (Some(pos), Some(p)) = (pos, &mut self.picker) {
                    p.cursor = pos;
                }
            }
        }
    }

    /// Indices of the focused picker's options that match the filter.
    pub fn picker_matches(&self) -> Vec<usize> {
        let (Some(p), Some(field)) = (&self.picker, self.fields.get(self.focus)) else {
            return Vec::new();
        };
        match &field.kind {
            FieldKind::Picker { options, .. } => options
                .iter()
                .enumerate()
                .filter(|(_, o)| o.matches(&p.filter))
                .map(|(i, _)| i)
                .collect(),
            _ => Vec::new(),
        }
    }

    fn picker_input(&mut self, input: Input) {
        let matches = self.picker_matches();
        let Some(p) = &mut self.picker else {
            return;
        };
        let last = matches.len().saturating_sub(1);
        match input {
            Input::Command(Command::Back) => self.picker = None,
            Input::Command(Command::Up) => p.cursor = p.cursor.saturating_sub(1),
            Input::Command(Command::Down) => p.cursor = (p.cursor + 1).min(last),
            Input::Command(Command::PageUp) => p.cursor = p.cursor.saturating_sub(10),
            Input::Command(Command::PageDown) => p.cursor = (p.cursor + 10).min(last),
            Input::Command(Command::DeleteBack) => {
                p.filter.pop();
                p.cursor = 0;
            }
            Input::Command(Command::DeleteWord) => {
                drop_last_word(&mut p.filter);
                p.cursor = 0;
            }
            Input::Command(Command::ClearLine) => {
                p.filter.clear();
                p.cursor = 0;
            }
            Input::Char(c) => {
                p.filter.push(c);
                p.cursor = 0;
            }
            Input::Command(Command::Accept) => {
                let chosen = matches.get(p.cursor).copied();
                self.picker = None;
                if let (Some(i), Some(field)) = (chosen, self.fields.get_mut(self.focus))
                    && let FieldKind::Picker { selected, .. } = &mut field.kind
                {
                    *selected = Some(i);
                    field.error = None;
                    field.touched = true;
                    self.message = None;
                }
            }
            _ => {}
        }
    }

    fn submit<T>(
        &mut self,
        build: impl Fn(&Form) -> Result<T, (String, String)>,
    ) -> FormOutcome<T> {
        self.submitted = true;
        if let Some(bad) = self
            .fields
            .iter()
            .position(|f| f.error.is_some() || f.validate().is_err())
        {
            self.focus = bad;
            let f = &self.fields[bad];
            let why = f.message(true).unwrap_or_default();
            self.message = Some(format!("{}: {why}", f.label));
            return FormOutcome::Continue;
        }
        match build(self) {
            Ok(_)
                if self
                    .unknown
                    .as_ref()
                    .is_some_and(|u| !u.asked && u.name == self.value("name").trim()) =>
            {
                // The lost create may have made the resource: ask first.
                if let Some(u) = &mut self.unknown {
                    u.asked = true;
                    self.message = Some(u.question());
                }
                FormOutcome::Continue
            }
            Ok(t) => {
                self.message = None;
                FormOutcome::Submit(t)
            }
            Err((key, msg)) => {
                self.blame(&key, &msg);
                FormOutcome::Continue
            }
        }
    }

    /// Puts `msg` by the field `key` (focusing it) or, if no such field, on the
    /// form itself.
    fn blame(&mut self, key: &str, msg: &str) {
        match self.index_of(key) {
            Some(i) => {
                self.fields[i].error = Some(msg.to_string());
                self.focus = i;
                self.message = Some(format!("{}: {msg}", self.fields[i].label));
            }
            None => self.message = Some(msg.to_string()),
        }
    }

    /// The API refused the request: keep everything typed, show `message` on
    /// the form and each `(argument name, message)` by the field it names.
    /// Argument names are mapped to fields (`from_empty.size` -> `size`,
    /// `rules.2.dest_port_to` -> `dest_port_to`, `commercial_type` -> `type`).
    pub fn apply_error(&mut self, message: &str, fields: &[(String, String)]) {
        self.sending = false;
        let mut first: Option<usize> = None;
        let mut unplaced: Vec<String> = Vec::new();
        for (arg, msg) in fields {
            let key = forms::field_for_argument(&self.kind, arg);
            match key.and_then(|k| self.index_of(&k)) {
                Some(i) => {
                    self.fields[i].error = Some(msg.clone());
                    first.get_or_insert(i);
                }
                None => unplaced.push(format!("{arg}: {msg}")),
            }
        }
        if let Some(i) = first {
            self.focus = i;
        }
        let mut text = message.to_string();
        if !unplaced.is_empty() {
            text.push_str(" (");
            text.push_str(&unplaced.join("; "));
            text.push(')');
        }
        self.message = Some(text);
    }

    /// The fields whose value the API changed since the form opened: `fresh`
    /// is the same form opened on the resource as read again.
    pub fn drift(&self, fresh: &Form) -> Vec<Drift> {
        fresh
            .fields
            .iter()
            .filter_map(|f| {
                let (_, was, shown) = self.opened.iter().find(|(k, ..)| *k == f.key)?;
                (was != f.value()).then(|| Drift {
                    label: f.label,
                    was: shown.clone(),
                    now: f.display(),
                })
            })
            .collect()
    }

    /// The resource was read again before sending: `drift` (if any) is shown
    /// and becomes the new baseline, and the next Enter sends.
    pub fn rechecked(&mut self, fresh: &Form, drift: &[Drift]) {
        self.sending = false;
        self.rechecked = true;
        self.opened = fresh.opened.clone();
        let changes: Vec<String> = drift
            .iter()
            .map(|d| format!("{} \"{}\" → \"{}\"", d.label, d.was, d.now))
            .collect();
        self.message = Some(format!(
            "changed on the API since this form opened: {}. Enter sends yours anyway \
             (overwriting that), Esc cancels",
            changes.join(", ")
        ));
    }

    /// The form's request went out; it waits for the answer.
    pub fn mark_sending(&mut self) {
        self.sending = true;
        self.message = None;
    }
}

/// Deletes the last word of `text` and the spaces after it (Ctrl-W on a
/// filter, which has no cursor).
pub fn drop_last_word(text: &mut String) {
    let chars: Vec<char> = text.chars().collect();
    *text = chars[..word_start(&chars, chars.len())].iter().collect();
}

/// Where the word before `cursor` starts: back over spaces, then over the
/// word (as Ctrl-W in a shell).
fn word_start(chars: &[char], cursor: usize) -> usize {
    let mut at = cursor.min(chars.len());
    while at > 0 && chars[at - 1].is_whitespace() {
        at -= 1;
    }
    while at > 0 && !chars[at - 1].is_whitespace() {
        at -= 1;
    }
    at
}

/// Edits `value` at `cursor` (characters). Returns whether the text changed.
pub(crate) fn edit_text(value: &mut String, cursor: &mut usize, input: Input) -> bool {
    let len = value.chars().count();
    *cursor = (*cursor).min(len);
    let byte = |s: &str, c: usize| s.char_indices().nth(c).map_or(s.len(), |(b, _)| b);
    let Input::Command(command) = input else {
        let Input::Char(c) = input else {
            return false;
        };
        let at = byte(value, *cursor);
        value.insert(at, c);
        *cursor += 1;
        return true;
    };
    match command {
        Command::ClearLine => {
            value.clear();
            *cursor = 0;
            true
        }
        Command::DeleteWord if *cursor > 0 => {
            let chars: Vec<char> = value.chars().collect();
            let from = word_start(&chars, *cursor);
            let (a, b) = (byte(value, from), byte(value, *cursor));
            value.replace_range(a..b, "");
            *cursor = from;
            true
        }
        Command::DeleteBack if *cursor > 0 => {
            let at = byte(value, *cursor - 1);
            value.remove(at);
            *cursor -= 1;
            true
        }
        Command::DeleteForward if *cursor < len => {
            let at = byte(value, *cursor);
            value.remove(at);
            true
        }
        Command::CursorLeft => {
            *cursor = cursor.saturating_sub(1);
            false
        }
        Command::CursorRight => {
            *cursor = (*cursor + 1).min(len);
            false
        }
        Command::LineStart => {
            *cursor = 0;
            false
        }
        Command::LineEnd => {
            *cursor = len;
            false
        }
        _ => false,
    }
}
