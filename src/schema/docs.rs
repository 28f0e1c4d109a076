//! Documentation of the schema codes.

/// `unknown-field`.
pub const UNKNOWN_FIELD: &str = r"## What it checks
That every field is one the `slagate/v1` format defines. The schema sets
`additionalProperties: false` on every object.

## Why is this bad?
A misspelt field is silently ignored by most tools: `crdits:` instead of `credits:` would drop
the service credits from the contract without anyone noticing.

## Example
```yaml
objectives:
  - id: availability
    crdits:            # unknown-field: did you mean `credits`?
      - {when: '< 99.9%', credit: 10%}
```
";

/// `too-many-errors`.
pub const TOO_MANY_ERRORS: &str = r"## What it checks
That a document's schema errors are listed in full. At most 1,000 are listed per document;
past that the rest are counted, and this finding, at the first one left out, says how many.

## Why is this bad?
A document with that many errors is not an agreement yet (often a generated or hostile file:
120,000 unknown keys would print 840,000 lines). Listing them all costs time and memory and
helps nobody; fixing the first ones usually removes the rest. The verdict is the same either
way: a document with any schema error fails.

## Example
```text
error[too-many-errors]: 119001 more schema errors in this document not listed (at most 1000
are listed per document)
```
";

/// `schema-violation`.
pub const SCHEMA_VIOLATION: &str = r"## What it checks
That the document matches `schemas/sla.schema.json` (printed by `slagate schema`): required
fields, types, allowed values, list lengths and id formats.

## Why is this bad?
A document that does not have the shape of an agreement cannot be checked or compared; its
meaning is ambiguous.

## Example
```yaml
kind: ServiceLevelAgreement
metadata:
  id: Acme_CRM        # schema-violation: ids are kebab-case, such as `acme-crm`
  version: 0          # schema-violation: versions start at 1
```
";

/// `invalid-quantity`.
pub const INVALID_QUANTITY: &str = r"## What it checks
That targets, credit conditions, percents, durations, windows and times of day follow the
target grammar: a comparator (`>=`, `>`, `<=`, `<`), then a percent (`99.9%`, 0 to 100), a
duration (`500ms`, `4h`, `1h30m`; units `ms s m h d w`) or a count (`10000 users`).

## Why is this bad?
A target that cannot be read exactly cannot be enforced or compared: is `1hr` an hour? Is
`>= 99.9` a percent? slagate refuses to guess.

## Example
```yaml
target: '<= 1hr'     # invalid-quantity: `hr` is not a duration unit; write `<= 1h`
target: '>= 120%'    # invalid-quantity: more than 100%
target: '<= -5m'     # invalid-quantity: quantities are never negative
```
";

/// `invalid-date`.
pub const INVALID_DATE: &str = r"## What it checks
That dates are written `YYYY-MM-DD` and exist on the calendar.

## Why is this bad?
An effective date of `2026-02-30` makes the start of the agreement undefined.

## Example
```yaml
effective:
  from: 2026-02-30   # invalid-date: February has no 30th
```
";
