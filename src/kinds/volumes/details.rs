//! A volume's detail lines, with the server it is attached to.

use crate::app::State;
use crate::app::details::{Lines, push};
use crate::app::rows::{gb, iops};

pub(super) fn lines(state: &State, id: &str) -> Option<Lines> {
    let inv = &state.inventory;
    let v = inv.volumes.get(id)?;
    let mut l = Lines::new();
    push(&mut l, "status", v.status.as_str());
    push(&mut l, "size", gb(v.size));
    let class = v
        .iops_class()
        .map(|i| format!("{} ({} IOPS)", v.volume_type.as_str(), iops(i)))
        .unwrap_or_else(|| v.volume_type.as_str().to_string());
    push(&mut l, "type", class);
    push(&mut l, "zone", v.zone.clone());
    let server = match v.attached_server_id() {
        Some(sid) => match inv.servers.get(sid) {
            Some(s) => format!("{} ({})", s.name, s.state.as_str()),
            None => sid.to_string(),
        },
        None => "not attached".to_string(),
    };
    push(&mut l, "server", server);
    if !v.last_detached_at.is_none() {
        push(
            &mut l,
            "last detached",
            crate::app::rows::when(&v.last_detached_at),
        );
    }
    if !v.tags.is_empty() {
        push(&mut l, "tags", v.tags.join(", "));
    }
    push(&mut l, "created", crate::app::rows::when(&v.created_at));
    Some(l)
}
