//! "Show me the CLI": the `scw` command that does what the dashboard sent (or
//! is about to send), so what a user did can go in a script. Argument names
//! are the scw CLI's own (`scaleway-cli` docs/commands: `instance.md`,
//! `block.md`, `vpc.md`); values are quoted for a POSIX shell.
//!
//! Where the scw verb would do more than the dashboard's request, the
//! command says so explicitly: `server delete` keeps the volumes
//! (`with-volumes=none`; scw's default deletes them, the API's DELETE does
//! not), a create without "Power on" adds `stopped=true`, and `terminate` is
//! the raw action (`server action ... action=terminate`), because scw's own
//! `terminate` verb prompts about and deletes Block volumes.
//!
//! Remembering the requests (`remember`) is pure: `update` hands it the
//! effects it returns.

use std::collections::HashMap;

use crate::api::models::{RuleTemplate, SecurityPolicy, VolumeTemplate};
use crate::keymap::Command;

use super::forms::FormSubmit;
use super::{Effect, Locality, Mode, Outcome, PendingAction, State, Verb};

/// A request the dashboard sends: an action or a form's request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    Action(PendingAction),
    Form(FormSubmit),
}

/// The last request sent for each resource, and the last of all (a create
/// has no resource id until it is made).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LastRequests {
    by_resource: HashMap<String, Request>,
    latest: Option<Request>,
}

impl LastRequests {
    pub fn of(&self, id: &str) -> Option<&Request> {
        self.by_resource.get(id)
    }

    pub fn latest(&self) -> Option<&Request> {
        self.latest.as_ref()
    }
}

/// The scw command on screen (`:cli`, or the `cli` key in a dialog); closing
/// it goes back to `back_to` (the dialog it was opened from).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CliView {
    pub title: String,
    pub command: String,
    pub scroll: u16,
    pub back_to: Box<Mode>,
}

/// Takes note of the requests among `effects` (called by `update` on
/// everything it returns).
pub fn remember(state: &mut State, effects: &[Effect]) {
    for effect in effects {
        let request = match effect {
            Effect::Run(action) | Effect::BulkStep { action, .. } => {
                Request::Action(action.clone())
            }
            Effect::Submit(submit) => Request::Form(submit.clone()),
            _ => continue,
        };
        for id in resources(&request) {
            state.last_requests.by_resource.insert(id, request.clone());
        }
        state.last_requests.latest = Some(request);
    }
}

/// The resources a request acts on (none for a create).
fn resources(request: &Request) -> Vec<String> {
    use FormSubmit as F;
    match request {
        Request::Action(a) => {
            let mut ids = vec![a.id.clone()];
            if let Verb::DetachVolume { server_id, .. } = &a.verb {
                ids.push(server_id.clone());
            }
            ids
        }
        Request::Form(f) => match f {
            F::UpdateServer { id, .. }
            | F::UpdateVolume { id, .. }
            | F::UpdateSecurityGroup { id, .. }
            | F::UpdatePrivateNetwork { id, .. }
            | F::UpdateVpc { id, .. } => vec![id.clone()],
            F::AttachVolume {
                server_id,
                volume_id,
                ..
            } => vec![volume_id.clone(), server_id.clone()],
            F::SetRules {
                security_group_id, ..
            } => vec![security_group_id.clone()],
            F::CreatePrivateNic { server_id, .. } => vec![server_id.clone()],
            F::CreateServer { .. }
            | F::CreateVolume { .. }
            | F::CreateSecurityGroup { .. }
            | F::CreatePrivateNetwork { .. }
            | F::CreateVpc { .. } => Vec::new(),
        },
    }
}

/// `:cli`: the selected row's last request this session, else the last
/// request of all (a create), shown and copied.
pub fn show_selected(state: &mut State) -> Vec<Effect> {
    let selected = state
        .current()
        .selected()
        .map(|r| (r.id().to_string(), r.name().into_owned()));
    let found = match &selected {
        Some((id, name)) => state
            .last_requests
            .of(id)
            .map(|r| (format!("sent last on {name} this session"), r.clone())),
        None => None,
    }
    .or_else(|| {
        state
            .last_requests
            .latest()
            .map(|r| ("the last request of this session".to_string(), r.clone()))
    });
    let Some((title, request)) = found else {
        let whom = selected.map_or(String::new(), |(_, name)| format!(" on {name}"));
        state.status.last_action = Some((
            format!("no request sent{whom} yet this session: :cli shows the scw command of one"),
            Outcome::Info,
        ));
        return Vec::new();
    };
    open(state, title, &[request])
}

/// The `cli` key in a confirmation, a form or the rule editor: the request
/// it would send, shown and copied; closing it returns to the dialog.
pub fn show_pending(state: &mut State) -> Vec<Effect> {
    let pending = match &mut state.mode {
        Mode::Confirm(action) | Mode::TypeToConfirm { action, .. } => {
            Ok(vec![Request::Action(action.clone())])
        }
        // One command a resource: pasted, they run one after the other.
        Mode::BulkConfirm(c) => Ok(c
            .plan
            .targets
            .iter()
            .cloned()
            .map(Request::Action)
            .collect()),
        Mode::Form(form) => super::forms::build(form)
            .map(|f| vec![Request::Form(f)])
            .map_err(|(_, why)| why),
        Mode::RuleEditor(editor) => Ok(vec![Request::Form(FormSubmit::SetRules {
            zone: editor.zone,
            security_group_id: editor.group_id.clone(),
            request: editor.request(),
        })]),
        _ => return Vec::new(),
    };
    match pending {
        Ok(requests) => open(state, "not sent yet".to_string(), &requests),
        Err(why) => {
            if let Mode::Form(form) = &mut state.mode {
                form.message = Some(format!("no scw command yet: {why}"));
            }
            Vec::new()
        }
    }
}

/// Shows the commands of `requests` (one a line) over the current mode and
/// copies them.
fn open(state: &mut State, what: String, requests: &[Request]) -> Vec<Effect> {
    let describe = match requests {
        [Request::Action(a)] => a.describe(),
        [Request::Form(f)] => super::status::describe(state, f),
        [Request::Action(a), ..] => format!(
            "{} {}",
            a.verb.label(),
            super::status::count(requests.len(), a.tab.noun())
        ),
        _ => super::status::count(requests.len(), "request"),
    };
    let command = requests
        .iter()
        .map(|r| line(&words(r)))
        .collect::<Vec<_>>()
        .join("\n");
    let back_to = Box::new(std::mem::take(&mut state.mode));
    state.mode = Mode::Cli(CliView {
        title: format!("{describe} ({what})"),
        command: command.clone(),
        scroll: 0,
        back_to,
    });
    vec![Effect::Copy(command)]
}

/// Keys in the view: scroll, and back to where it was opened.
pub fn command(state: &mut State, command: Option<Command>) -> Vec<Effect> {
    let Mode::Cli(view) = &mut state.mode else {
        return Vec::new();
    };
    match command {
        Some(Command::Up) => view.scroll = view.scroll.saturating_sub(1),
        Some(Command::Down) => view.scroll = view.scroll.saturating_add(1),
        Some(Command::Top) => view.scroll = 0,
        Some(Command::Bottom) => view.scroll = u16::MAX,
        Some(Command::PageUp) => view.scroll = view.scroll.saturating_sub(10),
        Some(Command::PageDown) => view.scroll = view.scroll.saturating_add(10),
        Some(Command::Back) => {
            let Mode::Cli(view) = std::mem::take(&mut state.mode) else {
                return Vec::new();
            };
            state.mode = *view.back_to;
        }
        Some(Command::Quit) => state.quit = true,
        _ => {}
    }
    Vec::new()
}

/// `key=value`.
fn arg(key: &str, value: impl std::fmt::Display) -> String {
    format!("{key}={value}")
}

/// `tags.0=a tags.1=b`, or `tags=none` for an empty list (scw's way to send
/// one).
fn list(key: &str, values: &[String]) -> Vec<String> {
    if values.is_empty() {
        return vec![arg(key, "none")];
    }
    values
        .iter()
        .enumerate()
        .map(|(i, v)| arg(&format!("{key}.{i}"), v))
        .collect()
}

/// `50GB` for whole gigabytes (scw reads sizes with units), else bytes.
fn size(bytes: u64) -> String {
    const GB: u64 = 1_000_000_000;
    if bytes % GB == 0 {
        format!("{}GB", bytes / GB)
    } else {
        format!("{bytes}B")
    }
}

/// `zone=fr-par-1` or `region=fr-par`.
fn locality(at: Option<Locality>) -> Vec<String> {
    match at {
        Some(Locality::Zone(z)) => vec![arg("zone", z)],
        Some(Locality::Region(r)) => vec![arg("region", r)],
        None => Vec::new(),
    }
}

fn opt<T: std::fmt::Display>(key: &str, value: &Option<T>) -> Vec<String> {
    value.iter().map(|v| arg(key, v)).collect()
}

/// `tags.N=…` when the request sets the tags.
fn tags(value: &Option<Vec<String>>) -> Vec<String> {
    value.iter().flat_map(|t| list("tags", t)).collect()
}

/// What a security group's create and update both set.
fn group_policies(
    stateful: Option<bool>,
    inbound: Option<&SecurityPolicy>,
    outbound: Option<&SecurityPolicy>,
) -> Vec<String> {
    let mut w = opt("stateful", &stateful);
    w.extend(opt(
        "inbound-default-policy",
        &inbound.map(SecurityPolicy::as_str),
    ));
    w.extend(opt(
        "outbound-default-policy",
        &outbound.map(SecurityPolicy::as_str),
    ));
    w
}

/// The command's words, unquoted, `scw` first.
pub fn words(request: &Request) -> Vec<String> {
    let mut w: Vec<String> = vec!["scw".into()];
    match request {
        Request::Action(a) => action_words(a, &mut w),
        Request::Form(f) => form_words(f, &mut w),
    }
    w
}

fn push(w: &mut Vec<String>, words: &[&str]) {
    w.extend(words.iter().map(|s| s.to_string()));
}

fn action_words(a: &PendingAction, w: &mut Vec<String>) {
    let id = a.id.clone();
    match &a.verb {
        Verb::Power(name) => {
            let verb = match name.as_str() {
                "poweron" => Some("start"),
                "poweroff" => Some("stop"),
                "stop_in_place" => Some("standby"),
                "reboot" => Some("reboot"),
                _ => None,
            };
            match verb {
                Some(v) => push(w, &["instance", "server", v, &id]),
                None => {
                    push(w, &["instance", "server", "action", &id]);
                    w.push(arg("action", name));
                }
            }
        }
        Verb::Delete => match a.tab.api() {
            Some(api) => w.extend((api.scw_delete)(&id)),
            None => w.push(format!("# no scw command deletes a {}", a.tab.noun())),
        },
        // Its Block volumes with it, as the dashboard does.
        Verb::DeleteWithVolumes { .. } => {
            push(w, &["instance", "server", "delete", &id]);
            w.push(arg("with-volumes", "block"));
        }
        Verb::DetachVolume { .. } => {
            push(w, &["instance", "server", "detach-volume"]);
            w.push(arg("volume-id", &id));
        }
        Verb::LeaveNetwork { nic_id, .. } => {
            push(w, &["instance", "private-nic", "delete"]);
            w.push(arg("server-id", &id));
            w.push(arg("private-nic-id", nic_id));
        }
    }
    w.extend(locality(a.locality));
}

fn form_words(f: &FormSubmit, w: &mut Vec<String>) {
    use FormSubmit as F;
    match f {
        F::CreateServer {
            request: r,
            power_on,
            ..
        } => {
            push(w, &["instance", "server", "create"]);
            w.push(arg("type", &r.commercial_type));
            w.extend(opt("image", &r.image));
            w.push(arg("name", &r.name));
            w.extend(tags(&r.tags));
            w.extend(opt("security-group-id", &r.security_group));
            w.extend(opt("placement-group-id", &r.placement_group));
            w.extend(opt("project-id", &r.project));
            w.extend(opt("routed-ip-enabled", &r.routed_ip_enabled));
            w.extend(opt("ipv6", &r.enable_ipv6));
            w.extend(opt("boot-type", &r.boot_type.as_ref().map(|b| b.as_str())));
            // The API's default is a dynamic IP; scw's is a new flexible IP.
            w.push(arg(
                "ip",
                match (&r.public_ips, r.dynamic_ip_required) {
                    (Some(ips), _) if !ips.is_empty() => ips[0].clone(),
                    (_, Some(false)) => "none".to_string(),
                    _ => "dynamic".to_string(),
                },
            ));
            if let Some(root) = r.volumes.as_ref().and_then(|v| v.get("0")) {
                w.extend(root_volume(root));
            }
            if !power_on {
                w.push(arg("stopped", true));
            }
        }
        F::UpdateServer { id, request: r, .. } => {
            push(w, &["instance", "server", "update", id]);
            w.extend(opt("name", &r.name));
            w.extend(tags(&r.tags));
            w.extend(opt("commercial-type", &r.commercial_type));
            w.extend(opt(
                "security-group-id",
                &r.security_group.as_ref().map(|g| g.id.clone()),
            ));
            w.extend(opt("dynamic-ip-required", &r.dynamic_ip_required));
            w.extend(opt("routed-ip-enabled", &r.routed_ip_enabled));
            w.extend(opt("enable-ipv6", &r.enable_ipv6));
            w.extend(opt("boot-type", &r.boot_type.as_ref().map(|b| b.as_str())));
            w.extend(opt("protected", &r.protected));
        }
        F::AttachVolume {
            server_id,
            volume_id,
            ..
        } => {
            push(w, &["instance", "server", "attach-volume"]);
            w.push(arg("server-id", server_id));
            w.push(arg("volume-id", volume_id));
        }
        F::CreateVolume { request: r, .. } => {
            push(w, &["block", "volume", "create"]);
            w.push(arg("name", &r.name));
            w.extend(opt("perf-iops", &r.perf_iops));
            if let Some(e) = &r.from_empty {
                w.push(arg("from-empty.size", size(e.size)));
            }
            if let Some(s) = &r.from_snapshot {
                w.push(arg("from-snapshot.snapshot-id", &s.snapshot_id));
                w.extend(opt("from-snapshot.size", &s.size.map(size)));
            }
            w.extend(tags(&r.tags));
            w.push(arg("project-id", &r.project_id));
        }
        F::UpdateVolume { id, request: r, .. } => {
            push(w, &["block", "volume", "update", id]);
            w.extend(opt("name", &r.name));
            w.extend(opt("size", &r.size.map(size)));
            w.extend(tags(&r.tags));
            w.extend(opt("perf-iops", &r.perf_iops));
        }
        F::CreateSecurityGroup { request: r, .. } => {
            push(w, &["instance", "security-group", "create"]);
            w.push(arg("name", &r.name));
            w.extend(opt("description", &r.description));
            w.extend(tags(&r.tags));
            w.extend(group_policies(
                r.stateful,
                r.inbound_default_policy.as_ref(),
                r.outbound_default_policy.as_ref(),
            ));
            w.extend(opt("enable-default-security", &r.enable_default_security));
            w.extend(opt("project-default", &r.project_default));
            w.extend(opt("project-id", &r.project));
        }
        F::UpdateSecurityGroup { id, request: r, .. } => {
            push(w, &["instance", "security-group", "update", id]);
            w.extend(opt("name", &r.name));
            w.extend(opt("description", &r.description));
            w.extend(tags(&r.tags));
            w.extend(group_policies(
                r.stateful,
                r.inbound_default_policy.as_ref(),
                r.outbound_default_policy.as_ref(),
            ));
            w.extend(opt("project-default", &r.project_default));
        }
        F::SetRules {
            security_group_id,
            request,
            ..
        } => {
            push(w, &["instance", "security-group", "set-rules"]);
            w.push(arg("security-group-id", security_group_id));
            if request.rules.is_empty() {
                w.push(arg("rules", "none"));
            }
            for (i, rule) in request.rules.iter().enumerate() {
                w.extend(rule_words(i, rule));
            }
        }
        F::CreatePrivateNic {
            server_id,
            request: r,
            ..
        } => {
            push(w, &["instance", "private-nic", "create"]);
            w.push(arg("server-id", server_id));
            w.push(arg("private-network-id", &r.private_network_id));
            w.extend(tags(&r.tags));
            w.extend(r.ipam_ip_ids.iter().flat_map(|t| list("ip-ids", t)));
        }
        F::CreatePrivateNetwork { request: r, .. } => {
            push(w, &["vpc", "private-network", "create"]);
            w.push(arg("name", &r.name));
            w.extend(opt("vpc-id", &r.vpc_id));
            w.extend(r.subnets.iter().flat_map(|s| list("subnets", s)));
            w.extend(tags(&r.tags));
            w.extend(opt(
                "default-route-propagation-enabled",
                &r.default_route_propagation_enabled,
            ));
            w.extend(opt("project-id", &r.project_id));
        }
        F::UpdatePrivateNetwork { id, request: r, .. } => {
            push(w, &["vpc", "private-network", "update", id]);
            w.extend(opt("name", &r.name));
            w.extend(tags(&r.tags));
            w.extend(opt(
                "default-route-propagation-enabled",
                &r.default_route_propagation_enabled,
            ));
        }
        F::CreateVpc { request: r, .. } => {
            push(w, &["vpc", "vpc", "create"]);
            w.push(arg("name", &r.name));
            w.extend(tags(&r.tags));
            w.extend(opt("enable-routing", &r.enable_routing));
            w.extend(opt("project-id", &r.project_id));
        }
        F::UpdateVpc { id, request: r, .. } => {
            push(w, &["vpc", "vpc", "update", id]);
            w.extend(opt("name", &r.name));
            w.extend(tags(&r.tags));
        }
    }
    w.extend(locality(f.locality()));
}

/// `root-volume=sbs:20GB` (scw's `TYPE:SIZE` or `TYPE:SNAPSHOT` form).
fn root_volume(root: &VolumeTemplate) -> Vec<String> {
    let kind = match root.volume_type.as_ref().map(|t| t.as_str().to_string()) {
        Some(t) if t == "l_ssd" => "local".to_string(),
        Some(t) if t == "sbs_volume" => "sbs".to_string(),
        Some(t) => t,
        None => "sbs".to_string(),
    };
    match (&root.base_snapshot, root.size) {
        (Some(snapshot), _) => vec![arg("root-volume", format!("{kind}:{snapshot}"))],
        (None, Some(bytes)) => vec![arg("root-volume", format!("{kind}:{}", size(bytes)))],
        (None, None) => Vec::new(),
    }
}

fn rule_words(i: usize, r: &RuleTemplate) -> Vec<String> {
    let k = |name: &str| format!("rules.{i}.{name}");
    let mut w = opt(&k("id"), &r.id);
    w.push(arg(&k("action"), r.action.as_str()));
    w.push(arg(&k("protocol"), r.protocol.as_str()));
    w.push(arg(&k("direction"), r.direction.as_str()));
    w.push(arg(&k("ip-range"), &r.ip_range));
    w.extend(opt(&k("dest-port-from"), &r.dest_port_from));
    w.extend(opt(&k("dest-port-to"), &r.dest_port_to));
    w.push(arg(&k("position"), r.position));
    w
}

/// The words as one shell line, each quoted if it needs it.
pub fn line(words: &[String]) -> String {
    words.iter().map(|w| quote(w)).collect::<Vec<_>>().join(" ")
}

/// `word` as a POSIX shell reads it back unchanged: as is when it holds
/// only safe characters, else in single quotes (`'` written `'\''`); with
/// control characters (a hostile name), in `$'…'` with escapes, so the
/// copied text never carries a raw line break or escape sequence.
pub fn quote(word: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "@%+=:,./-_".contains(c);
    if !word.is_empty() && word.chars().all(safe) {
        return word.to_string();
    }
    if word.chars().any(char::is_control) {
        let mut out = String::from("$'");
        for c in word.chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                '\'' => out.push_str("\\'"),
                '\n' => out.push_str("\\n"),
                '\t' => out.push_str("\\t"),
                c if c.is_control() => {
                    let mut buf = [0u8; 4];
                    for b in c.encode_utf8(&mut buf).bytes() {
                        out.push_str(&format!("\\x{b:02x}"));
                    }
                }
                c => out.push(c),
            }
        }
        out.push('\'');
        return out;
    }
    format!("'{}'", word.replace('\'', "'\\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_what_needs_it() {
        assert_eq!(quote("name=web-1"), "name=web-1");
        assert_eq!(quote("name=my server"), "'name=my server'");
        assert_eq!(quote("it's"), "'it'\\''s'");
        assert_eq!(quote(""), "''");
        assert_eq!(quote("name=$(rm -rf ~)"), "'name=$(rm -rf ~)'");
        assert_eq!(quote("a\nb\x1b"), "$'a\\nb\\x1b'");
    }

    #[test]
    fn sizes_in_gigabytes_when_whole() {
        assert_eq!(size(50_000_000_000), "50GB");
        assert_eq!(size(1_500_000_000), "1500000000B");
    }
}
