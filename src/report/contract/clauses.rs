//! The document model of a contract: an agreement as numbered sections of clauses, in plain
//! sentences.
//!
//! Each [`Clause`] has a stable [`key`](Clause::key) (`objective:availability`,
//! `credits:availability`, `support:critical`, `exclusion:force-majeure`, `claims`,
//! `notice` ...), so two revisions' clauses match by key whatever their numbers
//! ([`super::redline()`]). Its text holds no YAML key and no raw code: quantities are in words
//! (`13 minutes 3 seconds per calendar month`, `4 business hours`), ids without a name are
//! humanized (`Scheduled maintenance`). Text from the document is kept as written; the
//! renderers escape it. Sections with nothing to say are left out, and numbers are given
//! after that, so they have no gaps.

use std::fmt::Write as _;

use rust_decimal::Decimal;

use super::words::{self, and_list, humanize};
use crate::diff::impact;
use crate::model::{
    AgreementType, BUILTIN_24X7, Calendar, ClaimAnchor, Comparator, CreditAmount, DocKind,
    HolidayDate, Indicator, Objective, OwedBy, Party, SlaDocument, Spanned, Spec, Target,
};

/// An agreement as a reader sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contract {
    /// `metadata.id`: the file name of the rendered document and the match key across
    /// revisions (not shown as text).
    pub id: String,
    /// The title (`metadata.title`, else the id humanized).
    pub title: String,
    /// `Service level agreement` or `Operational level agreement`.
    pub kind: String,
    /// `metadata.version`.
    pub version: u64,
    /// Lines under the title: who it is between, the version, the document's labels.
    pub preamble: Vec<String>,
    /// The numbered sections, from 1.
    pub sections: Vec<Section>,
    /// The change history, oldest first, with its approvals.
    pub changelog: Vec<Amendment>,
}

impl Contract {
    /// Every clause, in order.
    pub fn clauses(&self) -> impl Iterator<Item = &Clause> {
        self.sections.iter().flat_map(|s| s.clauses.iter())
    }

    /// The clause with `key`.
    pub fn clause(&self, key: &str) -> Option<&Clause> {
        self.clauses().find(|c| c.key == key)
    }
}

/// A numbered section (`5. Service levels`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Its number, from 1.
    pub number: usize,
    /// Its heading.
    pub heading: String,
    /// A summary table above the clauses (the service levels, support by severity), if any.
    pub table: Option<Table>,
    /// Its clauses, numbered `number.1`, `number.2` ...
    pub clauses: Vec<Clause>,
}

/// One clause: a stable key, a number, a heading and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    /// The stable match key across revisions (`objective:availability`, `claims`).
    pub key: String,
    /// A key the clause had in an earlier revision (an objective's `renamedFrom`).
    pub previous_key: Option<String>,
    /// `5.2`.
    pub number: String,
    /// The heading (`Platform availability`).
    pub heading: String,
    /// The text: paragraphs, lists and tables.
    pub body: Vec<Block>,
    /// The objective ids whose terms the clause states (to attach findings).
    pub objectives: Vec<String>,
    /// JSON pointers of the document parts the clause states (`/spec/notice`), to attach
    /// findings by their path; a finding under one of them concerns the clause.
    pub sources: Vec<String>,
}

impl Clause {
    /// The clause's text as plain lines (a list item is `- item`, a table row its cells
    /// joined by `: `), the form the redline diffs.
    pub fn text(&self) -> String {
        let mut lines = Vec::new();
        for b in &self.body {
            match b {
                Block::Paragraph(p) => lines.push(p.clone()),
                Block::Items(items) => lines.extend(items.iter().map(|i| format!("- {i}"))),
                Block::Table(t) => lines.extend(t.rows.iter().map(|r| r.join(": "))),
            }
        }
        lines.join("\n")
    }
}

/// A part of a clause's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A paragraph.
    Paragraph(String),
    /// A bulleted list.
    Items(Vec<String>),
    /// A table.
    Table(Table),
}

/// A table of text cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The column headings.
    pub header: Vec<String>,
    /// The rows, as many cells as the header.
    pub rows: Vec<Vec<String>>,
}

/// One entry of the change history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Amendment {
    /// The version it made.
    pub version: u64,
    /// `15 September 2026`.
    pub date: String,
    /// When it takes effect, if later than its date.
    pub effective: Option<String>,
    /// What changed.
    pub summary: String,
    /// The change request, if named.
    pub change_request: Option<String>,
    /// Who approved it.
    pub approved_by: Vec<String>,
}

/// The contract of one validated agreement.
pub fn document(doc: &SlaDocument) -> Contract {
    document_among(doc, &[])
}

/// The contract of one validated agreement, naming the objectives it underpins
/// (`supports`) by their titles and names when their agreements are among `others`.
pub fn document_among(doc: &SlaDocument, others: &[SlaDocument]) -> Contract {
    let spec = &doc.spec;
    let b = Builder { doc, spec, others };
    let mut sections = vec![
        ("Parties", None, b.parties()),
        ("Term and review", None, b.term()),
        ("Services and scope", None, b.services()),
        ("Definitions", None, b.definitions()),
        ("Service levels", b.levels_table(), b.levels()),
        ("Support", b.support_table(), b.support()),
        ("Service credits", None, b.credits()),
        ("Claims", None, b.claims()),
        ("Exclusions", None, b.exclusions()),
        ("Responsibilities", None, b.responsibilities()),
        ("Reporting", None, b.reporting()),
        ("Notice", None, b.notice()),
        ("Termination and cancellation", None, b.ending()),
        ("Disputes", None, b.disputes()),
        ("Compliance", None, b.compliance()),
    ]
    .into_iter()
    .filter(|(_, _, clauses)| !clauses.is_empty())
    .enumerate()
    .map(|(i, (heading, table, clauses))| Section {
        number: i + 1,
        heading: heading.into(),
        table,
        clauses,
    })
    .collect::<Vec<_>>();
    for s in &mut sections {
        for (j, c) in s.clauses.iter_mut().enumerate() {
            c.number = format!("{}.{}", s.number, j + 1);
        }
    }
    Contract {
        id: doc.id.value.clone(),
        title: doc
            .title
            .as_ref()
            .map_or_else(|| humanize(&doc.id.value), |t| t.value.clone()),
        kind: match doc.kind.value {
            DocKind::Sla => "Service level agreement".into(),
            DocKind::Ola => "Operational level agreement".into(),
        },
        version: doc.version.value,
        preamble: b.preamble(),
        sections,
        changelog: spec
            .changelog
            .iter()
            .map(|e| Amendment {
                version: e.version.value,
                date: words::date(e.date.value),
                effective: e.effective.as_ref().map(|d| words::date(d.value)),
                summary: e.summary.value.clone(),
                change_request: e.change_request.as_ref().map(|c| c.value.clone()),
                approved_by: e.approved_by.iter().map(|a| a.value.clone()).collect(),
            })
            .collect(),
    }
}

/// A clause before it is numbered.
fn clause(key: impl Into<String>, heading: impl Into<String>, body: Vec<Block>) -> Clause {
    Clause {
        key: key.into(),
        previous_key: None,
        number: String::new(),
        heading: heading.into(),
        body,
        objectives: Vec::new(),
        sources: Vec::new(),
    }
}

impl Clause {
    fn from(mut self, pointer: impl Into<String>) -> Clause {
        self.sources.push(pointer.into());
        self
    }

    fn about(mut self, objective: &str) -> Clause {
        self.objectives.push(objective.to_string());
        self
    }
}

fn para(s: impl Into<String>) -> Block {
    Block::Paragraph(s.into())
}

/// `Ends with a full stop.`: text from the document is a sentence as written, with a stop
/// added when it has none, so sentences built around it read on.
fn sentence(s: &str) -> String {
    let s = s.trim();
    if s.ends_with(['.', '!', '?', ':']) {
        s.to_string()
    } else {
        format!("{s}.")
    }
}

struct Builder<'a> {
    doc: &'a SlaDocument,
    spec: &'a Spec,
    others: &'a [SlaDocument],
}

impl Builder<'_> {
    fn provider(&self) -> &str {
        &self.spec.provider.name.value
    }

    fn customer(&self) -> &str {
        &self.spec.customer.name.value
    }

    fn preamble(&self) -> Vec<String> {
        let mut out = vec![format!(
            "Between {} (the provider) and {} (the customer). Version {}.",
            self.provider(),
            self.customer(),
            self.doc.version.value
        )];
        if !self.doc.labels.is_empty() {
            let labels: Vec<String> = self
                .doc
                .labels
                .iter()
                .map(|(k, v)| format!("{} {}", humanize(&k.value), v.value))
                .collect();
            out.push(format!("Reference: {}.", labels.join("; ")));
        }
        out
    }

    fn parties(&self) -> Vec<Clause> {
        let kind = match self.doc.kind.value {
            DocKind::Sla => "service level agreement",
            DocKind::Ola => "operational level agreement",
        };
        let mut text = format!(
            "This {kind} is made between {} (the provider) and {} (the customer).",
            self.provider(),
            self.customer()
        );
        text.push(' ');
        text.push_str(match (self.doc.kind.value, self.spec.agreement_type.value) {
            (DocKind::Ola, _) => {
                "It is an internal agreement that underpins the service levels owed to customers."
            }
            (_, AgreementType::Customer) => "It is an agreement with an external customer.",
            (_, AgreementType::Internal) => "It is an internal agreement between departments.",
            (_, AgreementType::Multilevel) => {
                "It is a multi-level agreement: it sets several levels of service in one agreement."
            }
        });
        let mut out = vec![
            clause("parties", "The parties", vec![para(text)])
                .from("/spec/parties")
                .from("/spec/type")
                .from("/kind"),
        ];
        for (side, party) in [
            ("provider", &self.spec.provider),
            ("customer", &self.spec.customer),
        ] {
            if party.contacts.is_empty() {
                continue;
            }
            out.push(
                clause(
                    format!("contacts:{side}"),
                    format!("Contacts of {}", party.name.value),
                    vec![Block::Items(party.contacts.iter().map(contact).collect())],
                )
                .from(format!("/spec/parties/{side}/contacts")),
            );
        }
        let approvals: Vec<String> = [&self.spec.provider, &self.spec.customer]
            .into_iter()
            .filter(|p| !p.approvers.is_empty())
            .map(approvers)
            .collect();
        if !approvals.is_empty() {
            out.push(
                clause(
                    "approvers",
                    "Who approves changes",
                    vec![para(format!(
                        "Changes to this agreement are approved {}.",
                        approvals.join(", and ")
                    ))],
                )
                .from("/spec/parties/provider/approvers")
                .from("/spec/parties/customer/approvers"),
            );
        }
        out
    }

    fn term(&self) -> Vec<Clause> {
        let from = words::date(self.spec.effective_from.value);
        let term = match &self.spec.effective_until {
            Some(u) => format!(
                "This agreement takes effect on {from} and ends at the end of {}.",
                words::date(u.value)
            ),
            None => format!("This agreement takes effect on {from} and has no fixed end date."),
        };
        let every = self.spec.review_every.value;
        let review = match &self.spec.review_last {
            Some(last) => format!(
                "The parties review this agreement {}. It was last reviewed on {}; the next review is due by {}.",
                words::every(every),
                words::date(last.value),
                words::date(words::next_due(last.value, every))
            ),
            None => format!(
                "The parties review this agreement {}. It has not been reviewed yet; the first review is due by {}.",
                words::every(every),
                words::date(words::next_due(self.spec.effective_from.value, every))
            ),
        };
        vec![
            clause("term", "Term", vec![para(term)]).from("/spec/effective"),
            clause("review", "Review", vec![para(review)]).from("/spec/review"),
        ]
    }

    fn services(&self) -> Vec<Clause> {
        let mut out = Vec::new();
        if let Some(d) = &self.spec.description {
            out.push(
                clause("description", "The service", vec![para(d.value.clone())])
                    .from("/spec/description"),
            );
        }
        for (i, s) in self.spec.services.iter().enumerate() {
            let mut body = vec![para(sentence(&s.description.value))];
            if !s.scope.is_empty() {
                body.push(para("In scope:"));
                body.push(Block::Items(
                    s.scope.iter().map(|x| x.value.clone()).collect(),
                ));
            }
            out.push(
                clause(
                    format!("service:{}", s.id.value),
                    s.name.value.clone(),
                    body,
                )
                .from(format!("/spec/services/{i}")),
            );
        }
        if !self.spec.plans.is_empty() {
            let names: Vec<String> = self
                .spec
                .plans
                .iter()
                .map(|p| p.name.value.clone())
                .collect();
            let text = if names.len() == 1 {
                format!("The service is offered in one plan: {}.", names[0])
            } else {
                format!(
                    "The service is offered in {} plans, from the lowest to the highest: {}.",
                    names.len(),
                    and_list(&names)
                )
            };
            out.push(clause("plans", "Plans", vec![para(text)]).from("/spec/plans"));
        }
        out
    }

    fn definitions(&self) -> Vec<Clause> {
        let mut out: Vec<Clause> = self
            .spec
            .definitions
            .iter()
            .map(|d| {
                clause(
                    format!("definition:{}", d.term.value),
                    d.term.value.clone(),
                    vec![para(format!(
                        "\u{201c}{}\u{201d} means: {}",
                        d.term.value,
                        sentence(&d.definition.value)
                    ))],
                )
                .from("/spec/definitions")
            })
            .collect();
        for (i, c) in self.spec.calendars.iter().enumerate() {
            out.push(
                clause(
                    format!("hours:{}", c.id.value),
                    humanize(&c.id.value),
                    calendar(c),
                )
                .from(format!("/spec/calendars/{}", c.id.value))
                .from(format!("/spec/calendars/{i}")),
            );
        }
        let used = self.spec.objectives.iter().any(|o| o.severity.is_some());
        if self.spec.severities_explicit || used {
            let names: Vec<String> = self
                .spec
                .severities
                .iter()
                .map(|s| humanize(&s.value).to_lowercase())
                .collect();
            let mut body = vec![para(format!(
                "Incidents are classed by severity, from the most to the least severe: {}.",
                and_list(&names)
            ))];
            if !self.spec.severity_definitions.is_empty() {
                body.push(Block::Items(
                    self.spec
                        .severity_definitions
                        .iter()
                        .map(|d| {
                            format!(
                                "{}: {}",
                                humanize(&d.term.value),
                                sentence(&d.definition.value)
                            )
                        })
                        .collect(),
                ));
            }
            out.push(clause("severities", "Severity levels", body).from("/spec/severities"));
        }
        out
    }

    fn service_name(&self, id: &str) -> String {
        self.spec
            .services
            .iter()
            .find(|s| s.id.value == id)
            .map_or_else(|| humanize(id), |s| s.name.value.clone())
    }

    /// `during business hours` or `around the clock`.
    #[allow(clippy::unused_self)] // beside the other wordings of an objective
    fn hours(&self, o: &Objective) -> String {
        let id = o.hours_id();
        if id == BUILTIN_24X7 {
            "around the clock".into()
        } else {
            format!("during {}", humanize(id).to_lowercase())
        }
    }

    /// The promise in one sentence.
    fn statement(&self, o: &Objective) -> String {
        let service = self.service_name(&o.service.value);
        let t = words::written(&o.target);
        let when = words::each_window(o.window());
        let hours = self.hours(o);
        let pct = o
            .percentile
            .as_ref()
            .map(|p| format!("{} ", percentile(p.value.as_str())))
            .unwrap_or_default();
        let share = o
            .share
            .as_deref()
            .map(|s| format!(", for {} of them in {when}", words::written(s)));
        let (to_case, case) = match &o.severity {
            Some(s) => {
                let sev = humanize(&s.value).to_lowercase();
                (
                    format!(" to an incident of severity {sev}"),
                    format!("An incident of severity {sev}"),
                )
            }
            None => (String::new(), "Each case".into()),
        };
        match o.indicator.value {
            Indicator::Availability => {
                format!("{service} is available {t} of the time in {when}, counted {hours}.")
            }
            Indicator::Latency => format!(
                "The {pct}response time of {service} is {t}, measured over {when}, {hours}."
            ),
            Indicator::ResponseTime => format!(
                "The first response{to_case} comes {}, counted {hours}{}.",
                words::deadline(&o.target.value),
                share.unwrap_or_default()
            ),
            Indicator::ResolutionTime => format!(
                "{case} is resolved {}, counted {hours}{}.",
                words::deadline(&o.target.value),
                share.unwrap_or_default()
            ),
            Indicator::ErrorRate => {
                format!("The error rate of {service} is {t}, measured over {when}, {hours}.")
            }
            Indicator::Throughput => {
                format!("The throughput of {service} is {t}, measured over {when}, {hours}.")
            }
            Indicator::Capacity => {
                format!("The capacity of {service} is {t}, measured over {when}, {hours}.")
            }
            Indicator::Satisfaction => {
                format!("Satisfaction with {service} is {t}, measured over {when}, {hours}.")
            }
            Indicator::Ratio | Indicator::Count | Indicator::Custom => format!(
                "{} ({service}) is {t}, measured over {when}, {hours}{}.",
                objective_name(o),
                share.unwrap_or_default()
            ),
        }
    }

    /// `13 minutes 3 seconds per calendar month on average`, for availability objectives.
    fn downtime(&self, o: &Objective) -> Option<String> {
        let d = impact::downtime(o, self.spec)?;
        let average = if matches!(o.window(), crate::model::Window::Rolling(_)) {
            ""
        } else {
            " on average"
        };
        Some(format!(
            "{} {}{average}",
            words::duration(d.allowed),
            words::per_window(d.window)
        ))
    }

    fn objective_body(&self, o: &Objective) -> Vec<Block> {
        let mut body = vec![para(self.statement(o))];
        if let Some(d) = &o.description {
            body.push(para(sentence(&d.value)));
        }
        // The details as a list under the promise: a reader scans them.
        let mut details: Vec<String> = Vec::new();
        if let Some(d) = self.downtime(o) {
            details.push(format!("Allowed downtime: {d}."));
        }
        if let Some(m) = &o.measurement {
            let mut s = format!("How it is measured: {}", sentence(&m.description.value));
            if let Some(sample) = &m.sample {
                let _ = write!(s, " Sampled every {}.", words::duration(sample.value));
            }
            if let Some(scope) = &m.scope {
                let _ = write!(s, " Scope: {}", sentence(&scope.value));
            }
            details.push(s);
        }
        if !o.exclusions.is_empty() {
            let names: Vec<String> = o
                .exclusions
                .iter()
                .map(|e| humanize(&e.value).to_lowercase())
                .collect();
            details.push(format!(
                "Not counted against it: {} (see Exclusions).",
                and_list(&names)
            ));
        }
        if let Some(plan) = &o.plan {
            let name = self
                .spec
                .plans
                .iter()
                .find(|p| p.id.value == plan.value)
                .map_or_else(|| humanize(&plan.value), |p| p.name.value.clone());
            details.push(format!("It applies to the {name} plan."));
        }
        if o.owed_by() == OwedBy::Customer {
            details.push(format!(
                "This service level is owed by {} to {}.",
                self.customer(),
                self.provider()
            ));
        }
        if !o.supports.is_empty() {
            let refs: Vec<String> = o
                .supports
                .iter()
                .map(|s| {
                    let doc = self.others.iter().find(|d| d.id.value == s.value.document);
                    let title = doc.map_or_else(
                        || format!("agreement {}", humanize(&s.value.document)),
                        |d| {
                            d.title
                                .as_ref()
                                .map_or_else(|| humanize(&d.id.value), |t| t.value.clone())
                        },
                    );
                    let objective = doc
                        .and_then(|d| d.spec.objective(&s.value.objective))
                        .map_or_else(|| humanize(&s.value.objective), objective_name);
                    format!("\u{201c}{objective}\u{201d} of the {title}")
                })
                .collect();
            details.push(format!("It underpins {}.", and_list(&refs)));
        }
        if !o.credits.is_empty() {
            details.push("Service credits apply when it is missed (see Service credits).".into());
        }
        if !details.is_empty() {
            body.push(Block::Items(details));
        }
        body
    }

    fn levels(&self) -> Vec<Clause> {
        self.spec
            .objectives
            .iter()
            .filter(|o| o.severity.is_none())
            .map(|o| {
                clause(
                    format!("objective:{}", o.id.value),
                    objective_name(o),
                    self.objective_body(o),
                )
                .renamed(o)
                .about(&o.id.value)
                .from(o.pointer(""))
            })
            .collect()
    }

    fn levels_table(&self) -> Option<Table> {
        let rows: Vec<Vec<String>> = self
            .spec
            .objectives
            .iter()
            .filter(|o| o.severity.is_none())
            .map(|o| {
                let pct = o
                    .percentile
                    .as_ref()
                    .map(|p| format!(" ({})", percentile(p.value.as_str())))
                    .unwrap_or_default();
                vec![
                    objective_name(o),
                    format!("{}{pct}", words::written(&o.target)),
                    words::window(o.window()),
                    words::capitalize(&self.hours(o)),
                    self.downtime(o).unwrap_or_else(|| "\u{2014}".into()),
                ]
            })
            .collect();
        (!rows.is_empty()).then(|| Table {
            header: [
                "Service level",
                "Promise",
                "Measured over",
                "Hours",
                "Allowed downtime",
            ]
            .map(String::from)
            .to_vec(),
            rows,
        })
    }

    /// The severities that objectives name, most severe first (unknown ones last).
    fn severities(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for s in &self.spec.severities {
            if self
                .spec
                .objectives
                .iter()
                .any(|o| o.severity.as_ref().is_some_and(|x| x.value == s.value))
            {
                out.push(s.value.clone());
            }
        }
        for o in &self.spec.objectives {
            if let Some(s) = &o.severity
                && !out.contains(&s.value)
            {
                out.push(s.value.clone());
            }
        }
        out
    }

    fn support(&self) -> Vec<Clause> {
        self.severities()
            .into_iter()
            .map(|sev| {
                let objectives: Vec<&Objective> = self
                    .spec
                    .objectives
                    .iter()
                    .filter(|o| o.severity.as_ref().is_some_and(|s| s.value == sev))
                    .collect();
                let mut body = Vec::new();
                for o in &objectives {
                    body.push(para(format!(
                        "{}: {}",
                        objective_name(o),
                        self.statement(o)
                    )));
                    body.extend(self.objective_body(o).into_iter().skip(1));
                }
                let mut c = clause(format!("support:{sev}"), humanize(&sev), body);
                for o in &objectives {
                    c = c.about(&o.id.value).from(o.pointer(""));
                }
                c
            })
            .collect()
    }

    fn support_table(&self) -> Option<Table> {
        let severities = self.severities();
        if severities.is_empty() {
            return None;
        }
        let cell = |sev: &str, ind: Indicator| {
            self.spec
                .objectives
                .iter()
                .filter(|o| {
                    o.indicator.value == ind && o.severity.as_ref().is_some_and(|s| s.value == sev)
                })
                .map(|o| {
                    let share = o
                        .share
                        .as_deref()
                        .map(|s| format!(", for {} of cases", words::written(s)))
                        .unwrap_or_default();
                    format!(
                        "{}, {}{share}",
                        words::deadline(&o.target.value),
                        self.hours(o)
                    )
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        let dash = |s: String| if s.is_empty() { "\u{2014}".into() } else { s };
        Some(Table {
            header: ["Severity", "First response", "Resolution"]
                .map(String::from)
                .to_vec(),
            rows: severities
                .iter()
                .map(|sev| {
                    vec![
                        humanize(sev),
                        dash(cell(sev, Indicator::ResponseTime)),
                        dash(cell(sev, Indicator::ResolutionTime)),
                    ]
                })
                .collect(),
        })
    }

    fn credits(&self) -> Vec<Clause> {
        let mut out = Vec::new();
        for o in self
            .spec
            .objectives
            .iter()
            .filter(|o| !o.credits.is_empty())
        {
            let name = objective_name(o);
            let lead = match o.share.as_deref() {
                Some(_) => format!(
                    "When the share of cases that meet \u{201c}{name}\u{201d} in {} is:",
                    words::each_window(o.window()).replacen("each", "a", 1)
                ),
                None => format!(
                    "When \u{201c}{name}\u{201d} in {} is:",
                    words::each_window(o.window()).replacen("each", "a", 1)
                ),
            };
            let rows = tiers(o)
                .into_iter()
                .map(|(band, credit)| vec![band, credit])
                .collect();
            out.push(
                clause(
                    format!("credits:{}", o.id.value),
                    format!("Credits for {name}"),
                    vec![
                        para(lead),
                        Block::Table(Table {
                            header: vec!["Attainment".into(), "Credit".into()],
                            rows,
                        }),
                    ],
                )
                .renamed_as("credits", o)
                .about(&o.id.value)
                .from(o.pointer("credits")),
            );
        }
        let percent = self
            .spec
            .objectives
            .iter()
            .flat_map(|o| &o.credits)
            .any(|t| matches!(t.credit.value, CreditAmount::Percent(_)));
        if let Some(base) = &self.spec.credit_base {
            out.push(
                clause(
                    "credits:base",
                    "What a percentage credit is of",
                    vec![para(format!(
                        "A percentage credit is a percentage of the {}",
                        sentence(&base.value)
                    ))],
                )
                .from("/spec/remedies/creditBase"),
            );
        } else if percent {
            out.push(clause(
                "credits:base",
                "What a percentage credit is of",
                vec![para(
                    "A percentage credit is a percentage of the fee for the affected service in the measurement window.",
                )],
            ));
        }
        if let Some(f) = &self.spec.credit_floor {
            out.push(
                clause(
                    "credits:floor",
                    "Smallest credit",
                    vec![para(format!(
                        "A percentage credit smaller than {} is not owed.",
                        f.value
                    ))],
                )
                .from("/spec/remedies/creditFloor"),
            );
        }
        if let Some(c) = &self.spec.credit_cap {
            out.push(
                clause(
                    "credits:cap",
                    "Cap on credits",
                    vec![para(format!(
                        "The credits owed for one service level in one measurement window never exceed {}.",
                        words::cap(&c.value)
                    ))],
                )
                .from("/spec/remedies/creditCap"),
            );
        }
        if !self.spec.refund.is_empty() {
            out.push(
                clause(
                    "refund",
                    "Refunds",
                    vec![
                        para(format!("{} refunds:", self.provider())),
                        Block::Items(self.spec.refund.iter().map(|r| r.value.clone()).collect()),
                    ],
                )
                .from("/spec/remedies/refund"),
            );
        }
        if let Some(s) = &self.spec.sole_remedy {
            let text = if s.value {
                "The service credits and refunds of this agreement are the customer's sole and exclusive remedy for a missed service level."
            } else {
                "The service credits and refunds of this agreement are not the customer's sole remedy: the customer keeps its other rights."
            };
            out.push(
                clause("sole-remedy", "Sole remedy", vec![para(text)])
                    .from("/spec/remedies/soleRemedy"),
            );
        }
        out
    }

    fn claims(&self) -> Vec<Clause> {
        let Some(c) = self.spec.claims.as_deref() else {
            return Vec::new();
        };
        let within = if c.in_business_days() {
            let days = c.within.value.millis() / Decimal::from(86_400_000);
            let unit = if days == Decimal::ONE {
                "business day"
            } else {
                "business days"
            };
            format!("{} {unit}", words::with_thousands(days))
        } else {
            words::duration(c.within.value)
        };
        let from = match c.from.value {
            ClaimAnchor::Incident => "of the incident",
            ClaimAnchor::EndOfMonth => "of the end of the month in which the incident occurred",
            ClaimAnchor::EndOfQuarter => "of the end of the quarter in which the incident occurred",
            ClaimAnchor::EndOfBillingCycle => {
                "of the end of the billing cycle in which the incident occurred"
            }
        };
        let mut body = Vec::new();
        if c.is_automatic() {
            body.push(para(format!(
                "Credits are issued without a claim. A claim for a credit not issued can be made within {within} {from}."
            )));
        } else {
            body.push(para(format!(
                "Credits are issued only on a claim, made within {within} {from}."
            )));
        }
        if let Some(via) = &c.via {
            body.push(para(format!(
                "A claim is made through: {}",
                sentence(&via.value)
            )));
        }
        if !c.evidence.is_empty() {
            body.push(para("A claim includes:"));
            body.push(Block::Items(
                c.evidence.iter().map(|e| e.value.clone()).collect(),
            ));
        }
        vec![clause("claims", "How to claim a credit", body).from("/spec/remedies/claims")]
    }

    fn exclusions(&self) -> Vec<Clause> {
        self.spec
            .exclusions
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let mut body = vec![para(sentence(&e.description.value))];
                if let Some(max) = &e.max {
                    body.push(para(format!(
                        "At most {} of it is excluded in each measurement window; beyond that it counts.",
                        words::duration(max.value)
                    )));
                }
                let users: Vec<String> = self
                    .spec
                    .objectives
                    .iter()
                    .filter(|o| o.exclusions.iter().any(|x| x.value == e.id.value))
                    .map(objective_name)
                    .collect();
                if !users.is_empty() {
                    body.push(para(format!("It applies to: {}.", and_list(&users))));
                }
                clause(format!("exclusion:{}", e.id.value), humanize(&e.id.value), body)
                    .from(format!("/spec/exclusions/{i}"))
            })
            .collect()
    }

    fn responsibilities(&self) -> Vec<Clause> {
        let mut out = Vec::new();
        for (side, party, duties) in [
            ("provider", &self.spec.provider, &self.spec.provider_duties),
            ("customer", &self.spec.customer, &self.spec.customer_duties),
        ] {
            if duties.is_empty() {
                continue;
            }
            out.push(
                clause(
                    format!("responsibilities:{side}"),
                    format!("{} ({side})", party.name.value),
                    vec![
                        para(format!("{} will:", party.name.value)),
                        Block::Items(duties.iter().map(|d| d.value.clone()).collect()),
                    ],
                )
                .from(format!("/spec/responsibilities/{side}")),
            );
        }
        out
    }

    fn reporting(&self) -> Vec<Clause> {
        let Some(r) = &self.spec.reporting else {
            return Vec::new();
        };
        let to: Vec<String> = r.to.iter().map(|t| t.value.clone()).collect();
        let mut text = format!(
            "{} reports on the service levels {}",
            self.provider(),
            words::every(r.every.value)
        );
        if !to.is_empty() {
            let _ = write!(text, " to {}", and_list(&to));
        }
        text.push('.');
        let mut body = vec![para(text)];
        if let Some(via) = &r.via {
            body.push(para(format!("How: {}", sentence(&via.value))));
        }
        vec![clause("reporting", "Service reports", body).from("/spec/reporting")]
    }

    fn notice(&self) -> Vec<Clause> {
        let n = &self.spec.notice;
        let mut body = Vec::new();
        if let Some(m) = &n.maintenance {
            body.push(para(format!(
                "{} announces scheduled maintenance at least {} ahead.",
                self.provider(),
                words::duration(m.value)
            )));
        }
        if let Some(a) = &n.adverse_change {
            body.push(para(format!(
                "A change that makes this agreement less favourable to the customer takes effect at least {} after it is agreed.",
                words::duration(a.value)
            )));
        }
        if body.is_empty() {
            return Vec::new();
        }
        vec![clause("notice", "Notice", body).from("/spec/notice")]
    }

    fn ending(&self) -> Vec<Clause> {
        let mut out = Vec::new();
        if !self.spec.termination.is_empty() {
            out.push(
                clause(
                    "termination",
                    "Termination rights",
                    vec![
                        para(format!(
                            "{} may terminate this agreement when:",
                            self.customer()
                        )),
                        Block::Items(
                            self.spec
                                .termination
                                .iter()
                                .map(|t| t.value.clone())
                                .collect(),
                        ),
                    ],
                )
                .from("/spec/remedies/termination"),
            );
        }
        if !self.spec.cancellation.is_empty() {
            out.push(
                clause(
                    "cancellation",
                    "Cancellation",
                    vec![
                        para("This agreement may be ended:"),
                        Block::Items(
                            self.spec
                                .cancellation
                                .iter()
                                .map(|t| t.value.clone())
                                .collect(),
                        ),
                    ],
                )
                .from("/spec/cancellation"),
            );
        }
        out
    }

    fn disputes(&self) -> Vec<Clause> {
        self.spec
            .disputes
            .iter()
            .map(|d| {
                clause(
                    "disputes",
                    "Resolving disputes",
                    vec![para(d.value.clone())],
                )
                .from("/spec/disputes")
            })
            .collect()
    }

    fn compliance(&self) -> Vec<Clause> {
        if self.spec.compliance.is_empty() {
            return Vec::new();
        }
        vec![
            clause(
                "compliance",
                "Compliance commitments",
                vec![
                    para(format!("{} keeps these commitments:", self.provider())),
                    Block::Items(
                        self.spec
                            .compliance
                            .iter()
                            .map(|c| c.value.clone())
                            .collect(),
                    ),
                ],
            )
            .from("/spec/compliance"),
        ]
    }
}

impl Clause {
    /// An objective clause renamed on purpose keeps its match with the old id.
    fn renamed(self, o: &Objective) -> Clause {
        self.renamed_as("objective", o)
    }

    fn renamed_as(mut self, prefix: &str, o: &Objective) -> Clause {
        self.previous_key = o
            .renamed_from
            .as_ref()
            .map(|r| format!("{prefix}:{}", r.value));
        self
    }
}

/// An objective's name, else its id humanized.
fn objective_name(o: &Objective) -> String {
    o.name
        .as_ref()
        .map_or_else(|| humanize(&o.id.value), |n| n.value.clone())
}

/// `95th-percentile`.
fn percentile(p: &str) -> String {
    let n = p.trim_start_matches('p');
    format!("{n}th-percentile")
}

/// `Service delivery manager: Jane Doe (jane.doe@northwind.example)`.
fn contact(c: &crate::model::Contact) -> String {
    match &c.email {
        Some(e) => format!("{}: {} ({})", c.role.value, c.name.value, e.value),
        None => format!("{}: {}", c.role.value, c.name.value),
    }
}

/// `on behalf of Northwind Cloud by northwind/sla-owners or jdoe`.
fn approvers(p: &Party) -> String {
    let names: Vec<String> = p.approvers.iter().map(|a| a.value.clone()).collect();
    let list = match names.as_slice() {
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
        [] => String::new(),
    };
    format!("on behalf of {} by {list}", p.name.value)
}

/// A calendar in words: its days and hours, its zone, its holidays.
fn calendar(c: &Calendar) -> Vec<Block> {
    let (from, to) = (c.from.value, c.to.value);
    let hours = if from.0 == 0 && to.0 == 1440 {
        "all day".to_string()
    } else if to.0 > from.0 {
        format!("from {from} to {to}")
    } else {
        format!("from {from} to {to} the next day")
    };
    let mut body = vec![para(format!(
        "{} means {}, {hours}, {} time.",
        humanize(&c.id.value),
        words::days(&c.days.value),
        c.timezone.value
    ))];
    if !c.holidays.is_empty() {
        body.push(para("Except on these days:"));
        body.push(Block::Items(
            c.holidays
                .iter()
                .map(|h| {
                    let when = match h.when.value {
                        HolidayDate::On(d) => words::date(d),
                        HolidayDate::Every { month, day } => {
                            format!("{day} {} every year", words::month(month))
                        }
                    };
                    match &h.name {
                        Some(n) => format!("{}: {when}", n.value),
                        None => when,
                    }
                })
                .collect(),
        ));
    }
    body
}

/// The credit tiers as bands, the mildest first: `Less than 99.9% but at least 99.5%` and
/// its credit in words. A tier's band ends where the next, more severe tier begins.
fn tiers(o: &Objective) -> Vec<(String, String)> {
    let mut tiers: Vec<(&Spanned<Target>, &CreditAmount)> = o
        .credits
        .iter()
        .map(|t| (&t.when, &t.credit.value))
        .collect();
    // Mildest first: for `< x` conditions the highest x, for `> x` the lowest.
    tiers.sort_by(|a, b| {
        let ord =
            a.0.value
                .quantity
                .compare(&b.0.value.quantity)
                .unwrap_or(std::cmp::Ordering::Equal);
        match a.0.value.comparator {
            Comparator::Lt | Comparator::Le => ord.reverse(),
            Comparator::Gt | Comparator::Ge => ord,
        }
    });
    let mut out = Vec::new();
    for (i, (when, credit)) in tiers.iter().enumerate() {
        let mut band = words::capitalize(&words::written(when));
        if let Some((next, _)) = tiers.get(i + 1)
            && next.value.comparator.direction() == when.value.comparator.direction()
            && next.value.quantity != when.value.quantity
        {
            // The next tier's condition, turned round: `< 99.5%` bounds this band at
            // `at least 99.5%`.
            let written = words::written(next);
            let value = written
                .strip_prefix(words::comparator(next.value.comparator))
                .unwrap_or(&written);
            band.push_str(" but ");
            band.push_str(words::comparator(words::complement(next.value.comparator)));
            band.push_str(value);
        }
        out.push((band, words::credit(credit)));
    }
    out
}

#[cfg(test)]
pub(crate) mod tests;
