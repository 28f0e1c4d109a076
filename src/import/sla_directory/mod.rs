//! SLA.directory vendor files (Markdown with YAML front matter) to slagate documents.
//!
//! One vendor file becomes one document for its baseline terms and one more per entry of
//! `sla_tiers` (a plan or add-on with a higher uptime commitment). The mapping, field by
//! field, is in `docs/import.md`; every field of the source ends in the [`Ledger`], mapped or
//! not, with the reason.
//!
//! The data comes in two spellings: the one its files use (`credit_policy.credit_tiers[]
//! .uptime_below`, `claim_process.deadlines[]`) and the one its `DATA_SCHEMA.md` documents
//! (`default_credit_policy.credit_tiers[].below`, `claim_process.deadline_days`); both are
//! read. Values go through [`spelling`], which maps the many ways one thing is written.
//!
//! Names: throughout the mapper, `l` is the ledger, `n` a node, `k` a key, `c` a credit
//! policy and `p` a path; the functions read best with them short.
#![allow(clippy::many_single_char_names, clippy::similar_names)]

mod fields;
mod remedies;
pub(crate) mod spelling;
mod support;

use std::collections::HashSet;
use std::fmt::Write as _;

use super::ledger::Ledger;
use super::yaml_out::Y;
use crate::source::yaml::{Node, Value};
use fields::{any, join};

/// Why a vendor file could not be imported, at a position of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Failure {
    pub(crate) line: u32,
    pub(crate) col: u32,
    pub(crate) message: String,
}

impl Failure {
    pub(crate) fn at(node: &Node, message: impl Into<String>) -> Failure {
        Failure {
            line: node.span.start.line,
            col: node.span.start.col,
            message: message.into(),
        }
    }
}

/// A vendor, mapped.
#[derive(Debug, Clone)]
pub(crate) struct Vendor {
    /// The vendor's id (its slug, as a slagate id).
    pub(crate) slug: String,
    /// `last_verified`: the date of the terms.
    pub(crate) last_verified: String,
    /// The documents to write, baseline first.
    pub(crate) documents: Vec<Doc>,
    /// What became of every field.
    pub(crate) ledger: Ledger,
}

/// One document, without the fields that depend on the previous import (`metadata.version`,
/// `spec.effective`, `spec.changelog`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Doc {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) labels: Vec<(String, Y)>,
    /// The spec's fields before `effective` (type, description, parties).
    pub(crate) head: Vec<(String, Y)>,
    /// The spec's fields after `effective` (review, services, objectives, ...).
    pub(crate) tail: Vec<(String, Y)>,
}

/// The front matter of a Markdown file: the text from its first line, `---`, to the line
/// before the `---` that closes it (so lines keep their numbers in the file).
pub(crate) fn front_matter(text: &str) -> Result<&str, Failure> {
    let fail = |line: usize, message: String| Failure {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        col: 1,
        message,
    };
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first
        .trim_end_matches(['\r', '\n'])
        .trim_start_matches('\u{feff}')
        != "---"
    {
        return Err(fail(
            1,
            "the file does not start with YAML front matter: its first line must be `---`".into(),
        ));
    }
    let mut offset = first.len();
    for line in lines {
        let bare = line.trim_end_matches(['\r', '\n']);
        if bare == "---" || bare == "..." {
            return Ok(&text[..offset]);
        }
        offset += line.len();
    }
    let last = text.lines().count().max(1);
    Err(fail(
        last,
        "the front matter opened by `---` on line 1 is never closed: add a line `---` after it"
            .into(),
    ))
}

/// Maps a vendor's front matter. `stem` (the file name without `.md`) is the id when the file
/// has no `slug`.
pub(crate) fn map(root: &Node, stem: &str) -> Result<Vendor, Failure> {
    if !matches!(root.value, Value::Map(_)) {
        return Err(Failure::at(
            root,
            format!(
                "the front matter is a {}, not a mapping of the vendor's fields",
                root.kind_name()
            ),
        ));
    }
    let mut l = Ledger::default();
    let who = identity(&mut l, root, stem)?;
    let labels = labels(&mut l, root);
    let exclusions = exclusions(&mut l, root);
    let credit = remedies::credit_policy(&mut l, root);
    let remedies_y = remedies::remedies(&mut l, root, &credit);
    let services = services(&mut l, root, &exclusions);
    let support = support::support(
        &mut l,
        root,
        services.iter().map(|s| s.id.as_str()).collect(),
    );
    let tiers = sla_tiers(&mut l, root);
    let mut documents = Vec::new();
    let mut changes = Changes::default();
    let base = Plan {
        id: None,
        name: None,
        uptime: None,
        cap: None,
        requirement: None,
        source_url: None,
    };
    for plan in std::iter::once(&base).chain(tiers.iter()) {
        let objectives = availability(&mut changes, &services, &credit, plan);
        let mut objectives_y: Vec<Y> = objectives;
        objectives_y.extend(support.objectives.iter().cloned());
        if objectives_y.is_empty() {
            continue;
        }
        documents.push(document(
            &who,
            &labels,
            plan,
            &services,
            &support,
            &exclusions,
            &remedies_y,
            objectives_y,
        ));
    }
    changes.record(&mut l);
    for n in unmapped_top(root) {
        l.not_mapped(n.0, n.1, n.2);
    }
    l.close(root);
    Ok(Vendor {
        slug: who.slug,
        last_verified: who.last_verified,
        documents,
        ledger: l,
    })
}

struct Who {
    slug: String,
    name: String,
    legal: String,
    sla_url: Option<String>,
    last_verified: String,
    notes: Option<String>,
}

fn identity(l: &mut Ledger, root: &Node, stem: &str) -> Result<Who, Failure> {
    let slug = match any(root, &["slug"]) {
        Some((k, n)) => {
            let raw = fields::text(n).ok_or_else(|| Failure::at(n, "`slug` is not text"))?;
            let id = spelling::id(&raw, 63).ok_or_else(|| {
                Failure::at(
                    n,
                    format!("`slug` `{raw}` has no letter or digit to make an id of"),
                )
            })?;
            l.mapped(k, n, "metadata.id");
            id
        }
        None => spelling::id(stem, 63)
            .ok_or_else(|| Failure::at(root, "the file has no `slug` and its name makes no id"))?,
    };
    let mut name = None;
    for k in ["title", "vendor_name", "name"] {
        if let Some(n) = root.get(k) {
            match (&name, fields::text(n)) {
                (None, Some(t)) => {
                    l.mapped(k, n, "metadata.title");
                    name = Some(t);
                }
                (Some(_), Some(_)) => {
                    l.mapped(k, n, "metadata.title (the same vendor named again)");
                }
                (_, None) => l.not_mapped(k, n, "not text"),
            }
        }
    }
    let name = name.unwrap_or_else(|| slug.clone());
    let legal = match any(root, &["legal_entity", "vendor"]) {
        Some((k, n)) if fields::text(n).is_some() => {
            l.mapped(k, n, "spec.parties.provider.name");
            fields::text(n).unwrap_or_default()
        }
        _ => name.clone(),
    };
    let (k, n) = any(root, &["last_verified"]).ok_or_else(|| {
        Failure::at(
            root,
            "the vendor has no `last_verified` date: the import dates the terms by it",
        )
    })?;
    let last_verified = fields::date(n)
        .ok_or_else(|| Failure::at(n, "`last_verified` is not a date of the form YYYY-MM-DD"))?;
    l.mapped(
        k,
        n,
        "spec.effective.from (first import), spec.review.last, metadata.labels.last-verified",
    );
    let sla_url = root.get("sla_url").and_then(fields::text);
    let notes = match root.get("notes") {
        Some(n) => {
            l.mapped("notes", n, "spec.description");
            fields::text(n)
        }
        None => None,
    };
    Ok(Who {
        slug,
        name,
        legal,
        sla_url,
        last_verified,
        notes,
    })
}

/// The fields that become `metadata.labels` (the source and how fresh it is, for grouping).
fn labels(l: &mut Ledger, root: &Node) -> Vec<(String, Y)> {
    let mut out = vec![("source".to_string(), Y::plain("sla.directory"))];
    let as_label = [
        ("sla_url", "sla-url"),
        ("last_verified", "last-verified"),
        ("last_updated", "last-updated"),
        ("last_changed", "last-changed"),
        ("sla_version", "sla-version"),
        ("category", "category"),
        ("scope", "scope"),
        ("website", "website"),
        ("status_page", "status-page"),
        ("min_plan_for_sla", "min-plan-for-sla"),
        ("needs_review", "needs-review"),
    ];
    for (field, label) in as_label {
        let Some(n) = root.get(field) else { continue };
        match fields::text(n) {
            Some(t) => {
                if field != "last_verified" {
                    l.mapped(field, n, format!("metadata.labels.{label}"));
                }
                out.push((label.to_string(), Y::text(t)));
            }
            None => l.not_mapped(
                field,
                n,
                format!("a {}, not text a label can hold", n.kind_name()),
            ),
        }
    }
    out
}

/// The fields the importer reads nowhere, each with its reason.
fn unmapped_top(root: &Node) -> Vec<(&'static str, &Node, &'static str)> {
    let why = [
        (
            "support",
            "what the vendor's support plans offer besides the SLA (contacts, reviews, training, pricing): entitlements, not service levels; response targets are read from `support_tiers`",
        ),
        (
            "tags",
            "a classification of the vendor, not a term of its SLA",
        ),
        ("icon", "a logo, not a term of the SLA"),
    ];
    why.iter()
        .filter_map(|(k, w)| root.get(k).map(|n| (*k, n, *w)))
        .collect()
}

pub(crate) struct Exclusion {
    pub(crate) id: String,
    pub(crate) description: String,
}

fn exclusions(l: &mut Ledger, root: &Node) -> Vec<Exclusion> {
    let mut out: Vec<Exclusion> = Vec::new();
    let mut seen = HashSet::new();
    if let Some((k, n)) = any(root, &["global_exclusions", "exclusions"]) {
        match fields::strings(n) {
            Some(items) => {
                for (i, text, node) in items {
                    let id = unique(
                        &mut seen,
                        &spelling::id(&text, 40).unwrap_or_else(|| "exclusion".into()),
                    );
                    l.mapped(&format!("{k}[{i}]"), node, format!("spec.exclusions.{id}"));
                    out.push(Exclusion {
                        id,
                        description: text,
                    });
                }
            }
            None => l.not_mapped(k, n, "not a list of exclusions"),
        }
    }
    if let Some(n) = root.get("ai_feature_exclusions") {
        for (i, item) in n.as_seq().unwrap_or_default().iter().enumerate() {
            let feature = item.get("feature").and_then(fields::text);
            let Some(feature) = feature else {
                l.not_mapped(
                    &format!("ai_feature_exclusions[{i}]"),
                    item,
                    "an item without `feature`",
                );
                continue;
            };
            let quote = item.get("quote").and_then(fields::text);
            let description = match quote {
                Some(q) => format!("{feature}: {q}"),
                None => format!("{feature} is not covered by the SLA"),
            };
            let id = unique(
                &mut seen,
                &spelling::id(&feature, 40).unwrap_or_else(|| "ai-feature".into()),
            );
            let path = format!("ai_feature_exclusions[{i}]");
            l.mapped(&path, item, format!("spec.exclusions.{id}"));
            out.push(Exclusion { id, description });
        }
    }
    out
}

/// `base`, or `base-2`, `base-3` ... when taken.
pub(crate) fn unique(seen: &mut HashSet<String>, base: &str) -> String {
    let mut id = base.to_string();
    let mut n = 2;
    while !seen.insert(id.clone()) {
        let suffix = format!("-{n}");
        let keep = base.len().min(63 - suffix.len());
        id = format!("{}{suffix}", base[..keep].trim_end_matches('-'));
        n += 1;
    }
    id
}

struct Service {
    id: String,
    name: String,
    description: Option<String>,
    /// The service's own uptime commitment, else the vendor's.
    uptime: Option<String>,
    source_url: Option<String>,
    /// Exclusion ids: the vendor's, then the service's own.
    exclusions: Vec<String>,
    /// Credit tiers of the service's own `credit_policy`, if it has one.
    credit: Option<remedies::Credit>,
}

fn services(l: &mut Ledger, root: &Node, vendor_exclusions: &[Exclusion]) -> Vec<Service> {
    let vendor_uptime = match any(root, &["uptime_commitment", "uptime"]) {
        Some((k, n)) => {
            if let Some(p) = fields::percent(n) {
                l.mapped(k, n, "the target of every covered service without its own");
                Some(p)
            } else {
                l.not_mapped(k, n, "not a percent between 0 and 100");
                None
            }
        }
        None => None,
    };
    let Some(list) = root.get("services") else {
        return Vec::new();
    };
    let Some(items) = list.as_seq() else {
        l.not_mapped("services", list, "not a list of services");
        return Vec::new();
    };
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let path = format!("services[{i}]");
        if let Some(s) = service(
            l,
            &path,
            item,
            vendor_uptime.as_deref(),
            vendor_exclusions,
            &mut seen,
        ) {
            out.push(s);
        }
    }
    out
}

fn service(
    l: &mut Ledger,
    path: &str,
    item: &Node,
    vendor_uptime: Option<&str>,
    vendor_exclusions: &[Exclusion],
    seen: &mut HashSet<String>,
) -> Option<Service> {
    let name = item.get("name").and_then(fields::text);
    let raw_id = item
        .get("id")
        .and_then(fields::text)
        .or_else(|| name.clone());
    let Some(base) = raw_id.as_deref().and_then(|r| spelling::id(r, 50)) else {
        l.not_mapped(
            path,
            item,
            "a service without an `id` or `name` to make an id of",
        );
        return None;
    };
    if item.get("sla_eligible").and_then(fields::boolean) == Some(false) {
        l.not_mapped(path, item, "not covered by the SLA (`sla_eligible: false`)");
        return None;
    }
    let id = unique(seen, &base);
    let at = |k: &str| join(path, k);
    for k in ["id", "name", "description"] {
        if let Some(n) = item.get(k) {
            l.mapped(
                &at(k),
                n,
                format!(
                    "spec.services.{id}.{}",
                    if k == "description" { "description" } else { k }
                ),
            );
        }
    }
    if let Some(n) = item.get("sla_eligible") {
        l.mapped(
            &at("sla_eligible"),
            n,
            format!("spec.services.{id} (covered)"),
        );
    }
    let own = any(item, &["uptime_commitment", "uptime"]);
    let uptime = match own {
        Some((k, n)) => {
            if let Some(p) = fields::percent(n) {
                l.mapped(
                    &at(k),
                    n,
                    format!("spec.objectives.{id}-availability.target"),
                );
                Some(p)
            } else {
                l.not_mapped(&at(k), n, "not a percent between 0 and 100");
                vendor_uptime.map(str::to_string)
            }
        }
        None => vendor_uptime.map(str::to_string),
    };
    if uptime.is_none() {
        l.not_mapped(path, item, "no uptime commitment, neither the service's own nor the vendor's: no availability objective");
    }
    let source_url = match any(item, &["source_url", "sla_url"]) {
        Some((k, n)) => {
            l.mapped(
                &at(k),
                n,
                format!("spec.objectives.{id}-availability.description"),
            );
            fields::text(n)
        }
        None => None,
    };
    let mut exclusions: Vec<String> = vendor_exclusions.iter().map(|e| e.id.clone()).collect();
    if let Some(n) = item.get("exclusions") {
        for (j, text, node) in fields::strings(n).unwrap_or_default() {
            l.not_mapped(&format!("{}[{j}]", at("exclusions")), node, format!(
                "an exclusion of this service alone (`{text}`): the import writes the vendor's exclusions, which apply to every objective"
            ));
        }
    }
    exclusions.dedup();
    let credit = item
        .get("credit_policy")
        .map(|n| remedies::credit_of(l, &at("credit_policy"), n));
    for (k, why) in [
        ("category", "a service's category is not a term of the SLA"),
        ("needs_review", "a flag of the dataset's editors"),
        ("review_note", "a note of the dataset's editors"),
        (
            "uptime_scope",
            "where the commitment is measured (regional, multi-AZ) is prose slagate has no field for",
        ),
        (
            "last_verified",
            "a per-service verification date; the document carries the vendor's",
        ),
    ] {
        if let Some(n) = item.get(k) {
            l.not_mapped(&at(k), n, why);
        }
    }
    Some(Service {
        name: name.unwrap_or_else(|| id.clone()),
        description: item.get("description").and_then(fields::text),
        id,
        uptime,
        source_url,
        exclusions,
        credit,
    })
}

/// A document's plan: the baseline (`id: None`) or an `sla_tiers` entry.
struct Plan {
    id: Option<String>,
    name: Option<String>,
    uptime: Option<String>,
    cap: Option<Y>,
    requirement: Option<String>,
    source_url: Option<String>,
}

fn sla_tiers(l: &mut Ledger, root: &Node) -> Vec<Plan> {
    let Some(n) = root.get("sla_tiers") else {
        return Vec::new();
    };
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (i, item) in n.as_seq().unwrap_or_default().iter().enumerate() {
        let path = format!("sla_tiers[{i}]");
        let name = item.get("name").and_then(fields::text);
        let uptime =
            any(item, &["uptime_commitment", "uptime"]).and_then(|(_, n)| fields::percent(n));
        let (Some(name), Some(uptime)) = (name, uptime) else {
            l.not_mapped(
                &path,
                item,
                "a tier needs a `name` and an `uptime_commitment` percent",
            );
            continue;
        };
        let id = unique(
            &mut seen,
            &spelling::id(&name, 40).unwrap_or_else(|| "tier".into()),
        );
        let to = format!("the document of plan `{id}`");
        for k in [
            "name",
            "uptime_commitment",
            "uptime",
            "requirement",
            "source_url",
        ] {
            if let Some(n) = item.get(k) {
                l.mapped(
                    &join(&path, k),
                    n,
                    format!(
                        "{to}: {}",
                        match k {
                            "name" => "metadata.title and metadata.labels.plan",
                            "requirement" => "spec.description",
                            "source_url" => "metadata.labels.sla-url",
                            _ => "the availability targets",
                        }
                    ),
                );
            }
        }
        let cap = item.get("max_credit_percent").and_then(|n| {
            let p = fields::percent(n);
            match &p {
                Some(_) => l.mapped(
                    &join(&path, "max_credit_percent"),
                    n,
                    format!("{to}: spec.remedies.creditCap"),
                ),
                None => l.not_mapped(
                    &join(&path, "max_credit_percent"),
                    n,
                    "not a percent between 0 and 100",
                ),
            }
            p.map(|p| Y::plain(format!("{p}%")))
        });
        out.push(Plan {
            id: Some(id),
            name: Some(name),
            uptime: Some(uptime),
            cap,
            requirement: item.get("requirement").and_then(fields::text),
            source_url: item.get("source_url").and_then(fields::text),
        });
    }
    out
}

/// The tiers changed to fit the services' commitments: per (tier, change, commitment, plan),
/// the services, for one ledger entry each.
#[derive(Default)]
struct Changes {
    seen: Vec<Seen>,
}

/// One tier changed the same way for some services: the tier (path, line, threshold), the
/// change, the services' commitment, the plan, and the services.
struct Seen {
    tier: (String, u32, String),
    change: remedies::Change,
    target: String,
    plan: Option<String>,
    services: Vec<String>,
}

impl Changes {
    fn add(
        &mut self,
        tier: (&str, u32, &str),
        change: remedies::Change,
        target: &str,
        plan: Option<&str>,
        service: &str,
    ) {
        let key = (tier.0.to_string(), tier.1, tier.2.to_string());
        let plan = plan.map(str::to_string);
        match self
            .seen
            .iter_mut()
            .find(|e| e.tier == key && e.change == change && e.target == target && e.plan == plan)
        {
            Some(e) => e.services.push(service.to_string()),
            None => self.seen.push(Seen {
                tier: key,
                change,
                target: target.to_string(),
                plan,
                services: vec![service.to_string()],
            }),
        }
    }

    fn record(self, l: &mut Ledger) {
        for Seen {
            tier: (path, line, below),
            change,
            target,
            plan,
            services,
        } in self.seen
        {
            let on = plan.map_or(String::new(), |p| format!(" (plan `{p}`)"));
            let whom = format!(
                "the commitment of {target}% of {} ({}){on}",
                crate::text::plural(services.len(), "service"),
                crate::text::backticked(&services, 5)
            );
            match change {
                remedies::Change::Clamped => l.adjusted(
                    &path,
                    line,
                    format!("credits[].when `< {target}%`"),
                    format!("the tier `< {below}%` lies above {whom}: it is kept from the commitment down; the credit it owes while the commitment is met cannot be written"),
                ),
                remedies::Change::Dropped => l.not_mapped_at(
                    &path,
                    line,
                    format!("the tier `< {below}%` lies above {whom} and only owes a credit while the commitment is met, which cannot be written"),
                ),
            }
        }
    }
}

/// The availability objectives of one document.
fn availability(
    changes: &mut Changes,
    services: &[Service],
    vendor: &remedies::Credit,
    plan: &Plan,
) -> Vec<Y> {
    let mut out = Vec::new();
    for s in services {
        let Some(own) = &s.uptime else { continue };
        let target = match &plan.uptime {
            Some(t) if t.parse::<f64>().unwrap_or(0.0) > own.parse::<f64>().unwrap_or(0.0) => {
                t.clone()
            }
            _ => own.clone(),
        };
        let credit = s.credit.as_ref().unwrap_or(vendor);
        let (credits, changed) = credit.tiers_for(&target);
        for (i, change) in changed {
            changes.add(credit.tier(i), change, &target, plan.id.as_deref(), &s.id);
        }
        let mut o = vec![
            ("id".to_string(), Y::plain(format!("{}-availability", s.id))),
            ("name".into(), Y::text(format!("{} availability", s.name))),
        ];
        if let Some(url) = &s.source_url {
            o.push((
                "description".into(),
                Y::text(format!("Uptime commitment published at {url}")),
            ));
        }
        o.extend([
            ("service".into(), Y::plain(s.id.clone())),
            ("indicator".into(), Y::plain("availability")),
            ("target".into(), Y::plain(format!(">= {target}%"))),
            ("window".into(), Y::plain("month")),
        ]);
        if !s.exclusions.is_empty() {
            o.push((
                "exclusions".into(),
                Y::Seq(s.exclusions.iter().map(|e| Y::plain(e.clone())).collect()),
            ));
        }
        if !credits.is_empty() {
            o.push(("credits".into(), Y::Seq(credits)));
        }
        out.push(Y::Map(o));
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn document(
    who: &Who,
    labels: &[(String, Y)],
    plan: &Plan,
    services: &[Service],
    support: &support::Support,
    exclusions: &[Exclusion],
    remedies_y: &[(String, Y)],
    objectives: Vec<Y>,
) -> Doc {
    let id = match &plan.id {
        Some(p) => {
            let keep = who.slug.len().min(62 - p.len().min(40));
            format!("{}-{p}", who.slug[..keep].trim_end_matches('-'))
        }
        None => who.slug.clone(),
    };
    let title = match &plan.name {
        Some(n) => format!("{} SLA ({n})", who.name),
        None => format!("{} SLA", who.name),
    };
    let mut labels = labels.to_vec();
    if let Some(p) = &plan.id {
        labels.push(("plan".into(), Y::plain(p.clone())));
    }
    if let Some(url) = &plan.source_url {
        for (k, v) in &mut labels {
            if k == "sla-url" {
                *v = Y::text(url.clone());
            }
        }
    }
    let mut description = format!("The published service level agreement of {}", who.name);
    if let Some(url) = &who.sla_url {
        let _ = write!(description, " ({url})");
    }
    // Not the date it was last verified: that is a label, so a re-verification that changes
    // no term changes no text of the agreement.
    description.push_str(", as recorded by SLA.directory.");
    if let Some(r) = &plan.requirement {
        let _ = write!(description, " This plan's terms apply with: {r}.");
    }
    if let Some(n) = &who.notes {
        let _ = write!(description, " Notes: {n}");
    }
    description.push_str(" SLA data from SLA.directory (sla.directory), CC BY 4.0.");
    let head = vec![
        ("type".to_string(), Y::plain("customer")),
        ("description".into(), Y::text(description)),
        (
            "parties".into(),
            Y::map([
                ("provider", Y::map([("name", Y::text(who.legal.clone()))])),
                ("customer", Y::map([("name", Y::text("Any subscriber"))])),
            ]),
        ),
    ];
    let mut tail = vec![(
        "review".to_string(),
        Y::map([
            ("every", Y::plain("year")),
            ("last", Y::plain(who.last_verified.clone())),
        ]),
    )];
    let mut svc: Vec<Y> = services
        .iter()
        .filter(|s| s.uptime.is_some())
        .map(|s| {
            let mut m = vec![
                ("id".to_string(), Y::plain(s.id.clone())),
                ("name".into(), Y::text(s.name.clone())),
            ];
            let d = s
                .description
                .clone()
                .unwrap_or_else(|| format!("{} of {}", s.name, who.name));
            m.push(("description".into(), Y::text(d)));
            Y::Map(m)
        })
        .collect();
    if let Some(s) = &support.service {
        svc.push(Y::map([
            ("id", Y::plain(s.clone())),
            ("name", Y::text("Support")),
            (
                "description",
                Y::text(format!(
                    "Technical support of {} under its support plans",
                    who.name
                )),
            ),
        ]));
    }
    tail.push(("services".into(), Y::Seq(svc)));
    if !support.severities.is_empty() {
        tail.push((
            "severities".into(),
            Y::Seq(
                support
                    .severities
                    .iter()
                    .map(|s| Y::plain(s.clone()))
                    .collect(),
            ),
        ));
    }
    if !support.plans.is_empty() {
        let plans = support
            .plans
            .iter()
            .map(|(id, name)| {
                Y::map([
                    ("id", Y::plain(id.clone())),
                    ("name", Y::text(name.clone())),
                ])
            })
            .collect();
        tail.push(("plans".into(), Y::Seq(plans)));
    }
    tail.push(("objectives".into(), Y::Seq(objectives)));
    if !exclusions.is_empty() {
        let ex = exclusions
            .iter()
            .map(|e| {
                Y::map([
                    ("id", Y::plain(e.id.clone())),
                    ("description", Y::text(e.description.clone())),
                ])
            })
            .collect();
        tail.push(("exclusions".into(), Y::Seq(ex)));
    }
    let mut remedies = remedies_y.to_vec();
    if let Some(cap) = &plan.cap {
        remedies.retain(|(k, _)| k != "creditCap");
        remedies.insert(0, ("creditCap".into(), cap.clone()));
    }
    if !remedies.is_empty() {
        tail.push(("remedies".into(), Y::Map(remedies)));
    }
    Doc {
        id,
        title,
        labels,
        head,
        tail,
    }
}
