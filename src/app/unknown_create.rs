//! A create whose answer was lost (a timeout, a cut connection, a 502-504):
//! the API may have made the resource. The form stays open and, once the
//! refresh that follows has come, says whether a resource of that name is
//! there now; Enter then asks before sending again, so a lost answer does not
//! silently become two resources.

use super::forms::FormSubmit;
use super::table::RowRef;
use super::{Locality, Tab};

/// What the form knows about a create whose outcome is unknown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownCreate {
    /// The tab that lists such resources (refreshed to find out).
    pub tab: Tab,
    /// The name the create asked for.
    pub name: String,
    /// Where it was sent.
    pub at: Option<Locality>,
    /// Resources of that name already there before the create (not its doing).
    before: Vec<String>,
    /// Ids of new resources of that name the refresh showed; `None` until it came.
    pub seen: Option<Vec<String>>,
    /// Enter was pressed once since: the next Enter sends again.
    pub asked: bool,
}

impl UnknownCreate {
    /// For a create (`None` for any other request), with the rows shown when
    /// the answer was lost: a resource of that name among them predates it.
    pub fn new<'a>(submit: &FormSubmit, rows: impl Iterator<Item = &'a RowRef>) -> Option<Self> {
        let name = created_name(submit)?.to_string();
        let mut unknown = UnknownCreate {
            tab: submit.tab(),
            name,
            at: submit.locality(),
            before: Vec::new(),
            seen: None,
            asked: false,
        };
        unknown.before = unknown.named(rows);
        Some(unknown)
    }

    /// Ids of the rows with this name where the create was sent.
    fn named<'a>(&self, rows: impl Iterator<Item = &'a RowRef>) -> Vec<String> {
        rows.filter(|r| r.name() == self.name && (self.at.is_none() || r.locality() == self.at))
            .map(|r| r.id().to_string())
            .collect()
    }

    /// A refresh of [`UnknownCreate::tab`] came: note the new resources of
    /// that name it shows.
    pub fn refreshed<'a>(&mut self, rows: impl Iterator<Item = &'a RowRef>) {
        let mut seen = self.named(rows);
        seen.retain(|id| !self.before.contains(id));
        self.seen = Some(seen);
    }

    fn noun(&self) -> &'static str {
        self.tab.noun()
    }

    fn place(&self) -> String {
        self.at.map(|l| format!(" in {l}")).unwrap_or_default()
    }

    /// The form's line while the outcome is unknown: what the refresh showed.
    pub fn status(&self) -> String {
        let (noun, name, place) = (self.noun(), &self.name, self.place());
        match &self.seen {
            None => format!("checking whether a {noun} named {name}{place} was created…"),
            Some(ids) if ids.is_empty() => format!(
                "the refresh shows no new {noun} named {name}{place}: it was probably not \
                 created; Enter asks before sending again"
            ),
            Some(ids) => format!(
                "the refresh shows a new {noun} named {name}{place} ({}): it was created; \
                 Enter asks before creating another, Esc closes",
                ids.join(", ")
            ),
        }
    }

    /// Asked on the Enter after the lost answer; the next Enter sends.
    pub fn question(&self) -> String {
        let (noun, name, place) = (self.noun(), &self.name, self.place());
        match &self.seen {
            Some(ids) if !ids.is_empty() => format!(
                "a {noun} named {name}{place} was already created by the lost request: \
                 Enter again creates a second one, Esc cancels"
            ),
            Some(_) => format!(
                "the lost create of {noun} {name}{place} shows no result: Enter again \
                 sends it again, Esc cancels"
            ),
            None => format!(
                "the lost create of {noun} {name}{place} may have been applied (the refresh \
                 has not come yet): Enter again sends it anyway, Esc cancels"
            ),
        }
    }
}

/// The name a create asks for; `None` for requests that create nothing named.
fn created_name(submit: &FormSubmit) -> Option<&str> {
    match submit {
        FormSubmit::CreateServer { request, .. } => Some(&request.name),
        FormSubmit::CreateVolume { request, .. } => Some(&request.name),
        FormSubmit::CreateSecurityGroup { request, .. } => Some(&request.name),
        FormSubmit::CreatePrivateNetwork { request, .. } => Some(&request.name),
        FormSubmit::CreateVpc { request, .. } => Some(&request.name),
        _ => None,
    }
}
