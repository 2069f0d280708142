//! The state machine: one function from (state, action) to effects.

use crossterm::event::{KeyCode, KeyEventKind};

use crate::api::locality::{Zone, ZoneScope};
use crate::keymap::{Command, Context, Key};

use super::inventory::covered;
use super::{
    Action, Effect, Locality, Mode, Outcome, PendingAction, PowerMenu, RequestId, Screen, State,
    Tab, UserError, Verb,
};

/// The power actions the menu offers, in menu order, when the API allows them.
const POWER_ORDER: [&str; 5] = [
    "poweron",
    "poweroff",
    "stop_in_place",
    "reboot",
    "terminate",
];

/// The first effects at start-up: load every tab (counts show on all tabs).
pub fn init(state: &mut State) -> Vec<Effect> {
    if state.screen != Screen::Dashboard {
        return Vec::new();
    }
    let mut effects = fetch_all(state);
    effects.extend(fetch_server_types(state));
    effects
}

/// Applies `action`, marks the state dirty when something visible changed, and
/// returns the I/O to perform. Never blocks, never does I/O.
pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    match action {
        Action::Key(ev) => {
            if ev.kind == KeyEventKind::Release {
                return Vec::new();
            }
            state.dirty = true;
            let mut effects = on_key(state, Key::from(ev));
            effects.extend(maybe_fetch_rules(state));
            effects
        }
        Action::Paste(text) => {
            if let Mode::Form(form) = &mut state.mode {
                form.paste(&text);
                state.dirty = true;
            } else if state.mode == Mode::Filter {
                let table = state.table_mut(state.tab);
                let mut f = table.filter().to_string();
                f.extend(text.chars().filter(|c| !c.is_control()));
                table.set_filter(&f);
                state.dirty = true;
            }
            Vec::new()
        }
        Action::Resize(w, h) => {
            state.viewport = (w, h);
            apply_page(state);
            state.dirty = true;
            Vec::new()
        }
        Action::Tick(now) => on_tick(state, now),
        Action::Loaded {
            request,
            tab,
            rows,
            errors,
        } => {
            if state.in_flight[tab.index()] != Some(request) {
                // Superseded by a zone change or a newer refresh.
                return Vec::new();
            }
            let all_failed = rows.is_empty() && !errors.is_empty();
            if !all_failed {
                let mut rows = rows;
                // A zone that failed keeps its last known rows rather than
                // looking empty.
                let failed: Vec<Locality> = errors.iter().map(|(l, _)| *l).collect();
                if !failed.is_empty() {
                    let kept = state
                        .table(tab)
                        .rows()
                        .filter(|r| covered(&failed, r.locality()))
                        .cloned()
                        .collect::<Vec<_>>();
                    rows.extend(kept);
                }
                state.table_mut(tab).set_rows(rows);
            }
            finish_fetch(state, tab, errors);
            Vec::new()
        }
        Action::Fetched {
            request,
            batch,
            errors,
        } => {
            let tab = batch.tab();
            if state.in_flight[tab.index()] != Some(request) {
                return Vec::new();
            }
            let failed: Vec<Locality> = errors.iter().map(|(l, _)| *l).collect();
            state.inventory.apply(batch, &failed);
            let mut rebuild = state.inventory.refresh_joins();
            if !rebuild.contains(&tab) {
                rebuild.push(tab);
            }
            for t in rebuild {
                // Tabs never loaded stay "loading" until their own data comes.
                if t == tab || state.table(t).is_loaded() {
                    let rows = state.inventory.rows(t);
                    state.table_mut(t).set_rows(rows);
                }
            }
            // The API answered: a back-off in progress is over.
            state.status.backoff = None;
            finish_fetch(state, tab, errors);
            maybe_fetch_rules(state)
        }
        Action::ServerTypes { zone, result } => {
            let ok = result.is_ok();
            match result {
                Ok(types) => {
                    state.inventory.server_types.insert(zone, types);
                    if state.inventory.refresh_joins().contains(&Tab::Servers) {
                        let rows = state.inventory.rows(Tab::Servers);
                        if state.table(Tab::Servers).is_loaded() {
                            state.table_mut(Tab::Servers).set_rows(rows);
                        }
                    }
                }
                Err(e) => {
                    // Asked again with the next zone change or restart.
                    state.server_types_requested.remove(&zone);
                    state.status.last_error = Some(UserError {
                        message: format!("server types of {zone}: {}", e.message),
                        fields: e.fields,
                    });
                }
            }
            state.dirty = true;
            after_data(state, ok)
        }
        Action::ZoneCatalog { zone, result } => {
            let ok = result.is_ok();
            match result {
                Ok(catalog) => {
                    state
                        .inventory
                        .zone_catalogs
                        .insert(zone, std::sync::Arc::new(catalog));
                }
                Err(e) => {
                    state.catalog_requested.remove(&zone);
                    state.status.last_error = Some(UserError {
                        message: format!("images of {zone}: {}", e.message),
                        fields: e.fields,
                    });
                }
            }
            state.dirty = true;
            after_data(state, ok)
        }
        Action::Rules { group, result } => {
            let ok = result.is_ok();
            match result {
                Ok(rules) => {
                    state.inventory.rules.insert(group, rules);
                    if state
                        .inventory
                        .refresh_joins()
                        .contains(&Tab::SecurityGroups)
                    {
                        let rows = state.inventory.rows(Tab::SecurityGroups);
                        state.table_mut(Tab::SecurityGroups).set_rows(rows);
                    }
                }
                Err(e) => {
                    state.rules_requested.remove(&group);
                    state.status.last_error = Some(e);
                }
            }
            state.dirty = true;
            after_data(state, ok)
        }
        Action::Raw { title, result } => {
            if let Mode::RawJson {
                title: shown, text, ..
            } = &mut state.mode
                && *shown == title
            {
                match result {
                    Ok(json) => *text = json,
                    Err(e) => {
                        *text = format!("(could not fetch the object: {e})");
                        state.status.last_error = Some(e);
                    }
                }
                state.dirty = true;
            }
            Vec::new()
        }
        Action::Done { action, result } => {
            let what = action.describe();
            match result {
                Ok(()) => {
                    super::pending::accept(state, [action.id.clone()]);
                    state.status.last_action = Some((what, Outcome::Succeeded));
                }
                Err(e) => {
                    super::pending::fail(state, [action.id.clone()]);
                    state.status.last_action = Some((what, Outcome::Failed));
                    state.status.last_error = Some(e);
                }
            }
            state.dirty = true;
            // See the transition right away; the fast refresh follows it.
            let mut effects = vec![fetch(state, action.tab)];
            if matches!(action.verb, Verb::DetachVolume { .. }) {
                // The server's volume map changed too.
                effects.push(fetch(state, Tab::Servers));
            }
            effects
        }
        Action::Backoff(msg) => {
            state.status.backoff = msg;
            state.dirty = true;
            Vec::new()
        }
        Action::Notice(msg, outcome) => {
            state.status.last_action = Some((msg, outcome));
            state.dirty = true;
            Vec::new()
        }
        Action::Shutdown => {
            state.quit = true;
            Vec::new()
        }
        Action::Submitted { submit, result } => {
            state.dirty = true;
            if super::editing::submitted(state, &submit, result) {
                let mut effects = vec![fetch(state, submit.tab())];
                match &submit {
                    super::forms::FormSubmit::AttachVolume { .. } => {
                        effects.push(fetch(state, Tab::Servers));
                    }
                    super::forms::FormSubmit::SetRules {
                        security_group_id, ..
                    } => {
                        // Read the rules back as the API normalised them.
                        state.inventory.rules.remove(security_group_id);
                        state.rules_requested.remove(security_group_id);
                        effects.extend(maybe_fetch_rules(state));
                    }
                    _ => {}
                }
                effects
            } else {
                Vec::new()
            }
        }
    }
}

/// Data a waiting form needed arrived (or failed: the form is not opened,
/// the error is on the status line).
fn after_data(state: &mut State, ok: bool) -> Vec<Effect> {
    if ok {
        super::mutate::retry_pending(state)
    } else {
        state.pending_open = None;
        Vec::new()
    }
}

/// Records a finished fetch: zone errors for the zone bar, and the refresh
/// time once nothing is in flight.
fn finish_fetch(state: &mut State, tab: Tab, errors: Vec<(Locality, UserError)>) {
    state.in_flight[tab.index()] = None;
    // Rows of accepted mutations now show what the API says.
    super::pending::settle(state, tab);
    for (locality, err) in errors {
        state.status.last_error = Some(UserError {
            message: format!("{locality}: {}", err.message),
            fields: err.fields.clone(),
        });
        state.locality_errors.insert(locality, err);
    }
    if state.in_flight.iter().all(Option::is_none) {
        state.last_refresh = state.now.or(state.last_refresh);
        if let Some((text, outcome @ Outcome::Pending)) = &mut state.status.last_action
            && text == "refresh"
        {
            *outcome = Outcome::Succeeded;
        }
    }
    state.dirty = true;
}

/// Asks for the selected security group's rules once (the list call does
/// not include them).
fn maybe_fetch_rules(state: &mut State) -> Vec<Effect> {
    if state.tab != Tab::SecurityGroups {
        return Vec::new();
    }
    let Some(id) = state.current().selected_id() else {
        return Vec::new();
    };
    if state.inventory.rules.contains_key(id) || state.rules_requested.contains(id) {
        return Vec::new();
    }
    let Some(group) = state.inventory.security_groups.get(id) else {
        return Vec::new();
    };
    let Ok(zone) = group.zone.parse::<Zone>() else {
        return Vec::new();
    };
    let id = id.to_string();
    state.rules_requested.insert(id.clone());
    vec![Effect::FetchRules { group: id, zone }]
}

/// Server types of the scope's zones not asked for yet.
fn fetch_server_types(state: &mut State) -> Vec<Effect> {
    state
        .zone
        .zones()
        .into_iter()
        .filter(|z| state.server_types_requested.insert(*z))
        .map(Effect::FetchServerTypes)
        .collect()
}

fn on_tick(state: &mut State, now: std::time::Instant) -> Vec<Effect> {
    let before = state.refreshed_ago();
    state.now = Some(now);
    state.tick = state.tick.wrapping_add(1);
    if state.animating() || state.refreshed_ago() != before {
        state.dirty = true;
    }
    let idle = state.in_flight.iter().all(Option::is_none);
    let due = match state.last_refresh {
        // The first load comes from `init`.
        None => false,
        Some(at) => now.saturating_duration_since(at) >= state.refresh_interval(),
    };
    if state.screen == Screen::Dashboard && !state.paused && idle && due {
        fetch_all(state)
    } else {
        Vec::new()
    }
}

fn context(state: &State) -> Context {
    if let Screen::MissingCredentials(_) = state.screen {
        return Context::Global;
    }
    match state.mode {
        Mode::Normal => Context::Normal,
        Mode::Filter | Mode::TypeToConfirm { .. } => Context::Filter,
        Mode::Help { .. } => Context::Help,
        Mode::Confirm(_) => Context::Confirm,
        Mode::PowerMenu(_) | Mode::Choose(_) | Mode::ZonePicker { .. } => Context::Menu,
        Mode::RawJson { .. } => Context::Json,
        Mode::Form(_) => Context::Form,
        Mode::RuleEditor(_) => Context::Rules,
    }
}

fn on_key(state: &mut State, key: Key) -> Vec<Effect> {
    let ctx = context(state);
    let command = state.keymap.lookup(ctx, key);
    if let Screen::MissingCredentials(_) = state.screen {
        // Only quitting makes sense here; `q` always works on this screen.
        if command == Some(Command::Quit) || key == Key::char('q') {
            state.quit = true;
        }
        return Vec::new();
    }
    match ctx {
        Context::Filter if matches!(state.mode, Mode::TypeToConfirm { .. }) => {
            type_confirm_key(state, key, command)
        }
        Context::Filter => filter_key(state, key, command),
        Context::Confirm => confirm_key(state, command),
        Context::Menu if matches!(state.mode, Mode::ZonePicker { .. }) => {
            zone_picker_key(state, command)
        }
        Context::Menu => menu_key(state, command),
        Context::Json | Context::Help => scroll_key(state, command),
        // Forms need the raw key (text entry); see `editing::key`.
        Context::Form | Context::Rules => super::editing::key(state, key),
        Context::Normal | Context::Global => match command {
            Some(c) => normal_command(state, c),
            None => Vec::new(),
        },
    }
}

fn filter_key(state: &mut State, key: Key, command: Option<Command>) -> Vec<Effect> {
    let table = state.table_mut(state.tab);
    match command {
        Some(Command::Accept) => state.mode = Mode::Normal,
        Some(Command::Back) => {
            table.set_filter("");
            state.mode = Mode::Normal;
        }
        Some(Command::Up) => table.move_by(-1),
        Some(Command::Down) => table.move_by(1),
        Some(Command::Quit) => state.quit = true,
        _ => match key.code {
            KeyCode::Backspace => table.pop_filter(),
            KeyCode::Char(c) if key.mods.is_empty() => table.push_filter(c),
            _ => {}
        },
    }
    Vec::new()
}

fn type_confirm_key(state: &mut State, key: Key, command: Option<Command>) -> Vec<Effect> {
    let Mode::TypeToConfirm { action, typed } = &mut state.mode else {
        return Vec::new();
    };
    match command {
        Some(Command::Accept) => {
            if *typed == action.name {
                let Mode::TypeToConfirm { action, .. } = std::mem::take(&mut state.mode) else {
                    return Vec::new();
                };
                return run(state, action);
            }
            state.status.last_action = Some((
                format!("type the name \"{}\" exactly to confirm", action.name),
                Outcome::Refused,
            ));
        }
        Some(Command::Back) => {
            let text = format!("{}: cancelled", action.describe());
            state.mode = Mode::Normal;
            state.status.last_action = Some((text, Outcome::Info));
        }
        _ => match key.code {
            KeyCode::Backspace => {
                typed.pop();
            }
            KeyCode::Char(c) if key.mods.is_empty() => typed.push(c),
            _ => {}
        },
    }
    Vec::new()
}

fn confirm_key(state: &mut State, command: Option<Command>) -> Vec<Effect> {
    match command {
        Some(Command::Yes) => {
            let Mode::Confirm(action) = std::mem::take(&mut state.mode) else {
                return Vec::new();
            };
            run(state, action)
        }
        Some(Command::No) | Some(Command::Back) => {
            if let Mode::Confirm(action) = std::mem::take(&mut state.mode) {
                state.status.last_action = Some((action.describe(), Outcome::Info));
                if let Some((text, _)) = &mut state.status.last_action {
                    text.push_str(": cancelled");
                }
            }
            Vec::new()
        }
        Some(Command::Quit) => {
            state.quit = true;
            Vec::new()
        }
        // Any other key leaves the question open: only an explicit answer counts.
        _ => Vec::new(),
    }
}

/// Keys in the delete/detach menu: Enter asks to confirm the entry, or says
/// why it is refused.
fn choose_key(state: &mut State, command: Option<Command>) -> Vec<Effect> {
    let Mode::Choose(menu) = &mut state.mode else {
        return Vec::new();
    };
    match command {
        Some(Command::Up) => menu.cursor = menu.cursor.saturating_sub(1),
        Some(Command::Down) => {
            menu.cursor = (menu.cursor + 1).min(menu.items.len().saturating_sub(1));
        }
        Some(Command::Back) => state.mode = Mode::Normal,
        Some(Command::Quit) => state.quit = true,
        Some(Command::Accept) => {
            if let Some(item) = menu.items.get(menu.cursor) {
                let verdict = item.action.clone();
                super::mutate::decide(state, verdict);
            }
        }
        _ => {}
    }
    Vec::new()
}

fn menu_key(state: &mut State, command: Option<Command>) -> Vec<Effect> {
    if matches!(state.mode, Mode::Choose(_)) {
        return choose_key(state, command);
    }
    let Mode::PowerMenu(menu) = &mut state.mode else {
        return Vec::new();
    };
    match command {
        Some(Command::Up) => menu.cursor = menu.cursor.saturating_sub(1),
        Some(Command::Down) => {
            menu.cursor = (menu.cursor + 1).min(menu.actions.len().saturating_sub(1));
        }
        Some(Command::Back) => state.mode = Mode::Normal,
        Some(Command::Quit) => state.quit = true,
        Some(Command::Accept) => {
            let Mode::PowerMenu(menu) = std::mem::take(&mut state.mode) else {
                return Vec::new();
            };
            let Some(verb) = menu.actions.get(menu.cursor) else {
                return Vec::new();
            };
            let action = PendingAction {
                verb: Verb::Power(verb.clone()),
                tab: Tab::Servers,
                id: menu.id,
                name: menu.name,
                locality: menu.locality,
            };
            if verb == "terminate" {
                state.mode = Mode::TypeToConfirm {
                    action,
                    typed: String::new(),
                };
                return Vec::new();
            }
            return ask_or_run(state, action);
        }
        _ => {}
    }
    Vec::new()
}

/// The zone picker's entries: the nine zones, then all of them.
pub fn zone_choices() -> impl Iterator<Item = ZoneScope> {
    Zone::ALL
        .into_iter()
        .map(ZoneScope::One)
        .chain([ZoneScope::All])
}

fn zone_picker_key(state: &mut State, command: Option<Command>) -> Vec<Effect> {
    let Mode::ZonePicker { cursor } = &mut state.mode else {
        return Vec::new();
    };
    let last = zone_choices().count() - 1;
    match command {
        Some(Command::Up) => *cursor = cursor.saturating_sub(1),
        Some(Command::Down) => *cursor = (*cursor + 1).min(last),
        Some(Command::Back) => state.mode = Mode::Normal,
        Some(Command::Quit) => state.quit = true,
        Some(Command::Accept) => {
            let chosen = zone_choices().nth(*cursor);
            state.mode = Mode::Normal;
            if let Some(scope) = chosen {
                return set_zone(state, scope);
            }
        }
        _ => {}
    }
    Vec::new()
}

fn scroll_key(state: &mut State, command: Option<Command>) -> Vec<Effect> {
    let page = state.viewport.1.saturating_sub(4).max(1);
    let scroll = match &mut state.mode {
        Mode::RawJson { scroll, .. } | Mode::Help { scroll } => scroll,
        _ => return Vec::new(),
    };
    match command {
        Some(Command::Up) => *scroll = scroll.saturating_sub(1),
        Some(Command::Down) => *scroll = scroll.saturating_add(1),
        Some(Command::PageUp) => *scroll = scroll.saturating_sub(page),
        Some(Command::PageDown) => *scroll = scroll.saturating_add(page),
        Some(Command::Top) => *scroll = 0,
        // The renderer clamps to the last line.
        Some(Command::Bottom) => *scroll = u16::MAX,
        Some(Command::Back) | Some(Command::Help) => state.mode = Mode::Normal,
        Some(Command::Quit) => state.quit = true,
        _ => {}
    }
    Vec::new()
}

fn normal_command(state: &mut State, command: Command) -> Vec<Effect> {
    if command.is_mutating() && state.read_only {
        state.status.last_action = Some((
            format!(
                "read-only mode: \"{}\" is disabled (started with --read-only)",
                command.name()
            ),
            Outcome::Refused,
        ));
        return Vec::new();
    }
    let tab = state.tab;
    match command {
        Command::Tab(n) => {
            if let Some(t) = Tab::from_number(n) {
                return switch_tab(state, t);
            }
        }
        Command::NextTab => {
            let t = Tab::ALL[(tab.index() + 1) % Tab::ALL.len()];
            return switch_tab(state, t);
        }
        Command::PrevTab => {
            let t = Tab::ALL[(tab.index() + Tab::ALL.len() - 1) % Tab::ALL.len()];
            return switch_tab(state, t);
        }
        Command::PickZone => {
            let cursor = zone_choices().position(|z| z == state.zone).unwrap_or(0);
            state.mode = Mode::ZonePicker { cursor };
        }
        Command::NextZone => return set_zone(state, step_zone(state.zone, 1)),
        Command::PrevZone => return set_zone(state, step_zone(state.zone, -1)),
        Command::Up => state.table_mut(tab).move_by(-1),
        Command::Down => state.table_mut(tab).move_by(1),
        Command::Top => state.table_mut(tab).top(),
        Command::Bottom => state.table_mut(tab).bottom(),
        Command::PageUp => state.table_mut(tab).page_by(-1),
        Command::PageDown => state.table_mut(tab).page_by(1),
        Command::Filter => state.mode = Mode::Filter,
        Command::Back => state.table_mut(tab).set_filter(""),
        Command::SortNext => state.table_mut(tab).cycle_sort(),
        Command::SortReverse => state.table_mut(tab).reverse_sort(),
        Command::Details => {
            state.show_details = !state.show_details;
            apply_page(state);
        }
        Command::RawJson => {
            if let Some(row) = state.current().selected() {
                let title = format!("{} {}", tab.noun(), row.name());
                // The exact API object when it has a path; else what the row has.
                let (text, effects) = match row.api_path() {
                    Some(path) => (
                        String::new(),
                        vec![Effect::FetchRaw {
                            title: title.clone(),
                            path,
                        }],
                    ),
                    None => (row.raw_json(), Vec::new()),
                };
                state.mode = Mode::RawJson {
                    title,
                    text,
                    scroll: 0,
                };
                return effects;
            }
        }
        Command::CopyId => {
            if let Some(id) = state.current().selected_id() {
                return vec![Effect::Copy(id.to_string())];
            }
        }
        Command::Refresh => {
            state.status.last_action = Some(("refresh".to_string(), Outcome::Pending));
            state.status.last_error = None;
            // Rules are re-read for the groups looked at next.
            state.rules_requested.clear();
            state.inventory.rules.clear();
            return fetch_all(state);
        }
        Command::TogglePause => state.paused = !state.paused,
        Command::PowerMenu => open_power_menu(state),
        Command::Delete => super::mutate::delete(state),
        Command::New | Command::Edit | Command::Attach => {
            return super::mutate::open(state, command);
        }
        Command::Help => state.mode = Mode::Help { scroll: 0 },
        Command::Quit => state.quit = true,
        Command::Accept
        | Command::Yes
        | Command::No
        | Command::NextField
        | Command::PrevField
        | Command::Submit
        | Command::MoveUp
        | Command::MoveDown
        | Command::Apply => {}
    }
    Vec::new()
}

fn open_power_menu(state: &mut State) {
    if state.tab != Tab::Servers {
        state.status.last_action = Some((
            "the power menu is for servers (tab 1)".to_string(),
            Outcome::Info,
        ));
        return;
    }
    let Some(row) = state.current().selected() else {
        return;
    };
    let allowed = row.power_actions();
    let actions: Vec<String> = POWER_ORDER
        .iter()
        .filter(|a| allowed.iter().any(|x| x == *a))
        .map(|a| a.to_string())
        .collect();
    if actions.is_empty() {
        state.status.last_action = Some((
            format!("{} allows no power action right now", row.name()),
            Outcome::Info,
        ));
        return;
    }
    state.mode = Mode::PowerMenu(PowerMenu {
        id: row.id().to_string(),
        name: row.name().into_owned(),
        locality: row.locality(),
        actions,
        cursor: 0,
    });
}

/// Destructive actions go through the confirm dialog; the others run now.
fn ask_or_run(state: &mut State, action: PendingAction) -> Vec<Effect> {
    if action.verb.is_destructive() {
        state.mode = Mode::Confirm(action);
        Vec::new()
    } else {
        run(state, action)
    }
}

fn run(state: &mut State, action: PendingAction) -> Vec<Effect> {
    state.status.last_error = None;
    let mark = super::pending::Mark {
        label: super::pending::verb_label(&action.verb),
        tab: action.tab,
        failed: false,
    };
    super::pending::start(state, vec![(action.id.clone(), mark)]);
    state.status.last_action = Some((action.describe(), Outcome::Pending));
    vec![Effect::Run(action)]
}

fn switch_tab(state: &mut State, tab: Tab) -> Vec<Effect> {
    state.tab = tab;
    if state.mode == Mode::Filter {
        state.mode = Mode::Normal;
    }
    if !state.table(tab).is_loaded() && state.in_flight[tab.index()].is_none() {
        return vec![fetch(state, tab)];
    }
    Vec::new()
}

fn step_zone(scope: ZoneScope, step: isize) -> ZoneScope {
    // The bar is the nine zones then "all", cyclic.
    let n = Zone::ALL.len() as isize + 1;
    let pos = match scope {
        ZoneScope::One(z) => Zone::ALL.iter().position(|x| *x == z).unwrap_or(0) as isize,
        ZoneScope::All => n - 1,
    };
    let next = (pos + step).rem_euclid(n) as usize;
    Zone::ALL
        .get(next)
        .map_or(ZoneScope::All, |z| ZoneScope::One(*z))
}

fn set_zone(state: &mut State, scope: ZoneScope) -> Vec<Effect> {
    if scope == state.zone {
        return Vec::new();
    }
    state.zone = scope;
    state.locality_errors.clear();
    for t in &mut state.tables {
        t.clear();
    }
    state.inventory.clear();
    state.rules_requested.clear();
    let mut effects = fetch_all(state);
    effects.extend(fetch_server_types(state));
    effects
}

/// Starts a fetch of every tab; earlier fetches become stale.
fn fetch_all(state: &mut State) -> Vec<Effect> {
    state.locality_errors.clear();
    Tab::ALL.iter().map(|t| fetch(state, *t)).collect()
}

fn fetch(state: &mut State, tab: Tab) -> Effect {
    let request = RequestId(state.next_request);
    state.next_request += 1;
    state.in_flight[tab.index()] = Some(request);
    Effect::Fetch {
        request,
        tab,
        scope: state.zone,
    }
}

fn apply_page(state: &mut State) {
    let (w, h) = state.viewport;
    let rows = crate::ui::layout::table_page(w, h, state.show_details);
    for t in &mut state.tables {
        t.set_page(rows);
    }
}
