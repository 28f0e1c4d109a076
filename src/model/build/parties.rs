//! `spec.parties`: the provider and the customer, their approvers and contacts.

use super::reader::{At, Ctx};
use crate::model::{Contact, Party};

/// The provider and the customer, each `None` where invalid; `None` when `parties` itself
/// is missing or not a mapping.
pub(super) fn parties(cx: &mut Ctx, spec: At<'_>) -> Option<(Option<Party>, Option<Party>)> {
    let parties = cx.map_node(spec, "parties", true)?;
    let parties_ptr = spec.ptr.key("parties");
    let p = At {
        node: parties,
        ptr: &parties_ptr,
    };
    let provider_ptr = parties_ptr.key("provider");
    let provider = cx.map_node(p, "provider", true).and_then(|n| {
        party(
            cx,
            At {
                node: n,
                ptr: &provider_ptr,
            },
        )
    });
    let customer_ptr = parties_ptr.key("customer");
    let customer = cx.map_node(p, "customer", true).and_then(|n| {
        party(
            cx,
            At {
                node: n,
                ptr: &customer_ptr,
            },
        )
    });
    Some((provider, customer))
}

/// One party.
fn party(cx: &mut Ctx, at: At<'_>) -> Option<Party> {
    let name = cx.str_field(at, "name", true);
    let approvers = cx.strings(at, "approvers");
    let mut contacts = Vec::new();
    let list_ptr = at.ptr.key("contacts");
    for (i, n) in cx.list(at, "contacts", false).iter().enumerate() {
        let p = list_ptr.index(i);
        let c = At { node: n, ptr: &p };
        let role = cx.str_field(c, "role", true);
        let cname = cx.str_field(c, "name", true);
        let email = cx.str_field(c, "email", false);
        if let (Some(role), Some(name)) = (role, cname) {
            contacts.push(Contact { role, name, email });
        }
    }
    Some(Party {
        name: name?,
        approvers,
        contacts,
    })
}
