//! `slagate report`'s output: one [`measure::outcome::Report`](crate::measure::outcome::Report)
//! rendered for a terminal ([`human`]), an issue or step summary ([`markdown`]), a contract
//! owner ([`html`]: one self-contained page, printable to PDF), a spreadsheet ([`csv`]) or a
//! program ([`json`], the documented contract of `docs/report.md`).
//!
//! The renderers decide nothing: met or missed, the credit and the claim deadline come from
//! the report. What they share lives here: how a figure reads (a percentage truncated to three
//! places, never rounded up into a target it misses; a duration as `43h 12m`; everything else
//! exact) and the phrases every human format uses. Each format escapes every text that came
//! from a document or a data file for its medium: the helpers here return plain text, and a
//! format escapes the whole phrase.

pub mod csv;
pub mod html;
pub mod human;
pub mod json;
pub mod markdown;

#[cfg(test)]
pub(crate) mod sample;

use std::fmt::Write as _;

use rust_decimal::{Decimal, RoundingStrategy};

use crate::measure::outcome::{
    Agreement, Budget, Claim, Credit, Measured, Objective, Owed, Report, Source, Window,
};

/// An output format of `slagate report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AttainmentFormat {
    /// Plain text for a terminal.
    Human,
    /// GitHub-flavoured Markdown, for an issue or the step summary.
    Markdown,
    /// One self-contained HTML page.
    Html,
    /// One CSV row per objective window (RFC 4180).
    Csv,
    /// The JSON contract (`docs/report.md`).
    Json,
}

/// Renders `report` in `format`. The text ends with a line break.
pub fn render(report: &Report, format: AttainmentFormat) -> String {
    match format {
        AttainmentFormat::Human => human::render(report),
        AttainmentFormat::Markdown => markdown::render(report),
        AttainmentFormat::Html => html::render(report),
        AttainmentFormat::Csv => csv::render(report),
        AttainmentFormat::Json => json::render(report),
    }
}

/// A decimal exactly, without trailing zeros (`99.90` is `99.9`, `-0` is `0`).
pub(crate) fn exact(d: Decimal) -> String {
    d.normalize().to_string()
}

/// A percentage truncated to three places (`99.8999` is `99.899%`): a printed figure is never
/// rounded up into a target it misses.
pub(crate) fn percent(d: Decimal) -> String {
    format!("{}%", truncated(d))
}

/// `d` truncated towards zero to three places, without trailing zeros.
fn truncated(d: Decimal) -> String {
    exact(d.round_dp_with_strategy(3, RoundingStrategy::ToZero))
}

/// Seconds as `43h 12m 5s`; a zero part is left out, no time at all is `0s`.
pub(crate) fn duration(seconds: i64) -> String {
    duration_exact(Decimal::from(seconds))
}

/// Seconds, possibly fractional (an error budget of 0.1% of an odd covered time), as
/// `43m 10.2s`: exact.
pub(crate) fn duration_exact(seconds: Decimal) -> String {
    let sign = if seconds.is_sign_negative() && !seconds.is_zero() {
        "-"
    } else {
        ""
    };
    let seconds = seconds.abs();
    let whole = seconds.trunc();
    let hours = (whole / Decimal::from(3600)).trunc();
    let minutes = ((whole - hours * Decimal::from(3600)) / Decimal::from(60)).trunc();
    let rest = seconds - hours * Decimal::from(3600) - minutes * Decimal::from(60);
    let mut parts = Vec::new();
    if !hours.is_zero() {
        parts.push(format!("{}h", exact(hours)));
    }
    if !minutes.is_zero() {
        parts.push(format!("{}m", exact(minutes)));
    }
    if !rest.is_zero() || parts.is_empty() {
        parts.push(format!("{}s", exact(rest)));
    }
    format!("{sign}{}", parts.join(" "))
}

/// How an objective's values read: with a `%` or as a plain number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    /// A percentage: availability, a ratio, the share of tickets within target.
    Percent,
    /// A count, or another plain number.
    Plain,
}

/// The unit of an objective's values. Availability (outages, samples) and the share of
/// tickets within target are percentages; counts follow their target (`>= 95%` a percentage,
/// `>= 500 leads` a number).
pub(crate) fn unit(o: &Objective) -> Unit {
    let measured_as_percent = o.windows.iter().any(|w| {
        matches!(
            w.measured,
            Measured::Downtime { .. } | Measured::Samples { .. } | Measured::Tickets { .. }
        )
    });
    if measured_as_percent || o.target.contains('%') {
        Unit::Percent
    } else {
        Unit::Plain
    }
}

/// A value in the objective's unit: a percentage truncated, a number exact.
pub(crate) fn figure(unit: Unit, d: Decimal) -> String {
    match unit {
        Unit::Percent => percent(d),
        Unit::Plain => exact(d),
    }
}

/// Whether higher values are better for the objective's value (for the chart's direction and
/// the margin's wording only; met or missed is the report's). The share of tickets within
/// target is; otherwise the target's comparator says (`<=`, `<`: lower is better).
pub(crate) fn higher_is_better(o: &Objective) -> bool {
    let tickets = o
        .windows
        .iter()
        .any(|w| matches!(w.measured, Measured::Tickets { .. }));
    tickets || !o.target.trim_start().starts_with('<')
}

/// What happened in a window, in a word or two.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Status {
    /// The target held.
    Met,
    /// It did not.
    Missed,
    /// Nothing was left to measure: counted as met, no credit.
    Undefined,
    /// No data source measures the objective.
    NotMeasured,
}

impl Status {
    /// The status of a window.
    pub(crate) fn of(w: &Window) -> Status {
        match (w.met, &w.measured) {
            (_, Measured::NotMeasured) => Status::NotMeasured,
            (Some(true), _) => Status::Met,
            (Some(false), _) => Status::Missed,
            (None, _) => Status::Undefined,
        }
    }

    /// `met`, `missed`, `undefined`, `not measured`.
    pub(crate) fn word(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::Missed => "missed",
            Status::Undefined => "undefined",
            Status::NotMeasured => "not measured",
        }
    }
}

/// The measured value, or why there is none.
pub(crate) fn value(o: &Objective, w: &Window) -> String {
    match (w.value, Status::of(w)) {
        (_, Status::NotMeasured) => "not measured".into(),
        (Some(v), _) => figure(unit(o), v),
        (None, _) => "undefined".into(),
    }
}

/// Met or missed and by how much: `missed by 0.059%`, `met by 12`, `met (exactly the
/// target)`, `undefined: nothing left to measure, counted as met`. For tickets, how many were
/// late: the margin of a share is not in the target's unit (a duration).
pub(crate) fn verdict(o: &Objective, w: &Window) -> String {
    let status = Status::of(w);
    match status {
        Status::NotMeasured => return "not measured".into(),
        Status::Undefined => return "undefined: nothing left to measure, counted as met".into(),
        Status::Met | Status::Missed => {}
    }
    if let Measured::Tickets {
        counted, breached, ..
    } = &w.measured
    {
        return format!(
            "{} ({} of {} late)",
            status.word(),
            breached.len(),
            crate::text::plural(*counted, "ticket")
        );
    }
    match w.margin {
        Some(m) if m.is_zero() => format!("{} (exactly the target)", status.word()),
        Some(m) => format!("{} by {}", status.word(), by(unit(o), m.abs())),
        None => status.word().into(),
    }
}

/// A distance from the target, truncated like every percentage; one too small to show is
/// `less than 0.001%`, never `0%`.
fn by(unit: Unit, d: Decimal) -> String {
    match unit {
        Unit::Percent
            if d.round_dp_with_strategy(3, RoundingStrategy::ToZero)
                .is_zero() =>
        {
            "less than 0.001%".into()
        }
        _ => figure(unit, d),
    }
}

/// The error budget: `43m 11s of 43m 10.2s (100.03%)`, `0s used, none allowed` for a budget
/// of nothing, or `-` without one.
pub(crate) fn budget(w: &Window) -> String {
    match w.budget {
        Some(b) if b.allowed.is_zero() => format!("{} used, none allowed", duration(b.used)),
        Some(b) => format!(
            "{} of {}{}",
            duration(b.used),
            duration_exact(b.allowed),
            budget_share(b)
                .map(|s| format!(" ({s})"))
                .unwrap_or_default()
        ),
        None => "-".into(),
    }
}

/// The share of the budget used, truncated; `None` for a budget of nothing (a 100% target).
pub(crate) fn budget_share(b: Budget) -> Option<String> {
    if b.allowed.is_zero() {
        return None;
    }
    Some(percent(
        Decimal::from(b.used) * Decimal::from(100) / b.allowed,
    ))
}

/// An amount in its unit: `10% of the fee`, `3 days of service`, `250 USD`; a sum of money
/// (a currency code) to the cent, truncated (the exact figure is in `--format json`).
pub(crate) fn amount(amount: Decimal, unit: &str) -> String {
    if unit == "percent of the fee" {
        format!("{}% of the fee", exact(amount))
    } else if is_currency(unit) {
        format!("{} {unit}", cents(amount))
    } else {
        format!("{} {unit}", exact(amount))
    }
}

/// Whether a unit is a currency code (`EUR`): three capital letters.
fn is_currency(unit: &str) -> bool {
    unit.len() == 3 && unit.bytes().all(|b| b.is_ascii_uppercase())
}

/// Money to the cent, truncated towards zero: `83.333...` is `83.33`, `200` stays `200`.
pub(crate) fn cents(d: Decimal) -> String {
    exact(d.round_dp_with_strategy(2, RoundingStrategy::ToZero))
}

/// A window's credit: `10% of the fee = 1250 EUR (tier < 99.9%)`, with the floor or the cap
/// when one changed it; `none` without one.
pub(crate) fn credit(w: &Window) -> String {
    let Some(c) = &w.credit else {
        return "none".into();
    };
    credit_of(c)
}

/// [`credit`] of a credit.
pub(crate) fn credit_of(c: &Credit) -> String {
    let mut s = amount(c.amount, &c.unit);
    if let Some((money, currency)) = &c.money {
        let _ = write!(s, " = {} {currency}", cents(*money));
    }
    let mut notes = vec![format!("tier {}", c.tier)];
    if c.floored {
        notes.push(format!(
            "{} is below the credit floor",
            amount(c.before_limits, &c.unit)
        ));
    }
    if c.capped {
        notes.push(format!("capped from {}", amount(c.before_limits, &c.unit)));
    }
    format!("{s} ({})", notes.join("; "))
}

/// How to claim: `claim by 2026-12-30 via support portal`, `automatic`, or `-` when no
/// credit is owed.
pub(crate) fn claim(w: &Window) -> String {
    match &w.claim {
        Some(c) => claim_of(c),
        None => "-".into(),
    }
}

/// [`claim`] of a claim.
pub(crate) fn claim_of(c: &Claim) -> String {
    if c.automatic {
        return "automatic: issued without a claim".into();
    }
    let mut s = match c.deadline {
        Some(d) => format!("claim by {d}"),
        None => "claim (the agreement names no deadline)".into(),
    };
    if let Some(via) = &c.via {
        let _ = write!(s, " via {via}");
    }
    s
}

/// One line of credit owed: `10% of the 2026-11 fee`, `3 days of service`.
pub(crate) fn owed(o: &Owed) -> String {
    match (&o.window, o.unit.as_str()) {
        (Some(window), "percent of the fee") => {
            format!("{}% of the {window} fee", exact(o.amount))
        }
        (Some(window), unit) => format!("{} for {window}", amount(o.amount, unit)),
        (None, unit) => amount(o.amount, unit),
    }
}

/// An agreement's summary: `2 breaches; credit owed: 10% of the 2026-11 fee; earliest claim
/// deadline 2026-12-30`.
pub(crate) fn summary(a: &Agreement) -> String {
    let breaches = match a.breaches {
        0 => "no breaches".to_string(),
        n => crate::text::plural(n, "breach").replace("breachs", "breaches"),
    };
    let owed = if a.owed.is_empty() {
        "no credit owed".to_string()
    } else {
        let lines: Vec<String> = a.owed.iter().map(owed).collect();
        format!("credit owed: {}", lines.join(", "))
    };
    let claim = match a.earliest_claim {
        Some(d) => format!("; earliest claim deadline {d}"),
        None => String::new(),
    };
    format!("{breaches}; {owed}{claim}")
}

/// The window's label, with its dates when the effective term cut it: `2026-10 (partial:
/// 2026-10-15..2026-10-31)`.
pub(crate) fn window_label(w: &Window) -> String {
    if w.partial {
        format!("{} (partial: {}..{})", w.label, w.from, w.to)
    } else {
        w.label.clone()
    }
}

/// What the objective promises, in a sentence: `availability of crm-api >= 99.9% per month,
/// on 24x7 (UTC); owed by the provider Acme to the customer Globex`.
pub(crate) fn promise(o: &Objective) -> String {
    let severity = o
        .severity
        .as_ref()
        .map(|s| format!(" for {s} tickets"))
        .unwrap_or_default();
    format!(
        "{} of {}{severity} {} per {}, on the {} calendar ({}); owed by the {} {} to the {} {}",
        o.indicator,
        o.service,
        o.target,
        o.window,
        o.calendar,
        o.zone,
        o.parties.owed_by.0,
        o.parties.owed_by.1,
        o.parties.owed_to.0,
        o.parties.owed_to.1,
    )
}

/// Where the figures came from, in a few words.
pub(crate) fn source(o: &Objective) -> String {
    match &o.source {
        Source::Outages => "measured from outage rows".into(),
        Source::Series { query } => format!("measured from the series {query}"),
        Source::Tickets => "measured from support tickets".into(),
        Source::Counts => "measured from counts per window".into(),
        Source::None { reason } => format!("not measured: {reason}"),
    }
}

/// What was measured, in a phrase: `downtime 43m 11s (30m excused)`, `5 tickets, 3 within
/// target`, `512 of 512`.
pub(crate) fn measured(w: &Window) -> String {
    match &w.measured {
        Measured::Downtime {
            downtime,
            excused,
            over_cap,
            incidents,
        } => {
            let rows = crate::text::plural(incidents.len(), "row");
            let mut s = if *downtime == 0 {
                "no downtime".to_string()
            } else {
                format!("downtime {} ({rows})", duration(*downtime))
            };
            if *excused > 0 && *downtime == 0 {
                let _ = write!(s, ", {} excused ({rows})", duration(*excused));
            } else if *excused > 0 {
                let _ = write!(s, ", {} excused", duration(*excused));
            }
            if *over_cap > 0 {
                let _ = write!(
                    s,
                    ", {} over an exclusion's cap counted as downtime",
                    duration(*over_cap)
                );
            }
            s
        }
        Measured::Samples {
            minutes,
            good,
            no_data,
            no_data_as,
        } => {
            let mut s = format!("{} good of {minutes} minutes with a sample", exact(*good));
            if *no_data > 0 {
                let _ = write!(
                    s,
                    ", {no_data} minutes with no data counted as {no_data_as}"
                );
            }
            s
        }
        Measured::Tickets {
            counted,
            within,
            breached,
            pending,
        } => {
            let mut s = format!(
                "{}, {within} within target",
                crate::text::plural(*counted, "ticket")
            );
            if !breached.is_empty() {
                let late: Vec<String> = breached
                    .iter()
                    .map(|(id, elapsed)| match elapsed {
                        Some(e) => format!("{id} after {}", duration(*e)),
                        None => format!("{id} unanswered"),
                    })
                    .collect();
                let _ = write!(s, "; late: {}", late.join(", "));
            }
            if !pending.is_empty() {
                let _ = write!(s, "; pending: {}", pending.join(", "));
            }
            s
        }
        Measured::Counts { good, total } => format!("{} of {}", exact(*good), exact(*total)),
        Measured::NotMeasured => "-".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn percentages_are_truncated_never_rounded_up() {
        assert_eq!(percent(d("99.8999")), "99.899%");
        assert_eq!(percent(d("99.89996911435410393019844027")), "99.899%");
        assert_eq!(percent(d("99.9")), "99.9%");
        assert_eq!(percent(d("100")), "100%");
        assert_eq!(percent(d("99.90")), "99.9%");
        // Towards zero on both sides: a negative margin is not made larger.
        assert_eq!(percent(d("-0.0599")), "-0.059%");
    }

    #[test]
    fn durations_read_as_hours_minutes_seconds() {
        // 43 * 3600 + 12 * 60 = 155,520 s.
        assert_eq!(duration(155_520), "43h 12m");
        assert_eq!(duration(0), "0s");
        assert_eq!(duration(2591), "43m 11s");
        // 30 days: 720 hours.
        assert_eq!(duration(2_592_000), "720h");
        // 0.1% of 2,590,200 s = 2,590.2 s = 43 min 10.2 s.
        assert_eq!(duration_exact(d("2590.2")), "43m 10.2s");
        assert_eq!(duration_exact(d("0.5")), "0.5s");
        // Money to the cent, truncated: 3,000 EUR x 10 x 7,200 / 2,592,000 = 83.333... EUR.
        assert_eq!(cents(d("83.33333333333333333333333333")), "83.33");
        assert_eq!(amount(d("83.339"), "EUR"), "83.33 EUR");
        assert_eq!(amount(d("2.5"), "days of service"), "2.5 days of service");
    }

    #[test]
    fn a_margin_too_small_to_show_is_not_zero() {
        assert_eq!(by(Unit::Percent, d("0.0000308")), "less than 0.001%");
        assert_eq!(by(Unit::Percent, d("0.0591")), "0.059%");
        assert_eq!(by(Unit::Plain, d("12")), "12");
    }

    #[test]
    fn the_budget_share_is_truncated() {
        // 2,591 / 2,590.2 = 1.000308856... -> 100.030%.
        let b = Budget {
            allowed: d("2590.2"),
            used: 2591,
        };
        assert_eq!(budget_share(b).as_deref(), Some("100.03%"));
        let none = Budget {
            allowed: Decimal::ZERO,
            used: 10,
        };
        assert_eq!(budget_share(none), None);
    }

    fn credit(amount: &str, before: &str, unit: &str) -> Credit {
        Credit {
            tier: "< 99%".into(),
            written: "25%".into(),
            unit: unit.into(),
            amount: d(amount),
            before_limits: d(before),
            floored: false,
            capped: false,
            money: None,
        }
    }

    #[test]
    fn credits_say_when_the_cap_or_the_floor_changed_them() {
        // A tier of 30% under a cap of 25%.
        let capped = Credit {
            capped: true,
            ..credit("25", "30", "percent of the fee")
        };
        assert_eq!(
            credit_of(&capped),
            "25% of the fee (tier < 99%; capped from 30% of the fee)"
        );
        // 5% under a floor of 10%: nothing.
        let floored = Credit {
            floored: true,
            ..credit("0", "5", "percent of the fee")
        };
        assert_eq!(
            credit_of(&floored),
            "0% of the fee (tier < 99%; 5% of the fee is below the credit floor)"
        );
        let days = Credit {
            money: Some((d("300"), "USD".into())),
            ..credit("3", "3", "days of service")
        };
        assert_eq!(credit_of(&days), "3 days of service = 300 USD (tier < 99%)");
    }

    #[test]
    fn claims_read_automatic_dated_or_without_a_deadline() {
        let date = crate::model::Date::parse("2026-12-30").unwrap();
        let claim = Claim {
            automatic: true,
            anchor: date,
            deadline: None,
            rule: None,
            via: None,
            evidence: vec![],
        };
        assert_eq!(claim_of(&claim), "automatic: issued without a claim");
        let open = Claim {
            automatic: false,
            via: Some("email to sla@acme.example".into()),
            ..claim.clone()
        };
        assert_eq!(
            claim_of(&open),
            "claim (the agreement names no deadline) via email to sla@acme.example"
        );
        let dated = Claim {
            deadline: Some(date),
            via: None,
            ..open
        };
        assert_eq!(claim_of(&dated), "claim by 2026-12-30");
    }

    #[test]
    fn an_empty_report_renders_in_every_format() {
        let date = crate::model::Date::parse("2026-11-01").unwrap();
        let empty = Report {
            from: date,
            to: date,
            agreements: vec![],
            ignored: vec![],
        };
        let csv = render(&empty, AttainmentFormat::Csv);
        assert_eq!(csv.lines().count(), 1, "the header alone");
        let json: serde_json::Value =
            serde_json::from_str(&render(&empty, AttainmentFormat::Json)).unwrap();
        assert_eq!(json["agreements"], serde_json::json!([]));
        assert!(render(&empty, AttainmentFormat::Human).contains("0 agreements"));
        assert!(render(&empty, AttainmentFormat::Markdown).contains("0 agreements"));
        let html = render(&empty, AttainmentFormat::Html);
        assert!(html.ends_with("</html>\n") && html.contains("0 agreements"));
    }
}
