//! Who may approve a weakening, and whether they did.
//!
//! Pure: logins, team memberships, reviews and labels come in as [`super::PullRequestFacts`]. The
//! approvers are always the base revision's, so a pull request cannot name its own.

