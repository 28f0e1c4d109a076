//! The document's `kind` and its `metadata`: identity, version, title and labels.

use super::reader::{At, Ctx, Ptr};
use crate::diagnostic::Code;
use crate::model::{DocKind, Spanned};
use crate::source::Value;

/// The `metadata` section, each field `None` where it was missing or invalid.
pub(super) struct Metadata {
    pub(super) id: Option<Spanned<String>>,
    pub(super) version: Option<Spanned<u64>>,
    pub(super) title: Option<Spanned<String>>,
    pub(super) labels: Vec<(Spanned<String>, Spanned<String>)>,
}

/// The top-level `kind`.
pub(super) fn kind(cx: &mut Ctx, top: At<'_>) -> Option<Spanned<DocKind>> {
    cx.enumerated(
        top,
        "kind",
        true,
        &[
            ("ServiceLevelAgreement", DocKind::Sla),
            ("OperationalLevelAgreement", DocKind::Ola),
        ],
    )
}

/// The `metadata` section; `None` when it is missing or not a mapping.
pub(super) fn metadata(cx: &mut Ctx, top: At<'_>) -> Option<Metadata> {
    let meta = cx.map_node(top, "metadata", true)?;
    let meta_ptr = Ptr::ROOT.key("metadata");
    let meta_at = At {
        node: meta,
        ptr: &meta_ptr,
    };
    let id = cx.str_field(meta_at, "id", true);
    let version = cx
        .child(meta_at, "version", true)
        .and_then(|n| match n.value {
            Value::Int(v) if v >= 1 => Some(Spanned::new(v as u64, n.span, v.to_string())),
            _ => {
                cx.error(
                    Code::SchemaViolation,
                    n.span,
                    &meta_ptr.key("version"),
                    "`metadata.version` must be a positive integer".into(),
                    Some("write `version: 1` and raise it with every change".into()),
                );
                None
            }
        });
    let title = cx.str_field(meta_at, "title", false);
    let mut labels = Vec::new();
    if let Some(node) = meta.get("labels") {
        for (k, v) in node.as_map().unwrap_or_default() {
            if let Some(val) = cx.string(v, &meta_ptr.key("labels").key(&k.name)) {
                labels.push((Spanned::new(k.name.clone(), k.span, k.name.clone()), val));
            }
        }
    }
    Some(Metadata {
        id,
        version,
        title,
        labels,
    })
}
