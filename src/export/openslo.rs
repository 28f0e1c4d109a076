//! OpenSLO v1 (`apiVersion: openslo/v1`): a `Service` for each service an exported objective
//! measures, then an `SLO` per objective, in one multi-document file per agreement.
//!
//! The spec is the README of github.com/OpenSLO/OpenSLO (v1): names follow RFC 1123 (at most
//! 63 characters), descriptions at most 1050 characters, `targetPercent` in [0, 100), one
//! `timeWindow`, rolling (`isRolling: true`) or calendar-aligned (`calendar.startTime` local
//! to `calendar.timeZone`). A share (availability, error rate, ratio) is a `ratioMetric` of
//! the bound query's precomputed ratio (`rawType: success`, or `failure` for an error rate),
//! averaged over 1-minute slices (`RatioTimeslices`), as `slagate report` counts a series. A
//! latency is an objective with `op`/`value` (seconds) met by the percentile's share of
//! events (`Occurrences`); its SLI must give latencies, which no binding does, so it is
//! referred to by `indicatorRef` and noted. No query: the SLO refers to an SLI by name
//! (`indicatorRef`, valid OpenSLO) and a [`Reason::NoQuery`] note says it is not written.

use super::{
    Notes, Promise, Reason, Unmappable, binding, documents, no_query_detail, num, promise, query,
    rolling_shorthand, window_start,
};
use crate::import::yaml_out::Y;
use crate::measure::data::bindings::Bindings;
use crate::model::{BUILTIN_24X7, Comparator, Objective, SlaDocument, Window};

/// The API version written.
pub const API_VERSION: &str = "openslo/v1";

/// RFC 1123 names: at most 63 characters (slagate ids already have the right characters).
const MAX_NAME: usize = 63;
/// `spec.description`: at most 1050 characters.
const MAX_DESCRIPTION: usize = 1050;

/// The documents of one agreement and how many objectives they hold; `None` when no
/// objective could be written.
pub(crate) fn agreement(
    doc: &SlaDocument,
    bindings: Option<&Bindings>,
    notes: &mut Notes<'_>,
) -> Option<(String, usize)> {
    let mut slos = Vec::new();
    let mut services: Vec<&str> = Vec::new();
    for o in &doc.spec.objectives {
        match slo(doc, o, bindings, notes) {
            Ok(y) => {
                slos.push(y);
                if !services.contains(&o.service.value.as_str()) {
                    services.push(&o.service.value);
                }
            }
            Err(why) => notes.skip(o, why),
        }
    }
    if slos.is_empty() {
        return None;
    }
    let count = slos.len();
    let mut all: Vec<Y> = doc
        .spec
        .services
        .iter()
        .filter(|s| services.contains(&s.id.value.as_str()))
        .map(|s| {
            let mut spec = Vec::new();
            if s.description.value.chars().count() <= MAX_DESCRIPTION {
                spec.push(("description", Y::text(&s.description.value)));
            }
            Y::map([
                ("apiVersion", Y::plain(API_VERSION)),
                ("kind", Y::plain("Service")),
                (
                    "metadata",
                    Y::map([
                        ("name", Y::plain(&s.id.value)),
                        ("displayName", Y::text(&s.name.value)),
                        ("annotations", annotations(doc, None)),
                    ]),
                ),
                ("spec", Y::map(spec)),
            ])
        })
        .collect();
    all.extend(slos);
    Some((documents(&all), count))
}

fn annotations(doc: &SlaDocument, o: Option<&Objective>) -> Y {
    let mut a = vec![("slagate/agreement", Y::plain(&doc.id.value))];
    if let Some(o) = o {
        a.push(("slagate/objective", Y::plain(&o.id.value)));
    }
    Y::map(a)
}

fn slo(
    doc: &SlaDocument,
    o: &Objective,
    bindings: Option<&Bindings>,
    notes: &mut Notes<'_>,
) -> Result<Y, Unmappable> {
    let name = format!("{}-{}", doc.id.value, o.id.value);
    if name.len() > MAX_NAME {
        return Err(Unmappable(
            Reason::NameNotAccepted,
            format!(
                "its name `{name}` has {} characters, and OpenSLO names have at most {MAX_NAME}",
                name.len()
            ),
        ));
    }
    if o.service.value.len() > MAX_NAME {
        return Err(Unmappable(
            Reason::NameNotAccepted,
            format!(
                "its service `{}` is longer than the {MAX_NAME} characters of an OpenSLO name",
                o.service.value
            ),
        ));
    }
    let promise = promise(o, notes)?;
    notes.common(o);

    let mut metadata = vec![("name", Y::plain(&name))];
    if let Some(n) = &o.name {
        metadata.push(("displayName", Y::text(&n.value)));
    }
    metadata.push(("annotations", annotations(doc, Some(o))));

    let mut spec = Vec::new();
    if let Some(d) = &o.description {
        if d.value.chars().count() <= MAX_DESCRIPTION {
            spec.push(("description", Y::text(&d.value)));
        } else {
            notes.partial(
                o,
                Reason::DescriptionTooLong,
                format!(
                    "its description has {} characters, and OpenSLO's has at most {MAX_DESCRIPTION}",
                    d.value.chars().count()
                ),
            );
        }
    }
    spec.push(("service", Y::plain(&o.service.value)));

    let bound = binding(bindings, doc, o);
    let sli_name = name.clone();
    let not_written =
        format!("the SLO refers to SLI `{sli_name}` (`indicatorRef`), which is not written");
    match (promise, bound.and_then(query)) {
        (Promise::Share { failure, .. }, Some(q)) => {
            spec.push(("indicator", indicator(&sli_name, q, failure)));
        }
        (Promise::Share { .. }, None) => {
            notes.partial(
                o,
                Reason::NoQuery,
                format!("{}: {not_written}", no_query_detail(bound)),
            );
            spec.push(("indicatorRef", Y::plain(&sli_name)));
        }
        (Promise::Latency { .. }, _) => {
            let detail = match bound {
                Some(b) => {
                    notes.partial(
                        o,
                        Reason::BindingNotUsed,
                        format!(
                            "its binding is a `{}` series (a share), and an objective with `op` and `value` needs an SLI of latencies in seconds: {not_written}",
                            super::kind_name(b.kind)
                        ),
                    );
                    None
                }
                None => Some(format!(
                    "no query is bound to it, and an objective with `op` and `value` needs an SLI of latencies in seconds: {not_written}"
                )),
            };
            if let Some(d) = detail {
                notes.partial(o, Reason::NoQuery, d);
            }
            spec.push(("indicatorRef", Y::plain(&sli_name)));
        }
    }
    spec.push(("timeWindow", Y::Seq(vec![time_window(doc, o)])));
    let mut objective = Vec::new();
    if let Some(n) = &o.name {
        objective.push(("displayName", Y::text(&n.value)));
    }
    match promise {
        Promise::Share { good_percent, .. } => {
            spec.push(("budgetingMethod", Y::plain("RatioTimeslices")));
            objective.push(("targetPercent", num(good_percent)));
            objective.push(("timeSliceWindow", Y::plain("1m")));
        }
        Promise::Latency {
            op,
            seconds,
            good_percent,
        } => {
            spec.push(("budgetingMethod", Y::plain("Occurrences")));
            let op = if op == Comparator::Lt { "lt" } else { "lte" };
            objective.push(("op", Y::plain(op)));
            objective.push(("value", num(seconds)));
            objective.push(("targetPercent", num(good_percent)));
        }
    }
    spec.push(("objectives", Y::Seq(vec![Y::map(objective)])));

    Ok(Y::map([
        ("apiVersion", Y::plain(API_VERSION)),
        ("kind", Y::plain("SLO")),
        ("metadata", Y::map(metadata)),
        ("spec", Y::map(spec)),
    ]))
}

/// An inline SLI: the bound query's ratio per minute, of successes or of failures.
fn indicator(name: &str, query: &str, failure: bool) -> Y {
    Y::map([
        ("metadata", Y::map([("name", Y::plain(name))])),
        (
            "spec",
            Y::map([(
                "ratioMetric",
                Y::map([
                    ("counter", Y::Bool(false)),
                    (
                        "rawType",
                        Y::plain(if failure { "failure" } else { "success" }),
                    ),
                    (
                        "raw",
                        Y::map([(
                            "metricSource",
                            Y::map([
                                ("type", Y::plain("Prometheus")),
                                ("spec", Y::map([("query", Y::text(query))])),
                            ]),
                        )]),
                    ),
                ]),
            )]),
        ),
    ])
}

/// The objective's window: rolling as is, a calendar window aligned on the period that holds
/// `effective.from`, local to the zone of the objective's calendar (`UTC` for `24x7`).
fn time_window(doc: &SlaDocument, o: &Objective) -> Y {
    let window = o.window();
    let duration = match window {
        Window::Rolling(d) => {
            return Y::map([
                ("duration", Y::plain(rolling_shorthand(d))),
                ("isRolling", Y::Bool(true)),
            ]);
        }
        Window::Week => "1w",
        Window::Month => "1M",
        Window::Quarter => "1Q",
        Window::Year => "1Y",
    };
    let zone = match o.hours_id() {
        BUILTIN_24X7 => "UTC".to_string(),
        id => doc
            .spec
            .calendar(id)
            .map_or_else(|| "UTC".to_string(), |c| c.timezone.value.clone()),
    };
    let start = window_start(window, doc.spec.effective_from.value);
    Y::map([
        ("duration", Y::plain(duration)),
        (
            "calendar",
            Y::map([
                ("startTime", Y::text(format!("{start} 00:00:00"))),
                ("timeZone", Y::text(zone)),
            ]),
        ),
        ("isRolling", Y::Bool(false)),
    ])
}
