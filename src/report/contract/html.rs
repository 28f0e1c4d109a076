//! A contract and a redline as one self-contained HTML page (written next).
