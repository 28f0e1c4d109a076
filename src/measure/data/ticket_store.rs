//! Support tickets held compactly: a year of a thousand agreements is a million tickets, and a
//! [`Ticket`] of owned strings, instants and its origin is some 250 bytes with its allocations.
//!
//! [`Tickets`] keeps one 28-byte row a ticket: where the id starts in its block's string (it
//! ends where the next row's starts), what kind of ticket it is (an index into a table of the
//! distinct agreement, service and severity triples, each an index into a table of the
//! distinct names: a thousand agreements and four severities, not a million copies), the
//! opened instant in whole seconds (what the count reads: `report.md` 12 counts business
//! seconds) and the two answers as seconds after it, and the line; the file is kept once per
//! run of rows read from it. Rows and their ids are stored in blocks of [`BLOCK`]: a million
//! of them never grow by copying into a vector twice the size (which held 21 MB and 42 MB at
//! once at the last doubling).

use std::collections::HashMap;
use std::sync::Arc;

use jiff::Timestamp;

use super::{Origin, Ticket};

/// No agreement, service or answer.
const NONE: u32 = u32::MAX;

/// Rows a block of [`Tickets::blocks`]: 32,768 rows, 896 KiB and their ids.
const BLOCK: usize = 1 << 15;

/// One ticket as stored: 4-byte aligned, so the `i64` needs no padding after three `u32`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(C, packed(4))]
struct Row {
    /// Start of the id in its block's [`Block::ids`] (it ends where the next row's starts).
    id: u32,
    /// Index into [`Tickets::kinds`].
    kind: u32,
    /// The line it was read on.
    line: u32,
    /// Opened, in Unix seconds.
    opened: i64,
    /// Seconds from opened to the first response and to the resolution ([`NONE`]: not yet).
    response: u32,
    resolved: u32,
}

/// Up to [`BLOCK`] rows and their ids, one after the other.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Block {
    rows: Vec<Row>,
    ids: String,
}

/// The agreement, service and severity of a ticket: indexes into [`Tickets::names`]
/// ([`NONE`]: not given).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Kind {
    agreement: u32,
    service: u32,
    severity: u32,
}

/// Distinct values, each numbered in the order first seen (below [`NONE`]).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Numbered<K: Eq + std::hash::Hash> {
    values: Vec<K>,
    numbers: HashMap<K, u32>,
}

impl<K: Eq + std::hash::Hash> Default for Numbered<K> {
    fn default() -> Numbered<K> {
        Numbered {
            values: Vec::new(),
            numbers: HashMap::new(),
        }
    }
}

impl<K: Clone + Eq + std::hash::Hash> Numbered<K> {
    /// The number of `value` (looked up as `key`), given the next one when it is new.
    fn number<Q>(&mut self, key: &Q, value: impl FnOnce(&Q) -> K) -> Result<u32, TooLarge>
    where
        K: std::borrow::Borrow<Q>,
        Q: Eq + std::hash::Hash + ?Sized,
    {
        if let Some(i) = self.numbers.get(key) {
            return Ok(*i);
        }
        let i = u32::try_from(self.values.len())
            .ok()
            .filter(|i| *i != NONE)
            .ok_or(TooLarge::Store)?;
        let value = value(key);
        self.values.push(value.clone());
        self.numbers.insert(value, i);
        Ok(i)
    }
}

/// The tickets read, in the order read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tickets {
    /// Full blocks of [`BLOCK`] rows, then the one being filled.
    blocks: Vec<Block>,
    len: usize,
    names: Numbered<Arc<str>>,
    kinds: Numbered<Kind>,
    /// `(first row, file)`: the rows from one up to the next entry's were read from `file`.
    files: Vec<(usize, Arc<str>)>,
}

/// Why a ticket could not be stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TooLarge {
    /// An answer 136 years or more after the ticket opened.
    Answer,
    /// More than 4 GiB of ids in one block of tickets, four billion distinct names or kinds,
    /// or four billion tickets.
    Store,
}

impl Tickets {
    /// No tickets.
    pub fn new() -> Tickets {
        Tickets::default()
    }

    /// How many.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The ticket at `i` (in the order read); panics past the end, as a slice does.
    pub fn get(&self, i: usize) -> TicketRef<'_> {
        TicketRef {
            tickets: self,
            row: self.row(i),
            index: i,
        }
    }

    /// Every ticket, in the order read.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = TicketRef<'_>> + '_ {
        (0..self.len).map(|i| self.get(i))
    }

    /// The row at `i`; panics past the end, as a slice does.
    fn row(&self, i: usize) -> Row {
        assert!(i < self.len, "ticket {i} of {}", self.len);
        self.blocks[i / BLOCK].rows[i % BLOCK]
    }

    /// The id of the row at `i`: from its start to the next row's in the same block, or to
    /// the end of the block's ids.
    fn id(&self, i: usize) -> &str {
        let block = &self.blocks[i / BLOCK];
        let j = i % BLOCK;
        let start = block.rows[j].id as usize;
        let end = block
            .rows
            .get(j + 1)
            .map_or(block.ids.len(), |next| next.id as usize);
        &block.ids[start..end]
    }

    /// The kind of `row`.
    fn kind_of(&self, row: Row) -> Kind {
        self.kinds.values[row.kind as usize]
    }

    fn name(&mut self, name: Option<&str>) -> Result<u32, TooLarge> {
        name.map_or(Ok(NONE), |name| self.names.number(name, |n| Arc::from(n)))
    }

    /// Adds a ticket read at `file`:`line`, with its instants in Unix seconds (the answers
    /// never before `opened`: the readers refuse those).
    #[allow(clippy::too_many_arguments)] // the columns of a tickets file, as read
    pub fn push(
        &mut self,
        id: &str,
        agreement: Option<&str>,
        service: Option<&str>,
        severity: &str,
        opened: i64,
        first_response: Option<i64>,
        resolved: Option<i64>,
        file: &Arc<str>,
        line: u32,
    ) -> Result<(), TooLarge> {
        let after = |at: Option<i64>| -> Result<u32, TooLarge> {
            match at {
                None => Ok(NONE),
                Some(at) => u32::try_from(at.saturating_sub(opened).max(0))
                    .ok()
                    .filter(|d| *d != NONE)
                    .ok_or(TooLarge::Answer),
            }
        };
        let (response, resolved) = (after(first_response)?, after(resolved)?);
        // The row count stays below u32::MAX, so a row's number fits the report's index.
        if self.len >= NONE as usize {
            return Err(TooLarge::Store);
        }
        let kind = Kind {
            agreement: self.name(agreement)?,
            service: self.name(service)?,
            severity: self.name(Some(severity))?,
        };
        let kind = self.kinds.number(&kind, |k| *k)?;
        if self.blocks.last().is_none_or(|b| b.rows.len() == BLOCK) {
            if let Some(full) = self.blocks.last_mut() {
                full.ids.shrink_to_fit();
            }
            self.blocks.push(Block {
                rows: Vec::with_capacity(BLOCK),
                ids: String::new(),
            });
        }
        let block = self.blocks.last_mut().expect("a block was just made");
        let start = u32::try_from(block.ids.len()).map_err(|_| TooLarge::Store)?;
        if u32::try_from(block.ids.len() + id.len()).is_err() {
            return Err(TooLarge::Store);
        }
        block.ids.push_str(id);
        block.rows.push(Row {
            id: start,
            kind,
            line,
            opened,
            response,
            resolved,
        });
        if self.files.last().is_none_or(|(_, f)| f != file) {
            self.files.push((self.len, file.clone()));
        }
        self.len += 1;
        Ok(())
    }

    /// Adds a ticket given as a [`Ticket`].
    pub fn push_ticket(&mut self, t: &Ticket) -> Result<(), TooLarge> {
        self.push(
            &t.id,
            t.agreement.as_deref(),
            t.service.as_deref(),
            &t.severity,
            t.opened.as_second(),
            t.first_response.map(Timestamp::as_second),
            t.resolved.map(Timestamp::as_second),
            &t.origin.file,
            t.origin.line,
        )
    }

    /// Moves every ticket of `more` to the end of these.
    pub fn append(&mut self, more: Tickets) -> Result<(), TooLarge> {
        if self.is_empty() {
            *self = more;
            return Ok(());
        }
        for t in more.iter() {
            let file = t.file().clone();
            self.push(
                t.id(),
                t.agreement(),
                t.service(),
                t.severity(),
                t.opened(),
                t.first_response(),
                t.resolved(),
                &file,
                t.row.line,
            )?;
        }
        Ok(())
    }
}

impl FromIterator<Ticket> for Tickets {
    /// Tickets from owned rows (tests and small callers); panics only past 4 GiB of ids.
    fn from_iter<I: IntoIterator<Item = Ticket>>(iter: I) -> Tickets {
        let mut all = Tickets::new();
        for t in iter {
            all.push_ticket(&t)
                .expect("tickets built in memory fit the store");
        }
        all
    }
}

/// One stored ticket, borrowed.
#[derive(Debug, Clone, Copy)]
pub struct TicketRef<'a> {
    tickets: &'a Tickets,
    row: Row,
    index: usize,
}

impl<'a> TicketRef<'a> {
    fn name(&self, i: u32) -> Option<&'a str> {
        (i != NONE).then(|| &*self.tickets.names.values[i as usize])
    }

    /// Its position among the tickets read.
    pub fn index(&self) -> usize {
        self.index
    }

    /// The ticket's id.
    pub fn id(&self) -> &'a str {
        self.tickets.id(self.index)
    }

    /// The agreement it is limited to, when the row names one.
    pub fn agreement(&self) -> Option<&'a str> {
        self.name(self.tickets.kind_of(self.row).agreement)
    }

    /// The service it is about, when the row names one.
    pub fn service(&self) -> Option<&'a str> {
        self.name(self.tickets.kind_of(self.row).service)
    }

    /// The severity, as the objectives' `severity` spells it.
    pub fn severity(&self) -> &'a str {
        self.name(self.tickets.kind_of(self.row).severity)
            .unwrap_or_default()
    }

    /// When it was opened, in Unix seconds.
    pub fn opened(&self) -> i64 {
        self.row.opened
    }

    /// The first response, in Unix seconds, if any.
    pub fn first_response(&self) -> Option<i64> {
        (self.row.response != NONE).then(|| self.row.opened + i64::from(self.row.response))
    }

    /// The resolution, in Unix seconds, if any.
    pub fn resolved(&self) -> Option<i64> {
        (self.row.resolved != NONE).then(|| self.row.opened + i64::from(self.row.resolved))
    }

    fn file(&self) -> &'a Arc<str> {
        let files = &self.tickets.files;
        let i = files.partition_point(|(first, _)| *first <= self.index);
        &files[i - 1].1
    }

    /// Where it was read.
    pub fn origin(&self) -> Origin {
        Origin {
            file: self.file().clone(),
            line: self.row.line,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_is_twenty_eight_bytes() {
        // id, kind, line: 3 u32 (12); opened: i64 (8); response, resolved: 2 u32 (8).
        // 12 + 8 + 8 = 28, with no padding at 4-byte alignment (32 at the i64's own 8).
        assert_eq!(std::mem::size_of::<Row>(), 28);
    }

    #[test]
    fn tickets_read_back_as_pushed_across_files() {
        let (a, b): (Arc<str>, Arc<str>) = (Arc::from("a.csv"), Arc::from("b.csv"));
        let mut t = Tickets::new();
        t.push(
            "T1",
            Some("acme"),
            None,
            "high",
            1000,
            Some(1060),
            None,
            &a,
            2,
        )
        .unwrap();
        t.push(
            "T2",
            None,
            Some("api"),
            "high",
            2000,
            None,
            Some(2000),
            &a,
            3,
        )
        .unwrap();
        let mut more = Tickets::new();
        more.push("T3", Some("acme"), None, "low", 5, None, None, &b, 7)
            .unwrap();
        t.append(more).unwrap();
        assert_eq!(t.len(), 3);
        let got: Vec<_> = t
            .iter()
            .map(|x| {
                (
                    x.id(),
                    x.agreement(),
                    x.service(),
                    x.severity(),
                    x.opened(),
                    x.first_response(),
                    x.resolved(),
                    x.origin().to_string(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "T1",
                    Some("acme"),
                    None,
                    "high",
                    1000,
                    Some(1060),
                    None,
                    "a.csv:2".to_string()
                ),
                (
                    "T2",
                    None,
                    Some("api"),
                    "high",
                    2000,
                    None,
                    Some(2000),
                    "a.csv:3".to_string()
                ),
                (
                    "T3",
                    Some("acme"),
                    None,
                    "low",
                    5,
                    None,
                    None,
                    "b.csv:7".to_string()
                ),
            ]
        );
        // Names are stored once: acme, high, api, low.
        assert_eq!(t.names.values.len(), 4);
    }

    #[test]
    fn rows_across_blocks_read_back_with_their_ids() {
        // Two full blocks and 3 rows of a third: ids of growing length, each ending where the
        // next begins, and the last one where the ids end.
        let f: Arc<str> = Arc::from("t.csv");
        let mut t = Tickets::new();
        let n = 2 * BLOCK + 3;
        for i in 0..n {
            let id = format!("T{i}");
            let opened = i64::try_from(i).unwrap();
            let line = u32::try_from(i).unwrap() + 2;
            t.push(&id, None, None, "high", opened, None, None, &f, line)
                .unwrap();
        }
        assert_eq!(t.len(), n);
        assert_eq!(t.blocks.len(), 3);
        for i in [0, BLOCK - 1, BLOCK, BLOCK + 1, 2 * BLOCK, n - 1] {
            let x = t.get(i);
            assert_eq!(x.id(), format!("T{i}"));
            assert_eq!(x.opened(), i64::try_from(i).unwrap());
            assert_eq!(x.origin().line, u32::try_from(i).unwrap() + 2);
        }
    }

    #[test]
    fn an_answer_136_years_after_opening_is_refused() {
        let f: Arc<str> = Arc::from("t.csv");
        let mut t = Tickets::new();
        // u32::MAX - 1 seconds is the last that fits: about 136.1 years.
        let last = i64::from(u32::MAX) - 1;
        assert!(
            t.push("ok", None, None, "s", 0, Some(last), None, &f, 2)
                .is_ok()
        );
        assert_eq!(
            t.push("no", None, None, "s", 0, Some(last + 1), None, &f, 3),
            Err(TooLarge::Answer)
        );
        assert_eq!(t.len(), 1);
    }
}
