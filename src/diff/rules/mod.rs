//! The diff rules, one file per family, each with the docs of the codes it emits.
//!
//! Every code has one class and one default level (its row in [`crate::diagnostic::Code`]'s
//! table, with its mirror), so a policy can turn a single kind of change up, down or off,
//! and the name says what happened (`target-weakened`,
//! `objective-removed`). Comparisons are pure functions of the two revisions' models, kept
//! apart from the code that words the finding so they can be tested on their own.

pub mod business;
pub mod cadence;
pub mod contract;
pub mod credits;
pub mod documents;
pub mod exclusions;
pub mod objectives;
pub mod obligations;
pub mod remedies;
pub mod targets;
pub mod text;
pub mod windows;

use std::sync::Arc;

use crate::diagnostic::{ChangeInfo, Class, Code, Diagnostic, Side, Span};
use crate::model::{Objective, SlaDocument};

/// Where one side of a change is written.
#[derive(Debug, Clone)]
pub(crate) struct Loc {
    file: Arc<str>,
    span: Span,
    path: String,
    document: String,
}

impl Loc {
    pub(crate) fn new(doc: &SlaDocument, span: Span, path: impl Into<String>) -> Loc {
        Loc {
            file: doc.file.clone(),
            span,
            path: path.into(),
            document: doc.id.value.clone(),
        }
    }
}

/// A finding under construction: what changed, and where on each side.
#[derive(Debug)]
pub(crate) struct Finding {
    code: Code,
    message: String,
    objective: Option<String>,
    before: Option<String>,
    after: Option<String>,
    impact: Option<String>,
    help: Option<String>,
    base: Option<Loc>,
    head: Option<Loc>,
}

impl Finding {
    pub(crate) fn new(code: Code, message: impl Into<String>) -> Finding {
        Finding {
            code,
            message: message.into(),
            objective: None,
            before: None,
            after: None,
            impact: None,
            help: None,
            base: None,
            head: None,
        }
    }

    pub(crate) fn objective(mut self, id: &str) -> Finding {
        self.objective = Some(id.to_string());
        self
    }

    pub(crate) fn before(mut self, v: impl Into<String>) -> Finding {
        self.before = Some(v.into());
        self
    }

    pub(crate) fn after(mut self, v: impl Into<String>) -> Finding {
        self.after = Some(v.into());
        self
    }

    pub(crate) fn impact(mut self, v: Option<String>) -> Finding {
        self.impact = v;
        self
    }

    /// A suggestion for the author (`help:` of the diagnostic).
    pub(crate) fn help(mut self, v: Option<String>) -> Finding {
        self.help = v;
        self
    }

    pub(crate) fn base(mut self, loc: Loc) -> Finding {
        self.base = Some(loc);
        self
    }

    pub(crate) fn head(mut self, loc: Loc) -> Finding {
        self.head = Some(loc);
        self
    }

    /// Turns the finding into a diagnostic: located at the head, or at the base (with
    /// `side: base`) when the head has nothing to point at.
    pub(crate) fn emit(self, out: &mut Vec<Diagnostic>) {
        let (primary, side) = match (&self.head, &self.base) {
            (Some(h), _) => (h.clone(), Side::Head),
            (None, Some(b)) => (b.clone(), Side::Base),
            (None, None) => unreachable!("every finding is located on at least one side"),
        };
        let mut d = Diagnostic::new(self.code, primary.file, primary.span, self.message)
            .with_path(primary.path)
            .with_document(primary.document);
        d.objective = self.objective;
        if let Some(help) = self.help {
            d = d.with_help(help);
        }
        if let (Side::Head, Some(b)) = (side, &self.base) {
            d = d.with_related(b.file.clone(), b.span, "before, in the base revision");
        }
        d.change = Some(ChangeInfo {
            class: self.code.class().unwrap_or(Class::Changed),
            before: self.before,
            after: self.after,
            impact: self.impact,
            side,
        });
        out.push(d);
    }
}

/// Two revisions of one objective, with their documents.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Pair<'a> {
    pub(crate) base_doc: &'a SlaDocument,
    pub(crate) head_doc: &'a SlaDocument,
    pub(crate) base: &'a Objective,
    pub(crate) head: &'a Objective,
}

impl Pair<'_> {
    /// A finding about field `field` of the objective, pointing at `head` and `base` spans
    /// (the objective's id when the field is not written on that side). A field written only
    /// in the base was removed, so the finding points at the base (`side: base`).
    pub(crate) fn finding(
        &self,
        code: Code,
        message: impl Into<String>,
        field: &str,
        head: Option<Span>,
        base: Option<Span>,
    ) -> Finding {
        let (bs, bp) = base.map_or((self.base.id.span, self.base.pointer("")), |s| {
            (s, self.base.pointer(field))
        });
        let f = Finding::new(code, owed_message(code, self.head, message.into()))
            .objective(&self.head.id.value)
            .base(Loc::new(self.base_doc, bs, bp));
        if head.is_none() && base.is_some() {
            return f;
        }
        let (hs, hp) = head.map_or((self.head.id.span, self.head.pointer("")), |s| {
            (s, self.head.pointer(field))
        });
        f.head(Loc::new(self.head_doc, hs, hp))
    }
}

/// `message`, saying for whom when the objective is owed by the customer: its weaker and
/// stronger are the provider's (`owed-by-changed` says so itself).
fn owed_message(code: Code, head: &Objective, message: String) -> String {
    if code == Code::OwedByChanged {
        return message;
    }
    match head.owed_by() {
        crate::model::OwedBy::Provider => message,
        by @ crate::model::OwedBy::Customer => format!(
            "{message} (owed by the {}: judged for the {})",
            by.name(),
            by.owed_to()
        ),
    }
}

/// Compares two revisions of one document.
pub(crate) fn compare(base: &SlaDocument, head: &SlaDocument, out: &mut Vec<Diagnostic>) {
    documents::compare(base, head, out);
    text::compare(base, head, out);
    cadence::compare(base, head, out);
    obligations::compare(base, head, out);
    exclusions::definitions(base, head, out);
    credits::cap(base, head, out);
    remedies::compare(base, head, out);
    contract::compare(base, head, out);
    windows::calendars(base, head, out);
    objectives::compare(base, head, out);
}
