//! Support tiers: plans, and a response-time objective per plan and severity.

use std::collections::HashSet;

use super::fields::{self, any, join};
use super::{spelling, unique};
use crate::import::ledger::Ledger;
use crate::import::yaml_out::Y;
use crate::source::yaml::{Node, Value};

/// What the support tiers become.
#[derive(Debug, Clone, Default)]
pub(crate) struct Support {
    /// The id of the `Support` service, when there is a response-time objective.
    pub(crate) service: Option<String>,
    /// Every severity named, most urgent first.
    pub(crate) severities: Vec<String>,
    /// The plans (`support_tiers`, lowest first, as the data lists them): id and name.
    pub(crate) plans: Vec<(String, String)>,
    /// The response-time objectives.
    pub(crate) objectives: Vec<Y>,
}

/// Reads `support_tiers`. `taken` holds the service ids already used.
pub(crate) fn support(l: &mut Ledger, root: &Node, taken: HashSet<&str>) -> Support {
    let Some(list) = root.get("support_tiers") else {
        return Support::default();
    };
    let Some(items) = list.as_seq() else {
        l.not_mapped("support_tiers", list, "not a list of support tiers");
        return Support::default();
    };
    let mut seen_services: HashSet<String> = taken.into_iter().map(str::to_string).collect();
    let service = unique(&mut seen_services, "support");
    let mut out = Support::default();
    let mut plan_ids = HashSet::new();
    let mut objective_ids = HashSet::new();
    for (i, tier) in items.iter().enumerate() {
        let path = format!("support_tiers[{i}]");
        let name = tier.get("name").and_then(fields::text);
        let raw = any(tier, &["slug"])
            .and_then(|(_, n)| fields::text(n))
            .or_else(|| name.clone());
        let Some(base) = raw.as_deref().and_then(|r| spelling::id(r, 40)) else {
            l.not_mapped(
                &path,
                tier,
                "a support tier without a `slug` or `name` to make a plan id of",
            );
            continue;
        };
        let plan = unique(&mut plan_ids, &base);
        for k in ["name", "slug"] {
            if let Some(n) = tier.get(k) {
                l.mapped(&join(&path, k), n, format!("spec.plans.{plan}"));
            }
        }
        let availability = tier.get("availability");
        let clock = availability
            .and_then(fields::text)
            .is_some_and(|a| spelling::round_the_clock(&a));
        let objectives = responses(
            l,
            &path,
            tier,
            &plan,
            &service,
            clock,
            &mut objective_ids,
            &mut out.severities,
        );
        if let Some(n) = availability {
            let t = fields::text(n).unwrap_or_default();
            if clock {
                l.mapped(
                    &join(&path, "availability"),
                    n,
                    "hours: 24x7 of the plan's objectives".to_string(),
                );
            } else if objectives.is_empty() {
                l.not_mapped(
                    &join(&path, "availability"),
                    n,
                    "support hours of a plan without response times",
                );
            } else {
                l.not_mapped(&join(&path, "availability"), n, format!(
                    "support hours `{t}` name no days, hours or time zone, so no calendar can be written: \
                     the plan's response times count clock time until a calendar is added"
                ));
            }
        }
        for (k, why) in [
            ("price_model", "the plan's price is not a service level"),
            ("price", "the plan's price is not a service level"),
            (
                "sla_eligible",
                "whether the plan carries the uptime SLA (see the label min-plan-for-sla)",
            ),
            (
                "claim_assistance",
                "whether the vendor helps file claims on this plan",
            ),
            (
                "channels",
                "the support channels of the plan (phone, email) are not a service level",
            ),
            (
                "features",
                "the plan's features; uptime by plan is read from `sla_tiers`",
            ),
        ] {
            if let Some(n) = tier.get(k) {
                l.not_mapped(&join(&path, k), n, why);
            }
        }
        out.objectives.extend(objectives);
        out.plans
            .push((plan, name.unwrap_or_else(|| raw.unwrap_or_default())));
    }
    if out.objectives.is_empty() {
        out.plans.clear();
        return out;
    }
    out.severities.sort_by_key(|s| spelling::severity_rank(s));
    out.service = Some(service);
    out
}

#[allow(clippy::too_many_arguments)]
fn responses(
    l: &mut Ledger,
    path: &str,
    tier: &Node,
    plan: &str,
    service: &str,
    clock: bool,
    ids: &mut HashSet<String>,
    severities: &mut Vec<String>,
) -> Vec<Y> {
    let mut pairs: Vec<(String, String, &Node)> = Vec::new();
    if let Some(n) = tier.get("response_times") {
        match &n.value {
            Value::Map(entries) => {
                for (k, v) in entries {
                    pairs.push((
                        join(&join(path, "response_times"), &k.name),
                        k.name.clone(),
                        v,
                    ));
                }
            }
            _ => l.not_mapped(
                &join(path, "response_times"),
                n,
                "not a mapping of severity to response time",
            ),
        }
    }
    if let Some(n) = tier.get("response_time") {
        // DATA_SCHEMA.md: one response time, "for critical issues".
        pairs.push((join(path, "response_time"), "critical".into(), n));
    }
    let mut out = Vec::new();
    for (field, key, v) in pairs {
        let Some(sevs) = spelling::severity(&key) else {
            l.not_mapped(
                &field,
                v,
                format!("the severity `{key}` has no letter or digit to make an id of"),
            );
            continue;
        };
        let Some(text) = fields::text(v) else {
            let why = if matches!(v.value, Value::Null) {
                "no response time is promised"
            } else {
                "not a response time"
            };
            l.not_mapped(&field, v, why);
            continue;
        };
        let target = match spelling::response_target(&text) {
            Ok(t) => t,
            Err(why) => {
                l.not_mapped(&field, v, why);
                continue;
            }
        };
        for sev in sevs {
            let id = unique(
                ids,
                &spelling::id(&format!("support-{plan}-{sev}"), 63).unwrap_or_default(),
            );
            l.mapped(&field, v, format!("spec.objectives.{id}"));
            if !severities.contains(&sev) {
                severities.push(sev.clone());
            }
            let mut o = vec![
                ("id".to_string(), Y::plain(id)),
                (
                    "name".into(),
                    Y::text(format!("First response, {key}, plan {plan}")),
                ),
                ("service".into(), Y::plain(service.to_string())),
                ("indicator".into(), Y::plain("response-time")),
                ("severity".into(), Y::plain(sev)),
                ("target".into(), Y::plain(target.clone())),
                ("plan".into(), Y::plain(plan.to_string())),
            ];
            if clock {
                o.push(("hours".into(), Y::plain("24x7")));
            }
            out.push(Y::Map(o));
        }
    }
    out
}
