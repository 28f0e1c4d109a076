//! The former home of quantities, the comparator grammar, windows, dates and times.
//!
//! They now live in [`super::quantity`], [`super::target`] and [`super::time`]; this module
//! only re-exports them so that `model::units::X` paths outside the model keep working.

pub use super::quantity::{
    Count, Duration, Percent, Quantity, QuantityError, QuantityKind, fmt_decimal, parse_number,
};
pub use super::target::{Comparator, Direction, split_comparator};
pub use super::time::{Date, TimeOfDay, Window};
