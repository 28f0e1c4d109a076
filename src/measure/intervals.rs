//! Sets of instants as sorted, disjoint, half-open `[start, end)` intervals of unix seconds:
//! union (overlapping incidents count once), intersection (only covered time counts),
//! difference (excused time is not downtime) and the first `n` seconds of a set (an
//! exclusion's `max`).

/// A sorted list of disjoint, non-touching, non-empty intervals.
pub type Set = Vec<(i64, i64)>;

/// The union of any intervals: sorted, overlapping and touching ones merged, empty ones gone.
pub fn union(mut v: Vec<(i64, i64)>) -> Set {
    v.retain(|(a, b)| b > a);
    v.sort_unstable();
    let mut out: Set = Vec::with_capacity(v.len());
    for (a, b) in v {
        match out.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

/// The instants in both sets.
#[allow(clippy::many_single_char_names)]
pub fn intersect(a: &[(i64, i64)], b: &[(i64, i64)]) -> Set {
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < a.len() && j < b.len() {
        let (s, e) = (a[i].0.max(b[j].0), a[i].1.min(b[j].1));
        if e > s {
            out.push((s, e));
        }
        if a[i].1 < b[j].1 {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// The instants of `a` not in `b`.
pub fn subtract(a: &[(i64, i64)], b: &[(i64, i64)]) -> Set {
    let mut out = Vec::new();
    let mut j = 0;
    for &(mut s, e) in a {
        while j < b.len() && b[j].1 <= s {
            j += 1;
        }
        let mut k = j;
        while k < b.len() && b[k].0 < e {
            if b[k].0 > s {
                out.push((s, b[k].0));
            }
            s = s.max(b[k].1);
            k += 1;
        }
        if e > s {
            out.push((s, e));
        }
    }
    out
}

/// The total length, seconds.
pub fn length(a: &[(i64, i64)]) -> i64 {
    a.iter().map(|(s, e)| e - s).sum()
}

/// The first `n` seconds of `a` and the rest.
pub fn split_first(a: &[(i64, i64)], n: i64) -> (Set, Set) {
    let (mut first, mut rest) = (Vec::new(), Vec::new());
    let mut left = n.max(0);
    for &(s, e) in a {
        if left >= e - s {
            first.push((s, e));
            left -= e - s;
        } else if left > 0 {
            first.push((s, s + left));
            rest.push((s + left, e));
            left = 0;
        } else {
            rest.push((s, e));
        }
    }
    (first, rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_operations() {
        // Overlapping [0,10) and [5,20) merge; [20,25) touches and merges; [30,30) is empty.
        let u = union(vec![(5, 20), (0, 10), (30, 30), (20, 25), (40, 50)]);
        assert_eq!(u, [(0, 25), (40, 50)]);
        assert_eq!(length(&u), 35);
        let covered = [(8, 12), (22, 45)];
        // [8,12) and [22,25) of the first run, [40,45) of the second.
        assert_eq!(intersect(&u, &covered), [(8, 12), (22, 25), (40, 45)]);
        // [0,25) minus [8,12) and [22,45): [0,8) and [12,22); [40,50) minus [22,45): [45,50).
        assert_eq!(subtract(&u, &covered), [(0, 8), (12, 22), (45, 50)]);
        assert_eq!(subtract(&u, &[]), u);
        assert_eq!(subtract(&[], &u), []);
        // The first 30 s of {[0,25), [40,50)}: all of the first (25 s) and 5 s of the second.
        assert_eq!(
            split_first(&u, 30),
            (vec![(0, 25), (40, 45)], vec![(45, 50)])
        );
        assert_eq!(split_first(&u, 0), (vec![], u.clone()));
        assert_eq!(split_first(&u, 100), (u.clone(), vec![]));
    }
}
