//! Sloth `prometheus/v1` (`version: "prometheus/v1"`): a document per service, its SLOs one
//! per objective, in one multi-document file per agreement.
//!
//! The spec is `pkg/prometheus/api/v1` of github.com/slok/sloth and its validation
//! (`pkg/common/validation`): names match `^[A-Za-z0-9][-A-Za-z0-9_.]*[A-Za-z0-9]$`, the
//! objective is a percent in (0, 100], an SLI query holds `{{.window}}`, which Sloth fills in
//! with each alert window. A bound series is a share a minute (`up` 0/1, or a `ratio`), as
//! `slagate report` reads it; its error ratio over a window is
//! `1 - avg_over_time((QUERY)[{{.window}}:1m])` (a `raw` SLI), or the average itself for an
//! error rate, whose series is the bad share. Sloth's SLO period is not in the document: it
//! is `sloth generate --default-slo-period` (30 days unless set), and it always rolls, so any
//! other window is noted.

use super::{
    Notes, Promise, Reason, Unmappable, binding, documents, kind_name, no_query_detail, num,
    promise, query,
};
use crate::import::yaml_out::Y;
use crate::measure::data::Missing;
use crate::measure::data::bindings::Bindings;
use crate::model::{Duration, Objective, SlaDocument, Window};
use rust_decimal::Decimal;

/// The version written.
pub const VERSION: &str = "prometheus/v1";

/// The documents of one agreement and how many objectives they hold; `None` when no
/// objective could be written.
pub(crate) fn agreement(
    doc: &SlaDocument,
    bindings: Option<&Bindings>,
    notes: &mut Notes<'_>,
) -> Option<(String, usize)> {
    // Per service, in the order the services first appear among the written objectives.
    let mut groups: Vec<(&str, Vec<Y>)> = Vec::new();
    for o in &doc.spec.objectives {
        match slo(doc, o, bindings, notes) {
            Ok(y) => match groups.iter_mut().find(|(s, _)| *s == o.service.value) {
                Some((_, slos)) => slos.push(y),
                None => groups.push((&o.service.value, vec![y])),
            },
            Err(why) => notes.skip(o, why),
        }
    }
    let count: usize = groups.iter().map(|(_, s)| s.len()).sum();
    if count == 0 {
        return None;
    }
    let docs: Vec<Y> = groups
        .into_iter()
        .map(|(service, slos)| {
            Y::map([
                ("version", Y::text(VERSION)),
                ("service", Y::plain(service)),
                (
                    "labels",
                    Y::map([("slagate_agreement", Y::text(&doc.id.value))]),
                ),
                ("slos", Y::Seq(slos)),
            ])
        })
        .collect();
    Some((documents(&docs), count))
}

/// Sloth's `NameRegexp` on a slagate id (lowercase letters, digits and inner `-`): only
/// its length, at least 2, can fail.
fn name_accepted(id: &str) -> bool {
    id.len() >= 2
}

fn slo(
    doc: &SlaDocument,
    o: &Objective,
    bindings: Option<&Bindings>,
    notes: &mut Notes<'_>,
) -> Result<Y, Unmappable> {
    for (what, id) in [("name", &o.id.value), ("service", &o.service.value)] {
        if !name_accepted(id) {
            return Err(Unmappable(
                Reason::NameNotAccepted,
                format!("its {what} `{id}` is one character, and a Sloth name has at least two"),
            ));
        }
    }
    let promise = promise(o, notes)?;
    if promise.good_percent().is_zero() {
        return Err(Unmappable(
            Reason::ZeroTarget,
            format!(
                "`{}` promises nothing, and a Sloth objective is above 0",
                o.target.raw()
            ),
        ));
    }
    let bound = binding(bindings, doc, o);
    let Some(q) = bound.and_then(query) else {
        return Err(Unmappable(
            Reason::NoQuery,
            format!("{}, and a Sloth SLI is a query", no_query_detail(bound)),
        ));
    };
    if q.contains("{{") {
        return Err(Unmappable(
            Reason::QueryNotTemplateSafe,
            "its bound query holds `{{`, which Sloth would read as its template".to_string(),
        ));
    }
    notes.common(o);
    window(o, notes);
    if let Some(b) = bound {
        if b.missing != Missing::Excluded {
            let counts = if b.missing == Missing::Down {
                "down"
            } else {
                "up"
            };
            notes.partial(
                o,
                Reason::MissingSamples,
                format!(
                    "a minute without a sample of its `{}` series counts as {counts} in `slagate report` (`missing: {counts}`), and is left out of Sloth's average",
                    kind_name(b.kind)
                ),
            );
        }
    }
    let failure = matches!(promise, Promise::Share { failure: true, .. });
    let averaged = format!("avg_over_time(({q})[{{{{.window}}}}:1m])");
    let error_ratio = if failure {
        averaged
    } else {
        format!("1 - {averaged}")
    };
    let mut slo = vec![
        ("name", Y::plain(&o.id.value)),
        ("objective", num(promise.good_percent())),
    ];
    if let Some(d) = o.description.as_ref().or(o.name.as_ref()) {
        slo.push(("description", Y::text(&d.value)));
    }
    slo.push((
        "sli",
        Y::map([("raw", Y::map([("error_ratio_query", Y::text(error_ratio))]))]),
    ));
    slo.push((
        "alerting",
        Y::map([("name", Y::plain(alert_name(&doc.id.value, &o.id.value)))]),
    ));
    Ok(Y::map(slo))
}

/// Sloth's period rolls and is a flag of `sloth generate`: a calendar window, or another
/// length than its default 30 days, is noted.
fn window(o: &Objective, notes: &mut Notes<'_>) {
    match o.window() {
        Window::Rolling(d) if d == Duration::days(Decimal::from(30)) => {}
        Window::Rolling(d) => notes.partial(
            o,
            Reason::WindowNotDefault,
            format!(
                "its window `{}` is Sloth's SLO period only with `sloth generate --default-slo-period {}` (and alert windows for it)",
                o.window.as_ref().map_or("month", |w| w.raw()),
                super::rolling_shorthand(d)
            ),
        ),
        w => notes.partial(
            o,
            Reason::CalendarWindow,
            format!(
                "its window is a calendar `{w}`, and Sloth's SLO period rolls (30 days unless `--default-slo-period` says otherwise)"
            ),
        ),
    }
}

/// `acme-api` and `availability` → `AcmeApiAvailability`.
fn alert_name(agreement: &str, objective: &str) -> String {
    agreement
        .split('-')
        .chain(objective.split('-'))
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}
