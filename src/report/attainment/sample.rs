//! The hand-built report every renderer's tests use (also included by `tests/html.rs`, which
//! is why its body is a separate file with no `crate::` paths).

use std::str::FromStr;
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::measure::data::{Ignored, Origin};
use crate::measure::outcome::{
    Agreement, Budget, Claim, Credit, Measured, Objective, Owed, Parties, Report, Source, Window,
};
use crate::model::Date;

include!("sample_report.rs");
