//! Security group create/edit: name, description, default policies, stateful.

use super::{FormKind, FormSubmit, parse};
use crate::api::locality::{Product, Zone};
use crate::api::models::{
    CreateSecurityGroupRequest, SecurityGroup, SecurityPolicy, UpdateSecurityGroupRequest,
};
use crate::app::editing::Catalog;
use crate::app::form::{Check, Field, Form};
use crate::app::validate;

const POLICIES: [&str; 2] = ["accept", "drop"];

fn fields(
    name: &str,
    description: &str,
    inbound: &str,
    outbound: &str,
    stateful: bool,
) -> Vec<Field> {
    let at = |p: &str| POLICIES.iter().position(|x| *x == p).unwrap_or(0);
    vec![
        Field::text("name", "Name", name, Check::Name),
        Field::text(
            "description",
            "Description",
            description,
            Check::Description,
        ),
        Field::choice(
            "inbound_default_policy",
            "Inbound default",
            &POLICIES,
            at(inbound),
        ),
        Field::choice(
            "outbound_default_policy",
            "Outbound default",
            &POLICIES,
            at(outbound),
        ),
        Field::toggle("stateful", "Stateful", stateful),
    ]
}

/// A new group: inbound drop / outbound accept / stateful, the console's
/// defaults. Under zone "all" it asks for the zone (`zone` to begin with);
/// without a configured project, for the project.
pub fn create(zone: Zone, catalog: &Catalog<'_>) -> Form {
    let (title, mut all) = super::new_in_zone("security group", Product::Instance, zone, catalog);
    all.extend(fields("", "", "drop", "accept", true));
    all.extend(super::project_field(catalog));
    Form::new(
        title,
        FormKind::CreateSecurityGroup {
            zone,
            project: catalog.project.map(str::to_string),
        },
        all,
    )
}

pub fn edit(group: &SecurityGroup, zone: Zone) -> Form {
    Form::new(
        format!("Edit security group {}", group.name),
        FormKind::UpdateSecurityGroup {
            zone,
            id: group.id.clone(),
        },
        fields(
            &group.name,
            group.description.as_deref().unwrap_or(""),
            group.inbound_default_policy.as_str(),
            group.outbound_default_policy.as_str(),
            group.stateful,
        ),
    )
}

fn policy(form: &Form, key: &str) -> SecurityPolicy {
    SecurityPolicy::from(form.value(key))
}

pub(super) fn build_create(
    form: &Form,
    zone: Zone,
    project: &Option<String>,
) -> Result<FormSubmit, (String, String)> {
    Ok(FormSubmit::CreateSecurityGroup {
        zone: super::zone_of(form, zone),
        request: CreateSecurityGroupRequest {
            name: parse(form, "name", validate::name)?,
            description: parse(form, "description", validate::description)?,
            project: super::project(form, project)?,
            stateful: Some(form.value("stateful") == "true"),
            inbound_default_policy: Some(policy(form, "inbound_default_policy")),
            outbound_default_policy: Some(policy(form, "outbound_default_policy")),
            ..Default::default()
        },
    })
}

pub(super) fn build_update(
    form: &Form,
    zone: Zone,
    id: &str,
) -> Result<FormSubmit, (String, String)> {
    let description = parse(form, "description", validate::description)?;
    Ok(FormSubmit::UpdateSecurityGroup {
        zone,
        id: id.to_string(),
        request: UpdateSecurityGroupRequest {
            name: Some(parse(form, "name", validate::name)?),
            // An emptied description is cleared, not left as it was.
            description: Some(description.unwrap_or_default()),
            stateful: Some(form.value("stateful") == "true"),
            inbound_default_policy: Some(policy(form, "inbound_default_policy")),
            outbound_default_policy: Some(policy(form, "outbound_default_policy")),
            ..Default::default()
        },
    })
}
