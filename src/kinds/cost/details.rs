//! The details of a cost line: what the figure is made of (a server's
//! compute and each volume at its price), where Enter goes, and where the
//! prices come from.

use crate::app::details::{Lines, push, push_list};
use crate::app::rows::gb;
use crate::app::{State, Tab};

use super::row;

pub(super) fn lines(state: &State, id: &str) -> Option<Lines> {
    let line = crate::app::jump::row_of(state, Tab::Cost, id)?;
    let mut l = Lines::new();
    push(&mut l, "what", line.cell("section"));
    push(&mut l, "€/month", line.cell("monthly"));
    push(&mut l, "why", line.cell("detail"));
    if let Some((tab, target)) = row::target(id) {
        push(&mut l, "id", target);
        if tab == Tab::Servers {
            push_list(&mut l, "volumes", server_volumes(state, target), "none");
        }
        push(
            &mut l,
            "Enter",
            format!("go to the {} in its tab", tab.noun()),
        );
    }
    let prices = &state.inventory.volume_prices;
    push(
        &mut l,
        "prices",
        "servers: the API's hourly_price x 730 hours",
    );
    push(
        &mut l,
        "",
        format!("volumes: {} (read {})", prices.source, prices.date),
    );
    Some(l)
}

/// A server's volumes, each with its month ("price unknown" when its type
/// has none).
fn server_volumes(state: &State, id: &str) -> Vec<String> {
    let inv = &state.inventory;
    let Some(s) = inv.servers.get(id) else {
        return Vec::new();
    };
    s.volumes_in_order()
        .map(|(slot, v)| {
            let (name, size, kind, monthly) = match inv.volumes.get(&v.id) {
                Some(b) => (
                    b.name.as_str(),
                    Some(b.size),
                    b.volume_type.as_str(),
                    inv.joins.costs.volume(&b.id),
                ),
                None => (
                    v.name().unwrap_or(v.id.as_str()),
                    v.size(),
                    v.volume_type.as_str(),
                    None,
                ),
            };
            let monthly = monthly.unwrap_or_else(|| inv.volume_prices.local(v));
            let size = size.map(|b| format!(" {}", gb(b))).unwrap_or_default();
            let price = if monthly.is_unknown() {
                "price unknown".to_string()
            } else {
                format!("{}/month", monthly.monthly())
            };
            format!("{slot}: {name}{size} {kind}: {price}")
        })
        .collect()
}
