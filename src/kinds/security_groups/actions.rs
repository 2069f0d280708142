//! What a security group offers: `d` (delete unless in use or the project's
//! default), `n` (create), `e` (edit), `a` (the rule editor).

use crate::api::models::{SecurityGroup, SecurityGroupRule};
use crate::app::editing::{Catalog, FormAt, Selected, form};
use crate::app::forms::security_group as sg;
use crate::app::mutate::{choice, names};
use crate::app::rule_editor::RuleEditor;
use crate::app::{Choice, Effect, Mode, PendingAction, State};
use crate::keymap::Command;
use crate::kinds::{Needs, Opened, Opening};

/// What the rule editor (`a`) needs first: the group's rules (the list call
/// does not include them).
pub(super) fn prepare(state: &mut State, command: Command, id: Option<&str>) -> Needs {
    let (mut waiting, mut effects) = (Vec::new(), Vec::new());
    if command == Command::Attach
        && let Some(gid) = id
        && !state.inventory.rules.contains_key(gid)
        && let Some(g) = state.inventory.security_groups.get(gid)
    {
        waiting.push(format!("rules of {}", g.name));
        if let Ok(zone) = g.zone.parse::<crate::api::locality::Zone>()
            && state.rules_requested.insert(gid.to_string())
        {
            effects.push(Effect::FetchRules {
                group: gid.to_string(),
                zone,
            });
        }
    }
    (waiting, effects)
}

pub(super) fn delete_choices(state: &State, plain: &PendingAction) -> Vec<Choice> {
    let inv = &state.inventory;
    let (id, name) = (&plain.id, &plain.name);
    let users = names(
        inv.servers
            .values()
            .filter(|s| s.security_group.as_ref().is_some_and(|g| g.id == *id))
            .map(|s| s.name.as_str()),
    );
    let default = inv
        .security_groups
        .get(id)
        .is_some_and(|g| g.project_default);
    let verdict = if !users.is_empty() {
        Err(format!("{name} is in use by {users}"))
    } else if default {
        Err(format!(
            "{name} is the project's default group: it cannot be deleted"
        ))
    } else {
        Ok(plain.clone())
    };
    vec![choice(plain, verdict)]
}

pub(super) fn open(o: Opening<'_>) -> Option<Opened> {
    let (at, catalog) = (o.at, o.catalog);
    match (o.command, o.selected) {
        (Command::New, _) => Some(create(at, catalog)),
        (Command::Edit, Selected::SecurityGroup(g, _)) => Some(edit(g, at)),
        (Command::Attach, Selected::SecurityGroup(g, rules)) => Some(rule_editor(g, rules, at)),
        _ => None,
    }
}

fn create(at: FormAt, catalog: &Catalog<'_>) -> Result<Mode, String> {
    form(sg::create(at.zone()?, catalog))
}

fn edit(g: &SecurityGroup, at: FormAt) -> Result<Mode, String> {
    form(sg::edit(g, at.zone()?))
}

fn rule_editor(
    g: &SecurityGroup,
    rules: Option<&[SecurityGroupRule]>,
    at: FormAt,
) -> Result<Mode, String> {
    let rules = rules.ok_or("the rules of this group are not loaded yet")?;
    Ok(Mode::RuleEditor(Box::new(RuleEditor::new(
        at.zone()?,
        &g.id,
        &g.name,
        rules,
    ))))
}
