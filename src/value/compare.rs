//! Python's `==` between values: numbers across `bool`, `int` and `float` exactly as CPython
//! compares them, containers element by element, sets and dicts regardless of order, and the
//! relaxations of [`Compare`] (a relative tolerance, lists as multisets).
//!
//! Exact equality is decided by one total order, [`canon_cmp`], on normalized values (sets and
//! dicts sorted): two values are equal exactly when it says `Equal`. The same order collapses
//! equal set elements and dict keys when a literal is parsed ([`collapse_set`],
//! [`collapse_dict`]), so that parsing and grading can never disagree on what "equal" means.

use std::cmp::Ordering;
use std::collections::{BTreeMap, VecDeque};

use super::{Compare, Value};

/// Python's `==`, relaxed by `cmp`; see [`Value::equals`].
pub(super) fn equals(a: &Value, b: &Value, cmp: Compare) -> bool {
    if contains_other(a) || contains_other(b) {
        return false;
    }
    let a = normalized(a, cmp.unordered);
    let b = normalized(b, cmp.unordered);
    // Exact Python equality is an equivalence relation, so comparing canonically sorted
    // forms decides it, including sets and dicts whose elements are equal only across
    // numeric types ({1, 2.0} == {1.0, 2}).
    if canon_cmp(&a, &b) == Ordering::Equal {
        return true;
    }
    match cmp.rel_tol {
        Some(tol) if tol > 0.0 => close(&a, &b, tol, cmp.unordered),
        _ => false,
    }
}

/// Python's `set(items)` for hashable items: of equal elements (`1`, `1.0`, `True`) the first
/// stays, in the order given.
pub(crate) fn collapse_set(items: Vec<Value>) -> Vec<Value> {
    let mut seen = BTreeMap::new();
    items
        .into_iter()
        .filter(|item| seen.insert(Canonical::of(item), ()).is_none())
        .collect()
}

/// Python's `dict(entries)` for hashable keys: of equal keys the first stays, holding the last
/// value given for any of them (`{1: 'a', 1.0: 'b'}` is `{1: 'b'}`).
pub(crate) fn collapse_dict(entries: Vec<(Value, Value)>) -> Vec<(Value, Value)> {
    let mut index: BTreeMap<Canonical, usize> = BTreeMap::new();
    let mut out: Vec<(Value, Value)> = Vec::with_capacity(entries.len());
    for (key, value) in entries {
        match index.get(&Canonical::of(&key)) {
            Some(&i) => out[i].1 = value,
            None => {
                index.insert(Canonical::of(&key), out.len());
                out.push((key, value));
            }
        }
    }
    out
}

/// A value in normalized form, ordered by [`canon_cmp`]: two are equal exactly when Python's
/// `==` holds between the values they were made from.
struct Canonical(Value);

impl Canonical {
    fn of(value: &Value) -> Canonical {
        Canonical(normalized(value, false))
    }
}

impl Ord for Canonical {
    fn cmp(&self, other: &Canonical) -> Ordering {
        canon_cmp(&self.0, &other.0)
    }
}

impl PartialOrd for Canonical {
    fn partial_cmp(&self, other: &Canonical) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Canonical {
    fn eq(&self, other: &Canonical) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Canonical {}

fn contains_other(value: &Value) -> bool {
    match value {
        Value::Other { .. } => true,
        Value::List(items) | Value::Tuple(items) | Value::Set(items) | Value::FrozenSet(items) => {
            items.iter().any(contains_other)
        }
        Value::Dict(entries) => entries
            .iter()
            .any(|(k, v)| contains_other(k) || contains_other(v)),
        _ => false,
    }
}

/// A copy with every set and dict (and with `unordered`, every list and tuple) sorted by
/// [`display_cmp`], children first, so that [`canon_cmp`] can compare containers
/// element by element.
pub(super) fn normalized(value: &Value, unordered: bool) -> Value {
    let sorted = |items: &[Value], sort: bool| {
        let mut items: Vec<Value> = items.iter().map(|v| normalized(v, unordered)).collect();
        if sort {
            items.sort_by(display_cmp);
        }
        items
    };
    match value {
        Value::List(items) => Value::List(sorted(items, unordered)),
        Value::Tuple(items) => Value::Tuple(sorted(items, unordered)),
        Value::Set(items) => Value::Set(sorted(items, true)),
        Value::FrozenSet(items) => Value::FrozenSet(sorted(items, true)),
        Value::Dict(entries) => {
            let mut entries: Vec<(Value, Value)> = entries
                .iter()
                .map(|(k, v)| (normalized(k, unordered), normalized(v, unordered)))
                .collect();
            entries.sort_by(|a, b| display_cmp(&a.0, &b.0).then_with(|| display_cmp(&a.1, &b.1)));
            Value::Dict(entries)
        }
        other => other.clone(),
    }
}

// ---------------------------------------------------------------------------------------------
// Numbers

/// A number seen as an extended real: bools are ints, NaN sorts above everything and equals
/// itself, so that the order is total and consistent with the grading equality.
#[derive(Clone, Copy)]
enum Num<'a> {
    Int(&'a str),
    Float(f64),
}

fn as_num(v: &Value) -> Option<Num<'_>> {
    match v {
        Value::Bool(b) => Some(Num::Int(if *b { "1" } else { "0" })),
        Value::Int(s) => Some(Num::Int(s)),
        Value::Float(f) => Some(Num::Float(*f)),
        _ => None,
    }
}

/// Compares canonical decimal strings without converting them.
fn int_cmp(a: &str, b: &str) -> Ordering {
    let (a_neg, a_mag) = match a.strip_prefix('-') {
        Some(m) => (true, m),
        None => (false, a),
    };
    let (b_neg, b_mag) = match b.strip_prefix('-') {
        Some(m) => (true, m),
        None => (false, b),
    };
    let mag = a_mag.len().cmp(&b_mag.len()).then_with(|| a_mag.cmp(b_mag));
    match (a_neg, b_neg) {
        (false, false) => mag,
        (true, true) => mag.reverse(),
        (true, false) => Ordering::Less,
        (false, true) => Ordering::Greater,
    }
}

/// Exact comparison of an int with a non-NaN float, as Python does (10**20 == 1e20, and
/// 2**53 + 1 != 2.0**53).
fn int_float_cmp(i: &str, f: f64) -> Ordering {
    if f == f64::INFINITY {
        return Ordering::Less;
    }
    if f == f64::NEG_INFINITY {
        return Ordering::Greater;
    }
    let whole = f.trunc();
    // `{:.0}` prints the exact decimal expansion of an integral float, however large.
    let digits = format!("{whole:.0}");
    let digits = if digits == "-0" { "0" } else { digits.as_str() };
    int_cmp(i, digits).then_with(|| {
        let frac = f - whole;
        if frac > 0.0 {
            Ordering::Less
        } else if frac < 0.0 {
            Ordering::Greater
        } else {
            Ordering::Equal
        }
    })
}

fn num_cmp(a: Num<'_>, b: Num<'_>) -> Ordering {
    match (a, b) {
        (Num::Int(x), Num::Int(y)) => int_cmp(x, y),
        (Num::Float(x), Num::Float(y)) => match (x.is_nan(), y.is_nan()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
            (false, false) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
        },
        (Num::Int(x), Num::Float(y)) => {
            if y.is_nan() {
                Ordering::Less
            } else {
                int_float_cmp(x, y)
            }
        }
        (Num::Float(_), Num::Int(_)) => num_cmp(b, a).reverse(),
    }
}

fn num_to_f64(n: Num<'_>) -> f64 {
    match n {
        // Correctly rounded; ints beyond the float range become infinite.
        Num::Int(s) => s.parse::<f64>().unwrap_or(f64::NAN),
        Num::Float(f) => f,
    }
}

/// `math.isclose(a, b, rel_tol=tol)` on top of exact equality. Two ints stay exact; an int too
/// big for a float is close to nothing (Python raises OverflowError there).
fn num_close(a: Num<'_>, b: Num<'_>, tol: f64) -> bool {
    if num_cmp(a, b) == Ordering::Equal {
        return true;
    }
    if let (Num::Int(_), Num::Int(_)) = (a, b) {
        return false;
    }
    let (x, y) = (num_to_f64(a), num_to_f64(b));
    if !x.is_finite() || !y.is_finite() {
        return false;
    }
    let diff = (x - y).abs();
    diff <= (tol * y).abs() || diff <= (tol * x).abs()
}

// ---------------------------------------------------------------------------------------------
// The canonical order, and equality under a tolerance

/// Rank of a value's kind in the canonical order: all numbers together (they compare across
/// types), set and frozenset together (they are equal when their elements are), the rest in
/// the order of their type names as pprint falls back to (`NoneType` first), Others last.
fn rank(v: &Value) -> u8 {
    match v {
        Value::None => 0,
        Value::Bool(_) | Value::Int(_) | Value::Float(_) => 1,
        Value::Bytes(_) => 2,
        Value::Dict(_) => 3,
        Value::Set(_) | Value::FrozenSet(_) => 4,
        Value::List(_) => 5,
        Value::Str(_) => 6,
        Value::Tuple(_) => 7,
        Value::Other { .. } => 8,
    }
}

fn seq_cmp(a: &[Value], b: &[Value]) -> Ordering {
    for (x, y) in a.iter().zip(b) {
        let c = canon_cmp(x, y);
        if c != Ordering::Equal {
            return c;
        }
    }
    a.len().cmp(&b.len())
}

/// A total preorder on *normalized* values that is `Equal` exactly when Python's `==` (with
/// NaN == NaN) holds, Others aside.
fn canon_cmp(a: &Value, b: &Value) -> Ordering {
    rank(a).cmp(&rank(b)).then_with(|| match (a, b) {
        (Value::Str(x), Value::Str(y)) => x.cmp(y),
        (Value::Bytes(x), Value::Bytes(y)) => x.cmp(y),
        (Value::List(x), Value::List(y)) | (Value::Tuple(x), Value::Tuple(y)) => seq_cmp(x, y),
        (Value::Set(x) | Value::FrozenSet(x), Value::Set(y) | Value::FrozenSet(y)) => seq_cmp(x, y),
        (Value::Dict(x), Value::Dict(y)) => {
            for ((kx, vx), (ky, vy)) in x.iter().zip(y) {
                let c = canon_cmp(kx, ky).then_with(|| canon_cmp(vx, vy));
                if c != Ordering::Equal {
                    return c;
                }
            }
            x.len().cmp(&y.len())
        }
        (
            Value::Other {
                type_name: ta,
                repr: ra,
            },
            Value::Other {
                type_name: tb,
                repr: rb,
            },
        ) => ta.cmp(tb).then_with(|| ra.cmp(rb)),
        _ => match (as_num(a), as_num(b)) {
            (Some(x), Some(y)) => num_cmp(x, y),
            _ => Ordering::Equal,
        },
    })
}

/// The canonical order, with values that are equal but look different (`1`, `1.0`, `True`)
/// put in a fixed order so that printing is deterministic.
fn display_cmp(a: &Value, b: &Value) -> Ordering {
    canon_cmp(a, b)
        .then_with(|| a.type_name().cmp(b.type_name()))
        .then_with(|| a.repr().cmp(&b.repr()))
}

/// Equality under a relative tolerance, on normalized values. Closeness is not transitive, so
/// unordered containers need a real matching instead of a sort.
fn close(a: &Value, b: &Value, tol: f64, unordered: bool) -> bool {
    if let (Some(x), Some(y)) = (as_num(a), as_num(b)) {
        return num_close(x, y, tol);
    }
    let elem = |x: &Value, y: &Value| close(x, y, tol, unordered);
    let floats = |x: &[Value], y: &[Value]| x.iter().chain(y).all(|v| matches!(v, Value::Float(_)));
    match (a, b) {
        (Value::List(x), Value::List(y)) | (Value::Tuple(x), Value::Tuple(y)) => {
            if unordered {
                multiset_match(x, y, floats(x, y), elem)
            } else {
                x.len() == y.len() && x.iter().zip(y).all(|(p, q)| elem(p, q))
            }
        }
        (Value::Set(x) | Value::FrozenSet(x), Value::Set(y) | Value::FrozenSet(y)) => {
            multiset_match(x, y, floats(x, y), elem)
        }
        (Value::Dict(x), Value::Dict(y)) => multiset_match(x, y, false, |(kx, vx), (ky, vy)| {
            elem(kx, ky) && elem(vx, vy)
        }),
        (Value::Other { .. }, _) | (_, Value::Other { .. }) => false,
        _ => canon_cmp(a, b) == Ordering::Equal,
    }
}

/// Whether every element of `xs` can be paired with a distinct element of `ys` it matches:
/// the elements arrive sorted, so the pairwise check usually settles it, and otherwise a
/// maximum bipartite matching (Kuhn's augmenting paths, O(n²) comparisons) does.
///
/// `sorted_is_decisive` says the pairwise check on sorted input is also conclusive when it
/// fails: true for floats only, whose isclose neighbourhoods are intervals whose ends grow with
/// the value, for which pairing in sorted order is an optimal matching.
fn multiset_match<T>(
    xs: &[T],
    ys: &[T],
    sorted_is_decisive: bool,
    matches: impl Fn(&T, &T) -> bool,
) -> bool {
    let n = xs.len();
    if n != ys.len() {
        return false;
    }
    if xs.iter().zip(ys).all(|(x, y)| matches(x, y)) {
        return true;
    }
    if sorted_is_decisive {
        return false;
    }
    let adj: Vec<Vec<usize>> = xs
        .iter()
        .map(|x| (0..n).filter(|&j| matches(x, &ys[j])).collect())
        .collect();
    if adj.iter().any(Vec::is_empty) {
        return false;
    }
    let mut match_left: Vec<Option<usize>> = vec![None; n];
    let mut match_right: Vec<Option<usize>> = vec![None; n];
    (0..n).all(|u| augment(u, &adj, &mut match_left, &mut match_right))
}

/// Finds an augmenting path from the free left vertex `u` by breadth-first search (no
/// recursion, so big inputs cannot overflow the stack) and flips it.
fn augment(
    u: usize,
    adj: &[Vec<usize>],
    match_left: &mut [Option<usize>],
    match_right: &mut [Option<usize>],
) -> bool {
    let n = match_right.len();
    let mut reached_from: Vec<Option<usize>> = vec![None; n];
    let mut queue = VecDeque::from([u]);
    while let Some(left) = queue.pop_front() {
        for &right in &adj[left] {
            if reached_from[right].is_some() {
                continue;
            }
            reached_from[right] = Some(left);
            match match_right[right] {
                Some(next) => queue.push_back(next),
                None => {
                    let mut r = right;
                    while let Some(l) = reached_from[r] {
                        let previous = match_left[l];
                        match_left[l] = Some(r);
                        match_right[r] = Some(l);
                        match previous {
                            Some(p) => r = p,
                            None => break,
                        }
                    }
                    return true;
                }
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::testing::{f, int, s};

    fn eq(a: &Value, b: &Value) -> bool {
        let result = a.equals(b, Compare::default());
        assert_eq!(
            result,
            b.equals(a, Compare::default()),
            "asymmetric: {a} vs {b}"
        );
        result
    }

    fn tol(a: &Value, b: &Value, rel_tol: f64) -> bool {
        let cmp = Compare {
            rel_tol: Some(rel_tol),
            unordered: false,
        };
        a.equals(b, cmp)
    }

    fn unordered(a: &Value, b: &Value) -> bool {
        a.equals(
            b,
            Compare {
                rel_tol: None,
                unordered: true,
            },
        )
    }

    #[test]
    fn numbers_compare_across_types() {
        assert!(eq(&Value::Bool(true), &int("1")));
        assert!(eq(&Value::Bool(true), &f(1.0)));
        assert!(eq(&int("1"), &f(1.0)));
        assert!(eq(&Value::Bool(false), &f(-0.0)));
        assert!(eq(&int("0"), &f(-0.0)));
        assert!(eq(&f(0.0), &f(-0.0)));
        assert!(!eq(&int("1"), &f(1.5)));
        assert!(!eq(&Value::Bool(true), &int("2")));
        // 10**20 == 1e20 exactly, and 2**53 + 1 is not the float 2**53.
        assert!(eq(&int("100000000000000000000"), &f(1e20)));
        assert!(eq(&int("9007199254740992"), &f(9007199254740992.0)));
        assert!(!eq(&int("9007199254740993"), &f(9007199254740992.0)));
        assert!(eq(&int("-9007199254740992"), &f(-9007199254740992.0)));
        // 2**1023 compares exactly against the float 2.0**1023; 10**400 against nothing finite.
        let two_1023 = "89884656743115795386465259539451236680898848947115328636715040578866337902750481566354238661203768010560056939935696678829394884407208311246423715319737062188883946712432742638151109800623047059726541476042502884419075341171231440736956555270413618581675255342293149119973622969239858152417678164812112068608";
        assert!(eq(&int(two_1023), &f(2f64.powi(1023))));
        assert!(!eq(
            &int(&format!("1{}", "0".repeat(400))),
            &f(f64::INFINITY)
        ));
        assert!(!eq(&int("1"), &s("1")));
        assert!(!eq(&Value::None, &int("0")));
        assert!(!eq(&Value::Bool(false), &Value::None));
    }

    #[test]
    fn nan_equals_nan_by_convention() {
        assert!(eq(&f(f64::NAN), &f(f64::NAN)));
        assert!(eq(
            &Value::List(vec![f(f64::NAN)]),
            &Value::List(vec![f(-f64::NAN)])
        ));
        assert!(!eq(&f(f64::NAN), &f(1.0)));
        assert!(!eq(&f(f64::NAN), &int("1")));
        assert!(tol(&f(f64::NAN), &f(f64::NAN), 1e-9));
        assert!(!tol(&f(f64::NAN), &f(f64::INFINITY), 1e-9));
    }

    #[test]
    fn containers_follow_python_equality() {
        let list = Value::List(vec![int("1"), int("2")]);
        let tuple = Value::Tuple(vec![int("1"), int("2")]);
        assert!(!eq(&list, &tuple));
        assert!(eq(&list, &Value::List(vec![f(1.0), int("2")])));
        assert!(!eq(&list, &Value::List(vec![int("2"), int("1")])));
        assert!(!eq(&list, &Value::List(vec![int("1")])));
        assert!(!eq(&s("ab"), &Value::Bytes(b"ab".to_vec())));
        // {1, 2.0} == {1.0, 2} and set == frozenset with the same elements.
        let a = Value::Set(vec![int("1"), f(2.0)]);
        let b = Value::FrozenSet(vec![int("2"), f(1.0)]);
        assert!(eq(&a, &b));
        assert!(!eq(&a, &Value::Set(vec![int("1"), int("3")])));
        assert!(!eq(&a, &Value::List(vec![int("1"), int("2")])));
        assert!(eq(&Value::Set(vec![]), &Value::FrozenSet(vec![])));
        // Dict equality ignores order; keys and values compare numerically across types.
        let d1 = Value::Dict(vec![(s("a"), int("1")), (int("1"), s("x"))]);
        let d2 = Value::Dict(vec![(Value::Bool(true), s("x")), (s("a"), f(1.0))]);
        assert!(eq(&d1, &d2));
        assert!(!eq(
            &d1,
            &Value::Dict(vec![(s("a"), int("1")), (int("1"), s("y"))])
        ));
        assert!(!eq(&d1, &Value::Dict(vec![(s("a"), int("1"))])));
        assert!(!eq(&Value::Dict(vec![]), &Value::Set(vec![])));
        let nested = |x: Value| Value::List(vec![Value::Tuple(vec![Value::Set(vec![x, s("z")])])]);
        assert!(eq(&nested(int("3")), &nested(f(3.0))));
        assert!(!eq(&nested(int("3")), &nested(f(3.5))));
    }

    #[test]
    fn other_is_never_equal() {
        let other = Value::Other {
            type_name: "m.AlwaysEqual".into(),
            repr: "<AlwaysEqual>".into(),
        };
        assert!(!eq(&other, &other.clone()));
        assert!(!eq(&other, &int("1")));
        assert!(!eq(
            &Value::List(vec![other.clone()]),
            &Value::List(vec![other.clone()])
        ));
        let cmp = Compare {
            rel_tol: Some(0.5),
            unordered: true,
        };
        assert!(!other.equals(&other, cmp));
        assert!(!Value::Dict(vec![(s("k"), other.clone())])
            .equals(&Value::Dict(vec![(s("k"), other)]), cmp));
    }

    #[test]
    fn rel_tol_follows_isclose() {
        assert!(!eq(&f(0.1 + 0.2), &f(0.3)));
        assert!(tol(&f(0.1 + 0.2), &f(0.3), 1e-9));
        assert!(tol(&f(1.0), &f(1.0 + 1e-10), 1e-9));
        assert!(!tol(&f(1.0), &f(1.0 + 1e-8), 1e-9));
        // Relative to the larger magnitude, like math.isclose.
        assert!(tol(&f(100.0), &f(95.0), 0.05));
        assert!(!tol(&f(100.0), &f(94.0), 0.05));
        // An int against a float is converted; int against int stays exact.
        assert!(tol(&int("100000000000000000001"), &f(1e20), 1e-9));
        assert!(!tol(
            &int("100000000000000000001"),
            &int("100000000000000000000"),
            1e-9
        ));
        assert!(tol(&Value::Bool(true), &f(1.0 + 1e-12), 1e-9));
        // Infinities are close only to themselves; an int too big for a float to nothing.
        assert!(tol(&f(f64::INFINITY), &f(f64::INFINITY), 1e-9));
        assert!(!tol(&f(f64::INFINITY), &f(1e308), 1e-9));
        assert!(!tol(
            &int(&format!("1{}", "0".repeat(400))),
            &f(f64::INFINITY),
            1e-9
        ));
        // Zero is close only to zero with a relative tolerance.
        assert!(!tol(&f(0.0), &f(1e-300), 1e-9));
        // Recursively in containers, not across types.
        let a = Value::Dict(vec![(s("x"), Value::List(vec![f(1.0), f(2.0)]))]);
        let b = Value::Dict(vec![(
            s("x"),
            Value::List(vec![f(1.0 + 1e-12), f(2.0 - 1e-12)]),
        )]);
        assert!(tol(&a, &b, 1e-9));
        assert!(!eq(&a, &b));
        assert!(!tol(
            &Value::List(vec![f(1.0)]),
            &Value::Tuple(vec![f(1.0)]),
            1e-9
        ));
        assert!(!tol(&s("a"), &s("b"), 1e-9));
        // A negative or NaN tolerance means exact.
        assert!(!tol(&f(1.0), &f(1.0 + 1e-12), -1.0));
        assert!(!tol(&f(1.0), &f(1.0 + 1e-12), f64::NAN));
    }

    #[test]
    fn rel_tol_matches_sets_and_dicts_without_order() {
        let a = Value::Set(vec![f(1.0), f(2.0), f(3.0)]);
        let b = Value::Set(vec![f(3.0 + 1e-12), f(1.0 - 1e-12), f(2.0)]);
        assert!(tol(&a, &b, 1e-9));
        // Sorted pairing fails here ((1, 'b') sorts after (1, 'a')), a real matching succeeds.
        let t = |x: f64, c: &str| Value::Tuple(vec![f(x), s(c)]);
        let a = Value::Set(vec![t(1.0, "b"), t(1.0 + 1e-12, "a")]);
        let b = Value::Set(vec![t(1.0 + 1e-12, "b"), t(1.0, "a")]);
        assert!(tol(&a, &b, 1e-9));
        let c = Value::Set(vec![t(1.0 + 1e-12, "b"), t(1.0, "c")]);
        assert!(!tol(&a, &c, 1e-9));
        let d1 = Value::Dict(vec![(s("p"), f(0.3)), (s("q"), f(0.7))]);
        let d2 = Value::Dict(vec![(s("q"), f(0.7000000000001)), (s("p"), f(0.1 + 0.2))]);
        assert!(tol(&d1, &d2, 1e-9));
    }

    #[test]
    fn multiset_matching_is_not_greedy() {
        // Left 0 matches both right vertices, left 1 only right 0: the first pairing must move.
        let xs = [0, 1];
        let ys = [0, 1];
        assert!(multiset_match(&xs, &ys, false, |x, y| *x == 0 || *y == 0));
        assert!(!multiset_match(&xs, &ys, false, |_, y| *y == 0));
        assert!(!multiset_match(&[0], &[0, 1], false, |_, _| true));
        // A longer chain of augmentations.
        let n = 50;
        let xs: Vec<usize> = (0..n).collect();
        assert!(multiset_match(&xs, &xs, false, |x, y| *y == *x || *y + 1 == *x));
        assert!(multiset_match(&xs, &xs, false, |x, y| *y == (*x + 1) % n));
    }

    #[test]
    fn unordered_applies_at_every_depth() {
        let l = |items: Vec<Value>| Value::List(items);
        let a = l(vec![int("1"), l(vec![int("2"), int("3")]), int("1")]);
        let b = l(vec![l(vec![int("3"), f(2.0)]), int("1"), Value::Bool(true)]);
        assert!(unordered(&a, &b));
        assert!(!eq(&a, &b));
        // Multiplicities count.
        assert!(!unordered(
            &l(vec![int("1"), int("1"), int("2")]),
            &l(vec![int("1"), int("2"), int("2")])
        ));
        assert!(unordered(
            &Value::Tuple(vec![s("b"), s("a")]),
            &Value::Tuple(vec![s("a"), s("b")])
        ));
        assert!(!unordered(&Value::Tuple(vec![s("a")]), &l(vec![s("a")])));
        // Inside dict values and set elements too.
        let d = |v: Value| Value::Dict(vec![(s("k"), v)]);
        assert!(unordered(
            &d(l(vec![int("1"), int("2")])),
            &d(l(vec![int("2"), int("1")]))
        ));
        let cmp = Compare {
            rel_tol: Some(1e-9),
            unordered: true,
        };
        let a = l(vec![f(0.3), l(vec![f(1.0), f(2.0)])]);
        let b = l(vec![l(vec![f(2.0), f(1.0 + 1e-12)]), f(0.1 + 0.2)]);
        assert!(a.equals(&b, cmp));
    }

    #[test]
    fn many_elements_compare_quickly() {
        let n = 20_000;
        let a = Value::Set((0..n).map(|i| int(&i.to_string())).collect());
        let b = Value::FrozenSet((0..n).rev().map(|i| f(i as f64)).collect());
        assert!(eq(&a, &b));
        let c = Value::List((0..n).map(|i| f(i as f64 * 1.1)).collect());
        let d = Value::List(
            (0..n)
                .rev()
                .map(|i| f(i as f64 * 1.1 * (1.0 + 1e-12)))
                .collect(),
        );
        let cmp = Compare {
            rel_tol: Some(1e-9),
            unordered: true,
        };
        assert!(c.equals(&d, cmp));
        // A mismatch among many floats is found without comparing every pair.
        let mut e = d.clone();
        if let Value::List(items) = &mut e {
            items[n / 2] = f(-1.0);
        }
        assert!(!c.equals(&e, cmp));
    }

    #[test]
    fn sorted_float_matching_agrees_with_brute_force() {
        // Small multisets of floats near each other, checked against a full matching.
        let mut seed: u64 = 12345;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let pool = [
            -1.0, -0.5, 0.0, 1e-10, 0.999, 1.0, 1.0005, 1.001, 1.002, 2.0,
        ];
        for _ in 0..3000 {
            let len = (next() % 5) as usize;
            let pick = |r: u64| Value::Float(pool[(r % pool.len() as u64) as usize]);
            let a: Vec<Value> = (0..len).map(|_| pick(next())).collect();
            let b: Vec<Value> = (0..len).map(|_| pick(next())).collect();
            let (va, vb) = (Value::List(a.clone()), Value::List(b.clone()));
            let fast = va.equals(
                &vb,
                Compare {
                    rel_tol: Some(1e-3),
                    unordered: true,
                },
            );
            let full = multiset_match(&a, &b, false, |x, y| close(x, y, 1e-3, true));
            assert_eq!(fast, full, "{va} vs {vb}");
        }
    }
}
