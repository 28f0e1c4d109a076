//! Credits, the cap, the claim process, refunds and termination rights.

use super::fields::{self, any, join};
use super::spelling::{self, Calculation, Remedy};
use crate::import::ledger::Ledger;
use crate::import::yaml_out::Y;
use crate::source::yaml::Node;

/// One credit tier: owed below `below` percent.
#[derive(Debug, Clone)]
struct Tier {
    below: f64,
    below_text: String,
    credit: Y,
    path: String,
    line: u32,
}

/// A credit policy (the vendor's, or one service's own).
#[derive(Debug, Clone, Default)]
pub(crate) struct Credit {
    tiers: Vec<Tier>,
    /// A credit that is a multiple of the fees during the downtime, owed whenever the target
    /// is missed.
    multiple: Option<String>,
    remedy: Option<Remedy>,
    /// Credits are applied without a claim.
    pub(crate) automatic: bool,
    /// The cap, as written for `remedies.creditCap`.
    cap: Option<(Y, String)>,
    /// `calculation_type` says no credit is owed.
    none_owed: bool,
}

impl Credit {
    /// Whether the vendor owes credits: tiers or a formula are written, or the remedy is a
    /// credit whose amounts the data does not give (the cap and claim process still apply).
    pub(crate) fn owes(&self) -> bool {
        !self.tiers.is_empty()
            || self.multiple.is_some()
            || (!self.none_owed
                && matches!(
                    self.remedy,
                    Some(Remedy::Credit | Remedy::AutomaticCredit | Remedy::ServiceExtension)
                ))
    }

    /// The path and line of tier `i`, and its threshold as written.
    pub(crate) fn tier(&self, i: usize) -> (&str, u32, &str) {
        let t = &self.tiers[i];
        (&t.path, t.line, &t.below_text)
    }

    /// The `credits` of an objective whose target is `target` percent, and what had to change.
    ///
    /// slagate refuses a tier whose threshold lies above the target (`credit-condition-
    /// mismatch`: a credit owed while the commitment is met), which the data has where a
    /// vendor's one tier list (`< 99.99%`) meets a service with a lower commitment (99.9%).
    /// Read literally, the credit at an attainment `a` is that of the tier with the lowest
    /// threshold above `a`. So for every attainment below the commitment, the tier with the
    /// lowest threshold above the commitment owes its credit until a lower tier takes over:
    /// that tier is kept with its threshold lowered to the commitment ([`Change::Clamped`]),
    /// unless a tier sits at the commitment already; the tiers above it only owe credits while
    /// the commitment is met, which cannot be written ([`Change::Dropped`]).
    pub(crate) fn tiers_for(&self, target: &str) -> (Vec<Y>, Vec<(usize, Change)>) {
        let t: f64 = target.parse().unwrap_or(100.0);
        let mut out = Vec::new();
        let mut changes = Vec::new();
        let at_target = self.tiers.iter().any(|x| (x.below - t).abs() < 1e-9);
        let lowest_above = self
            .tiers
            .iter()
            .enumerate()
            .filter(|(_, x)| x.below > t)
            .min_by(|a, b| a.1.below.total_cmp(&b.1.below))
            .map(|(i, _)| i);
        for (i, tier) in self.tiers.iter().enumerate() {
            let when = if tier.below <= t {
                tier.below_text.clone()
            } else if Some(i) == lowest_above && !at_target {
                changes.push((i, Change::Clamped));
                target.to_string()
            } else {
                changes.push((i, Change::Dropped));
                continue;
            };
            out.push(Y::map([
                ("when", Y::plain(format!("< {when}%"))),
                ("credit", tier.credit.clone()),
            ]));
        }
        if let Some(m) = &self.multiple {
            if out.is_empty() {
                let credit = Y::map([
                    ("multiple", Y::Num(m.clone())),
                    ("of", Y::plain("fees-during-downtime")),
                ]);
                out.push(Y::map([
                    ("when", Y::plain(format!("< {target}%"))),
                    ("credit", credit),
                ]));
            }
        }
        (out, changes)
    }
}

/// What [`Credit::tiers_for`] did to a tier above an objective's target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Change {
    /// Its threshold was lowered to the target.
    Clamped,
    /// Left out.
    Dropped,
}

/// The vendor's credit policy: `credit_policy` (or `default_credit_policy`), with the
/// top-level fields that repeat or add to it.
pub(crate) fn credit_policy(l: &mut Ledger, root: &Node) -> Credit {
    let mut credit = match any(root, &["credit_policy", "default_credit_policy"]) {
        Some((k, n)) => credit_of(l, k, n),
        None => Credit::default(),
    };
    for k in ["max_credit_percent", "max_credit_days"] {
        let Some(n) = root.get(k) else { continue };
        let cap = cap_of(k, n);
        match (&credit.cap, cap) {
            (_, None) => l.not_mapped(k, n, "not a percent between 0 and 100 or a number of days"),
            (Some((have, from)), Some(c)) if *have == c => {
                l.mapped(k, n, format!("spec.remedies.creditCap (as `{from}`)"));
            }
            (Some((_, from)), Some(_)) => {
                l.not_mapped(
                    k,
                    n,
                    format!("differs from `{from}`, which is the cap written"),
                );
            }
            (None, Some(c)) => {
                l.mapped(k, n, "spec.remedies.creditCap");
                credit.cap = Some((c, k.to_string()));
            }
        }
    }
    if let Some(n) = root.get("has_automatic_credits") {
        match fields::boolean(n) {
            Some(b) if credit.owes() => {
                credit.automatic |= b;
                l.mapped("has_automatic_credits", n, "spec.remedies.claims.automatic");
            }
            Some(_) => l.not_mapped(
                "has_automatic_credits",
                n,
                "no credit is owed, so none is automatic",
            ),
            None => l.not_mapped("has_automatic_credits", n, "not true or false"),
        }
    }
    for k in ["credit_unit", "credit_note"] {
        if let Some(n) = root.get(k) {
            let days = credit.tiers.iter().any(|t| matches!(&t.credit, Y::Map(_)));
            if days && k == "credit_unit" {
                l.mapped(k, n, "the credits as days of service");
            } else {
                let t = fields::text(n).unwrap_or_default();
                l.not_mapped(k, n, format!("how the credit is computed, in prose (`{t}`): only credit tiers, days of service and a multiple of the fees during downtime are written"));
            }
        }
    }
    credit
}

fn cap_of(key: &str, n: &Node) -> Option<Y> {
    if key.contains("days") {
        return fields::whole(n).map(|d| Y::map([("days", Y::Num(d.to_string()))]));
    }
    if key == "credit_cap" {
        // `30 days of paid service`
        let t = fields::text(n)?;
        let w = spelling::words(&t);
        if let [d, unit, ..] = w.as_slice() {
            if unit.starts_with("day") {
                return d
                    .parse::<u64>()
                    .ok()
                    .map(|d| Y::map([("days", Y::Num(d.to_string()))]));
            }
        }
        return None;
    }
    fields::percent(n).map(|p| Y::plain(format!("{p}%")))
}

/// One `credit_policy` mapping.
pub(crate) fn credit_of(l: &mut Ledger, path: &str, node: &Node) -> Credit {
    let mut c = Credit::default();
    let at = |k: &str| join(path, k);
    let calc = any(node, &["calculation_type", "calculation"]);
    let calculation = calc
        .and_then(|(_, n)| fields::text(n))
        .map(|t| (spelling::calculation(&t), t));
    if let Some((k, n)) = any(node, &["remedy_type", "remedy"]) {
        let t = fields::text(n).unwrap_or_default();
        c.remedy = spelling::remedy(&t);
        match c.remedy {
            Some(r) => l.mapped(&at(k), n, format!("the remedies ({})", remedy_words(r))),
            None => l.not_mapped(
                &at(k),
                n,
                format!(
                    "`{t}` is not a remedy the importer knows (credit, refund, termination, none)"
                ),
            ),
        }
        if c.remedy == Some(Remedy::AutomaticCredit) {
            c.automatic = true;
        }
    }
    if let Some(n) = node.get("credit_tiers") {
        tiers(l, &at("credit_tiers"), n, &mut c);
    }
    if let Some((k, n)) = calc {
        match calculation {
            Some((Some(Calculation::Tiered), _)) if !c.tiers.is_empty() => {
                l.mapped(&at(k), n, "the credit tiers of the availability objectives");
            }
            Some((Some(Calculation::NoCredit), _)) if c.tiers.is_empty() => {
                c.none_owed = true;
                l.mapped(&at(k), n, "no credits (no `credits` on the objectives)");
            }
            Some((Some(Calculation::Tiered), t)) => l.not_mapped(&at(k), n, format!(
                "`{t}`, but the file lists no credit tiers: credits are owed (the cap and the claim process are written), their amounts are not in the data"
            )),
            Some((Some(Calculation::Formula), t)) => formula(l, path, node, &t, &mut c, (k, n)),
            Some((Some(Calculation::NoCredit), t)) => l.not_mapped(&at(k), n, format!("`{t}`, yet the file lists credit tiers, which are written")),
            Some((None, t)) => l.not_mapped(&at(k), n, format!("`{t}` is not a way of computing credits the importer knows (tiered, none, flat, pro rata, per incident, a multiple, linear)")),
            None => l.not_mapped(&at(k), n, "not text"),
        }
    }
    for k in ["max_credit_percent", "max_credit_days", "credit_cap"] {
        let Some(n) = node.get(k) else { continue };
        match cap_of(k, n) {
            Some(_) if !c.owes() => l.not_mapped(&at(k), n, "a cap on credits that are not owed"),
            Some(cap) if c.cap.is_none() => {
                l.mapped(&at(k), n, "spec.remedies.creditCap");
                c.cap = Some((cap, at(k)));
            }
            Some(_) => l.not_mapped(&at(k), n, "a second cap; the first is written"),
            None => l.not_mapped(
                &at(k),
                n,
                "not a percent, or days of service, that a cap can be",
            ),
        }
    }
    if let Some(n) = node.get("automatic") {
        if let Some(b) = fields::boolean(n) {
            c.automatic |= b;
            l.mapped(&at("automatic"), n, "spec.remedies.claims.automatic");
        }
    }
    for k in [
        "credit_note",
        "note",
        "credit_unit",
        "credit_per_percent_below",
        "credit_formula",
    ] {
        if let Some(n) = node.get(k) {
            if k == "credit_unit" && c.tiers.iter().any(|t| matches!(t.credit, Y::Map(_))) {
                l.mapped(&at(k), n, "the credits as days of service");
                continue;
            }
            if k == "credit_formula" && c.multiple.is_some() {
                continue;
            }
            let t = fields::text(n).unwrap_or_default();
            l.not_mapped(&at(k), n, format!("prose about the credit (`{t}`): slagate writes credit tiers, days of service and multiples of the fees"));
        }
    }
    c
}

fn remedy_words(r: Remedy) -> &'static str {
    match r {
        Remedy::Credit => "service credits",
        Remedy::AutomaticCredit => "service credits, applied without a claim",
        Remedy::ServiceExtension => "days of service",
        Remedy::TerminationRefund => "spec.remedies.termination and spec.remedies.refund",
        Remedy::Termination => "spec.remedies.termination",
        Remedy::Refund => "spec.remedies.refund",
        Remedy::None => "none",
    }
}

fn tiers(l: &mut Ledger, path: &str, n: &Node, c: &mut Credit) {
    let Some(items) = n.as_seq() else {
        l.not_mapped(path, n, "not a list of tiers");
        return;
    };
    for (i, item) in items.iter().enumerate() {
        let p = format!("{path}[{i}]");
        let below = any(item, &["uptime_below", "below"]);
        let pct = any(item, &["credit_percent", "credit"]);
        let days = item.get("credit_days");
        let Some((bk, bn)) = below else {
            l.not_mapped(&p, item, "a tier without `uptime_below`");
            continue;
        };
        let Some(below_text) = fields::percent(bn) else {
            l.not_mapped(&join(&p, bk), bn, "not a percent between 0 and 100");
            continue;
        };
        let credit = match (pct, days) {
            (Some((k, v)), _) => {
                if let Some(x) = fields::percent(v) {
                    Some((Y::plain(format!("{x}%")), k, v))
                } else {
                    l.not_mapped(&join(&p, k), v, "not a percent between 0 and 100");
                    None
                }
            }
            (None, Some(v)) => fields::whole(v)
                .map(|d| (Y::map([("days", Y::Num(d.to_string()))]), "credit_days", v)),
            (None, None) => None,
        };
        let Some((credit, ck, cn)) = credit else {
            l.not_mapped(&p, item, "a tier without a credit percent or days");
            continue;
        };
        l.mapped(
            &join(&p, bk),
            bn,
            "credits[].when of the availability objectives",
        );
        l.mapped(
            &join(&p, ck),
            cn,
            "credits[].credit of the availability objectives",
        );
        c.tiers.push(Tier {
            below: below_text.parse().unwrap_or(0.0),
            below_text,
            credit,
            path: p,
            line: item.span.start.line,
        });
    }
}

/// A credit computed by a formula: a multiple of the fees during the downtime is written as
/// one; any other formula is recorded as not mapped with its text.
fn formula(
    l: &mut Ledger,
    path: &str,
    node: &Node,
    calc: &str,
    c: &mut Credit,
    (k, n): (&str, &Node),
) {
    let prose = ["credit_formula", "credit_note"]
        .iter()
        .find_map(|f| node.get(f).and_then(fields::text).map(|t| (*f, t)));
    let multiple = prose.as_ref().and_then(|(_, t)| {
        let w = spelling::words(t);
        let downtime = w.iter().any(|x| x.starts_with("downtime"));
        let m = w
            .iter()
            .find_map(|x| x.strip_suffix('x').and_then(|d| d.parse::<u32>().ok()));
        m.filter(|_| downtime && c.tiers.is_empty())
    });
    match (multiple, prose) {
        (Some(m), Some((f, _))) => {
            c.multiple = Some(m.to_string());
            l.mapped(&join(path, k), n, "credits: a multiple of the fees during downtime");
            if let Some(fnode) = node.get(f) {
                l.mapped(&join(path, f), fnode, "credits[].credit `{multiple, of: fees-during-downtime}`");
            }
        }
        _ if !c.tiers.is_empty() => l.mapped(&join(path, k), n, format!("the credit tiers (`{calc}`)")),
        _ => l.not_mapped(&join(path, k), n, format!(
            "a `{calc}` credit is a formula, not tiers by attainment: credits are owed (the cap and the claim process are written), but the formula is prose slagate cannot weigh"
        )),
    }
}

/// `spec.remedies`: the cap, refunds, termination rights and the claim process.
pub(crate) fn remedies(l: &mut Ledger, root: &Node, c: &Credit) -> Vec<(String, Y)> {
    let mut out = Vec::new();
    if let Some((cap, _)) = &c.cap {
        if c.owes() {
            out.push(("creditCap".to_string(), cap.clone()));
        }
    }
    let cp = root.get("claim_process");
    let application = cp.and_then(|n| n.get("credit_application"));
    let app_text = application.and_then(fields::text);
    let mut used_application = false;
    let remedy = c.remedy.unwrap_or(Remedy::Credit);
    if matches!(remedy, Remedy::Refund | Remedy::TerminationRefund) {
        let text = app_text
            .clone()
            .filter(|t| t.to_lowercase().contains("refund"));
        used_application |= text.is_some();
        // The data names the remedy, not its wording: say what it says, and where from.
        let text = text.unwrap_or_else(|| {
            "A refund (the remedy the dataset records for this SLA; its terms are in the source)".into()
        });
        out.push(("refund".into(), Y::Seq(vec![Y::text(text)])));
    }
    let mut termination = Vec::new();
    if matches!(remedy, Remedy::Termination | Remedy::TerminationRefund) {
        let text = app_text
            .clone()
            .filter(|t| t.to_lowercase().contains("terminat"));
        used_application |= text.is_some();
        termination.push(text.unwrap_or_else(|| {
            "A right to terminate (the remedy the dataset records for this SLA; its terms are in the source)".into()
        }));
    }
    let claims = cp.and_then(|n| claims(l, n, c, &mut termination));
    if let Some(n) = root.get("claim_deadline_days") {
        let k = "claim_deadline_days";
        match (&claims, fields::whole(n)) {
            (Some((_, days)), Some(d)) if *days == d => {
                l.mapped(k, n, "spec.remedies.claims.within (the same deadline)");
            }
            (Some((_, days)), _) => l.not_mapped(
                k,
                n,
                format!(
                    "differs from the deadline written ({})",
                    crate::text::plural(usize::try_from(*days).unwrap_or(usize::MAX), "day")
                ),
            ),
            (None, _) => l.not_mapped(k, n, "no claim process is written (see claim_process)"),
        }
    }
    if !termination.is_empty() {
        out.push((
            "termination".into(),
            Y::Seq(termination.into_iter().map(Y::text).collect()),
        ));
    }
    if let Some((claims, _)) = claims {
        out.push(("claims".into(), claims));
    }
    if let Some(n) = application {
        let t = app_text.unwrap_or_default();
        if used_application {
            l.mapped(
                "claim_process.credit_application",
                n,
                "the text of spec.remedies.refund or termination",
            );
        } else {
            l.not_mapped(
                "claim_process.credit_application",
                n,
                format!("how a credit is paid out (`{t}`) is prose slagate has no field for"),
            );
        }
    }
    out
}

/// The claim deadline that a credit claim must meet, of a `claim_process`.
fn claims(
    l: &mut Ledger,
    cp: &Node,
    c: &Credit,
    termination: &mut Vec<String>,
) -> Option<(Y, u64)> {
    let p = "claim_process";
    for (k, why) in [
        (
            "review_timeline",
            "how long the vendor takes to review a claim is not a term slagate weighs",
        ),
        (
            "review_days",
            "how long the vendor takes to review a claim is not a term slagate weighs",
        ),
    ] {
        if let Some(n) = cp.get(k) {
            l.not_mapped(&join(p, k), n, why);
        }
    }
    let deadline = deadline(l, cp, termination);
    let owes = c.owes();
    let mut m: Vec<(String, Y)> = Vec::new();
    let method = any(cp, &["submission_method", "method"]);
    let url = any(cp, &["submission_url", "url"]);
    let evidence = cp.get("required_evidence");
    if !owes {
        let why = "no credit is owed, so nothing is claimed";
        for (k, n) in [method, url, evidence.map(|e| ("required_evidence", e))]
            .into_iter()
            .flatten()
        {
            l.not_mapped(&join(p, k), n, why);
        }
        if let Some((path, n, _, _)) = &deadline {
            l.not_mapped(path, n, why);
        }
        for k in [
            "claim_deadline_days",
            "deadline_days",
            "deadline_basis",
            "business_days",
        ] {
            if let Some(n) = cp.get(k) {
                l.not_mapped(&join(p, k), n, why);
            }
        }
        return None;
    }
    let Some((dpath, dnode, days, (from, business))) = deadline else {
        let cd = cp
            .get("claim_deadline_days")
            .map(|n| ("claim_deadline_days", n));
        for (k, n) in [method, url, evidence.map(|e| ("required_evidence", e)), cd]
            .into_iter()
            .flatten()
        {
            l.not_mapped(&join(p, k), n, "a claim process without a deadline that slagate can write (`claims` needs `within` and `from`)");
        }
        return None;
    };
    l.mapped(
        &dpath,
        dnode,
        "spec.remedies.claims.within, from and businessDays",
    );
    if dpath.ends_with(".deadline_days") {
        for k in ["deadline_basis", "business_days"] {
            if let Some(n) = cp.get(k) {
                l.mapped(&join(p, k), n, "spec.remedies.claims.from and businessDays");
            }
        }
    }
    m.push(("within".into(), Y::plain(format!("{days}d"))));
    m.push(("from".into(), Y::plain(from)));
    m.push(("businessDays".into(), Y::Bool(business)));
    for k in ["claim_deadline_days"] {
        if let Some(n) = cp.get(k) {
            if fields::whole(n) == Some(days) {
                l.mapped(
                    &join(p, k),
                    n,
                    "spec.remedies.claims.within (the same deadline)",
                );
            } else {
                l.not_mapped(
                    &join(p, k),
                    n,
                    format!(
                        "differs from the deadline written ({})",
                        crate::text::plural(usize::try_from(days).unwrap_or(usize::MAX), "day")
                    ),
                );
            }
        }
    }
    let method_text = method
        .and_then(|(_, n)| fields::text(n))
        .filter(|t| !t.to_lowercase().starts_with("n/a"));
    let url_text = url.and_then(|(_, n)| fields::text(n));
    let via = match (&method_text, &url_text) {
        (Some(m), Some(u)) => Some(format!("{m} ({u})")),
        (Some(m), None) => Some(m.clone()),
        (None, Some(u)) => Some(u.clone()),
        (None, None) => None,
    };
    for (k, n) in [method, url].into_iter().flatten() {
        if via.is_some() {
            l.mapped(&join(p, k), n, "spec.remedies.claims.via");
        } else {
            l.not_mapped(&join(p, k), n, "not a channel for claims");
        }
    }
    if let Some(v) = via {
        m.push(("via".into(), Y::text(v)));
    }
    if let Some(n) = evidence {
        let items = fields::strings(n).unwrap_or_default();
        if !items.is_empty() {
            l.mapped(
                &join(p, "required_evidence"),
                n,
                "spec.remedies.claims.evidence",
            );
            m.push((
                "evidence".into(),
                Y::Seq(items.into_iter().map(|(_, t, _)| Y::text(t)).collect()),
            ));
        }
    }
    m.push(("automatic".into(), Y::Bool(c.automatic)));
    Some((Y::Map(m), days))
}

/// A deadline of the file: where it is, its days, anchor and business-day flag, and how
/// likely it is the claim's (0 a submission, 1 a notice, 2 something else).
struct Candidate<'a> {
    path: String,
    node: &'a Node,
    days: Option<&'a Node>,
    anchor: Option<&'a Node>,
    business: Option<&'a Node>,
    rank: u8,
}

/// The claim deadline: the first `deadlines[]` entry of a claim (else of a notification or
/// report), or the flat `deadline_days`/`deadline_basis` of `DATA_SCHEMA.md`. Returns its
/// path, node, days and (`claims.from`, business days). A termination notice goes to
/// `termination`; other deadlines, and one whose anchor or days do not map, are recorded.
fn deadline<'a>(
    l: &mut Ledger,
    cp: &'a Node,
    termination: &mut Vec<String>,
) -> Option<(String, &'a Node, u64, (String, bool))> {
    let p = "claim_process";
    let mut candidates: Vec<Candidate<'_>> = Vec::new();
    if let Some(list) = cp.get("deadlines") {
        for (i, d) in list.as_seq().unwrap_or_default().iter().enumerate() {
            let path = format!("{p}.deadlines[{i}]");
            let kind = d.get("type").and_then(fields::text).unwrap_or_default();
            let w = spelling::words(&kind);
            let has = |x: &str| w.iter().any(|y| y == x);
            if has("termination") {
                let text = d
                    .get("description")
                    .and_then(fields::text)
                    .unwrap_or_else(|| kind.clone());
                termination.push(text);
                l.mapped(
                    &path,
                    d,
                    "spec.remedies.termination (the notice a termination needs)",
                );
                continue;
            }
            let rank = if ["submission", "claim", "ticket", "request", "credit"]
                .iter()
                .any(|x| has(x))
            {
                0
            } else if ["notification", "notice", "report"].iter().any(|x| has(x)) || kind.is_empty()
            {
                1
            } else {
                2
            };
            let (days, anchor, business) =
                (d.get("days"), d.get("anchor_point"), d.get("business_days"));
            candidates.push(Candidate {
                path,
                node: d,
                days,
                anchor,
                business,
                rank,
            });
        }
    }
    if let Some(days) = cp.get("deadline_days") {
        candidates.push(Candidate {
            path: format!("{p}.deadline_days"),
            node: days,
            days: Some(days),
            anchor: cp.get("deadline_basis"),
            business: cp.get("business_days"),
            rank: 0,
        });
    }
    // The claim's own deadline (a submission) if the file has one; a notification or report
    // deadline only when it has none (then that notice is the claim). A notice owed before a
    // claim is never written as the claim's deadline, even when the claim's does not map.
    let best = candidates.iter().map(|c| c.rank).filter(|r| *r < 2).min();
    let mut chosen = None;
    for Candidate {
        path,
        node,
        days,
        anchor,
        business,
        rank,
    } in candidates
    {
        if Some(rank) != best {
            let why = if rank == 2 {
                "a deadline that is not a claim's".to_string()
            } else {
                "a notice owed before the claim, not the claim's deadline: slagate's `claims` has the claim's deadline only".to_string()
            };
            l.not_mapped(&path, node, why);
            continue;
        }
        if chosen.is_some() {
            l.not_mapped(
                &path,
                node,
                "a second claim deadline; slagate's `claims` has one, the first is written",
            );
            continue;
        }
        let Some(d) = days.and_then(fields::whole).filter(|d| *d > 0) else {
            l.not_mapped(&path, node, "a deadline without a number of days");
            continue;
        };
        let anchor_text = anchor.and_then(fields::text);
        let from = match anchor_text.as_deref().map(spelling::anchor) {
            Some(Ok(f)) => f,
            Some(Err(why)) => {
                l.not_mapped(&path, node, why);
                continue;
            }
            None => {
                l.not_mapped(
                    &path,
                    node,
                    "a deadline without what it is counted from (`anchor_point`)",
                );
                continue;
            }
        };
        let business = business.and_then(fields::boolean).unwrap_or(false);
        chosen = Some((path, node, d, (from.to_string(), business)));
    }
    chosen
}
