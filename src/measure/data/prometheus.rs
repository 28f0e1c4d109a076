//! Prometheus's `query_range` answer (a "matrix") read into a [`Series`].
//!
//! The answer is the JSON of `GET /api/v1/query_range`:
//! `{"status": "success", "data": {"resultType": "matrix", "result": [{"metric": {...},
//! "values": [[1730419200, "1"], ...]}]}}`. The same text comes from a file saved with
//! `curl` (a binding's `file:`) or from the client ([`crate::measure::prometheus`]), page by
//! page; both go through [`parse`].
//!
//! Values are read exactly, as [`Decimal`], from the strings Prometheus writes (`"0.99995"`,
//! `"1e-05"`). `NaN` and the infinities are not measurements (a ratio of 0/0 is `NaN`): they are
//! errors that say where, never a silent 0 or a skipped minute. An answer of several series is
//! an error unless the binding's `select:` names the one to use; the usual fix is to aggregate
//! in the query (`sum by () (...)`). The step must be 60 s: samples sit on one minute grid and
//! at least two of them are one minute apart.
//!
//! Values must fit the binding's kind: 0 or 1 for `up`, from 0 to 1 for `ratio` (an
//! `avg(up)` bound as `up`, or a percentage bound as a ratio, is refused, not misread).
//!
//! Positions: the answer is parsed with `serde_json`, each series kept as raw text and each
//! value's string borrowed from the answer, so an error's line is where that sample is
//! written (counted only when there is an error).

use std::collections::BTreeMap;
use std::sync::Arc;

use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::value::RawValue;

use super::{DataError, Missing, Origin, Series, SeriesKind};

/// The step every series is read at, in seconds.
pub const STEP: i64 = 60;

/// How one series is chosen and labelled: what a binding says about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The agreement it is limited to.
    pub agreement: Option<String>,
    /// The objective's id.
    pub objective: String,
    /// How the values read.
    pub kind: SeriesKind,
    /// What a missing sample counts as.
    pub missing: Missing,
    /// Labels the one series to use must carry (empty: the answer must hold one series).
    pub select: Vec<(String, String)>,
    /// Where the binding is written.
    pub origin: Origin,
}

/// One series of an answer, as read.
#[derive(Debug, Clone, PartialEq)]
pub struct Matrix {
    /// Its labels (`metric`).
    pub labels: BTreeMap<String, String>,
    /// `(unix seconds, value)` in the order written.
    pub samples: Vec<(i64, Decimal)>,
    /// The line its object starts on.
    pub line: u32,
}

#[derive(Deserialize)]
struct Answer<'a> {
    status: String,
    #[serde(borrow, default)]
    data: Option<AnswerData<'a>>,
    #[serde(default)]
    error: Option<String>,
    #[serde(default, rename = "errorType")]
    error_type: Option<String>,
}

#[derive(Deserialize)]
struct AnswerData<'a> {
    #[serde(rename = "resultType")]
    result_type: String,
    #[serde(borrow)]
    result: Vec<&'a RawValue>,
}

#[derive(Deserialize)]
struct Item<'a> {
    #[serde(default)]
    metric: BTreeMap<String, String>,
    #[serde(borrow, default)]
    values: Vec<(serde_json::Number, &'a str)>,
    #[serde(default)]
    histograms: Option<&'a RawValue>,
}

/// The 1-based line of `part`, a slice of `text`.
fn line_of(text: &str, part: &str) -> u32 {
    let offset = (part.as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
    let offset = offset.min(text.len());
    // A raw value starts at a JSON token, always a character boundary.
    text.get(..offset).map_or(0, |t| t.matches('\n').count()) as u32 + 1
}

/// Text from an answer, quoted for a message: control characters and quotes escaped, cut
/// after 200 characters, so a hostile answer cannot write lines or terminal codes.
pub fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for (i, c) in s.chars().enumerate() {
        if i == 200 {
            out.push('…');
            break;
        }
        out.extend(c.escape_debug());
    }
    out.push('"');
    out
}

fn error(file: &Arc<str>, line: u32, message: String, help: Option<&str>) -> DataError {
    DataError {
        origin: Origin {
            file: file.clone(),
            line,
        },
        message,
        help: help.map(str::to_string),
    }
}

/// Reads a `query_range` answer: every series with its samples, in the order written.
///
/// `file` names the text in errors. A `status` other than `success` is an error carrying
/// Prometheus's own `error` text (quoted); so is a result type other than `matrix`.
pub fn parse(file: &Arc<str>, text: &str) -> Result<Vec<Matrix>, DataError> {
    let answer: Answer = serde_json::from_str(text).map_err(|e| {
        error(
            file,
            e.line().max(1) as u32,
            format!("not a Prometheus query_range answer: {e}"),
            Some("save the answer of `/api/v1/query_range` as it comes (`curl -G .../api/v1/query_range --data-urlencode query=... -d start=... -d end=... -d step=60s`)"),
        )
    })?;
    if answer.status != "success" {
        let what = answer.error.as_deref().unwrap_or("no error text");
        let kind = answer
            .error_type
            .as_deref()
            .map_or(String::new(), |t| format!(" ({})", quote(t)));
        return Err(error(
            file,
            1,
            format!(
                "Prometheus answered status {}{kind}: {}",
                quote(&answer.status),
                quote(what)
            ),
            None,
        ));
    }
    let Some(data) = answer.data else {
        return Err(error(file, 1, "the answer has no `data`".to_string(), None));
    };
    if data.result_type != "matrix" {
        return Err(error(
            file,
            1,
            format!(
                "the answer's resultType is {}, not \"matrix\"",
                quote(&data.result_type)
            ),
            Some("use `/api/v1/query_range` (a range query), not `/api/v1/query`"),
        ));
    }
    let mut out = Vec::with_capacity(data.result.len());
    for raw in data.result {
        let line = line_of(text, raw.get());
        let series: Item = serde_json::from_str(raw.get()).map_err(|e| {
            // serde_json's message ends with a position in the series' text; the line is
            // made absolute here, so that suffix goes.
            let message = e.to_string();
            let message = message.rsplit_once(" at line ").map_or(message.as_str(), |m| m.0);
            error(
                file,
                line + e.line().saturating_sub(1) as u32,
                format!(
                    "a series of the answer is not `{{\"metric\": {{...}}, \"values\": [[unix seconds, \"value\"], ...]}}`: {message}"
                ),
                None,
            )
        })?;
        if series.histograms.is_some() {
            return Err(error(
                file,
                line,
                "the series holds native histograms, not numbers".to_string(),
                Some(
                    "query a number per minute (a ratio or a 0/1 up value), for instance with `histogram_fraction`",
                ),
            ));
        }
        let mut samples = Vec::with_capacity(series.values.len());
        for (time, value) in series.values {
            samples.push(sample(file, text, &time, value)?);
        }
        out.push(Matrix {
            labels: series.metric,
            samples,
            line,
        });
    }
    Ok(out)
}

/// One sample; `value` is borrowed from `text`, so its line is where it is written.
fn sample(
    file: &Arc<str>,
    text: &str,
    time: &serde_json::Number,
    value: &str,
) -> Result<(i64, Decimal), DataError> {
    let at = || line_of(text, value);
    let time = match time.as_i64() {
        Some(t) => t,
        None => match time.as_f64() {
            #[allow(clippy::float_cmp)]
            Some(f) if f.fract() == 0.0 && f.abs() < 1e15 => f as i64,
            _ => {
                return Err(error(
                    file,
                    at(),
                    format!("the sample time {time} is not a whole second"),
                    Some("query with `step=60s` and a `start` on a whole minute"),
                ));
            }
        },
    };
    let parsed = if value.contains(['e', 'E']) {
        Decimal::from_scientific(value).ok()
    } else {
        value.parse::<Decimal>().ok()
    };
    let Some(v) = parsed else {
        let help = match value {
            "NaN" => Some(
                "a ratio of 0/0 is NaN: make the query say what an idle minute is, e.g. `(good / total) or vector(1)`, or drop those minutes so the binding's `missing:` decides",
            ),
            "+Inf" | "-Inf" | "Inf" => {
                Some("a ratio divided by 0 is infinite: check the query's denominator")
            }
            _ => None,
        };
        return Err(error(
            file,
            at(),
            format!(
                "the value {} at {time} is not a number slagate can count",
                quote(value)
            ),
            help,
        ));
    };
    Ok((time, v))
}

/// The one series of `matrices` the target reads: the only one, or the only one whose labels
/// carry every label of `select`. Several are an error naming them; none is an empty series
/// (every minute missing, as the binding's `missing:` says).
pub fn choose(
    file: &Arc<str>,
    target: &Target,
    matrices: Vec<Matrix>,
) -> Result<Option<Matrix>, DataError> {
    let mut matching: Vec<Matrix> = matrices
        .into_iter()
        .filter(|m| {
            target
                .select
                .iter()
                .all(|(k, v)| m.labels.get(k).is_some_and(|l| l == v))
        })
        .collect();
    if matching.len() > 1 {
        let names: Vec<String> = matching
            .iter()
            .take(3)
            .map(|m| format!("line {}: {}", m.line, labels(&m.labels)))
            .collect();
        return Err(error(
            file,
            matching[1].line,
            format!(
                "the answer for objective `{}` has {} series ({}{}); a binding reads one",
                target.objective,
                matching.len(),
                names.join(", "),
                if matching.len() > 3 { ", ..." } else { "" }
            ),
            Some(
                "aggregate in the query, say `sum by () (your query)` or `min by () (...)`, or name the series with the binding's `select:` labels",
            ),
        ));
    }
    Ok(matching.pop())
}

/// `{job="api", instance="a"}`, values quoted.
fn labels(labels: &BTreeMap<String, String>) -> String {
    let inner: Vec<String> = labels
        .iter()
        .map(|(k, v)| format!("{}={}", k.escape_debug(), quote(v)))
        .collect();
    format!("{{{}}}", inner.join(", "))
}

/// The samples as a [`Series`]: strictly ascending, on one 60 s grid, and, when there are two
/// or more, at least one pair a minute apart (else the answer was queried at another step);
/// each value 0 or 1 for an `up` series, within [0, 1] for a `ratio`.
/// `line` of `file` is where errors about the order point.
pub fn series(
    file: &Arc<str>,
    line: u32,
    target: &Target,
    samples: Vec<(i64, Decimal)>,
) -> Result<Series, DataError> {
    let bad = samples.iter().find(|(_, v)| match target.kind {
        SeriesKind::Up => !v.is_zero() && *v != Decimal::ONE,
        SeriesKind::Ratio => v.is_sign_negative() && !v.is_zero() || *v > Decimal::ONE,
    });
    if let Some((t, v)) = bad {
        let (what, help) = match target.kind {
            SeriesKind::Up => (
                "0 or 1 (`kind: up`)",
                "for several instances, `min by () (up{...})` is up when all are; or bind a fraction as `kind: ratio`",
            ),
            SeriesKind::Ratio => (
                "from 0 to 1 (`kind: ratio`)",
                "divide a percentage by 100 in the query",
            ),
        };
        return Err(error(
            file,
            line,
            format!(
                "objective `{}`: the value {v} at {} is not {what}",
                target.objective,
                jiff::Timestamp::from_second(*t).map_or_else(|_| t.to_string(), |s| s.to_string())
            ),
            Some(help),
        ));
    }
    let mut one_step = samples.len() < 2;
    for pair in samples.windows(2) {
        let ((a, _), (b, _)) = (pair[0], pair[1]);
        if b <= a {
            return Err(error(
                file,
                line,
                format!(
                    "the samples of objective `{}` are not in time order: {b} after {a}",
                    target.objective
                ),
                None,
            ));
        }
        if (b - a) % STEP != 0 {
            return Err(error(
                file,
                line,
                format!(
                    "the samples at {a} and {b} are {} s apart: not on a {STEP} s step",
                    b - a
                ),
                Some("query with `step=60s`"),
            ));
        }
        one_step |= b - a == STEP;
    }
    if !one_step {
        let gap = samples
            .windows(2)
            .map(|p| p[1].0 - p[0].0)
            .min()
            .unwrap_or_default();
        return Err(error(
            file,
            line,
            format!(
                "no two samples of objective `{}` are {STEP} s apart (the closest are {gap} s): the step is not 60 s",
                target.objective
            ),
            Some("query with `step=60s`"),
        ));
    }
    Ok(Series {
        source: file.to_string(),
        agreement: target.agreement.clone(),
        objective: target.objective.clone(),
        kind: target.kind,
        missing: target.missing,
        step: STEP,
        samples,
        origin: target.origin.clone(),
    })
}

/// Reads a saved `query_range` answer (a binding's `file:`) as the target's series.
pub fn read(file: &Arc<str>, text: &str, target: &Target) -> Result<Series, DataError> {
    let matrices = parse(file, text)?;
    match choose(file, target, matrices)? {
        Some(m) => series(file, m.line, target, m.samples),
        None => series(file, 1, target, Vec::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target() -> Target {
        Target {
            agreement: None,
            objective: "availability".to_string(),
            kind: SeriesKind::Up,
            missing: Missing::Down,
            select: Vec::new(),
            origin: Origin {
                file: "bindings.yaml".into(),
                line: 3,
            },
        }
    }

    fn file() -> Arc<str> {
        "answer.json".into()
    }

    fn answer(values: &str) -> String {
        format!(
            "{{\"status\":\"success\",\"data\":{{\"resultType\":\"matrix\",\"result\":[\n{{\"metric\":{{}},\"values\":[\n{values}\n]}}]}}}}"
        )
    }

    #[test]
    fn values_are_exact_and_times_are_unix_seconds() {
        let text = answer("[1730419200,\"1\"],\n[1730419260,\"0.99995\"],\n[1730419320,\"1e-05\"]");
        let mut t = target();
        t.kind = SeriesKind::Ratio;
        let s = read(&file(), &text, &t).unwrap();
        assert_eq!(s.step, 60);
        assert_eq!(
            s.samples,
            vec![
                (1_730_419_200, Decimal::ONE),
                (1_730_419_260, Decimal::new(99_995, 5)),
                (1_730_419_320, Decimal::new(1, 5)),
            ]
        );
        assert_eq!(s.origin.line, 3);
    }

    #[test]
    fn nan_and_infinities_are_errors_with_their_line() {
        for bad in ["NaN", "+Inf", "-Inf"] {
            // Line 1: status...result, line 2: the series, line 3: the first sample, line 4: the bad one.
            let text = answer(&format!("[1730419200,\"1\"],\n[1730419260,\"{bad}\"]"));
            let e = read(&file(), &text, &target()).unwrap_err();
            assert_eq!(e.origin.line, 4, "{bad}: {e}");
            assert!(e.message.contains(bad), "{e}");
            assert!(e.help.is_some(), "{e}");
        }
    }

    #[test]
    fn a_status_error_carries_prometheus_text_escaped() {
        let text = r#"{"status":"error","errorType":"bad_data","error":"exceeded maximum resolution of 11,000 points per timeseries\u001b[31m\nfake line"}"#;
        let e = read(&file(), text, &target()).unwrap_err();
        assert!(e.message.contains("exceeded maximum resolution"), "{e}");
        assert!(
            !e.message.contains('\n') && !e.message.contains('\u{1b}'),
            "{e}"
        );
        assert!(e.message.contains("\\u{1b}"), "{e}");
    }

    #[test]
    fn several_series_are_an_error_unless_selected() {
        let text = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[\n\
            {\"metric\":{\"instance\":\"a\"},\"values\":[[60,\"1\"],[120,\"1\"]]},\n\
            {\"metric\":{\"instance\":\"b\"},\"values\":[[60,\"0\"],[120,\"1\"]]}]}}";
        let e = read(&file(), text, &target()).unwrap_err();
        assert_eq!(e.origin.line, 3);
        assert!(e.message.contains("2 series"), "{e}");
        assert!(e.help.as_deref().unwrap().contains("sum by ()"), "{e:?}");
        let mut t = target();
        t.select = vec![("instance".to_string(), "b".to_string())];
        let s = read(&file(), text, &t).unwrap();
        assert_eq!(s.samples, vec![(60, Decimal::ZERO), (120, Decimal::ONE)]);
    }

    #[test]
    fn the_step_must_be_a_minute() {
        // Five minutes apart throughout: queried at step=300s.
        let text = answer("[1730419200,\"1\"],\n[1730419500,\"1\"]");
        let e = read(&file(), &text, &target()).unwrap_err();
        assert!(e.message.contains("300 s"), "{e}");
        // 90 s apart: off the grid.
        let text = answer("[1730419200,\"1\"],\n[1730419260,\"1\"],\n[1730419350,\"1\"]");
        let e = read(&file(), &text, &target()).unwrap_err();
        assert!(e.message.contains("90 s apart"), "{e}");
        // A gap of three minutes after a one-minute step: missing samples, fine.
        let text = answer("[1730419200,\"1\"],\n[1730419260,\"1\"],\n[1730419440,\"1\"]");
        assert_eq!(read(&file(), &text, &target()).unwrap().samples.len(), 3);
        // Out of order.
        let text = answer("[1730419260,\"1\"],\n[1730419200,\"1\"]");
        assert!(read(&file(), &text, &target()).is_err());
    }

    #[test]
    fn other_answers_are_errors_with_help() {
        let e = read(
            &file(),
            "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}",
            &target(),
        )
        .unwrap_err();
        assert!(e.message.contains("vector"), "{e}");
        let e = read(
            &file(),
            "{\n\"status\": \"success\",\n\"data\": [",
            &target(),
        )
        .unwrap_err();
        assert_eq!(e.origin.line, 3, "{e}");
        let text = answer("[1730419200.5,\"1\"]");
        assert!(
            read(&file(), &text, &target())
                .unwrap_err()
                .message
                .contains("whole second")
        );
        // A number where the value's string should be: an error on its line (4), without
        // serde_json's position within the series.
        let text = answer("[1730419200,\"1\"],\n[1730419260,1]");
        let e = read(&file(), &text, &target()).unwrap_err();
        assert!(e.message.contains("[unix seconds"), "{e}");
        assert!(!e.message.contains("column"), "{e}");
        assert_eq!(e.origin.line, 4, "{e}");
    }

    #[test]
    fn values_must_fit_the_kind() {
        // 0.5 in an up series (an `avg(up)` of two instances, one down).
        let text = answer("[1730419200,\"1\"],\n[1730419260,\"0.5\"]");
        let e = read(&file(), &text, &target()).unwrap_err();
        assert!(
            e.message
                .contains("0.5 at 2024-11-01T00:01:00Z is not 0 or 1"),
            "{e}"
        );
        assert!(e.help.as_deref().unwrap().contains("min by ()"), "{e:?}");
        // The same as a ratio reads; 99.5 (a percentage) and -0.1 do not.
        let mut t = target();
        t.kind = SeriesKind::Ratio;
        assert_eq!(
            read(&file(), &text, &t).unwrap().samples[1].1,
            Decimal::new(5, 1)
        );
        for bad in ["99.5", "-0.1", "1.0001"] {
            let text = answer(&format!("[1730419200,\"{bad}\"]"));
            let e = read(&file(), &text, &t).unwrap_err();
            assert!(e.message.contains("not from 0 to 1"), "{bad}: {e}");
        }
        // The bounds themselves are ratios; -0 is 0.
        let text = answer("[1730419200,\"0\"],\n[1730419260,\"1\"],\n[1730419320,\"-0\"]");
        assert_eq!(read(&file(), &text, &t).unwrap().samples.len(), 3);
    }

    #[test]
    fn an_empty_answer_is_a_series_without_samples() {
        let text = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}";
        let s = read(&file(), text, &target()).unwrap();
        assert!(s.samples.is_empty());
        assert_eq!(s.missing, Missing::Down);
    }
}
