//! The many spellings of one thing in the SLA.directory data, each mapped to slagate's one
//! word, or to `None` with the reason it cannot be.
//!
//! The dataset's README says what to expect: `calculation_type` spelt about 11 ways, the
//! claim deadline's `anchor_point` about 20, the severity keys of `response_times` about 19,
//! support hours as free text. These functions normalise the spelling first (case, `_`, `-`
//! and spaces are one separator) and then match words, not whole strings, so that a spelling
//! this file has never seen (`end_of_the_calendar_month`) still maps when its words say the
//! same thing, and one that does not is reported by the caller with the reason given here.

/// Lowercase words of `s`: split at anything that is not a letter or a digit.
pub(crate) fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// A kebab-case id (`^[a-z0-9]+(-[a-z0-9]+)*$`, at most `max` characters) made of the ASCII
/// letters and digits of `s`; `None` when it has none.
pub(crate) fn id(s: &str, max: usize) -> Option<String> {
    let mut out = String::new();
    for w in s.split(|c: char| !c.is_ascii_alphanumeric()) {
        if w.is_empty() {
            continue;
        }
        let w = w.to_ascii_lowercase();
        let extra = usize::from(!out.is_empty()) + w.len();
        if out.len() + extra > max {
            if out.is_empty() {
                out.push_str(&w[..max]);
            }
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&w);
    }
    (!out.is_empty()).then_some(out)
}

/// What a claim deadline is counted from: slagate's `claims.from`.
pub(crate) fn anchor(s: &str) -> Result<&'static str, String> {
    let w = words(s);
    let has = |x: &str| w.iter().any(|y| y == x);
    let later = ["following", "next", "second", "consecutive", "subsequent"];
    if later.iter().any(|x| has(x)) {
        return Err(format!(
            "`{s}` counts from the end of a later period than the incident's; slagate's \
             `claims.from` has incident, end-of-month, end-of-quarter and end-of-billing-cycle"
        ));
    }
    if has("quarter") {
        return Ok("end-of-quarter");
    }
    if has("billing") || has("invoice") || has("cycle") {
        return Ok("end-of-billing-cycle");
    }
    if has("month") {
        return Ok("end-of-month");
    }
    let event = [
        "incident",
        "downtime",
        "outage",
        "failure",
        "event",
        "occurrence",
    ];
    if event.iter().any(|x| has(x)) {
        return Ok("incident");
    }
    Err(format!(
        "`{s}` is not the incident, the end of a month, quarter or billing cycle (what \
         slagate's `claims.from` can say)"
    ))
}

/// A severity key of `response_times` (`critical`, `p1`, `severity_1`, `severity_2_3`, `Sev 1`)
/// as the severity ids it names: one, or several for a range such as `severity_2_3`.
pub(crate) fn severity(key: &str) -> Option<Vec<String>> {
    let w = words(key);
    let (head, rest): (&str, &[String]) = match w.split_first() {
        Some((h, r)) => (h, r),
        None => return None,
    };
    // `severity1`, `sev1`, `p1`, `priority1`: a word with the number glued on.
    let glued = |prefix: &str| -> Option<u32> { head.strip_prefix(prefix)?.parse().ok() };
    let numbered = [
        ("severity", "severity"),
        ("sev", "severity"),
        ("priority", "p"),
        ("p", "p"),
        ("s", "severity"),
    ];
    for (prefix, canonical) in numbered {
        let mut numbers: Vec<u32> = Vec::new();
        if head == prefix {
            numbers = rest.iter().map_while(|x| x.parse().ok()).collect();
            if numbers.len() != rest.len() {
                continue;
            }
        } else if let Some(n) = glued(prefix) {
            numbers.push(n);
            let tail: Vec<u32> = rest.iter().map_while(|x| x.parse().ok()).collect();
            if tail.len() != rest.len() {
                continue;
            }
            numbers.extend(tail);
        }
        if numbers.is_empty() {
            continue;
        }
        let joiner = if canonical == "p" { "" } else { "-" };
        return Some(
            numbers
                .iter()
                .map(|n| format!("{canonical}{joiner}{n}"))
                .collect(),
        );
    }
    id(key, 40).map(|s| vec![s])
}

/// How urgent a severity id is, most urgent first, for the order of `spec.severities`.
pub(crate) fn severity_rank(id: &str) -> (u32, u32) {
    let named = [
        "emergency",
        "critical",
        "urgent",
        "blocker",
        "high",
        "major",
        "medium",
        "normal",
        "moderate",
        "standard",
        "low",
        "minor",
        "general",
    ];
    if let Some(n) = id
        .strip_prefix("severity-")
        .or_else(|| id.strip_prefix('p'))
        .and_then(|n| n.parse::<u32>().ok())
    {
        return (1, n);
    }
    match named.iter().position(|n| *n == id) {
        Some(i) => (0, i as u32),
        None => (2, 0),
    }
}

/// A response time as written (`< 1 hour`, `4 hours`, `1 business day`, `< 2 business hours`,
/// `30 min`) as a slagate target (`< 1h`, `<= 4h`, `<= 1bd`, `< 2bh`, `<= 30m`).
pub(crate) fn response_target(s: &str) -> Result<String, String> {
    let t = s.trim();
    let (cmp, rest) = if let Some(r) = t.strip_prefix("<=").or_else(|| t.strip_prefix('≤')) {
        ("<=", r)
    } else if let Some(r) = t.strip_prefix('<') {
        ("<", r)
    } else {
        let lower = t.to_lowercase();
        let prefixes = ["within ", "under ", "up to ", "less than "];
        match prefixes.iter().find(|p| lower.starts_with(*p)) {
            Some(p) if *p == "under " || *p == "less than " => ("<", &t[p.len()..]),
            Some(p) => ("<=", &t[p.len()..]),
            None => ("<=", t),
        }
    };
    let w = words(rest);
    let bad =
        || format!("`{s}` is not a number and a unit of time (`< 1 hour`, `4 business hours`)");
    let (number, unit) = match w.as_slice() {
        [n, u] => (n, vec![u.as_str()]),
        [n, b, u] if b == "business" || b == "working" => (n, vec!["business", u.as_str()]),
        [n] => {
            // `30min`, `4h`: the unit glued on.
            let split = n.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?;
            return glued(cmp, &n[..split], &n[split..]).ok_or_else(bad);
        }
        _ => return Err(bad()),
    };
    if number.parse::<u32>().is_err() || rest.contains('.') || rest.contains(',') {
        return Err(bad());
    }
    let unit = match unit.as_slice() {
        ["business", u] => match singular(u) {
            "hour" | "hr" => "bh",
            "day" => "bd",
            _ => return Err(bad()),
        },
        [u] => clock_unit(singular(u)).ok_or_else(bad)?,
        _ => return Err(bad()),
    };
    Ok(format!("{cmp} {number}{unit}"))
}

fn glued(cmp: &str, number: &str, unit: &str) -> Option<String> {
    number.parse::<u32>().ok()?;
    let unit = clock_unit(singular(unit))?;
    Some(format!("{cmp} {number}{unit}"))
}

fn singular(u: &str) -> &str {
    u.strip_suffix('s').filter(|s| !s.is_empty()).unwrap_or(u)
}

fn clock_unit(u: &str) -> Option<&'static str> {
    Some(match u {
        "minute" | "min" | "m" => "m",
        "hour" | "hr" | "h" => "h",
        "day" | "d" => "d",
        "week" | "wk" | "w" => "w",
        _ => return None,
    })
}

/// What `calculation_type` says about how a credit is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Calculation {
    /// Credit tiers by attainment.
    Tiered,
    /// No financial remedy.
    NoCredit,
    /// A formula (per incident, pro rata, a multiple, linear, flat): prose the tiers cannot hold.
    Formula,
}

/// `calculation_type` (`tiered`, `none`, `flat`, `per_incident`, `pro_rated`, `multiplier`,
/// `linear`, `proportional`, ...).
pub(crate) fn calculation(s: &str) -> Option<Calculation> {
    let w = words(s);
    let has = |x: &str| w.iter().any(|y| y == x);
    if has("tiered") || has("tier") || has("tiers") {
        Some(Calculation::Tiered)
    } else if has("none") || has("no") || w.is_empty() {
        Some(Calculation::NoCredit)
    } else if [
        "flat",
        "per",
        "pro",
        "prorated",
        "rated",
        "multiplier",
        "multiple",
        "linear",
        "proportional",
        "formula",
    ]
    .iter()
    .any(|x| has(x))
    {
        Some(Calculation::Formula)
    } else {
        None
    }
}

/// What `remedy_type` says the customer gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Remedy {
    /// Service credits.
    Credit,
    /// Credits applied without a claim.
    AutomaticCredit,
    /// Days of service added to the term.
    ServiceExtension,
    /// A right to terminate, with a refund of prepaid fees.
    TerminationRefund,
    /// A right to terminate only.
    Termination,
    /// A refund.
    Refund,
    /// No remedy.
    None,
}

/// `remedy_type` (`credit`, `service_credit`, `termination_only`, `no_credit`, `no_sla`, ...).
pub(crate) fn remedy(s: &str) -> Option<Remedy> {
    let w = words(s);
    let has = |x: &str| w.iter().any(|y| y == x);
    if has("no") || has("none") {
        Some(Remedy::None)
    } else if has("termination") || has("terminate") {
        Some(if has("refund") {
            Remedy::TerminationRefund
        } else {
            Remedy::Termination
        })
    } else if has("automatic") {
        Some(Remedy::AutomaticCredit)
    } else if has("extension") || has("days") {
        Some(Remedy::ServiceExtension)
    } else if has("refund") {
        Some(Remedy::Refund)
    } else if has("credit") || has("credits") {
        Some(Remedy::Credit)
    } else {
        None
    }
}

/// A support tier's `availability` as slagate's covered hours, when it names them: `24/7`
/// (any spelling of round-the-clock) is the built-in `24x7` calendar. Business hours have no
/// time zone in the data, so no calendar can be written for them.
pub(crate) fn round_the_clock(s: &str) -> bool {
    let compact: String = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    matches!(
        compact.as_str(),
        "24/7" | "24x7" | "24×7" | "24/7/365" | "24x7x365" | "always" | "around-the-clock"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_anchor_spelling_of_the_data_maps_or_says_why() {
        for s in [
            "incident_date",
            "downtime_date",
            "time_of_downtime",
            "incident_start",
            "end_of_downtime",
        ] {
            assert_eq!(anchor(s), Ok("incident"), "{s}");
        }
        for s in [
            "end_of_month",
            "end_of_calendar_month",
            "calendar_month_end",
            "month_end",
            "end of the month in which the Availability SLA was not met",
            "end_of_calendar_month_of_failure",
            "end_of_impacted_month",
            "impacted_month",
        ] {
            assert_eq!(anchor(s), Ok("end-of-month"), "{s}");
        }
        for s in ["end_of_quarter", "quarter_end"] {
            assert_eq!(anchor(s), Ok("end-of-quarter"), "{s}");
        }
        for s in ["end_of_billing_month", "billing_month", "invoice_date"] {
            assert_eq!(anchor(s), Ok("end-of-billing-cycle"), "{s}");
        }
        for s in [
            "end_of_following_month",
            "end_of_month_following_incident",
            "end_of_following_billing_month",
            "end_of_second_consecutive_failed_month",
            "eligibility_date",
            "credit_eligibility_date",
            "awareness_date",
            "reporting_period_end",
            "end_of_applicable_period",
            "degraded_performance_period",
        ] {
            let why = anchor(s).expect_err(s);
            assert!(why.contains(s), "{why}");
        }
    }

    #[test]
    fn severity_keys_become_ids() {
        let one = |k: &str| severity(k).unwrap();
        assert_eq!(one("critical"), ["critical"]);
        assert_eq!(one("severity1"), ["severity-1"]);
        assert_eq!(one("severity_1"), ["severity-1"]);
        assert_eq!(one("Sev 2"), ["severity-2"]);
        assert_eq!(one("P1"), ["p1"]);
        assert_eq!(one("priority_3"), ["p3"]);
        assert_eq!(one("severity_2_3"), ["severity-2", "severity-3"]);
        assert_eq!(one("Business Critical"), ["business-critical"]);
        assert_eq!(severity("—"), None);
        let mut ids = vec!["low", "general", "critical", "high"];
        ids.sort_by_key(|i| severity_rank(i));
        assert_eq!(ids, ["critical", "high", "low", "general"]);
        let mut ids = vec!["severity-3", "severity-1", "severity-10"];
        ids.sort_by_key(|i| severity_rank(i));
        assert_eq!(ids, ["severity-1", "severity-3", "severity-10"]);
    }

    #[test]
    fn response_times_become_targets() {
        let t = |s: &str| response_target(s).unwrap();
        assert_eq!(t("< 1 hour"), "< 1h");
        assert_eq!(t("4 hours"), "<= 4h");
        assert_eq!(t("< 15 minutes"), "< 15m");
        assert_eq!(t("30 min"), "<= 30m");
        assert_eq!(t("1 business day"), "<= 1bd");
        assert_eq!(t("< 2 business hours"), "< 2bh");
        assert_eq!(t("< 2 business days"), "< 2bd");
        assert_eq!(t("within 8 hours"), "<= 8h");
        assert_eq!(t("4h"), "<= 4h");
        for bad in [
            "next business day",
            "1.5 hours",
            "ASAP",
            "< 1 fortnight",
            "",
            "1,000 minutes",
        ] {
            let why = response_target(bad).expect_err(bad);
            assert!(why.contains("not a number and a unit"), "{why}");
        }
    }

    #[test]
    fn calculation_and_remedy_spellings() {
        use Calculation::*;
        for (s, c) in [
            ("tiered", Tiered),
            ("none", NoCredit),
            ("flat", Formula),
            ("per_incident", Formula),
            ("pro_rated", Formula),
            ("multiplier", Formula),
            ("linear", Formula),
            ("proportional", Formula),
        ] {
            assert_eq!(calculation(s), Some(c), "{s}");
        }
        assert_eq!(calculation("bespoke"), None);
        for (s, r) in [
            ("credit", Remedy::Credit),
            ("service_credit", Remedy::Credit),
            ("termination_only", Remedy::Termination),
            ("termination_refund", Remedy::TerminationRefund),
            ("termination_with_refund", Remedy::TerminationRefund),
            ("no_credit", Remedy::None),
            ("no_sla", Remedy::None),
            ("none", Remedy::None),
            ("service_extension", Remedy::ServiceExtension),
            ("automatic", Remedy::AutomaticCredit),
            ("refund", Remedy::Refund),
        ] {
            assert_eq!(remedy(s), Some(r), "{s}");
        }
        assert_eq!(remedy("goodwill"), None);
    }

    #[test]
    fn ids_are_kebab_case_and_bounded() {
        assert_eq!(
            id("Jira Service Management", 63).as_deref(),
            Some("jira-service-management")
        );
        assert_eq!(
            id("AEM_as a Cloud-Service", 63).as_deref(),
            Some("aem-as-a-cloud-service")
        );
        assert_eq!(
            id("Scheduled maintenance with prior notice", 24).as_deref(),
            Some("scheduled-maintenance")
        );
        assert_eq!(id("Ünïcode", 63).as_deref(), Some("n-code"));
        assert_eq!(id("!!!", 63), None);
        assert_eq!(id(&"a".repeat(80), 63).map(|s| s.len()), Some(63));
        assert!(
            round_the_clock("24/7")
                && round_the_clock("24 x 7")
                && !round_the_clock("Business hours")
        );
    }
}
