//! Server forms: create (type, image, security group pickers) and edit (name,
//! tags, security group, and the type while the server is stopped: the API
//! refuses a type change otherwise).

use std::collections::BTreeMap;
use std::sync::Arc;

use super::{FormKind, FormSubmit, parse, picked, tags};
use crate::api::locality::{Product, Zone};
use crate::api::models::{
    Availability, CreateServerRequest, Image, SecurityGroup, SecurityGroupTemplate, ServerState,
    ServerSummary, ServerType, ServerTypeAvailability, UpdateServerRequest,
};
use crate::app::editing::Catalog;
use crate::app::form::{Check, Field, FieldKind, Form, PickOption};
use crate::app::validate;

/// RAM is reported in bytes; the console shows binary GB.
const GIB: u64 = 1 << 30;

/// `PRO2-S   8 vCPU  32 GB    €83.22/month  available`, the name padded to
/// `width` so a list of types lines up (€ as in the €/MONTH column).
pub fn type_label(
    name: &str,
    width: usize,
    t: &ServerType,
    availability: Option<&Availability>,
) -> String {
    let stock = availability.map_or("unknown", |a| a.as_str());
    format!(
        "{name:<width$} {:>2} vCPU {:>3} GB {:>9}/month  {stock}",
        t.ncpus,
        t.ram / GIB,
        format!("€{:.2}", t.monthly_cost())
    )
}

/// Server types for the zone's picker, cheapest first. Types in shortage or at
/// end of service are listed but cannot be chosen.
pub fn type_options(
    types: &BTreeMap<String, ServerType>,
    availability: &BTreeMap<String, ServerTypeAvailability>,
) -> Vec<PickOption> {
    let mut sorted: Vec<(&String, &ServerType)> = types.iter().collect();
    sorted.sort_by(|a, b| {
        a.1.monthly_cost()
            .total_cmp(&b.1.monthly_cost())
            .then(a.0.cmp(b.0))
    });
    let width = types.keys().map(|n| n.chars().count()).max().unwrap_or(0);
    sorted
        .into_iter()
        .map(|(name, t)| {
            let stock = availability.get(name).map(|a| &a.availability);
            let mut o = PickOption::new(name.clone(), type_label(name, width, t, stock));
            if t.end_of_service {
                o.disabled = Some("end of service".into());
            } else if stock == Some(&Availability::Shortage) {
                o.disabled = Some("out of stock in this zone".into());
            }
            o
        })
        .collect()
}

/// One image of the zone, as the image picker offers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageChoice {
    /// `x86_64` or `arm64`: only images of the chosen type's are offered.
    pub arch: String,
    /// The image's name: another zone's image of the same name and
    /// architecture replaces it when the zone changes (ids differ by zone).
    pub name: String,
    pub option: PickOption,
}

/// Images of the zone, by name: `ubuntu_noble  x86_64  a1b2c3d4`.
pub fn image_choices(images: &[Image], zone: Zone) -> Vec<ImageChoice> {
    let mut sorted: Vec<&Image> = images
        .iter()
        .filter(|i| i.zone.is_empty() || i.zone == zone.as_str())
        .collect();
    sorted.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
    sorted
        .into_iter()
        .map(|i| {
            let short: String = i.id.chars().take(8).collect();
            ImageChoice {
                arch: i.arch.as_str().to_string(),
                name: i.name.clone(),
                option: PickOption::new(
                    i.id.clone(),
                    format!("{:<32} {:<7} {short}", i.name, i.arch.as_str()),
                ),
            }
        })
        .collect()
}

/// Security groups of the zone; none chosen means the project default.
pub fn security_group_options(groups: &[Arc<SecurityGroup>], zone: Zone) -> Vec<PickOption> {
    groups
        .iter()
        .filter(|g| g.zone.is_empty() || g.zone == zone.as_str())
        .map(|g| {
            let default = if g.project_default { "  (default)" } else { "" };
            PickOption::new(g.id.clone(), format!("{}{default}", g.name))
        })
        .collect()
}

/// The create-server form in `zone`, from the zone's server types (with
/// stock), images and security groups in `catalog`. Under zone "all"
/// (`catalog.zones` offers a choice) it asks for the zone first, and its
/// pickers follow the zone chosen ([`follow_zone`]). Without a configured
/// project it asks for one.
pub fn create(zone: Zone, catalog: &Catalog<'_>) -> Form {
    let (title, mut fields) = super::new_in_zone("server", Product::Instance, zone, catalog);
    fields.extend([
        Field::text("name", "Name", "", Check::Name),
        Field::picker("commercial_type", "Type", Vec::new(), None, true),
        Field::picker("image", "Image", Vec::new(), None, true),
        Field::text("tags", "Tags", "", Check::Tags).hint("comma-separated"),
        Field::picker("security_group", "Security group", Vec::new(), None, false)
            .hint("empty: project default"),
        // The API creates servers stopped; the console starts them.
        Field::toggle("power_on", "Power on", true).hint("once created"),
    ]);
    fields.extend(super::project_field(catalog));
    let kind = FormKind::CreateServer {
        zone,
        project: catalog.project.map(str::to_string),
        type_arch: BTreeMap::new(),
        images: Vec::new(),
        loading: Vec::new(),
    };
    let mut form = Form::new(title, kind, fields);
    follow_zone(&mut form, zone, catalog);
    // The opening values, as a fresh form has them (nothing was typed).
    form.message = None;
    form
}

/// The zone of a create-server form is `zone`, whose catalog is `catalog`
/// (what of it is still being fetched is empty): the type, image and group
/// pickers offer that zone's. A choice the zone does not offer is cleared,
/// saying so by its field; while the zone's types or images load, the picker keeps only
/// the current choice and says it is loading.
pub fn follow_zone(form: &mut Form, zone: Zone, catalog: &Catalog<'_>) {
    let types_loaded = !catalog.server_types.is_empty();
    let images = image_choices(catalog.images, zone);
    let images_loaded = !images.is_empty();
    let chosen_image = form.value("image").to_string();
    let FormKind::CreateServer {
        zone: at,
        type_arch,
        images: offered,
        loading,
        ..
    } = &mut form.kind
    else {
        return;
    };
    let previous = offered
        .iter()
        .find(|i| i.option.value == chosen_image)
        .cloned();
    *at = zone;
    *type_arch = catalog
        .server_types
        .iter()
        .map(|(n, t)| (n.clone(), t.arch.as_str().to_string()))
        .collect();
    // While the zone's images load, the chosen one stands (the request
    // waits for them, and the same-named image replaces it then).
    *offered = if images_loaded {
        images
    } else {
        previous.clone().into_iter().collect()
    };
    loading.clear();
    if !types_loaded {
        loading.push("server types");
    }
    if !images_loaded {
        loading.push("images");
    }
    let mut notes = Vec::new();
    let same_value = |a: &PickOption, b: &PickOption| a.value == b.value;
    if let Some(field) = form.field_mut("commercial_type") {
        if types_loaded {
            let options = type_options(catalog.server_types, catalog.availability);
            if let Some(gone) = field.replace_options(options, same_value) {
                field.error = Some(format!("cleared: {} is not offered in {zone}", gone.value));
            }
            field.hint = None;
        } else {
            keep_only_choice(field);
            field.hint = Some(format!("loading {zone}'s types…"));
        }
    }
    if let Some(field) = form.field_mut("security_group") {
        let options = security_group_options(catalog.security_groups, zone);
        if let Some(gone) = field.replace_options(options, same_value) {
            notes.push(format!(
                "security group {} is in another zone: the project default of {zone} \
                 is used unless you choose one",
                first_word(&gone.label)
            ));
        }
    }
    filter_images(form, zone, previous);
    if let Some(field) = form.field_mut("image") {
        field.hint = (!images_loaded).then(|| format!("loading {zone}'s images…"));
    }
    if !notes.is_empty() {
        form.message = Some(notes.join("; "));
    }
}

/// A picker whose options are being fetched offers only what is chosen.
fn keep_only_choice(field: &mut Field) {
    if let FieldKind::Picker {
        options, selected, ..
    } = &mut field.kind
    {
        *options = selected
            .and_then(|i| options.get(i).cloned())
            .into_iter()
            .collect();
        *selected = (!options.is_empty()).then_some(0);
    }
}

fn first_word(label: &str) -> &str {
    label.split("  ").next().unwrap_or(label)
}

/// The image picker offers the zone's images of the chosen type's
/// architecture (all of them until a type is chosen). The chosen image
/// stays if offered, or gives way to the image of the same name and
/// architecture (`previous`, when the zone changed: ids differ by zone);
/// else it is cleared, and the image field says why.
fn filter_images(form: &mut Form, zone: Zone, previous: Option<ImageChoice>) -> Option<()> {
    let FormKind::CreateServer {
        type_arch, images, ..
    } = &form.kind
    else {
        return None;
    };
    let chosen_type = form.value("commercial_type").to_string();
    let arch = type_arch.get(&chosen_type).cloned();
    let offered: Vec<&ImageChoice> = images
        .iter()
        .filter(|i| arch.as_ref().is_none_or(|a| *a == i.arch))
        .collect();
    let chosen = form.value("image").to_string();
    let was = previous.or_else(|| images.iter().find(|i| i.option.value == chosen).cloned());
    let stays = offered
        .iter()
        .find(|i| i.option.value == chosen)
        .or_else(|| {
            let was = was.as_ref()?;
            offered
                .iter()
                .find(|i| i.name == was.name && i.arch == was.arch)
        })
        .map(|i| i.option.value.clone());
    let options: Vec<PickOption> = offered.iter().map(|i| i.option.clone()).collect();
    let field = form.field_mut("image")?;
    field.replace_options(options, |_, new| Some(&new.value) == stays.as_ref());
    let was = was.filter(|_| stays.is_none() && !chosen.is_empty())?;
    let why = match &arch {
        Some(arch) if *arch != was.arch => format!(
            "cleared: {} is {}, {chosen_type} runs {arch}",
            was.name, was.arch
        ),
        _ => format!(
            "cleared: {} ({}) is not offered in {zone}",
            was.name, was.arch
        ),
    };
    field.error = Some(why);
    Some(())
}

/// A field of a create-server form changed: the image picker follows the
/// type (the zone's catalog follows the zone in `editing::form_changed`).
pub(super) fn changed(form: &mut Form, key: &str) {
    if key == "commercial_type" {
        let FormKind::CreateServer { zone, .. } = &form.kind else {
            return;
        };
        let zone = *zone;
        filter_images(form, zone, None);
    }
}

pub(super) fn build_create(form: &Form) -> Result<FormSubmit, (String, String)> {
    let FormKind::CreateServer {
        zone,
        project,
        type_arch,
        images,
        loading,
    } = &form.kind
    else {
        return Err((String::new(), "not a create-server form".into()));
    };
    if let Some(what) = loading.first() {
        // On the form's line, not by a field: it clears itself when they
        // come.
        return Err((
            String::new(),
            format!("the {what} of {zone} are still loading; Enter again once they are in"),
        ));
    }
    let name = parse(form, "name", validate::name)?;
    let commercial_type = form.value("commercial_type").to_string();
    let image = form.value("image").to_string();
    let image_arch = images
        .iter()
        .find(|i| i.option.value == image)
        .map(|i| &i.arch);
    if let (Some(t), Some(i)) = (type_arch.get(&commercial_type), image_arch)
        && t != i
    {
        return Err((
            "image".into(),
            format!("{i} image on a {t} server type; pick a {t} image"),
        ));
    }
    let tags = tags(form)?;
    Ok(FormSubmit::CreateServer {
        zone: *zone,
        request: CreateServerRequest {
            name,
            commercial_type,
            image: Some(image),
            project: super::project(form, project)?,
            tags: Some(tags).filter(|t| !t.is_empty()),
            security_group: picked(form, "security_group"),
            ..Default::default()
        },
        power_on: form.value("power_on") == "true",
    })
}

/// Edit a server: name, tags, security group (groups of its zone), and its
/// type (the zone's types of the server's architecture) when it is stopped.
pub fn edit(
    server: &ServerSummary,
    zone: Zone,
    types: &BTreeMap<String, ServerType>,
    availability: &BTreeMap<String, ServerTypeAvailability>,
    groups: &[Arc<SecurityGroup>],
) -> Form {
    let stopped = server.state == ServerState::Stopped;
    let current_type = server.commercial_type.to_string();
    let current_group = server.security_group.as_ref().map(|g| g.id.to_string());
    let mut fields = vec![
        Field::text("name", "Name", &server.name, Check::Name),
        Field::text("tags", "Tags", &server.tags.join(", "), Check::Tags).hint("comma-separated"),
    ];
    if stopped {
        let same_arch: BTreeMap<String, ServerType> = types
            .iter()
            .filter(|(_, t)| t.arch.as_str() == &*server.arch)
            .map(|(n, t)| (n.clone(), t.clone()))
            .collect();
        fields.push(
            Field::picker(
                "commercial_type",
                "Type",
                type_options(&same_arch, availability),
                Some(&current_type),
                true,
            )
            .hint("stopped: the type can change"),
        );
    }
    fields.push(
        Field::picker(
            "security_group",
            "Security group",
            security_group_options(groups, zone),
            current_group.as_deref(),
            false,
        )
        .hint("empty: unchanged"),
    );
    Form::new(
        format!("Edit server {}", server.name),
        FormKind::UpdateServer {
            zone,
            id: server.id.to_string(),
            current_type,
            current_group,
        },
        fields,
    )
}

/// The PATCH of an edit: name and tags always; the type and the group only
/// when changed (an unchanged type is not sent, so a server that started
/// meanwhile is not refused for it).
pub(super) fn build_update(form: &Form) -> Result<FormSubmit, (String, String)> {
    let FormKind::UpdateServer {
        zone,
        id,
        current_type,
        current_group,
    } = &form.kind
    else {
        return Err((String::new(), "not an edit-server form".into()));
    };
    let commercial_type = picked(form, "commercial_type").filter(|t| t != current_type);
    let security_group = picked(form, "security_group")
        .filter(|g| Some(g) != current_group.as_ref())
        .map(|id| SecurityGroupTemplate { id, name: None });
    Ok(FormSubmit::UpdateServer {
        zone: *zone,
        id: id.to_string(),
        request: UpdateServerRequest {
            name: Some(parse(form, "name", validate::name)?),
            tags: Some(tags(form)?),
            commercial_type,
            security_group,
            ..Default::default()
        },
    })
}
