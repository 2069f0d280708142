//! IPAM v1 (regional): the addresses booked for private NICs
//! (`GET /ipam/v1/regions/{region}/ips[/{id}]`). Shapes follow the SDKs'
//! `IP` type key by key (the Python SDK's `unmarshal_IP`, the TypeScript
//! `unmarshalIP`): `source` names the subnet, `resource` the NIC with its
//! MAC and its server's name, `zone` is null (the IPs of a private network
//! are regional). Only private-NIC addresses live here: public flexible IPs
//! are not simulated in IPAM.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::App;
use super::error::{ApiError, ApiResult};
use super::http::{self, InOrder, Owner, body_page, get, get_all, json_response};
use super::world::{IpamIp, World, z_time};
use crate::inline_str::InlineStr;

const NIC: &str = "instance_private_nic";

/// The NIC's MAC and its server's name, read at render time so a renamed
/// server shows its new name (the API's DNS record follows it too).
fn nic_of<'a>(w: &'a World, ip: &IpamIp) -> (Option<&'a str>, Option<&'a str>) {
    let Some(s) = w.servers.get(&ip.server_id) else {
        return (None, None);
    };
    let mac = s
        .private_nics
        .iter()
        .find(|n| n.id == ip.nic_id)
        .map(|n| n.mac_address.as_str());
    (mac, Some(s.name.as_str()))
}

pub fn render_ip(w: &World, id: &str, ip: &IpamIp) -> Value {
    let (mac, name) = nic_of(w, ip);
    json!({
        "id": id,
        "address": format!("{}/{}", ip.address, ip.prefix),
        "project_id": w.ip_project(ip),
        "is_ipv6": ip.address.is_ipv6(),
        "created_at": z_time(ip.created),
        "updated_at": z_time(ip.created),
        "source": {"subnet_id": w.ip_subnet_id(ip)},
        "resource": {"type": NIC, "id": ip.nic_id, "mac_address": mac, "name": name},
        "tags": [],
        "reverses": [],
        "region": ip.region.as_str(),
        "zone": null,
    })
}

/// Every value of a list filter, sent as repeated keys (the SDKs) or
/// comma-separated.
fn all_of<'a>(q: &'a http::Query, key: &str) -> Vec<&'a str> {
    get_all(q, key)
        .into_iter()
        .flat_map(|v| v.split(','))
        .filter(|v| !v.is_empty())
        .collect()
}

/// A boolean filter, spelled any way Go's `strconv.ParseBool` reads (the
/// Python SDK sends `True` / `False`).
fn flag(q: &http::Query, key: &str) -> ApiResult<Option<bool>> {
    match get(q, key) {
        None => Ok(None),
        Some("1" | "t" | "T" | "true" | "True" | "TRUE") => Ok(Some(true)),
        Some("0" | "f" | "F" | "false" | "False" | "FALSE") => Ok(Some(false)),
        Some(other) => Err(ApiError::arg(
            key,
            "format",
            format!("{other} is not a boolean"),
        )),
    }
}

pub async fn list_ips(
    State(app): State<Arc<App>>,
    Path(region): Path<String>,
    Query(q): Query<http::Query>,
) -> ApiResult<Response> {
    let region = http::region(&region)?;
    let w = app.world();
    let owner = Owner::regional(&q);
    let types: Vec<&str> = all_of(&q, "resource_type")
        .into_iter()
        .chain(all_of(&q, "resource_types"))
        // The SDKs' default, meaning "any type".
        .filter(|t| *t != "unknown_type")
        .collect();
    let resources: Vec<&str> = all_of(&q, "resource_id")
        .into_iter()
        .chain(all_of(&q, "resource_ids"))
        .collect();
    let ip_ids = all_of(&q, "ip_ids");
    let tags = all_of(&q, "tags");
    let (pn, subnet) = (get(&q, "private_network_id"), get(&q, "subnet_id"));
    let vpc = get(&q, "vpc_id").or_else(|| get(&q, "source_vpc_id"));
    let (name, mac) = (get(&q, "resource_name"), get(&q, "mac_address"));
    let (is_ipv6, attached) = (flag(&q, "is_ipv6")?, flag(&q, "attached")?);
    // Private-network addresses are regional: a `zonal` source holds none.
    let zonal = get(&q, "zonal").is_some();
    // Every address is a private NIC's: a type filter naming it keeps them all
    // (the dashboard sends it).
    let any_type = types.is_empty() || types.contains(&NIC);
    let unfiltered = owner.is_anyone()
        && any_type
        && [&resources, &ip_ids, &tags].iter().all(|v| v.is_empty())
        && [pn, subnet, vpc, name, mac].iter().all(Option::is_none)
        && is_ipv6.is_none()
        && attached.is_none()
        && !zonal;
    let order = get(&q, "order_by").unwrap_or("created_at_asc");
    let ids = w.ips_by_region.get(&region).map_or(&[][..], Vec::as_slice);
    let look_up = |id| booked(&w, id);
    // The region's ids are in booking order, which every date order follows
    // (an address is attached when booked, and never updated): an
    // unfiltered page in that order (or its reverse) is cut from them.
    if unfiltered && let Some(newest_first) = date_order(order) {
        let (page, total) = body_page(InOrder::new(ids, newest_first, look_up), &q)?;
        return Ok(ips_page(&w, page, total));
    }
    let mut ips: Vec<(&str, &IpamIp)> = ids
        .iter()
        .filter_map(look_up)
        .filter(|(_, ip)| !zonal && owner.owns(w.ip_project(ip)))
        .filter(|_| any_type)
        .filter(|(_, ip)| resources.is_empty() || resources.contains(&ip.nic_id.as_str()))
        .filter(|(id, _)| ip_ids.is_empty() || ip_ids.contains(id))
        .filter(|_| tags.is_empty())
        .filter(|(_, ip)| pn.is_none_or(|p| ip.private_network_id == p))
        .filter(|(_, ip)| subnet.is_none_or(|s| w.ip_subnet_id(ip) == s))
        .filter(|(_, ip)| {
            vpc.is_none_or(|v| {
                w.private_networks
                    .get(ip.private_network_id.as_str())
                    .is_some_and(|p| p.vpc_id == v)
            })
        })
        .filter(|(_, ip)| is_ipv6.is_none_or(|v6| ip.address.is_ipv6() == v6))
        // Every booked address is attached to its NIC.
        .filter(|_| attached != Some(false))
        .filter(|(_, ip)| {
            let (m, n) = nic_of(&w, ip);
            mac.is_none_or(|want| m.is_some_and(|m| m.eq_ignore_ascii_case(want)))
                && name.is_none_or(|want| n == Some(want))
        })
        .collect();
    match order {
        _ if date_order(order) == Some(false) => {}
        _ if date_order(order) == Some(true) => ips.reverse(),
        "ip_address_asc" => ips.sort_by_key(|(_, ip)| ip.address),
        "ip_address_desc" => ips.sort_by_key(|(_, ip)| std::cmp::Reverse(ip.address)),
        "mac_address_asc" => ips.sort_by_key(|(_, ip)| nic_of(&w, ip).0),
        "mac_address_desc" => ips.sort_by_key(|(_, ip)| std::cmp::Reverse(nic_of(&w, ip).0)),
        other => {
            return Err(ApiError::arg(
                "order_by",
                "constraint",
                format!("unknown order {other}"),
            ));
        }
    }
    let (page, total) = body_page(ips, &q)?;
    Ok(ips_page(&w, page, total))
}

/// An address of the index with its id.
fn booked<'a>(w: &'a World, id: &'a InlineStr) -> Option<(&'a str, &'a IpamIp)> {
    w.ips.get(id).map(|ip| (id.as_str(), ip))
}

/// Whether a date `order_by` lists the newest first (`None`: not a date order).
fn date_order(order: &str) -> Option<bool> {
    match order {
        "created_at_asc" | "updated_at_asc" | "attached_at_asc" => Some(false),
        "created_at_desc" | "updated_at_desc" | "attached_at_desc" => Some(true),
        _ => None,
    }
}

/// The answer of an IPAM list: `page` and the listing's `total`.
fn ips_page(w: &World, page: Vec<(&str, &IpamIp)>, total: usize) -> Response {
    let items: Vec<Value> = page
        .into_iter()
        .map(|(id, ip)| render_ip(w, id, ip))
        .collect();
    json_response(StatusCode::OK, json!({"total_count": total, "ips": items}))
}

pub async fn get_ip(
    State(app): State<Arc<App>>,
    Path((region, id)): Path<(String, String)>,
) -> ApiResult<Response> {
    let region = http::region(&region)?;
    let w = app.world();
    let ip = w
        .ips
        .get(id.as_str())
        .filter(|ip| ip.region == region)
        .ok_or_else(|| ApiError::not_found("ip", &id))?;
    Ok(json_response(StatusCode::OK, render_ip(&w, &id, ip)))
}
