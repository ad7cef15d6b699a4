//! Differential tests: `repr`, `pretty` and `equals` against the pinned CPython's `repr()`,
//! `pprint.pformat` and `==` on generated values (see `testing::oracle`).

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

use super::testing::oracle::{check, Answer, Oracle};
use super::testing::strategies::{chars, pairs, printable_values, values};
use super::{Compare, Value};

/// The width `crate::judge` prints values at, always among the widths tried.
const JUDGE_WIDTH: usize = 72;

fn echoed(answer: &Answer, what: &str, asked: &Value) -> Result<Value, TestCaseError> {
    match (&answer.value, &answer.error) {
        (Some(value), None) => Ok(value.clone()),
        _ => Err(TestCaseError::fail(format!(
            "Python could not build {what} {asked:?}: {answer:?}"
        ))),
    }
}

#[test]
fn repr_matches_python() {
    check(1500, values(), |oracle, value| {
        let answer = oracle.show(&value, &[]);
        // Python's value, its sets in Python's order, is the one whose repr must match.
        let python = echoed(&answer, "the value", &value)?;
        let ours = python.repr();
        let theirs = answer.repr.unwrap_or_default();
        prop_assert_eq!(&ours, &theirs, "repr of {:?}", python);
        Ok(())
    });
}

#[test]
fn repr_of_every_character_matches_python() {
    let mut oracle = Oracle::start();
    // All of Unicode but the surrogates, in slices, quotes mixed in to vary the quoting.
    let all: Vec<char> = ('\0'..=char::MAX).collect();
    for (i, slice) in all.chunks(0x4000).enumerate() {
        let mut text: String = slice.iter().collect();
        if i % 2 == 1 {
            text.push('\'');
        }
        let value = Value::Str(text);
        let answer = oracle.show(&value, &[]);
        let (ours, theirs) = (value.repr(), answer.repr.unwrap_or_default());
        if ours != theirs {
            let diff = ours
                .chars()
                .zip(theirs.chars())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            let context = |s: &str| {
                s.chars()
                    .skip(diff.saturating_sub(10))
                    .take(30)
                    .collect::<String>()
            };
            panic!(
                "repr differs from Python's at character {diff}: ours …{}…, Python's …{}…",
                context(&ours),
                context(&theirs)
            );
        }
    }
    let every_byte = Value::Bytes((0..=255).collect());
    let answer = oracle.show(&every_byte, &[]);
    assert_eq!(every_byte.repr(), answer.repr.unwrap_or_default());
}

#[test]
fn float_repr_matches_python() {
    let floats = prop::collection::vec(any::<u64>().prop_map(f64::from_bits), 50);
    check(200, floats, |oracle, floats| {
        let value = Value::List(floats.into_iter().map(Value::Float).collect());
        let answer = oracle.show(&value, &[]);
        prop_assert_eq!(value.repr(), answer.repr.unwrap_or_default());
        Ok(())
    });
}

#[test]
fn pretty_matches_pprint() {
    let cases = (printable_values(), 1usize..=100);
    check(1500, cases, |oracle, (value, width)| {
        let widths = [width, JUDGE_WIDTH];
        let answer = oracle.show(&value, &widths);
        let python = echoed(&answer, "the value", &value)?;
        for (width, theirs) in widths.iter().zip(&answer.pretty) {
            let ours = python.pretty(*width);
            prop_assert_eq!(
                &ours,
                theirs,
                "pretty at width {} of {}\nours:\n{}\npprint:\n{}",
                width,
                python,
                ours,
                theirs
            );
        }
        Ok(())
    });
}

#[test]
fn pretty_wraps_strings_like_pprint() {
    let text =
        prop::collection::vec(chars(), 0..40).prop_map(|cs| cs.into_iter().collect::<String>());
    let cases = (text, 1usize..=30, 0usize..3);
    check(500, cases, |oracle, (text, width, depth)| {
        let mut value = Value::Str(text);
        for _ in 0..depth {
            value = Value::List(vec![value]);
        }
        let answer = oracle.show(&value, &[width]);
        let ours = value.pretty(width);
        let theirs = answer.pretty.first().cloned().unwrap_or_default();
        prop_assert_eq!(&ours, &theirs, "pretty at width {} of {}", width, value);
        Ok(())
    });
}

#[test]
fn pretty_splits_strings_where_pprint_does() {
    let mut oracle = Oracle::start();
    // At width 1 pprint cuts a string at every line end and after every run of whitespace,
    // so printing every character between two letters shows where each one cuts.
    let all: Vec<char> = ('\0'..=char::MAX).collect();
    for slice in all.chunks(0x8000) {
        let mut text: String = slice.iter().flat_map(|c| ['x', *c]).collect();
        text.push('x');
        let value = Value::Str(text);
        let answer = oracle.show(&value, &[1]);
        let theirs = answer.pretty.first().cloned().unwrap_or_default();
        let ours = value.pretty(1);
        if let Some((a, b)) = ours.lines().zip(theirs.lines()).find(|(a, b)| a != b) {
            panic!("pretty cuts differently from pprint: ours {a}, pprint {b}");
        }
        assert_eq!(ours, theirs);
    }
}

#[test]
fn equals_matches_python() {
    check(3000, pairs(), |oracle, (a, b)| {
        let answer = oracle.equal(&a, &b);
        let a = echoed(&answer, "the first value", &a)?;
        let b = match &answer.other {
            Some(b) => b.clone(),
            None => return Err(TestCaseError::fail(format!("no second value: {answer:?}"))),
        };
        let python = answer.equal;
        let ours = a.equals(&b, Compare::default());
        prop_assert_eq!(
            Some(ours),
            python,
            "{} == {}: ours {}, Python's {:?}",
            a,
            b,
            ours,
            python
        );
        prop_assert_eq!(
            b.equals(&a, Compare::default()),
            ours,
            "asymmetric: {} vs {}",
            a,
            b
        );
        Ok(())
    });
}
