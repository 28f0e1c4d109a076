//! `spec.services`: the services the agreement covers.

use super::reader::{At, Ctx};
use crate::model::Service;

/// The services; an entry with a missing field is left out (its finding is recorded).
pub(super) fn services(cx: &mut Ctx, spec: At<'_>) -> Vec<Service> {
    let mut services = Vec::new();
    let services_ptr = spec.ptr.key("services");
    for (i, n) in cx.list(spec, "services", true).iter().enumerate() {
        let ptr = services_ptr.index(i);
        let a = At { node: n, ptr: &ptr };
        let (id, name, description) = (
            cx.str_field(a, "id", true),
            cx.str_field(a, "name", true),
            cx.str_field(a, "description", true),
        );
        let scope = cx.strings(a, "scope");
        if let (Some(id), Some(name), Some(description)) = (id, name, description) {
            services.push(Service {
                id,
                name,
                description,
                scope,
            });
        }
    }
    services
}
