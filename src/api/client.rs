//! The HTTP transport: auth, base URL, timeouts, retries, pagination and error
//! mapping, generic over the response type. Typed endpoints live elsewhere and
//! call these methods.
//!
//! Resending rules (why a call may be tried again):
//! - GET, PUT, PATCH and DELETE are resent on 429, 502, 503, 504, timeouts and
//!   connection failures (PATCH is treated as idempotent: it sets fields).
//! - POST is resent only when it certainly did not reach the service: the
//!   connection could not be opened, or the gateway answered 429 (the API's rate
//!   limiter rejects before the service sees the request). A POST that got a 503,
//!   a timeout or a dropped connection is never resent: it may have been applied.
//! - A DELETE whose answer was lost (timeout, dropped connection, 502/503/504)
//!   and whose retry gets 404 succeeded: the lost attempt deleted it.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::stream::{self, StreamExt};
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap, HeaderValue, RETRY_AFTER};
use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde::de::DeserializeSeed;
use serde_json::{Map, Value};

use super::page::{
    BodyPrint, InOrder, Listed, NoMemory, Page, PageItems, PageMemory, PageSeed, PageSpan, id_print,
};
use super::reuse::{Keyed, Known};
use tokio::sync::Semaphore;
use tokio::sync::mpsc::UnboundedSender;

use super::error::ApiError;
use super::retry::{BackoffEvent, BackoffReason, RetryPolicy};
use super::secret::SecretKey;

/// The public Scaleway API.
pub const DEFAULT_API_URL: &str = "https://api.scaleway.com";
/// The largest page the Instance, Block and VPC APIs accept.
pub const PAGE_SIZE: usize = 100;
/// Page requests in flight at once for one list, so a big list is fast without
/// tripping the rate limiter.
pub const DEFAULT_PAGE_CONCURRENCY: usize = 8;
/// HTTP attempts in flight at once over all calls of one client (and its
/// clones), so a fan-out over ten zones with many pages never floods the API.
pub const DEFAULT_MAX_IN_FLIGHT: usize = 32;
/// Bytes of answers expected in flight at once over the whole client: a big
/// page holds a read buffer of its size while it arrives, so memory is
/// bounded by bytes, not requests. 32 pages of 100 servers (about 256 KB each).
pub const DEFAULT_MAX_BYTES_IN_FLIGHT: usize = 32 * PAGE_BYTES_GUESS_LARGE;
/// What a request whose answer size is not known yet (a first page, one
/// object, an action) is counted for: first pages are mostly small, so many
/// go out together and a start-up is one round trip, not five.
pub const UNKNOWN_ANSWER_BYTES: usize = 32 << 10;
/// A full page of 100 servers, the largest page the dashboard lists.
const PAGE_BYTES_GUESS_LARGE: usize = 256 << 10;

/// Connections kept open between refreshes. Each idle connection keeps its
/// read buffer (a few hundred KB after a page of 100 servers), so the burst of
/// a large refresh is not kept warm in full; eight cover a refresh of every
/// kind in one zone.
const IDLE_CONNECTIONS: usize = 8;
/// A list never follows more pages than this (100,000 items), so a server that
/// keeps answering full pages cannot loop us forever.
const MAX_PAGES: usize = 1000;
/// The largest response body read (32 MiB): a page of 100 servers with every
/// field is well under 1 MiB, so this is only ever hit by a broken or hostile
/// server, and then it is an error instead of all the memory we can get.
pub const MAX_BODY_BYTES: usize = 32 << 20;
const AUTH_HEADER: &str = "X-Auth-Token";
const TOTAL_COUNT_HEADER: &str = "x-total-count";

/// Everything needed to build a [`Client`].
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// Base URL without trailing slash, e.g. [`DEFAULT_API_URL`] or a simulator.
    pub api_url: String,
    pub secret_key: SecretKey,
    /// Per attempt, from sending to the end of the body.
    pub timeout: Duration,
    /// Longest silence while reading an answer: a server that stalls (or
    /// trickles a byte now and then) is given up on early.
    pub read_timeout: Duration,
    pub retry: RetryPolicy,
    pub user_agent: String,
    /// Pages fetched concurrently after the first one.
    pub page_concurrency: usize,
    /// HTTP attempts in flight at once over the whole client (at least 1).
    pub max_in_flight: usize,
    /// Answer bytes expected in flight at once over the whole client: a later
    /// page counts for the size of its list's first page, anything else for
    /// [`UNKNOWN_ANSWER_BYTES`]; one request always fits.
    pub max_bytes_in_flight: usize,
}

impl ClientConfig {
    /// Defaults for the public API with the given key.
    pub fn new(secret_key: SecretKey) -> Self {
        Self {
            api_url: DEFAULT_API_URL.to_string(),
            secret_key,
            timeout: Duration::from_secs(20),
            read_timeout: Duration::from_secs(10),
            retry: RetryPolicy::default(),
            user_agent: default_user_agent(),
            page_concurrency: DEFAULT_PAGE_CONCURRENCY,
            max_in_flight: DEFAULT_MAX_IN_FLIGHT,
            max_bytes_in_flight: DEFAULT_MAX_BYTES_IN_FLIGHT,
        }
    }
}

/// `scwdash/<crate version>`.
pub fn default_user_agent() -> String {
    format!("scwdash/{}", env!("CARGO_PKG_VERSION"))
}

/// A Scaleway API client. Cloning is cheap and clones share one connection pool.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    backoff: Option<UnboundedSender<BackoffEvent>>,
}

struct Inner {
    http: reqwest::Client,
    base: String,
    retry: RetryPolicy,
    page_concurrency: usize,
    /// Held for the duration of each attempt (not during back-off sleeps).
    in_flight: Semaphore,
    /// KiB of expected answers, held like `in_flight`.
    kib_in_flight: Semaphore,
    /// The most KiB one attempt may ask for (the whole budget).
    max_kib: u32,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("api_url", &self.inner.base)
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}

/// Whether a failed attempt may be sent again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Resend {
    /// Resending cannot do harm (GET, PUT, PATCH, DELETE).
    Idempotent,
    /// Resend only when the service certainly did not see the request (POST).
    OnlyUnseen,
}

/// How many items a page held, and how many of them were new.
struct PageCount {
    len: usize,
    new: usize,
}

/// A raw success answer.
struct Answer {
    headers: HeaderMap,
    body: Vec<u8>,
}

/// The two pagination styles of the API.
#[derive(Debug, Clone, Copy)]
enum PageStyle {
    /// Instance: `page`/`per_page`, total in the `X-Total-Count` header.
    Instance,
    /// Block and VPC: `page`/`page_size`, `total_count` in the body.
    Body,
}

impl Client {
    pub fn new(config: ClientConfig) -> Result<Self, ApiError> {
        let max_kib = u32::try_from(config.max_bytes_in_flight >> 10)
            .unwrap_or(u32::MAX >> 4)
            .max(1);
        let mut token =
            HeaderValue::from_str(config.secret_key.expose()).map_err(|_| ApiError::Request {
                detail: "the secret key contains characters not allowed in an HTTP header"
                    .to_string(),
            })?;
        token.set_sensitive(true);
        let mut headers = HeaderMap::new();
        headers.insert(AUTH_HEADER, token);
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        let http = reqwest::Client::builder()
            .default_headers(headers)
            .user_agent(config.user_agent)
            .timeout(config.timeout)
            .read_timeout(config.read_timeout.min(config.timeout))
            .connect_timeout(config.timeout.min(Duration::from_secs(10)))
            // The API never redirects, and reqwest would re-send X-Auth-Token
            // to wherever a redirect points (it strips only Authorization).
            .redirect(reqwest::redirect::Policy::none())
            .pool_max_idle_per_host(IDLE_CONNECTIONS)
            .build()
            .map_err(|e| ApiError::Request {
                detail: e.to_string(),
            })?;
        Ok(Self {
            inner: Arc::new(Inner {
                http,
                base: config.api_url.trim_end_matches('/').to_string(),
                retry: config.retry,
                page_concurrency: config.page_concurrency.max(1),
                in_flight: Semaphore::new(config.max_in_flight.max(1)),
                kib_in_flight: Semaphore::new(max_kib as usize),
                max_kib,
            }),
            backoff: None,
        })
    }

    /// Reports every back-off (before the client sleeps) on `tx`, so the UI can
    /// show "rate limited, retrying in 1.2 s". Clones made afterwards share it;
    /// a closed receiver is ignored.
    pub fn with_backoff_events(mut self, tx: UnboundedSender<BackoffEvent>) -> Self {
        self.backoff = Some(tx);
        self
    }

    pub fn api_url(&self) -> &str {
        &self.inner.base
    }

    /// GET `path` and decode the body as `T`.
    pub async fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<T, ApiError> {
        let answer = self
            .execute(Method::GET, path, query, None, Resend::Idempotent, false)
            .await?;
        decode(&Method::GET, path, &answer.body)
    }

    /// GET `path` as untyped JSON, for the raw view.
    pub async fn get_raw(&self, path: &str) -> Result<Value, ApiError> {
        self.get(path, &[]).await
    }

    /// POST a JSON body. Not resent once the service may have seen it.
    pub async fn post<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, ApiError> {
        self.send_json(Method::POST, path, body, Resend::OnlyUnseen)
            .await
    }

    /// POST `{}`: for endpoints that take no arguments but want a JSON body.
    pub async fn post_empty<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        self.post(path, &Map::new()).await
    }

    /// PATCH a JSON body (resent on transient failures: it sets fields).
    pub async fn patch<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, ApiError> {
        self.send_json(Method::PATCH, path, body, Resend::Idempotent)
            .await
    }

    /// PUT a JSON body (resent on transient failures).
    pub async fn put<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, ApiError> {
        self.send_json(Method::PUT, path, body, Resend::Idempotent)
            .await
    }

    /// DELETE `path`. A 404 on a retry after a lost answer (timeout, dropped
    /// connection, gateway error) counts as success: the lost attempt did it.
    pub async fn delete(&self, path: &str) -> Result<(), ApiError> {
        self.execute(Method::DELETE, path, &[], None, Resend::Idempotent, true)
            .await
            .map(|_| ())
    }

    /// Every item of an Instance-style list (`page`/`per_page`, total in the
    /// `X-Total-Count` header, items in an array under `key`). Pages after the
    /// first are fetched concurrently and returned in page order. Without the
    /// header (e.g. security group rules), pages are followed until a short one.
    pub async fn list_instance<T: DeserializeOwned + Send>(
        &self,
        path: &str,
        query: &[(&str, String)],
        key: &str,
    ) -> Result<Vec<T>, ApiError> {
        let listed = self
            .list::<T, Vec<T>, T, _>(PageStyle::Instance, path, query, key, |x| x, &NoMemory)
            .await?;
        Ok(listed.items)
    }

    /// Like [`Self::list_instance`] for lists whose `key` holds a map (e.g.
    /// `/products/servers`: `{"servers": {"DEV1-S": {...}}}`), in the API's order.
    pub async fn list_instance_map<T: DeserializeOwned + Send>(
        &self,
        path: &str,
        query: &[(&str, String)],
        key: &str,
    ) -> Result<Vec<(String, T)>, ApiError> {
        let listed = self
            .list::<(String, T), InOrder<T>, _, _>(
                PageStyle::Instance,
                path,
                query,
                key,
                |x| x,
                &NoMemory,
            )
            .await?;
        Ok(listed.items)
    }

    /// Every item of a Block/VPC-style list (`page`/`page_size`, `total_count`
    /// in the body, items under `key`); remaining pages fetched concurrently.
    pub async fn list_paged<T: DeserializeOwned + Send>(
        &self,
        path: &str,
        query: &[(&str, String)],
        key: &str,
    ) -> Result<Vec<T>, ApiError> {
        let listed = self
            .list::<T, Vec<T>, T, _>(PageStyle::Body, path, query, key, |x| x, &NoMemory)
            .await?;
        Ok(listed.items)
    }

    /// Every item of an Instance-style list as an `Arc`, reusing what
    /// `known` (the last listing) holds: a page whose body comes again byte
    /// for byte is not decoded, and an item equal to a known one is swapped
    /// for it. Returns what the next listing is to reuse.
    pub async fn list_instance_known<T>(
        &self,
        path: &str,
        key: &str,
        known: &Known<T>,
    ) -> Result<Known<T>, ApiError>
    where
        T: DeserializeOwned + Keyed + PartialEq + Send + Sync,
    {
        self.list_known(PageStyle::Instance, path, key, known).await
    }

    /// [`Self::list_instance_known`] for a Block/VPC-style list.
    pub async fn list_paged_known<T>(
        &self,
        path: &str,
        key: &str,
        known: &Known<T>,
    ) -> Result<Known<T>, ApiError>
    where
        T: DeserializeOwned + Keyed + PartialEq + Send + Sync,
    {
        self.list_known(PageStyle::Body, path, key, known).await
    }

    async fn list_known<T>(
        &self,
        style: PageStyle,
        path: &str,
        key: &str,
        known: &Known<T>,
    ) -> Result<Known<T>, ApiError>
    where
        T: DeserializeOwned + Keyed + PartialEq + Send + Sync,
    {
        let reuse = |x| known.reuse(x);
        let listed = self
            .list::<Arc<T>, Vec<Arc<T>>, _, _>(style, path, &[], key, reuse, known)
            .await?;
        Ok(Known::listed(listed))
    }

    async fn send_json<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: &B,
        resend: Resend,
    ) -> Result<T, ApiError> {
        let bytes = serde_json::to_vec(body).map_err(|e| ApiError::Request {
            detail: format!("body for {method} {path}: {e}"),
        })?;
        let answer = self
            .execute(method.clone(), path, &[], Some(bytes), resend, false)
            .await?;
        decode(&method, path, &answer.body)
    }

    async fn list<X, C, Y, M>(
        &self,
        style: PageStyle,
        path: &str,
        query: &[(&str, String)],
        key: &str,
        each: impl Fn(X) -> Y + Sync,
        memory: &M,
    ) -> Result<Listed<Y>, ApiError>
    where
        Y: Send,
        C: DeserializeOwned + Into<Vec<X>> + Send,
        M: PageMemory<Y>,
    {
        // Applied page by page, so a caller can swap an item for a copy it
        // already holds before the next pages arrive. Items whose id was
        // already listed (known by its print) are dropped: a server that
        // ignores `page` or shifts under us must not list a resource twice.
        let mut seen: HashSet<u64, foldhash::fast::RandomState> = HashSet::default();
        let mut listed = Listed {
            items: Vec::new(),
            pages: Vec::new(),
        };
        let mut absorb = |page: Page<C, Y>, listed: &mut Listed<Y>| -> PageCount {
            let before = listed.items.len();
            let items: Vec<Y> = match page.items {
                PageItems::Decoded { items, ids } if !memory.keeps() => {
                    let items: Vec<X> = items.into();
                    let len = items.len();
                    match ids {
                        Some(ids) if ids.len() == len => {
                            for (item, id) in items.into_iter().zip(ids) {
                                if id.is_none_or(|id| seen.insert(id_print(&id))) {
                                    listed.items.push(each(item));
                                }
                            }
                        }
                        _ => listed.items.extend(items.into_iter().map(&each)),
                    }
                    return PageCount {
                        len,
                        new: listed.items.len() - before,
                    };
                }
                PageItems::Decoded { items, .. } => {
                    let items: Vec<X> = items.into();
                    items.into_iter().map(&each).collect()
                }
                PageItems::Recalled(items) => items,
            };
            let len = items.len();
            for item in items {
                if memory.id(&item).is_none_or(|id| seen.insert(id_print(id))) {
                    listed.items.push(item);
                }
            }
            let new = listed.items.len() - before;
            if new == len {
                listed.pages.push(PageSpan {
                    body: page.body,
                    items: before..listed.items.len(),
                    total_count: page.total_count,
                });
            }
            PageCount { len, new }
        };
        let fetch = |page: usize, answer_bytes: usize| {
            self.fetch_page::<C, Y>(style, path, query, key, page, answer_bytes, memory)
        };
        let first = fetch(1, UNKNOWN_ANSWER_BYTES).await?;
        let total = first.total;
        // Later pages are about as big as the first one.
        let page_bytes = first.body.len;
        let mut previous = first.body;
        let first_len = absorb(first, &mut listed).len;
        if first_len == 0 {
            return Ok(listed);
        }
        match total {
            Some(total) if total > first_len => {
                // The first page tells the page size the server really uses;
                // the total only bounds the count. Paging stops at the first
                // page that is empty, short, repeats the previous one or
                // brings nothing new: a total of 10^12 costs at most the
                // requests already in flight, not a thousand.
                let pages = total.div_ceil(first_len).min(MAX_PAGES);
                let mut rest = stream::iter(2..=pages)
                    .map(|page| fetch(page, page_bytes))
                    .buffered(self.inner.page_concurrency);
                while let Some(page) = rest.next().await {
                    let page = page?;
                    let repeated = page.body == previous;
                    previous = page.body;
                    let count = absorb(page, &mut listed);
                    if repeated || count.len < first_len || count.new == 0 {
                        break;
                    }
                }
            }
            Some(_) => {}
            // No total (security group rules): a full page means there may be
            // more. A page equal to the previous one, or with nothing new,
            // means the server ignores paging and has already given everything.
            None => {
                let mut last_len = first_len;
                let mut page = 2;
                while last_len >= PAGE_SIZE && page <= MAX_PAGES {
                    let next = fetch(page, page_bytes).await?;
                    if next.body == previous {
                        break;
                    }
                    previous = next.body;
                    let count = absorb(next, &mut listed);
                    if count.new == 0 {
                        break;
                    }
                    last_len = count.len;
                    page += 1;
                }
            }
        }
        Ok(listed)
    }

    /// One page, decoded straight from the body into the items under `key`
    /// (no intermediate JSON tree: a page of 100 servers would cost ten times
    /// its size as `Value`s), with the total it announces, if any. A body
    /// `memory` read before is not decoded: its items are the ones it
    /// brought then.
    #[allow(clippy::too_many_arguments)]
    async fn fetch_page<C: DeserializeOwned, Y>(
        &self,
        style: PageStyle,
        path: &str,
        query: &[(&str, String)],
        key: &str,
        page: usize,
        answer_bytes: usize,
        memory: &impl PageMemory<Y>,
    ) -> Result<Page<C, Y>, ApiError> {
        let size_param = match style {
            PageStyle::Instance => "per_page",
            PageStyle::Body => "page_size",
        };
        let mut q: Vec<(&str, String)> = query.to_vec();
        q.push(("page", page.to_string()));
        q.push((size_param, PAGE_SIZE.to_string()));
        let answer = {
            // Held while the answer arrives (retries included): pages are
            // bounded by the bytes they bring, not by their number.
            let _budget = self.reserve(answer_bytes).await;
            self.execute(Method::GET, path, &q, None, Resend::Idempotent, false)
                .await?
        };
        let body = BodyPrint::of(&answer.body);
        let (items, total_count) = match memory.recall(&body) {
            Some((items, total_count)) => (PageItems::Recalled(items), total_count),
            None => {
                let decoded = PageSeed::<C>::new(key)
                    .deserialize(&mut serde_json::Deserializer::from_slice(&answer.body))
                    .map_err(|e| decode_error(path, key, e))?;
                let items = decoded.items.ok_or_else(|| ApiError::Decode {
                    endpoint: format!("GET {path}"),
                    detail: format!("the answer has no `{key}` list"),
                })?;
                // A memory tells the ids from the items themselves.
                let ids = if memory.keeps() {
                    None
                } else {
                    page_ids(&answer.body, key)
                };
                (PageItems::Decoded { items, ids }, decoded.total_count)
            }
        };
        let total = match style {
            PageStyle::Instance => answer
                .headers
                .get(TOTAL_COUNT_HEADER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse().ok()),
            PageStyle::Body => total_count.and_then(|n| usize::try_from(n).ok()),
        };
        Ok(Page {
            items,
            total,
            total_count,
            body,
        })
    }

    /// Waits until `answer_bytes` more fit in the client's byte budget (a
    /// request bigger than the whole budget waits for all of it).
    async fn reserve(&self, answer_bytes: usize) -> Option<tokio::sync::SemaphorePermit<'_>> {
        let kib = u32::try_from(answer_bytes.div_ceil(1 << 10))
            .unwrap_or(u32::MAX)
            .clamp(1, self.inner.max_kib);
        // The semaphore is never closed, so acquiring cannot fail.
        self.inner.kib_in_flight.acquire_many(kib).await.ok()
    }

    /// Sends one request, with retries as the resend rules allow.
    async fn execute(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<Vec<u8>>,
        resend: Resend,
        gone_is_done: bool,
    ) -> Result<Answer, ApiError> {
        let endpoint = format!("{method} {path}");
        let url = format!("{}{}", self.inner.base, path);
        let policy = self.inner.retry;
        let max_attempts = policy.max_attempts.max(1);
        // Set once an attempt may have been applied without us seeing the answer.
        let mut answer_lost = false;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let mut request = self.inner.http.request(method.clone(), &url).query(query);
            if let Some(bytes) = &body {
                request = request
                    .header(CONTENT_TYPE, "application/json")
                    .body(bytes.clone());
            }
            let outcome = {
                // The semaphore is never closed, so acquiring cannot fail.
                let _permit = self.inner.in_flight.acquire().await.ok();
                let started = Instant::now();
                let outcome = send(request, &endpoint).await;
                (outcome, started.elapsed().as_millis())
            };
            let (outcome, elapsed_ms) = outcome;
            let failure = match outcome {
                Ok((status, headers, body)) => {
                    tracing::debug!(%method, path, status = status.as_u16(), elapsed_ms, attempt, "api call");
                    if status.is_success()
                        || (gone_is_done && answer_lost && status == StatusCode::NOT_FOUND)
                    {
                        return Ok(Answer { headers, body });
                    }
                    if status.is_redirection() {
                        return Err(ApiError::Redirect {
                            endpoint,
                            status: status.as_u16(),
                            target: redirect_target(&url, &headers),
                        });
                    }
                    Failure::from_answer(status, &headers, &body, resend)
                }
                Err(error) => {
                    tracing::debug!(%method, path, elapsed_ms, attempt, %error, "api call failed");
                    Failure::from_transport(error, resend)
                }
            };
            answer_lost |= failure.answer_lost;
            let Failure {
                error,
                retry_after,
                reason,
                may_resend,
                ..
            } = failure;
            if !may_resend || attempt >= max_attempts {
                return Err(error);
            }
            let delay = policy.delay(attempt, retry_after);
            tracing::debug!(%method, path, attempt, delay_ms = delay.as_millis(), "backing off");
            if let Some(tx) = &self.backoff {
                // A dropped receiver only means nobody is listening.
                let _ = tx.send(BackoffEvent {
                    method: method.to_string(),
                    path: path.to_string(),
                    reason,
                    attempt,
                    max_attempts,
                    delay,
                });
            }
            tokio::time::sleep(delay).await;
        }
    }
}

/// Sends one attempt and reads the body, chunk by chunk, up to
/// [`MAX_BODY_BYTES`]: a larger one is an error, never held whole.
async fn send(
    request: reqwest::RequestBuilder,
    endpoint: &str,
) -> Result<(StatusCode, HeaderMap, Vec<u8>), ApiError> {
    let mut response = request
        .send()
        .await
        .map_err(|e| transport_error(endpoint, &e))?;
    let status = response.status();
    let headers = response.headers().clone();
    let too_large = || ApiError::TooLarge {
        endpoint: endpoint.to_string(),
        limit: MAX_BODY_BYTES,
    };
    let announced = response.content_length().unwrap_or(0);
    if announced > MAX_BODY_BYTES as u64 {
        return Err(too_large());
    }
    let mut body = Vec::with_capacity(usize::try_from(announced).unwrap_or(0));
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| transport_error(endpoint, &e))?
    {
        if body.len() + chunk.len() > MAX_BODY_BYTES {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok((status, headers, body))
}

/// An attempt that did not succeed, and what it allows next.
struct Failure {
    error: ApiError,
    retry_after: Option<Duration>,
    reason: BackoffReason,
    may_resend: bool,
    /// The request may have been applied although no answer came back.
    answer_lost: bool,
}

impl Failure {
    /// The server answered an error status.
    fn from_answer(status: StatusCode, headers: &HeaderMap, body: &[u8], resend: Resend) -> Self {
        let error = ApiError::from_body(status.as_u16(), body);
        let rate_limited = status == StatusCode::TOO_MANY_REQUESTS;
        Self {
            may_resend: error.is_retryable() && (resend == Resend::Idempotent || rate_limited),
            reason: if rate_limited {
                BackoffReason::RateLimited
            } else {
                BackoffReason::Unavailable(status.as_u16())
            },
            retry_after: retry_after_header(headers),
            // A gateway error may come after the service applied the request;
            // a 429 comes before it ever saw it.
            answer_lost: matches!(status.as_u16(), 502..=504),
            error,
        }
    }

    /// No (complete) answer: timeout or connection failure.
    fn from_transport(error: ApiError, resend: Resend) -> Self {
        let (reason, unseen, transient) = match &error {
            ApiError::Timeout { .. } => (BackoffReason::Timeout, false, true),
            ApiError::Connection { before_send, .. } => {
                (BackoffReason::Connection, *before_send, true)
            }
            _ => (BackoffReason::Connection, true, false),
        };
        Self {
            may_resend: transient && (resend == Resend::Idempotent || unseen),
            reason,
            retry_after: None,
            answer_lost: !unseen,
            error,
        }
    }
}

/// Maps a reqwest failure to our error; never includes headers (the token).
fn transport_error(endpoint: &str, error: &reqwest::Error) -> ApiError {
    let detail = root_cause(error);
    if error.is_connect() {
        ApiError::Connection {
            endpoint: endpoint.to_string(),
            detail,
            before_send: true,
        }
    } else if error.is_timeout() {
        ApiError::Timeout {
            endpoint: endpoint.to_string(),
        }
    } else if error.is_builder() {
        ApiError::Request { detail }
    } else {
        ApiError::Connection {
            endpoint: endpoint.to_string(),
            detail,
            before_send: false,
        }
    }
}

/// The innermost message ("Connection refused (os error 111)"), which says more
/// than reqwest's "error sending request for url (...)".
fn root_cause(error: &reqwest::Error) -> String {
    let mut source: &dyn std::error::Error = error;
    while let Some(next) = source.source() {
        source = next;
    }
    source.to_string()
}

/// Where a redirect points, as `host[:port]` (never the path or query, which
/// could carry anything): resolved against the request URL when relative.
fn redirect_target(url: &str, headers: &HeaderMap) -> String {
    let location = headers
        .get(reqwest::header::LOCATION)
        .and_then(|v| v.to_str().ok());
    let resolved = location.and_then(|loc| reqwest::Url::parse(url).ok()?.join(loc).ok());
    match resolved {
        Some(u) => match (u.host_str(), u.port()) {
            (Some(host), Some(port)) => format!("{host}:{port}"),
            (Some(host), None) => host.to_string(),
            (None, _) => "an address without a host".to_string(),
        },
        None => "no usable Location".to_string(),
    }
}

fn retry_after_header(headers: &HeaderMap) -> Option<Duration> {
    headers
        .get(RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()
        .map(Duration::from_secs)
}

/// Decodes a success body; an empty body (204) decodes as JSON `null`, which
/// suits `()`, `Option<_>` and `IgnoredAny`.
fn decode<T: DeserializeOwned>(method: &Method, path: &str, body: &[u8]) -> Result<T, ApiError> {
    let result = if body.iter().all(u8::is_ascii_whitespace) {
        T::deserialize(Value::Null)
    } else {
        serde_json::from_slice(body)
    };
    result.map_err(|e| ApiError::Decode {
        endpoint: format!("{method} {path}"),
        detail: e.to_string(),
    })
}

/// The `id` of each item of a page whose `key` holds an array of objects
/// (`None` for a map-keyed list, or an item without an id), read from the
/// body a second time with everything but the ids skipped.
fn page_ids(body: &[u8], key: &str) -> Option<Vec<Option<String>>> {
    #[derive(serde::Deserialize)]
    struct IdOnly {
        #[serde(default)]
        id: Option<String>,
    }
    let decoded = PageSeed::<Vec<IdOnly>>::new(key)
        .deserialize(&mut serde_json::Deserializer::from_slice(body))
        .ok()?;
    Some(decoded.items?.into_iter().map(|i| i.id).collect())
}

fn decode_error(path: &str, key: &str, error: serde_json::Error) -> ApiError {
    ApiError::Decode {
        endpoint: format!("GET {path}"),
        detail: format!("`{key}`: {error}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_token() {
        let client =
            Client::new(ClientConfig::new(SecretKey::new("very-secret-token"))).expect("client");
        let shown = format!("{client:?}");
        assert!(!shown.contains("very-secret-token"));
        assert!(shown.contains(DEFAULT_API_URL));
    }

    #[test]
    fn bad_token_error_does_not_echo_it() {
        let err = Client::new(ClientConfig::new(SecretKey::new("bad\ntoken")))
            .expect_err("newline is not a header value");
        assert!(!err.to_string().contains("bad\ntoken"));
    }

    #[test]
    fn empty_body_decodes_as_unit() {
        decode::<()>(&Method::DELETE, "/x", b"").expect("unit");
        let err = decode::<Map<String, Value>>(&Method::GET, "/x", b"nope").expect_err("bad");
        assert!(err.to_string().contains("GET /x"));
    }

    #[test]
    fn retry_after_seconds_are_read() {
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, HeaderValue::from_static("3"));
        assert_eq!(retry_after_header(&h), Some(Duration::from_secs(3)));
        h.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"),
        );
        assert_eq!(retry_after_header(&h), None);
    }
}
