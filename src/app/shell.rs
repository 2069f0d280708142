//! A shell on the server (`s`): the `[ssh] command` template of config.toml
//! is split into words once, at load, BEFORE anything is substituted, and
//! each placeholder fills part of one word; the program then runs without a
//! shell (`Effect::Shell`, the event loop hands it the terminal). So a
//! server's name, which is hostile input, can never become a second word, a
//! pipe or a `$(...)`; values that would read as an option (`-o...`) or
//! carry control characters are refused, and addresses must be addresses.

use std::fmt;
use std::net::IpAddr;

use crate::api::locality::Zone;
use crate::api::models::ServerSummary;

use super::{Effect, Outcome, State, Tab};

/// What `{...}` stands for in the template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placeholder {
    PublicIp,
    PrivateIp,
    Name,
    Id,
    Zone,
    User,
}

impl Placeholder {
    const ALL: [Placeholder; 6] = [
        Placeholder::PublicIp,
        Placeholder::PrivateIp,
        Placeholder::Name,
        Placeholder::Id,
        Placeholder::Zone,
        Placeholder::User,
    ];

    fn name(self) -> &'static str {
        match self {
            Placeholder::PublicIp => "public_ip",
            Placeholder::PrivateIp => "private_ip",
            Placeholder::Name => "name",
            Placeholder::Id => "id",
            Placeholder::Zone => "zone",
            Placeholder::User => "user",
        }
    }
}

/// One piece of a word: literal text or a placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    Slot(Placeholder),
}

/// `[ssh]`: the command's words, split once, and the `{user}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    /// As written, for messages.
    pub source: String,
    words: Vec<Vec<Piece>>,
    user: String,
}

/// The program to run, with its arguments (never through a shell).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Program {
    pub argv: Vec<String>,
    /// The server's name, for the status line.
    pub server: String,
}

/// How the program ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Code(i32),
    Signal(i32),
}

impl fmt::Display for Exit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Exit::Code(c) => write!(f, "exit code {c}"),
            Exit::Signal(s) => write!(f, "killed by signal {s}"),
        }
    }
}

impl Default for Template {
    /// The built-in `[ssh]` of assets/config.toml.
    fn default() -> Self {
        let ssh = &crate::settings::defaults().ssh;
        Template::parse(&ssh.command, &ssh.user)
            .expect("the embedded assets/config.toml has a valid [ssh] command")
    }
}

impl Template {
    /// Splits `command` into words as a POSIX shell would (blanks separate,
    /// `'...'` and `"..."` quote, `\` escapes) and finds the placeholders in
    /// them. `{{` and `}}` are literal braces.
    pub fn parse(command: &str, user: &str) -> Result<Template, String> {
        let mut words: Vec<Vec<Piece>> = Vec::new();
        let mut word: Option<Vec<Piece>> = None;
        let mut text = String::new();
        let mut chars = command.chars().peekable();
        let mut quote: Option<char> = None;
        let flush = |word: &mut Option<Vec<Piece>>, text: &mut String| {
            let w = word.get_or_insert_with(Vec::new);
            if !text.is_empty() {
                w.push(Piece::Text(std::mem::take(text)));
            }
        };
        while let Some(c) = chars.next() {
            match (quote, c) {
                (None, c) if c.is_whitespace() => {
                    if word.is_some() || !text.is_empty() {
                        flush(&mut word, &mut text);
                        words.extend(word.take());
                    }
                }
                (None, '\'' | '"') => {
                    word.get_or_insert_with(Vec::new);
                    quote = Some(c);
                }
                (Some(q), c) if c == q => quote = None,
                (None | Some('"'), '\\') => match chars.next() {
                    Some(next) => text.push(next),
                    None => return Err("[ssh] command ends with a lone \\".into()),
                },
                (_, '{') => {
                    if chars.peek() == Some(&'{') {
                        chars.next();
                        text.push('{');
                        continue;
                    }
                    let mut name = String::new();
                    loop {
                        match chars.next() {
                            Some('}') => break,
                            Some(c) => name.push(c),
                            None => {
                                return Err(format!(
                                    "[ssh] command: \"{{{name}\" is not closed (a literal brace is {{{{)"
                                ));
                            }
                        }
                    }
                    let slot = Placeholder::ALL
                        .into_iter()
                        .find(|p| p.name() == name)
                        .ok_or_else(|| {
                            let known: Vec<String> = Placeholder::ALL
                                .iter()
                                .map(|p| format!("{{{}}}", p.name()))
                                .collect();
                            format!(
                                "[ssh] command: unknown placeholder {{{name}}}; placeholders are {}",
                                known.join(" ")
                            )
                        })?;
                    flush(&mut word, &mut text);
                    word.get_or_insert_with(Vec::new).push(Piece::Slot(slot));
                }
                (_, '}') if chars.peek() == Some(&'}') => {
                    chars.next();
                    text.push('}');
                }
                (_, c) => {
                    word.get_or_insert_with(Vec::new);
                    text.push(c);
                }
            }
        }
        if let Some(q) = quote {
            return Err(format!("[ssh] command: a {q} quote is not closed"));
        }
        if word.is_some() || !text.is_empty() {
            flush(&mut word, &mut text);
            words.extend(word.take());
        }
        match words.first() {
            None => return Err("[ssh] command is empty".into()),
            Some(first) if first.iter().any(|p| matches!(p, Piece::Slot(_))) => {
                return Err(
                    "[ssh] command: the program (first word) cannot come from a placeholder".into(),
                );
            }
            Some(_) => {}
        }
        let uses_user = words
            .iter()
            .flatten()
            .any(|p| *p == Piece::Slot(Placeholder::User));
        if uses_user {
            check_value("[ssh] user", user)?;
        }
        Ok(Template {
            source: command.to_string(),
            words,
            user: user.to_string(),
        })
    }

    /// The program for `server`: every placeholder filled, or why it
    /// cannot be (no address for it, a value that is not safe to pass).
    pub fn expand(
        &self,
        server: &ServerSummary,
        private_ip: Option<&str>,
    ) -> Result<Vec<String>, String> {
        let name = &server.name;
        let value =
            |slot: Placeholder| -> Result<String, String> {
                match slot {
                    Placeholder::PublicIp => address(server.public_address(), "public", name),
                    Placeholder::PrivateIp => address(private_ip, "private", name),
                    Placeholder::Name => {
                        check_value(
                            &format!("the name of server {}", crate::text::sanitize(name)),
                            name,
                        )?;
                        Ok(name.to_string())
                    }
                    Placeholder::Id => {
                        let ok = !server.id.is_empty()
                            && !server.id.starts_with('-')
                            && server
                                .id
                                .chars()
                                .all(|c| c.is_ascii_alphanumeric() || c == '-');
                        if ok {
                            Ok(server.id.to_string())
                        } else {
                            Err(format!(
                                "server {} has an id that is not safe to pass",
                                crate::text::sanitize(name)
                            ))
                        }
                    }
                    Placeholder::Zone => server
                        .zone
                        .parse::<Zone>()
                        .map(|z| z.to_string())
                        .map_err(|_| {
                            format!("server {} has no known zone", crate::text::sanitize(name))
                        }),
                    Placeholder::User => Ok(self.user.clone()),
                }
            };
        self.words
            .iter()
            .map(|pieces| {
                let mut word = String::new();
                for piece in pieces {
                    match piece {
                        Piece::Text(t) => word.push_str(t),
                        Piece::Slot(slot) => word.push_str(&value(*slot)?),
                    }
                }
                Ok(word)
            })
            .collect()
    }
}

/// A value that will be one argument: never read as an option, never a
/// control character on the way to a terminal.
fn check_value(what: &str, value: &str) -> Result<(), String> {
    if value.is_empty() {
        return Err(format!("{what} is empty"));
    }
    if value.starts_with('-') {
        return Err(format!(
            "{what} starts with \"-\": the command would read it as an option; not run"
        ));
    }
    if value.chars().any(char::is_control) {
        return Err(format!("{what} holds control characters; not run"));
    }
    Ok(())
}

/// An address from the API, checked to be one.
fn address(found: Option<&str>, which: &str, server: &str) -> Result<String, String> {
    let server = crate::text::sanitize(server);
    match found {
        None => Err(format!(
            "server {server} has no {which} IP for the [ssh] command (README: [ssh] for a bastion)"
        )),
        Some(a) => a
            .parse::<IpAddr>()
            .map(|ip| ip.to_string())
            .map_err(|_| format!("server {server}'s {which} IP is not an address; not run")),
    }
}

/// `s` on the tables: the selected server's program, or why not.
pub fn open(state: &mut State) -> Vec<Effect> {
    let refuse = |state: &mut State, why: String| {
        state.status.last_action = Some((why, Outcome::Refused));
        Vec::new()
    };
    if state.tab != Tab::Servers {
        return refuse(
            state,
            format!(
                "a shell opens on a server: the {} tab has none",
                state.tab.title()
            ),
        );
    }
    let Some(id) = state.current().selected_id().map(str::to_string) else {
        return refuse(state, "no server selected".to_string());
    };
    let Some(server) = state.inventory.servers.get(&id).cloned() else {
        return refuse(state, "the server is not loaded yet".to_string());
    };
    use crate::api::models::ServerState;
    if matches!(
        server.state,
        ServerState::Stopped | ServerState::StoppedInPlace
    ) {
        return refuse(
            state,
            format!(
                "server {} is {}: power it on first",
                crate::text::sanitize(&server.name),
                server.state.as_str()
            ),
        );
    }
    let private =
        crate::kinds::servers::row::private_address(&server, &state.inventory.private_ips);
    match state.ssh.expand(&server, private) {
        Ok(argv) => {
            state.status.last_action = Some((
                format!("{} on {}…", argv[0], crate::text::sanitize(&server.name)),
                Outcome::Pending,
            ));
            vec![Effect::Shell(Program {
                argv,
                server: server.name.to_string(),
            })]
        }
        Err(why) => refuse(state, why),
    }
}

/// The program ended (or could not start): said on the status line.
pub fn exited(state: &mut State, program: &Program, result: Result<Exit, String>) {
    let what = format!(
        "{} on {}",
        program.argv.first().map_or("", String::as_str),
        program.server
    );
    state.status.last_action = Some(match result {
        Ok(Exit::Code(0)) => (format!("back from {what}"), Outcome::Info),
        Ok(exit) => (format!("{what} ended: {exit}"), Outcome::Failed),
        Err(e) => (format!("could not run {what}: {e}"), Outcome::Failed),
    });
    state.dirty = true;
}
