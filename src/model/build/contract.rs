//! The contract terms of the second round: `spec.definitions`, `spec.plans`, severity
//! definitions (`{id, description}` items of `spec.severities`), and an objective's
//! `measurement`, `share`, `owedBy` and `plan`.

use super::reader::{At, Ctx};
use crate::diagnostic::Code;
use crate::model::quantity::QuantityError;
use crate::model::{
    Comparator, Definition, Duration, Measurement, OwedBy, Plan, QuantityKind, Spanned, Target,
};
use crate::source::Value;

/// `spec.definitions`: a mapping of term to definition, in written order.
pub(super) fn definitions(cx: &mut Ctx, spec: At<'_>) -> Vec<Definition> {
    let Some(node) = cx.map_node(spec, "definitions", false) else {
        return Vec::new();
    };
    let ptr = spec.ptr.key("definitions");
    let Value::Map(entries) = &node.value else {
        return Vec::new();
    };
    let mut out = Vec::with_capacity(entries.len());
    for (k, v) in entries {
        if let Some(definition) = cx.string(v, &ptr.key(&k.name)) {
            out.push(Definition {
                term: Spanned::text(k.name.clone(), k.span),
                definition,
            });
        }
    }
    out
}

/// `spec.plans`: `{id, name}` items, lowest first.
pub(super) fn plans(cx: &mut Ctx, spec: At<'_>) -> Vec<Plan> {
    let mut out = Vec::new();
    let plans_ptr = spec.ptr.key("plans");
    for (i, n) in cx.list(spec, "plans", false).iter().enumerate() {
        let ptr = plans_ptr.index(i);
        let a = At { node: n, ptr: &ptr };
        let id = cx.str_field(a, "id", true);
        let name = cx.str_field(a, "name", true);
        if let (Some(id), Some(name)) = (id, name) {
            out.push(Plan { id, name });
        }
    }
    out
}

/// `spec.severities` items: an id, or `{id, description}`. Returns the ids in order and the
/// definitions written.
pub(super) fn severities(cx: &mut Ctx, spec: At<'_>) -> (Vec<Spanned<String>>, Vec<Definition>) {
    let ptr = spec.ptr.key("severities");
    let mut ids = Vec::new();
    let mut definitions = Vec::new();
    for (i, n) in cx.list(spec, "severities", false).iter().enumerate() {
        let p = ptr.index(i);
        if !matches!(n.value, Value::Map(_)) {
            ids.extend(cx.string(n, &p));
            continue;
        }
        let a = At { node: n, ptr: &p };
        let id = cx.str_field(a, "id", true);
        let description = cx.str_field(a, "description", true);
        if let Some(id) = id {
            if let Some(definition) = description {
                definitions.push(Definition {
                    term: id.clone(),
                    definition,
                });
            }
            ids.push(id);
        }
    }
    (ids, definitions)
}

/// An objective's `measurement`: `{description, sample?, scope?}`.
pub(super) fn measurement(cx: &mut Ctx, at: At<'_>) -> Option<Measurement> {
    let node = cx.map_node(at, "measurement", false)?;
    let ptr = at.ptr.key("measurement");
    let m = At { node, ptr: &ptr };
    let description = cx.str_field(m, "description", true);
    let sample = cx.parsed(m, "sample", false, Code::InvalidQuantity, Duration::parse);
    let scope = cx.str_field(m, "scope", false);
    Some(Measurement {
        span: node.span,
        description: description?,
        sample,
        scope,
    })
}

/// An objective's `share`: `>= 95%` or `> 95%`, the share of events that must meet the
/// target.
pub(super) fn share(cx: &mut Ctx, at: At<'_>) -> Option<Spanned<Target>> {
    cx.parsed(at, "share", false, Code::InvalidQuantity, |s| {
        let t = Target::parse(s)?;
        let at_least = matches!(t.comparator, Comparator::Ge | Comparator::Gt);
        if t.kind() != QuantityKind::Percent || !at_least {
            return Err(QuantityError {
                message: format!("`{s}` is not a share of events"),
                help: "write the least share of events that meet the target, such as `>= 95%`"
                    .into(),
            });
        }
        Ok(t)
    })
}

/// An objective's `owedBy`: `provider` or `customer`.
pub(super) fn owed_by(cx: &mut Ctx, at: At<'_>) -> Option<Spanned<OwedBy>> {
    cx.enumerated(at, "owedBy", false, &OwedBy::ALL)
}
