//! A security group's detail lines: policies, its rules (once fetched) and
//! the servers using it.

use crate::api::models::{RuleDirection, SecurityGroupRule};
use crate::app::State;
use crate::app::details::{Lines, push, push_list};

/// `inbound accept TCP 22 from 0.0.0.0/0`
pub fn rule_line(r: &SecurityGroupRule) -> String {
    let ports = match r.ports() {
        Some(p) if p.start() == p.end() => format!(" {}", p.start()),
        Some(p) => format!(" {}-{}", p.start(), p.end()),
        None => String::new(),
    };
    let peer = match r.direction {
        RuleDirection::Outbound => "to",
        _ => "from",
    };
    format!(
        "{} {} {}{ports} {peer} {}",
        r.direction.as_str(),
        r.action.as_str(),
        r.protocol.as_str(),
        r.ip_range
    )
}

pub(super) fn lines(state: &State, id: &str) -> Option<Lines> {
    let inv = &state.inventory;
    let g = inv.security_groups.get(id)?;
    let mut l = Lines::new();
    push(
        &mut l,
        "policies",
        format!(
            "inbound {} · outbound {} · {}",
            g.inbound_default_policy.as_str(),
            g.outbound_default_policy.as_str(),
            if g.stateful { "stateful" } else { "stateless" }
        ),
    );
    push(&mut l, "zone", g.zone.clone());
    if let Some(d) = g.description.as_deref().filter(|d| !d.is_empty()) {
        push(&mut l, "description", d);
    }
    match inv.rules.get(id) {
        Some(rules) => {
            let mut sorted: Vec<&SecurityGroupRule> = rules.iter().collect();
            sorted.sort_by_key(|r| (r.direction.as_str().to_string(), r.position));
            push_list(
                &mut l,
                "rules",
                sorted.into_iter().map(rule_line).collect(),
                "none (the default policies apply)",
            );
        }
        None => push(&mut l, "rules", format!("{} loading…", state.spinner())),
    }
    let servers = g
        .servers
        .iter()
        .map(|(id, name)| match inv.servers.get(&id) {
            Some(s) => format!("{} ({})", s.name, s.state.as_str()),
            None if !name.is_empty() => name.to_string(),
            None => id.to_string(),
        })
        .collect();
    push_list(&mut l, "servers", servers, "none");
    Some(l)
}
