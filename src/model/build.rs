//! Spanned YAML tree → [`SlaDocument`], or diagnostics.
//!
//! The schema runs first and catches shape errors with better messages; this builder is still
//! total on its own (it never panics on any tree) and adds the checks a schema cannot make:
//! quantities parsed into exact decimals, dates that exist, times of day.

use std::sync::Arc;

use crate::diagnostic::{Code, Diagnostic, Span};
use crate::source::pointer::escape;
use crate::source::{Node, Value};

use super::quantity::QuantityError;
use super::{
    AgreementType, Calendar, ChangelogEntry, Contact, CreditTier, Date, DocKind, Duration,
    Exclusion, Frequency, Indicator, Objective, Party, Percent, Percentile, Reporting, Service,
    SlaDocument, Spanned, Spec, SupportRef, Target, TimeOfDay, Weekday, Window,
};

/// The default severities, most severe first.
pub const DEFAULT_SEVERITIES: [&str; 4] = ["critical", "high", "medium", "low"];

struct Ctx {
    file: Arc<str>,
    errors: Vec<Diagnostic>,
}

/// One step of a JSON pointer.
#[derive(Clone, Copy)]
enum Seg<'a> {
    Root,
    Key(&'a str),
    Index(usize),
}

/// A JSON pointer kept as a chain of borrowed steps: it is only rendered to a string when a
/// finding needs it, so building a valid document allocates no pointers at all.
#[derive(Clone, Copy)]
struct Ptr<'a> {
    parent: Option<&'a Ptr<'a>>,
    seg: Seg<'a>,
}

impl<'a> Ptr<'a> {
    const ROOT: Ptr<'static> = Ptr {
        parent: None,
        seg: Seg::Root,
    };

    fn key(&'a self, key: &'a str) -> Ptr<'a> {
        Ptr {
            parent: Some(self),
            seg: Seg::Key(key),
        }
    }

    fn index(&'a self, i: usize) -> Ptr<'a> {
        Ptr {
            parent: Some(self),
            seg: Seg::Index(i),
        }
    }

    fn render(&self) -> String {
        let mut out = self.parent.map(Ptr::render).unwrap_or_default();
        match self.seg {
            Seg::Root => {}
            Seg::Key(k) => {
                out.push('/');
                out.push_str(&escape(k));
            }
            Seg::Index(i) => {
                out.push('/');
                out.push_str(&i.to_string());
            }
        }
        out
    }
}

/// A node with the pointer that reaches it.
#[derive(Clone, Copy)]
struct At<'n> {
    node: &'n Node,
    ptr: &'n Ptr<'n>,
}

impl Ctx {
    fn error(
        &mut self,
        code: Code,
        span: Span,
        ptr: &Ptr<'_>,
        message: String,
        help: Option<String>,
    ) {
        let mut d = Diagnostic::new(code, self.file.clone(), span, message).with_path(ptr.render());
        d.help = help;
        self.errors.push(d);
    }

    fn child<'n>(&mut self, at: At<'n>, key: &str, required: bool) -> Option<&'n Node> {
        let found = at.node.get(key);
        if found.is_none() && required {
            self.error(
                Code::SchemaViolation,
                at.node.span,
                at.ptr,
                format!("missing required field `{key}`"),
                None,
            );
        }
        found.filter(|n| !matches!(n.value, Value::Null) || required)
    }

    fn string(&mut self, node: &Node, ptr: &Ptr<'_>) -> Option<Spanned<String>> {
        if let Value::Str(s) = &node.value {
            Some(Spanned::text(s.clone(), node.span))
        } else {
            self.error(
                Code::SchemaViolation,
                node.span,
                ptr,
                format!("expected a string, found a {}", node.kind_name()),
                Some("quote the value".into()),
            );
            None
        }
    }

    fn str_field(&mut self, at: At<'_>, key: &str, required: bool) -> Option<Spanned<String>> {
        let node = self.child(at, key, required)?;
        self.string(node, &at.ptr.key(key))
    }

    fn parsed<T>(
        &mut self,
        at: At<'_>,
        key: &str,
        required: bool,
        code: Code,
        parse: impl Fn(&str) -> Result<T, QuantityError>,
    ) -> Option<Spanned<T>> {
        let node = self.child(at, key, required)?;
        self.parse_node(node, &at.ptr.key(key), code, parse)
    }

    fn parse_node<T>(
        &mut self,
        node: &Node,
        ptr: &Ptr<'_>,
        code: Code,
        parse: impl Fn(&str) -> Result<T, QuantityError>,
    ) -> Option<Spanned<T>> {
        let Value::Str(text) = &node.value else {
            self.string(node, ptr);
            return None;
        };
        match parse(text) {
            Ok(v) => Some(Spanned::new(v, node.span, text.clone())),
            Err(e) => {
                self.error(code, node.span, ptr, e.message, Some(e.help));
                None
            }
        }
    }

    /// The items of the list under `key` (empty when absent or not a list).
    fn list<'n>(&mut self, at: At<'n>, key: &str, required: bool) -> &'n [Node] {
        let Some(node) = self.child(at, key, required) else {
            return &[];
        };
        if let Value::Seq(items) = &node.value {
            items
        } else {
            self.error(
                Code::SchemaViolation,
                node.span,
                &at.ptr.key(key),
                format!("expected a list, found a {}", node.kind_name()),
                None,
            );
            &[]
        }
    }

    fn strings(&mut self, at: At<'_>, key: &str) -> Vec<Spanned<String>> {
        let items = self.list(at, key, false);
        let ptr = at.ptr.key(key);
        let mut out = Vec::with_capacity(items.len());
        for (i, n) in items.iter().enumerate() {
            out.extend(self.string(n, &ptr.index(i)));
        }
        out
    }

    fn enumerated<T: Copy>(
        &mut self,
        at: At<'_>,
        key: &str,
        required: bool,
        options: &[(&str, T)],
    ) -> Option<Spanned<T>> {
        self.parsed(at, key, required, Code::SchemaViolation, |s| {
            options
                .iter()
                .find(|(n, _)| *n == s)
                .map(|(_, v)| *v)
                .ok_or_else(|| QuantityError {
                    message: format!(
                        "`{s}` is not one of {}",
                        options
                            .iter()
                            .map(|(n, _)| format!("`{n}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    help: "use one of the listed values".into(),
                })
        })
    }

    fn map_node<'n>(&mut self, at: At<'n>, key: &str, required: bool) -> Option<&'n Node> {
        let node = self.child(at, key, required)?;
        if matches!(node.value, Value::Map(_)) {
            Some(node)
        } else {
            self.error(
                Code::SchemaViolation,
                node.span,
                &at.ptr.key(key),
                format!("expected a mapping, found a {}", node.kind_name()),
                None,
            );
            None
        }
    }
}

fn date(s: &str) -> Result<Date, QuantityError> {
    Date::parse(s)
}

fn party(cx: &mut Ctx, at: At<'_>) -> Option<Party> {
    let name = cx.str_field(at, "name", true);
    let approvers = cx.strings(at, "approvers");
    let mut contacts = Vec::new();
    let list_ptr = at.ptr.key("contacts");
    for (i, n) in cx.list(at, "contacts", false).iter().enumerate() {
        let p = list_ptr.index(i);
        let c = At { node: n, ptr: &p };
        let role = cx.str_field(c, "role", true);
        let cname = cx.str_field(c, "name", true);
        let email = cx.str_field(c, "email", false);
        if let (Some(role), Some(name)) = (role, cname) {
            contacts.push(Contact { role, name, email });
        }
    }
    Some(Party {
        name: name?,
        approvers,
        contacts,
    })
}

fn objective(cx: &mut Ctx, index: usize, node: &Node, ptr: &Ptr<'_>) -> Option<Objective> {
    let at = At { node, ptr };
    let id = cx.str_field(at, "id", true);
    let name = cx.str_field(at, "name", false);
    let description = cx.str_field(at, "description", false);
    let service = cx.str_field(at, "service", true);
    let indicator = cx.parsed(at, "indicator", true, Code::SchemaViolation, |s| {
        Indicator::from_name(s).ok_or_else(|| QuantityError {
            message: format!("`{s}` is not a known indicator"),
            help: format!(
                "use one of {}",
                Indicator::ALL
                    .iter()
                    .map(|(_, n)| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        })
    });
    let target = cx.parsed(at, "target", true, Code::InvalidQuantity, Target::parse);
    let percentile = cx.parsed(at, "percentile", false, Code::SchemaViolation, |s| {
        Percentile::parse(s).ok_or_else(|| QuantityError {
            message: format!("`{s}` is not a supported percentile"),
            help: "use `p50`, `p90`, `p95`, `p99` or `p99.9`".into(),
        })
    });
    let window = cx.parsed(at, "window", false, Code::InvalidQuantity, Window::parse);
    let hours = cx.str_field(at, "hours", false);
    let severity = cx.str_field(at, "severity", false);
    let exclusions = cx.strings(at, "exclusions");
    let mut credits = Vec::new();
    let credits_ptr = at.ptr.key("credits");
    for (i, n) in cx.list(at, "credits", false).iter().enumerate() {
        let p = credits_ptr.index(i);
        let c = At { node: n, ptr: &p };
        let when = cx.parsed(c, "when", true, Code::InvalidQuantity, Target::parse);
        let credit = cx.parsed(c, "credit", true, Code::InvalidQuantity, Percent::parse);
        if let (Some(when), Some(credit)) = (when, credit) {
            credits.push(CreditTier {
                when,
                credit,
                span: n.span,
            });
        }
    }
    let renamed_from = cx.str_field(at, "renamedFrom", false);
    let mut supports = Vec::new();
    let supports_ptr = at.ptr.key("supports");
    for (i, n) in cx.list(at, "supports", false).iter().enumerate() {
        if let Some(r) = cx.parse_node(n, &supports_ptr.index(i), Code::SchemaViolation, |s| {
            s.split_once('/')
                .filter(|(d, o)| !d.is_empty() && !o.is_empty() && !o.contains('/'))
                .map(|(d, o)| SupportRef {
                    document: d.to_string(),
                    objective: o.to_string(),
                })
                .ok_or_else(|| QuantityError {
                    message: format!("`{s}` is not a `DOCUMENT_ID/OBJECTIVE_ID` reference"),
                    help:
                        "write the supported document's metadata.id, a slash and the objective id"
                            .into(),
                })
        }) {
            supports.push(r);
        }
    }
    Some(Objective {
        index,
        span: node.span,
        id: id?,
        name,
        description,
        service: service?,
        indicator: indicator?,
        target: target?,
        percentile,
        window,
        hours,
        severity,
        exclusions,
        credits,
        renamed_from,
        supports,
    })
}

fn calendar(cx: &mut Ctx, id: Spanned<String>, node: &Node, ptr: &Ptr<'_>) -> Option<Calendar> {
    let at = At { node, ptr };
    let timezone = cx.str_field(at, "timezone", true);
    let mut days = Vec::new();
    let days_node = cx.child(at, "days", true);
    let days_ptr = at.ptr.key("days");
    for (i, n) in cx.list(at, "days", true).iter().enumerate() {
        if let Some(d) = cx.parse_node(n, &days_ptr.index(i), Code::SchemaViolation, |s| {
            Weekday::parse(s).ok_or_else(|| QuantityError {
                message: format!("`{s}` is not a day of the week"),
                help: "use `mon`, `tue`, `wed`, `thu`, `fri`, `sat` or `sun`".into(),
            })
        }) {
            days.push(d.value);
        }
    }
    let from = cx.parsed(at, "from", true, Code::InvalidQuantity, TimeOfDay::parse);
    let to = cx.parsed(at, "to", true, Code::InvalidQuantity, TimeOfDay::parse);
    let mut holidays = Vec::new();
    let holidays_ptr = at.ptr.key("holidays");
    for (i, n) in cx.list(at, "holidays", false).iter().enumerate() {
        if let Some(d) = cx.parse_node(n, &holidays_ptr.index(i), Code::InvalidDate, date) {
            holidays.push(d);
        }
    }
    let (from, to) = (from?, to?);
    let days_span = days_node.map_or(node.span, |n| n.span);
    Some(Calendar {
        id,
        timezone: timezone?,
        days: Spanned::new(days, days_span, ""),
        from,
        to,
        holidays,
    })
}

/// Builds the typed model of one document. `index` is the document's position in its file.
pub fn build(file: Arc<str>, index: usize, root: &Node) -> Result<SlaDocument, Vec<Diagnostic>> {
    let mut cx = Ctx {
        file: file.clone(),
        errors: Vec::new(),
    };
    let doc = build_inner(&mut cx, file, index, root);
    match doc {
        Some(doc) if cx.errors.is_empty() => Ok(doc),
        _ => {
            if cx.errors.is_empty() {
                cx.error(
                    Code::SchemaViolation,
                    root.span,
                    &Ptr::ROOT,
                    "the document is not an SLA document".into(),
                    Some(
                        "start with `apiVersion: slagate/v1`, `kind`, `metadata` and `spec`".into(),
                    ),
                );
            }
            Err(cx.errors)
        }
    }
}

fn build_inner(cx: &mut Ctx, file: Arc<str>, index: usize, root: &Node) -> Option<SlaDocument> {
    if !matches!(root.value, Value::Map(_)) {
        cx.error(
            Code::SchemaViolation,
            root.span,
            &Ptr::ROOT,
            format!(
                "expected a mapping at the top of the document, found a {}",
                root.kind_name()
            ),
            Some("start with `apiVersion: slagate/v1`, `kind`, `metadata` and `spec`".into()),
        );
        return None;
    }
    let top = At {
        node: root,
        ptr: &Ptr::ROOT,
    };
    let kind = cx.enumerated(
        top,
        "kind",
        true,
        &[
            ("ServiceLevelAgreement", DocKind::Sla),
            ("OperationalLevelAgreement", DocKind::Ola),
        ],
    );
    let meta = cx.map_node(top, "metadata", true)?;
    let meta_ptr = Ptr::ROOT.key("metadata");
    let meta_at = At {
        node: meta,
        ptr: &meta_ptr,
    };
    let id = cx.str_field(meta_at, "id", true);
    let version = cx
        .child(meta_at, "version", true)
        .and_then(|n| match n.value {
            Value::Int(v) if v >= 1 => Some(Spanned::new(v as u64, n.span, v.to_string())),
            _ => {
                cx.error(
                    Code::SchemaViolation,
                    n.span,
                    &meta_ptr.key("version"),
                    "`metadata.version` must be a positive integer".into(),
                    Some("write `version: 1` and raise it with every change".into()),
                );
                None
            }
        });
    let title = cx.str_field(meta_at, "title", false);
    let mut labels = Vec::new();
    if let Some(node) = meta.get("labels") {
        for (k, v) in node.as_map().unwrap_or_default() {
            if let Some(val) = cx.string(v, &meta_ptr.key("labels").key(&k.name)) {
                labels.push((Spanned::new(k.name.clone(), k.span, k.name.clone()), val));
            }
        }
    }

    let spec_node = cx.map_node(top, "spec", true)?;
    let spec_ptr = Ptr::ROOT.key("spec");
    let s = At {
        node: spec_node,
        ptr: &spec_ptr,
    };
    let agreement_type = cx.enumerated(
        s,
        "type",
        true,
        &[
            ("customer", AgreementType::Customer),
            ("internal", AgreementType::Internal),
            ("multilevel", AgreementType::Multilevel),
        ],
    );
    let description = cx.str_field(s, "description", false);
    let parties = cx.map_node(s, "parties", true)?;
    let parties_ptr = spec_ptr.key("parties");
    let p = At {
        node: parties,
        ptr: &parties_ptr,
    };
    let provider_ptr = parties_ptr.key("provider");
    let provider = cx.map_node(p, "provider", true).and_then(|n| {
        party(
            cx,
            At {
                node: n,
                ptr: &provider_ptr,
            },
        )
    });
    let customer_ptr = parties_ptr.key("customer");
    let customer = cx.map_node(p, "customer", true).and_then(|n| {
        party(
            cx,
            At {
                node: n,
                ptr: &customer_ptr,
            },
        )
    });

    let (effective_from, effective_until) = match cx.map_node(s, "effective", true) {
        Some(n) => {
            let ptr = spec_ptr.key("effective");
            let e = At { node: n, ptr: &ptr };
            (
                cx.parsed(e, "from", true, Code::InvalidDate, date),
                cx.parsed(e, "until", false, Code::InvalidDate, date),
            )
        }
        None => (None, None),
    };
    let frequencies = [
        ("week", Frequency::Week),
        ("month", Frequency::Month),
        ("quarter", Frequency::Quarter),
        ("year", Frequency::Year),
    ];
    let (review_every, review_last) = match cx.map_node(s, "review", true) {
        Some(n) => {
            let ptr = spec_ptr.key("review");
            let r = At { node: n, ptr: &ptr };
            (
                cx.enumerated(r, "every", true, &frequencies[1..]),
                cx.parsed(r, "last", false, Code::InvalidDate, date),
            )
        }
        None => (None, None),
    };

    let mut services = Vec::new();
    let services_ptr = spec_ptr.key("services");
    for (i, n) in cx.list(s, "services", true).iter().enumerate() {
        let ptr = services_ptr.index(i);
        let a = At { node: n, ptr: &ptr };
        let (id, name, description) = (
            cx.str_field(a, "id", true),
            cx.str_field(a, "name", true),
            cx.str_field(a, "description", true),
        );
        let scope = cx.strings(a, "scope");
        if let (Some(id), Some(name), Some(description)) = (id, name, description) {
            services.push(Service {
                id,
                name,
                description,
                scope,
            });
        }
    }

    let mut calendars = Vec::new();
    let calendars_ptr = spec_ptr.key("calendars");
    if let Some(n) = cx.map_node(s, "calendars", false) {
        for (k, v) in n.as_map().unwrap_or_default() {
            let id = Spanned::new(k.name.clone(), k.span, k.name.clone());
            if let Some(c) = calendar(cx, id, v, &calendars_ptr.key(&k.name)) {
                calendars.push(c);
            }
        }
    }

    let mut objectives = Vec::new();
    let objectives_ptr = spec_ptr.key("objectives");
    for (i, n) in cx.list(s, "objectives", true).iter().enumerate() {
        if let Some(o) = objective(cx, i, n, &objectives_ptr.index(i)) {
            objectives.push(o);
        }
    }

    let mut exclusions = Vec::new();
    let exclusions_ptr = spec_ptr.key("exclusions");
    for (i, n) in cx.list(s, "exclusions", false).iter().enumerate() {
        let ptr = exclusions_ptr.index(i);
        let a = At { node: n, ptr: &ptr };
        let id = cx.str_field(a, "id", true);
        let description = cx.str_field(a, "description", true);
        let max = cx.parsed(a, "max", false, Code::InvalidQuantity, Duration::parse);
        if let (Some(id), Some(description)) = (id, description) {
            exclusions.push(Exclusion {
                id,
                description,
                max,
            });
        }
    }

    let (mut provider_duties, mut customer_duties) = match cx.map_node(s, "responsibilities", false)
    {
        Some(n) => {
            let ptr = spec_ptr.key("responsibilities");
            let r = At { node: n, ptr: &ptr };
            (cx.strings(r, "provider"), cx.strings(r, "customer"))
        }
        None => (Vec::new(), Vec::new()),
    };

    let reporting_ptr = spec_ptr.key("reporting");
    let reporting = cx.map_node(s, "reporting", false).and_then(|n| {
        let r = At {
            node: n,
            ptr: &reporting_ptr,
        };
        let every = cx.enumerated(r, "every", true, &frequencies[..3]);
        let to = cx.strings(r, "to");
        let via = cx.str_field(r, "via", false);
        Some(Reporting {
            every: every?,
            to,
            via,
        })
    });

    let (credit_cap, mut termination) = match cx.map_node(s, "remedies", false) {
        Some(n) => {
            let ptr = spec_ptr.key("remedies");
            let r = At { node: n, ptr: &ptr };
            (
                cx.parsed(r, "creditCap", false, Code::InvalidQuantity, Percent::parse),
                cx.strings(r, "termination"),
            )
        }
        None => (None, Vec::new()),
    };

    let mut compliance = cx.strings(s, "compliance");
    let mut cancellation = cx.strings(s, "cancellation");
    let disputes = cx.str_field(s, "disputes", false);
    let severities_explicit = spec_node.get("severities").is_some();
    let severities = if severities_explicit {
        cx.strings(s, "severities")
    } else {
        DEFAULT_SEVERITIES
            .iter()
            .map(|n| Spanned::new((*n).to_string(), spec_node.span, *n))
            .collect()
    };

    let mut changelog = Vec::new();
    let changelog_ptr = spec_ptr.key("changelog");
    for (i, n) in cx.list(s, "changelog", false).iter().enumerate() {
        let ptr = changelog_ptr.index(i);
        let a = At { node: n, ptr: &ptr };
        let version = cx.child(a, "version", true).and_then(|v| match v.value {
            Value::Int(i) if i >= 1 => Some(Spanned::new(i as u64, v.span, i.to_string())),
            _ => None,
        });
        let date = cx.parsed(a, "date", true, Code::InvalidDate, date);
        let summary = cx.str_field(a, "summary", true);
        let change_request = cx.str_field(a, "changeRequest", false);
        let approved_by = cx.strings(a, "approvedBy");
        if let (Some(version), Some(date), Some(summary)) = (version, date, summary) {
            changelog.push(ChangelogEntry {
                version,
                date,
                summary,
                change_request,
                approved_by,
            });
        }
    }

    for v in [
        &mut compliance,
        &mut cancellation,
        &mut provider_duties,
        &mut customer_duties,
        &mut termination,
    ] {
        v.shrink_to_fit();
    }
    objectives.shrink_to_fit();
    services.shrink_to_fit();
    changelog.shrink_to_fit();
    Some(SlaDocument {
        file,
        index,
        span: root.span,
        kind: kind?,
        id: id?,
        version: version?,
        title,
        labels,
        spec: Spec {
            agreement_type: agreement_type?,
            description,
            provider: provider?,
            customer: customer?,
            effective_from: effective_from?,
            effective_until,
            review_every: review_every?,
            review_last,
            services,
            calendars,
            objectives,
            exclusions,
            provider_duties,
            customer_duties,
            reporting,
            credit_cap,
            termination,
            compliance,
            cancellation,
            disputes,
            severities,
            severities_explicit,
            changelog,
        },
    })
}

/// Shared test input: a small valid document.
#[cfg(test)]
pub(crate) mod tests_support {
    pub(crate) const MINIMAL: &str = "\
apiVersion: slagate/v1
kind: ServiceLevelAgreement
metadata:
  id: acme
  version: 2
spec:
  type: customer
  parties:
    provider: {name: Northwind, approvers: [alice]}
    customer: {name: Acme}
  effective: {from: 2026-01-01}
  review: {every: year, last: 2026-06-01}
  services:
    - {id: crm, name: CRM, description: The CRM}
  calendars:
    business-hours: {timezone: Europe/Berlin, days: [mon, tue, wed, thu, fri], from: '09:00', to: '18:00'}
  objectives:
    - id: availability
      service: crm
      indicator: availability
      target: '>= 99.90%'
      hours: business-hours
      credits:
        - {when: '< 99.9%', credit: 10%}
    - id: latency
      service: crm
      indicator: latency
      percentile: p95
      target: '< 500ms'
      window: 30d
  changelog:
    - {version: 2, date: 2026-06-01, summary: Latency objective added}
";
}

#[cfg(test)]
mod tests {
    use super::tests_support::MINIMAL;
    use super::*;
    use crate::source::yaml::{Limits, parse};

    fn doc(text: &str) -> Result<SlaDocument, Vec<Diagnostic>> {
        let docs = parse(text, &Limits::default()).unwrap();
        build("t.sla.yaml".into(), 0, &docs[0].root)
    }

    #[test]
    fn builds_the_typed_model() {
        let d = doc(MINIMAL).unwrap();
        assert_eq!(d.id.value, "acme");
        assert_eq!(d.version.value, 2);
        let a = &d.spec.objectives[0];
        assert_eq!(a.target.value, Target::parse(">= 99.9%").unwrap());
        assert_eq!(a.target.raw(), ">= 99.90%");
        assert_eq!(a.target.span.start.line, 21);
        assert_eq!(a.window(), Window::Month);
        assert_eq!(
            d.spec.covered(a.hours_id()).unwrap().hours(),
            rust_decimal::Decimal::from(45)
        );
        assert_eq!(d.spec.objectives[1].window(), Window::parse("30d").unwrap());
        assert_eq!(d.spec.severities.len(), 4);
        assert!(!d.spec.severities_explicit);
    }

    #[test]
    fn bad_quantities_and_dates_point_at_their_value() {
        let errs = doc(&MINIMAL.replace("'< 500ms'", "'<= 1hr'")).unwrap_err();
        assert_eq!(errs[0].code, Code::InvalidQuantity);
        assert_eq!(errs[0].span.start.line, 29);
        assert_eq!(errs[0].path.as_deref(), Some("/spec/objectives/1/target"));
        let errs = doc(&MINIMAL.replace("from: 2026-01-01", "from: 2026-02-30")).unwrap_err();
        assert_eq!(errs[0].code, Code::InvalidDate);
        assert!(errs[0].message.contains("2026-02-30"));
    }

    #[test]
    fn never_panics_on_wrong_shapes() {
        for text in [
            "[]",
            "x",
            "kind: 1",
            "metadata: []\nspec: 1",
            "spec: {objectives: [1, {id: []}]}",
        ] {
            let docs = parse(text, &Limits::default()).unwrap();
            assert!(build("t".into(), 0, &docs[0].root).is_err(), "{text}");
        }
    }
}
