//! Request/response plumbing shared by the three APIs: bodies, queries, paging, headers.

use std::ops::Range;

use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::error::{ApiError, ApiResult};
use crate::api::locality::{Product, Region, Zone};

/// Query pairs as sent (repeated keys kept, order kept).
pub type Query = Vec<(String, String)>;

pub fn get<'a>(q: &'a Query, key: &str) -> Option<&'a str> {
    q.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

pub fn get_all<'a>(q: &'a Query, key: &str) -> Vec<&'a str> {
    q.iter()
        .filter(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
        .collect()
}

/// An Instance zone of the path (Instance serves `Product::Instance.zones()`).
pub fn zone(s: &str) -> ApiResult<Zone> {
    served_zone(Product::Instance, s)
}

/// A zone of the path that `product` serves, or the API's 400.
pub fn served_zone(product: Product, s: &str) -> ApiResult<Zone> {
    s.parse::<Zone>()
        .ok()
        .filter(|z| z.serves(product))
        .ok_or_else(|| ApiError::arg("zone", "constraint", format!("unknown zone {s}")))
}

/// A VPC region of the path (VPC serves `Product::Vpc.regions()`).
pub fn region(s: &str) -> ApiResult<Region> {
    s.parse::<Region>()
        .ok()
        .filter(|r| Product::Vpc.regions().contains(r))
        .ok_or_else(|| ApiError::arg("region", "constraint", format!("unknown region {s}")))
}

/// The `project` / `organization` filters of a list. The simulator gives each
/// resource one project and uses it as its organisation too, so both filters
/// compare with the resource's project.
pub struct Owner<'a> {
    project: Option<&'a str>,
    organization: Option<&'a str>,
}

impl<'a> Owner<'a> {
    /// Instance lists: `project`, `organization`.
    pub fn instance(q: &'a Query) -> Self {
        Self {
            project: get(q, "project"),
            organization: get(q, "organization"),
        }
    }

    /// Block and VPC lists: `project_id`, `organization_id`.
    pub fn regional(q: &'a Query) -> Self {
        Self {
            project: get(q, "project_id"),
            organization: get(q, "organization_id"),
        }
    }

    /// No `project` / `organization` filter: every resource is listed.
    pub fn is_anyone(&self) -> bool {
        self.project.is_none() && self.organization.is_none()
    }

    pub fn owns(&self, project: &str) -> bool {
        self.project.is_none_or(|p| p == project) && self.organization.is_none_or(|o| o == project)
    }
}

/// The project of a create request (`project`, else `organization`, as the
/// SDKs send one of the two), else the simulator's own project.
pub fn project_of(b: &Value, project_key: &str, organization_key: &str) -> String {
    str_field(b, project_key)
        .or_else(|| str_field(b, organization_key))
        .unwrap_or(super::PROJECT)
        .to_string()
}

/// The JSON body, `{}` when empty; malformed JSON is an `invalid_arguments` like the API.
pub fn body(bytes: &Bytes) -> ApiResult<Value> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(json!({}));
    }
    serde_json::from_slice(bytes)
        .map_err(|e| ApiError::arg("body", "format", format!("invalid JSON: {e}")))
}

/// The body of a PUT, which replaces a resource: `name` is required, and the
/// writable fields left out take their `defaults`; it then applies like a PATCH.
pub fn replacement(bytes: &Bytes, defaults: &[(&str, Value)]) -> ApiResult<Value> {
    let mut b = body(bytes)?;
    if str_field(&b, "name").is_none() {
        return Err(ApiError::arg(
            "name",
            "required",
            "required key not provided",
        ));
    }
    if let Some(m) = b.as_object_mut() {
        for (key, default) in defaults {
            m.entry(key.to_string()).or_insert_with(|| default.clone());
        }
    }
    Ok(b)
}

pub fn str_field<'a>(b: &'a Value, key: &str) -> Option<&'a str> {
    b.get(key).and_then(Value::as_str)
}

/// The `name` and `tags` of a PATCH body, parsed before anything changes so that
/// a malformed `tags` leaves the resource untouched.
pub struct NameTagsPatch {
    name: Option<String>,
    tags: Option<Vec<String>>,
}

impl NameTagsPatch {
    pub fn parse(b: &Value) -> ApiResult<Self> {
        Ok(Self {
            name: str_field(b, "name").map(str::to_string),
            tags: tags_field(b, "tags")?,
        })
    }

    /// Sets whichever of the two the body named.
    pub fn apply<S: From<String>>(self, name: &mut S, tags: &mut Vec<S>) {
        if let Some(n) = self.name {
            *name = n.into();
        }
        if let Some(t) = self.tags {
            *tags = t.into_iter().map(S::from).collect();
        }
    }
}

/// A list of strings, or an `invalid_arguments` naming `key`.
pub fn tags_field<S: for<'a> From<&'a str>>(b: &Value, key: &str) -> ApiResult<Option<Vec<S>>> {
    match b.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(items)) => items
            .iter()
            .map(|t| {
                t.as_str()
                    .map(S::from)
                    .ok_or_else(|| ApiError::arg(key, "format", "must be a list of strings"))
            })
            .collect::<ApiResult<Vec<_>>>()
            .map(Some),
        Some(_) => Err(ApiError::arg(key, "format", "must be a list of strings")),
    }
}

/// `value` as the JSON body, serialized now (a borrowed view of the world
/// is written while the world is locked, with no `Value` tree), by the
/// simulator's writer (`json_text`: serde_json's bytes, less work) into one
/// buffer; headers as `axum::Json` sets them.
pub fn json_response(status: StatusCode, value: impl serde::Serialize) -> Response {
    match super::json_text::to_vec(&value, FIRST_BODY_BYTES) {
        Ok(body) => (
            status,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            body,
        )
            .into_response(),
        Err(e) => (
            status,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            )],
            e.to_string(),
        )
            .into_response(),
    }
}

/// Room a body starts with: most single objects fit; a page grows it.
const FIRST_BODY_BYTES: usize = 4096;

/// A JSON object of one key: the API's wrappers (`{"server": {...}}`,
/// `{"servers": [...]}`).
pub struct Keyed<T>(pub &'static str, pub T);

impl<T: serde::Serialize> serde::Serialize for Keyed<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(1))?;
        map.serialize_entry(self.0, &self.1)?;
        map.end()
    }
}

pub fn no_content() -> Response {
    StatusCode::NO_CONTENT.into_response()
}

fn positive(q: &Query, key: &str, default: usize) -> ApiResult<usize> {
    match get(q, key) {
        None => Ok(default),
        Some(v) => match v.parse::<usize>() {
            Ok(n) if n >= 1 && (key == "page" || n <= 100) => Ok(n),
            _ => Err(ApiError::arg(
                key,
                "constraint",
                format!("{key} must be a positive integer lower or equal to 100"),
            )),
        },
    }
}

/// Percent-encode a query component (RFC 3986 unreserved characters and `,` kept).
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b',' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The query parameters a `Link` echoes after `page` and `per_page`: every
/// other one sent, in order (the API keeps them all, e.g. `public=false`).
pub fn echoed(q: &Query) -> Vec<(String, String)> {
    q.iter()
        .filter(|(k, _)| !matches!(k.as_str(), "page" | "per_page"))
        .cloned()
        .collect()
}

/// One page of an Instance list (`page`/`per_page`, total in headers).
pub struct InstancePage<T> {
    pub items: Vec<T>,
    total: usize,
    page: usize,
    per_page: usize,
    path: String,
    rest: String,
}

/// What a listing pages through: the items it matched, or a whole index
/// read in its own order ([`InOrder`]).
pub trait Pageable {
    type Item;
    /// How many items the whole listing has.
    fn total(&self) -> usize;
    /// The items at `range` (within `0..total()`), in the listing's order.
    fn cut(self, range: Range<usize>) -> Vec<Self::Item>;
}

impl<T> Pageable for Vec<T> {
    type Item = T;

    fn total(&self) -> usize {
        self.len()
    }

    fn cut(mut self, range: Range<usize>) -> Vec<T> {
        self.truncate(range.end);
        self.drain(..range.start);
        self
    }
}

/// An unfiltered listing in the order of its index (a locality's ids kept
/// oldest first), or the reverse: a page is cut from the ids and only its
/// own items are looked up, so paging through a zone of n items is O(n),
/// not O(n² / page) (every page used to read, filter and collect the zone).
pub struct InOrder<'a, Id, F> {
    ids: &'a [Id],
    newest_first: bool,
    look_up: F,
}

impl<'a, Id, F> InOrder<'a, Id, F> {
    /// `look_up` finds an id's item; an index holds only ids of its map, so
    /// it always does.
    pub fn new(ids: &'a [Id], newest_first: bool, look_up: F) -> Self {
        Self {
            ids,
            newest_first,
            look_up,
        }
    }
}

impl<'a, Id, T, F: FnMut(&'a Id) -> Option<T>> Pageable for InOrder<'a, Id, F> {
    type Item = T;

    fn total(&self) -> usize {
        self.ids.len()
    }

    fn cut(self, range: Range<usize>) -> Vec<T> {
        let n = self.ids.len();
        if self.newest_first {
            self.ids[n - range.end..n - range.start]
                .iter()
                .rev()
                .filter_map(self.look_up)
                .collect()
        } else {
            self.ids[range].iter().filter_map(self.look_up).collect()
        }
    }
}

/// The positions of page `page` (from 1) of `size` items in a list of `total`.
fn window(total: usize, page: usize, size: usize) -> Range<usize> {
    let start = (page - 1).saturating_mul(size).min(total);
    start..start.saturating_add(size).min(total)
}

/// Cut `items` into the page the query asks for. `extra` are the echoed filter params
/// (the API echoes them in `Link` after `page` and `per_page`).
pub fn instance_page<P: Pageable>(
    items: P,
    q: &Query,
    path: &str,
    extra: &[(String, String)],
) -> ApiResult<InstancePage<P::Item>> {
    let page = positive(q, "page", 1)?;
    let per_page = positive(q, "per_page", 50)?;
    let total = items.total();
    let items = items.cut(window(total, page, per_page));
    let rest = extra
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&");
    Ok(InstancePage {
        items,
        total,
        page,
        per_page,
        path: path.to_string(),
        rest,
    })
}

impl<T> InstancePage<T> {
    /// `Link` as recorded: relative to the zone root, `page` and `per_page` first, then
    /// the other parameters (a trailing `&` when there are none).
    fn link(&self) -> String {
        // An empty list's last page is 0, as recorded (instance_list_servers_empty).
        let last = self.total.div_ceil(self.per_page);
        let url = |p: usize| {
            format!(
                "<{}?page={p}&per_page={}&{}>",
                self.path, self.per_page, self.rest
            )
        };
        let mut parts = Vec::new();
        if self.page > 1 {
            parts.push(format!("{}; rel=\"first\"", url(1)));
            parts.push(format!(
                "{}; rel=\"previous\"",
                url((self.page - 1).min(last))
            ));
        }
        if self.page < last {
            parts.push(format!("{}; rel=\"next\"", url(self.page + 1)));
        }
        parts.push(format!("{}; rel=\"last\"", url(last)));
        parts.join(",")
    }

    pub fn respond(&self, body: impl serde::Serialize) -> Response {
        let mut resp = json_response(StatusCode::OK, body);
        let h = resp.headers_mut();
        if let Ok(v) = HeaderValue::from_str(&self.total.to_string()) {
            h.insert("x-total-count", v);
        }
        if let Ok(v) = HeaderValue::from_str(&self.link()) {
            h.insert(header::LINK, v);
        }
        resp
    }
}

/// One page of a Block/VPC list (`page`/`page_size`, `total_count` in the body).
pub fn body_page<P: Pageable>(items: P, q: &Query) -> ApiResult<(Vec<P::Item>, usize)> {
    let page = positive(q, "page", 1)?;
    let size = positive(q, "page_size", 50)?;
    let total = items.total();
    Ok((items.cut(window(total, page, size)), total))
}

/// Add a `Location` header (Instance creations).
pub fn with_location(mut resp: Response, url: String) -> Response {
    if let Ok(v) = HeaderValue::from_str(&url) {
        resp.headers_mut().insert(header::LOCATION, v);
    }
    resp
}

/// An empty body that fails while being sent, so the client sees the connection cut.
pub fn dropped_connection() -> Response {
    let stream = futures::stream::once(async {
        Err::<Bytes, std::io::Error>(std::io::Error::other("simulated connection drop"))
    });
    Response::new(Body::from_stream(stream))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page cut from an index in its order, or in reverse, is the page of
    /// the whole list in that order, past the end and at absurd pages too.
    #[test]
    fn an_index_cuts_the_page_of_the_whole_list() {
        let ids: Vec<u32> = (0..23).collect();
        let look_up = |id: &u32| Some(*id * 10);
        for newest_first in [false, true] {
            let mut whole: Vec<u32> = ids.iter().map(|id| id * 10).collect();
            if newest_first {
                whole.reverse();
            }
            for (page, size) in [(1, 50), (1, 5), (2, 5), (5, 5), (6, 5), (1, 23), (2, 23)] {
                let q: Query = vec![
                    ("page".into(), page.to_string()),
                    ("page_size".into(), size.to_string()),
                ];
                let indexed = body_page(InOrder::new(&ids, newest_first, look_up), &q).unwrap();
                assert_eq!(indexed, body_page(whole.clone(), &q).unwrap());
                let expected: Vec<u32> = whole
                    .iter()
                    .copied()
                    .skip((page - 1) * size)
                    .take(size)
                    .collect();
                assert_eq!(indexed, (expected, 23), "page {page} of {size}");
            }
            let far: Query = vec![("page".into(), usize::MAX.to_string())];
            let indexed = body_page(InOrder::new(&ids, newest_first, look_up), &far).unwrap();
            assert_eq!(indexed, (vec![], 23));
        }
    }

    #[test]
    fn link_echoes_filters_encoded_after_page_and_per_page() {
        let q: Query = vec![("page".into(), "2".into()), ("per_page".into(), "1".into())];
        let extra = vec![("name".into(), "web 1&x".into())];
        let page = instance_page(vec![1, 2, 3], &q, "/servers", &extra).unwrap();
        assert_eq!(page.items, vec![2]);
        assert_eq!(
            page.link(),
            "</servers?page=1&per_page=1&name=web%201%26x>; rel=\"first\",</servers?page=1&per_page=1&name=web%201%26x>; rel=\"previous\",</servers?page=3&per_page=1&name=web%201%26x>; rel=\"next\",</servers?page=3&per_page=1&name=web%201%26x>; rel=\"last\""
        );
    }
}
