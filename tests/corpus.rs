//! Fixture corpus tests (filled in below).
