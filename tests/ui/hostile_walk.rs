//! Every view and dialog drawn with hostile text from the API in every string
//! field (names, tags, descriptions, rule ranges, image and type names, error
//! messages): no control, bidi or zero-width character reaches the screen
//! buffer, and what was hidden shows as a visible escape. ratatui drops most
//! control characters by itself, which would hide them silently; a zero-width
//! joiner it keeps. Both are caught here.
#![allow(clippy::unwrap_used)]

use crate::dash_common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use crossterm::event::KeyCode;
use dash_common::*;
use ratatui::{Terminal, backend::TestBackend};
use scwdash::app::forms::SubmitError;
use scwdash::app::inventory::ZoneCatalog;
use scwdash::app::{
    self, Action, Batch, Effect, MissingCredentials, Mode, Options, Outcome, Screen, State, Tab,
    UserError,
};
use scwdash::ui;

/// What an attacker puts in a string: a bidi override, an OSC that retitles
/// the window, a zero-width joiner (ratatui keeps it in a cell), BEL.
const EVIL: &str = "\u{202e}\u{1b}]0;t\u{7}\u{200d}";
/// How [`EVIL`] must look on screen (its start, which survives truncation).
const SHOWN: &str = "\\u{202e}\\e]0;t";

fn evil(s: &str) -> String {
    format!("{EVIL}{s}")
}

fn evil_tags<T: AsRef<str> + From<String>>(tags: &mut [T]) {
    for t in tags {
        *t = evil(t.as_ref()).into();
    }
}

/// `items` with [`EVIL`] added to every string a user reads.
fn poison<T: Clone>(items: Vec<Arc<T>>, f: impl Fn(&mut T)) -> Vec<Arc<T>> {
    items
        .into_iter()
        .map(|mut item| {
            f(Arc::make_mut(&mut item));
            item
        })
        .collect()
}

fn hostile_batch(tab: Tab) -> Batch {
    match tab {
        Tab::Servers => Batch::Servers(poison(servers(), |s| {
            s.name = evil(&s.name).into();
            evil_tags(&mut s.tags);
        })),
        Tab::Volumes => Batch::Volumes(poison(volumes(), |v| {
            v.name = evil(&v.name).into();
            evil_tags(&mut v.tags);
        })),
        Tab::SecurityGroups => Batch::SecurityGroups(poison(security_groups(), |g| {
            g.name = evil(&g.name);
            g.description = Some(evil(g.description.as_deref().unwrap_or("")));
            let names: Vec<(String, String)> = g
                .servers
                .iter()
                .map(|(id, name)| (id.to_string(), evil(name)))
                .collect();
            g.servers = names
                .iter()
                .map(|(i, n)| (i.as_str(), n.as_str()))
                .collect();
        })),
        Tab::PrivateNetworks => Batch::PrivateNetworks(poison(private_networks(), |p| {
            p.name = evil(&p.name);
            evil_tags(&mut p.tags);
        })),
        Tab::Vpcs => Batch::Vpcs(poison(vpcs(), |v| {
            v.name = evil(&v.name);
            evil_tags(&mut v.tags);
        })),
        view => panic!("{view:?} is a view: nothing fetches it"),
    }
}

fn hostile_rules() -> Arc<Vec<scwdash::api::models::SecurityGroupRule>> {
    let mut rules = rules();
    for r in &mut rules {
        r.ip_range = evil(&r.ip_range);
    }
    Arc::new(rules)
}

fn hostile_catalog() -> ZoneCatalog {
    let mut images = crate::forms_common::images();
    for i in &mut images {
        i.name = evil(&i.name);
    }
    ZoneCatalog {
        images,
        availability: crate::forms_common::availability(),
    }
}

/// Answers `effects` with hostile data, as the API would.
fn answer_hostile(state: &mut State, effects: Vec<Effect>) {
    let mut queue = effects;
    while let Some(e) = queue.pop() {
        let action = match e {
            Effect::Fetch { request, tab, .. } => Action::Fetched {
                request,
                batch: hostile_batch(tab),
                errors: Vec::new(),
            },
            Effect::FetchServerTypes(zone) => Action::ServerTypes {
                zone,
                result: Ok(server_types()),
            },
            Effect::FetchZoneCatalog(zone) => Action::ZoneCatalog {
                zone,
                result: Ok(hostile_catalog()),
            },
            Effect::FetchRules { group, .. } => Action::Rules {
                group,
                result: Ok(hostile_rules()),
            },
            Effect::FetchRaw { title, .. } => Action::Raw {
                title,
                result: Ok(format!("{{\n  \"name\": \"{EVIL}x\"\n}}")),
            },
            _ => continue,
        };
        queue.extend(app::update(state, action));
    }
}

fn hostile_state() -> State {
    let t0 = Instant::now();
    let mut state = State::new(Options {
        zone: scwdash::api::locality::ZoneScope::One(scwdash::api::locality::Zone::FrPar1),
        project: Some("proj-1".into()),
        ..Options::default()
    });
    app::update(&mut state, Action::Tick(t0));
    let effects = app::init(&mut state);
    answer_hostile(&mut state, effects);
    let effects = app::update(&mut state, Action::Tick(t0 + Duration::from_secs(1)));
    answer_hostile(&mut state, effects);
    state
}

/// Draws `state` at `w`x`h`; panics naming `view` if a dangerous character
/// reached the buffer; returns the screen as text.
fn screen(state: &mut State, view: &str, w: u16, h: u16) -> String {
    app::update(state, Action::Resize(ui::layout::viewport(w, h)));
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| ui::render(f, state)).unwrap();
    let buf = terminal.backend().buffer();
    let mut text = String::new();
    for y in 0..h {
        for x in 0..w {
            let symbol = buf[(x, y)].symbol();
            let bad: Vec<char> = symbol
                .chars()
                .filter(|c| scwdash::text::is_dangerous(*c))
                .collect();
            assert!(
                bad.is_empty(),
                "{view} at {w}x{h}: {bad:?} reached the screen at ({x}, {y})"
            );
            text.push_str(symbol);
        }
        text.push('\n');
    }
    text
}

/// The view shows hostile text, escaped, at both sizes.
fn shows_escaped(state: &mut State, view: &str) {
    for (w, h) in [(160, 48), (80, 24)] {
        let text = screen(state, view, w, h);
        assert!(
            text.contains(SHOWN),
            "{view} at {w}x{h} hides what it was sent:\n{text}"
        );
    }
}

fn ctrl(c: char) -> Action {
    Action::Key(crossterm::event::KeyEvent::new(
        KeyCode::Char(c),
        crossterm::event::KeyModifiers::CONTROL,
    ))
}

fn press(state: &mut State, code: KeyCode) -> Vec<Effect> {
    app::update(state, dash_common::code(code))
}

fn ch(state: &mut State, c: char) -> Vec<Effect> {
    app::update(state, key(c))
}

/// A refresh in which web-1 got another hostile name: an event to show.
fn hostile_rename(state: &mut State) {
    let mut rest = Vec::new();
    for effect in ch(state, 'r') {
        match effect {
            Effect::Fetch {
                request,
                tab: Tab::Servers,
                ..
            } => {
                let Batch::Servers(servers) = hostile_batch(Tab::Servers) else {
                    panic!("servers");
                };
                let renamed = poison(servers, |s| {
                    if s.id == WEB {
                        s.name = evil("web-renamed").into();
                    }
                });
                let batch = Batch::Servers(renamed);
                app::update(
                    state,
                    Action::Fetched {
                        request,
                        batch,
                        errors: Vec::new(),
                    },
                );
            }
            other => rest.push(other),
        }
    }
    answer_hostile(state, rest);
}

#[test]
fn every_tab_and_its_details_show_hostile_names_escaped() {
    let mut state = hostile_state();
    hostile_rename(&mut state);
    for tab in Tab::ALL {
        ch(&mut state, char::from(b'1' + tab.index() as u8));
        shows_escaped(&mut state, &format!("{} table", tab.noun()));
        if tab.api().is_none() {
            // A view: the details pane of its second line (the topology's
            // first is a region; every view's Enter goes to a resource).
            press(&mut state, KeyCode::Down);
            shows_escaped(&mut state, &format!("{} details", tab.noun()));
            continue;
        }
        let effects = press(&mut state, KeyCode::Enter);
        answer_hostile(&mut state, effects);
        shows_escaped(&mut state, &format!("{} details", tab.noun()));
        press(&mut state, KeyCode::Esc);
        let effects = ch(&mut state, 'y');
        answer_hostile(&mut state, effects);
        assert!(
            matches!(state.mode, Mode::RawJson { .. }),
            "{:?}",
            state.mode
        );
        shows_escaped(&mut state, &format!("{} raw JSON", tab.noun()));
        press(&mut state, KeyCode::Esc);
    }
}

#[test]
fn the_filter_shows_a_pasted_escape_escaped() {
    let mut state = hostile_state();
    ch(&mut state, '/');
    app::update(&mut state, Action::Paste(format!("{EVIL}x")));
    screen(&mut state, "filter", 160, 48);
    let text = screen(&mut state, "filter", 80, 24);
    assert!(
        text.contains("\\u{202e}"),
        "filter hides the paste:\n{text}"
    );
}

#[test]
fn menus_and_confirmations_name_hostile_resources_escaped() {
    let mut state = hostile_state();
    ch(&mut state, '1');
    assert!(state.table_mut(Tab::Servers).select_id(WEB));
    ch(&mut state, 'p');
    assert!(matches!(state.mode, Mode::PowerMenu(_)), "{:?}", state.mode);
    shows_escaped(&mut state, "power menu");
    press(&mut state, KeyCode::Enter);
    assert!(matches!(state.mode, Mode::Confirm(_)), "{:?}", state.mode);
    shows_escaped(&mut state, "power confirmation");
    press(&mut state, KeyCode::Esc);
    // Terminate asks for the name typed: the prompt shows it escaped, and
    // a pasted escape in the typed answer stays visible.
    ch(&mut state, 'p');
    let Mode::PowerMenu(menu) = &state.mode else {
        panic!("{:?}", state.mode);
    };
    let terminate = menu.actions.iter().position(|a| a == "terminate").unwrap();
    for _ in 0..terminate {
        press(&mut state, KeyCode::Down);
    }
    press(&mut state, KeyCode::Enter);
    assert!(
        matches!(state.mode, Mode::TypeToConfirm { .. }),
        "{:?}",
        state.mode
    );
    app::update(&mut state, Action::Paste(EVIL.into()));
    shows_escaped(&mut state, "typed-name confirmation");
    press(&mut state, KeyCode::Esc);
    // Delete menus of a server and a volume.
    state.mode = Mode::Normal;
    ch(&mut state, 'd');
    assert!(matches!(state.mode, Mode::Choose(_)), "{:?}", state.mode);
    shows_escaped(&mut state, "server delete menu");
    press(&mut state, KeyCode::Esc);
    ch(&mut state, '2');
    assert!(state.table_mut(Tab::Volumes).select_id(SPARE));
    ch(&mut state, 'd');
    shows_escaped(&mut state, "volume delete confirmation");
}

#[test]
fn forms_pickers_and_their_messages_show_hostile_text_escaped() {
    let mut state = hostile_state();
    ch(&mut state, '1');
    assert!(state.table_mut(Tab::Servers).select_id(WEB));
    let effects = ch(&mut state, 'e');
    answer_hostile(&mut state, effects);
    assert!(matches!(state.mode, Mode::Form(_)), "{:?}", state.status);
    shows_escaped(&mut state, "server edit form");
    // The form refuses the hostile name and tags, naming what it refuses.
    press(&mut state, KeyCode::Enter);
    shows_escaped(&mut state, "form refusing hidden characters");
    // With clean ones it sends; the API answers with a hostile message by a
    // field and for the whole form.
    app::update(&mut state, ctrl('u'));
    for c in "web-1".chars() {
        ch(&mut state, c);
    }
    press(&mut state, KeyCode::Tab);
    app::update(&mut state, ctrl('u'));
    let effects = press(&mut state, KeyCode::Enter);
    let Some(Effect::Recheck(submit)) = effects.into_iter().next() else {
        panic!("the edit form did not submit: {:?}", state.mode);
    };
    // It is read again unchanged, then sent.
    let fresh = match hostile_batch(Tab::Servers) {
        Batch::Servers(s) => Batch::Servers(s.into_iter().filter(|s| s.id == WEB).collect()),
        _ => unreachable!(),
    };
    let effects = app::update(
        &mut state,
        Action::Rechecked {
            submit,
            result: Ok(fresh),
        },
    );
    let Some(Effect::Submit(submit)) = effects.into_iter().next() else {
        panic!("not sent after the re-read: {:?}", state.mode);
    };
    app::update(
        &mut state,
        Action::Submitted {
            submit,
            result: Err(SubmitError {
                message: format!("{EVIL}refused"),
                fields: vec![("name".into(), format!("{EVIL}taken"))],
                outcome_unknown: false,
            }),
        },
    );
    shows_escaped(&mut state, "form refused by the API");
    press(&mut state, KeyCode::Esc);
    // The create form: image and security-group pickers list hostile names;
    // a pasted filter shows escaped.
    let effects = ch(&mut state, 'n');
    answer_hostile(&mut state, effects);
    let Mode::Form(form) = &state.mode else {
        panic!("no create form: {:?}", state.status);
    };
    let image = form.fields.iter().position(|f| f.key == "image").unwrap();
    for _ in 0..image {
        press(&mut state, KeyCode::Tab);
    }
    ch(&mut state, ' ');
    shows_escaped(&mut state, "image picker");
    app::update(&mut state, Action::Paste(EVIL.into()));
    let text = screen(&mut state, "picker filter", 160, 48);
    assert!(text.contains("\\u{202e}"), "{text}");
}

#[test]
fn the_rule_editor_shows_hostile_ranges_escaped() {
    let mut state = hostile_state();
    ch(&mut state, '3');
    assert!(state.table_mut(Tab::SecurityGroups).select_id(SG_DEFAULT));
    let effects = ch(&mut state, 'a');
    answer_hostile(&mut state, effects);
    if !matches!(state.mode, Mode::RuleEditor(_)) {
        let effects = ch(&mut state, 'a');
        answer_hostile(&mut state, effects);
    }
    assert!(
        matches!(state.mode, Mode::RuleEditor(_)),
        "{:?}",
        state.status
    );
    shows_escaped(&mut state, "rule editor");
    // Its rule form shows the range it edits.
    ch(&mut state, 'e');
    shows_escaped(&mut state, "rule form");
}

#[test]
fn the_status_line_and_the_credentials_screen_escape_what_they_show() {
    let mut state = hostile_state();
    state.status.last_action = Some((format!("{EVIL}done"), Outcome::Succeeded));
    shows_escaped(&mut state, "status line action");
    state.status.last_action = None;
    state.status.last_error = Some(UserError::new(format!("{EVIL}boom")));
    shows_escaped(&mut state, "status line error");
    state.status.last_error = None;
    state.status.backoff = Some(format!("{EVIL}slow down"));
    shows_escaped(&mut state, "status line back-off");
    state.screen = Screen::MissingCredentials(MissingCredentials {
        missing: vec![format!("{EVIL}secret key")],
        searched: vec![format!("/home/{EVIL}/.config/scw/config.yaml")],
        profile: format!("{EVIL}prod"),
    });
    shows_escaped(&mut state, "missing credentials screen");
}
