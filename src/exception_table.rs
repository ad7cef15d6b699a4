//! Exception identity: the table of exception classes a zygote captured
//! before any learner code ran, and the rule that decides whether a raised
//! exception satisfies `raises = "X"` (SPEC §4: by class identity, never by
//! names the learner can set).
//!
//! The zygote resolves every builtin exception and every class a case
//! names (`json.JSONDecodeError`) to a class object, and reports, for each
//! name, the canonical index of its class and the table classes it
//! inherits from. A child reports a raised exception as the indices of the
//! table classes in its MRO. A forged report can claim no more than
//! raising a real instance of one class would, because of the rule below.

use serde::{Deserialize, Serialize};

use crate::execution::ExceptionClass;

/// What a zygote resolved, sent once before its first fork.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExceptionTable {
    /// Builtin exception names first (sorted), then the names asked for.
    pub names: Vec<String>,
    /// Per name: None when it names no class the zygote could find.
    pub classes: Vec<Option<TableClass>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableClass {
    /// The first index naming the same class object (`IOError` is
    /// `OSError`): the index children report.
    pub canonical: u32,
    /// Canonical indices of its strict superclasses that are in the table.
    pub ancestors: Vec<u32>,
}

impl ExceptionTable {
    /// The canonical index of the class `name` names, if the table has it.
    pub fn resolve(&self, name: &str) -> Option<u32> {
        let index = self.names.iter().position(|n| n == name)?;
        self.classes
            .get(index)?
            .as_ref()
            .map(|class| class.canonical)
    }

    /// Whether this table is `earlier` grown (the hidden phase's): every
    /// name of it at the same index, naming the same class. Identities
    /// reported against `earlier` keep their meaning.
    pub fn extends(&self, earlier: &ExceptionTable) -> bool {
        self.names.starts_with(&earlier.names)
            && self.classes.len() == self.names.len()
            && earlier.classes.iter().zip(&self.classes).all(|(was, is)| {
                was.as_ref().map(|class| class.canonical)
                    == is.as_ref().map(|class| class.canonical)
            })
    }

    /// Whether `index` is a canonical index of this table.
    pub fn is_canonical(&self, index: u32) -> bool {
        self.class(index)
            .is_some_and(|class| class.canonical == index)
    }

    /// The name a canonical index was asked by (`TypeError`,
    /// `json.JSONDecodeError`): grader text, safe to show.
    pub fn name(&self, index: u32) -> Option<&str> {
        self.names.get(index as usize).map(String::as_str)
    }

    fn class(&self, index: u32) -> Option<&TableClass> {
        self.classes.get(index as usize)?.as_ref()
    }

    /// Whether table class `ancestor` is a strict superclass of `of`.
    fn inherits(&self, of: u32, ancestor: u32) -> bool {
        self.class(of)
            .is_some_and(|class| class.ancestors.contains(&ancestor))
    }

    /// Whether an exception of `class` satisfies `raises = wanted`.
    ///
    /// A name the table resolved is matched by identity: every most-derived
    /// table class of the exception's MRO must be `wanted` or inherit from
    /// it. So a class with several unrelated table bases (`class
    /// O(KeyError, TypeError)`, which `pytest.raises` would accept for
    /// either, and a forger would use to pass every `raises`) satisfies
    /// only what all of its bases are (`LookupError`? no; `Exception`:
    /// yes), or a case that names exactly its class. A name the table
    /// could not resolve (a class the learner's module defines) is matched
    /// by the names of the MRO's classes outside the table: `module.Name`
    /// exactly, or a bare `Name` against any module's class of that name.
    pub fn matches(&self, class: &ExceptionClass, wanted: &str) -> bool {
        let Some(target) = self.resolve(wanted) else {
            return class.unlisted.iter().any(|name| {
                if wanted.contains('.') {
                    name == wanted
                } else {
                    name.rsplit('.').next() == Some(wanted)
                }
            });
        };
        if class.exact == Some(target) {
            return true;
        }
        let derived: Vec<u32> = class
            .table
            .iter()
            .copied()
            .filter(|&k| !class.table.iter().any(|&o| o != k && self.inherits(o, k)))
            .collect();
        !derived.is_empty()
            && derived
                .iter()
                .all(|&class| class == target || self.inherits(class, target))
    }

    /// Whether the exception is a `MemoryError` (the `memory` verdict).
    pub fn is_memory_error(&self, class: &ExceptionClass) -> bool {
        self.resolve("MemoryError").is_some() && self.matches(class, "MemoryError")
    }

    /// The name a case expecting what `class` is should ask for: the
    /// table's name of the class, or the class's own qualified name.
    pub fn expectation_name(&self, class: &ExceptionClass) -> String {
        match class.exact.and_then(|index| self.name(index)) {
            Some(name) => name.to_owned(),
            None => class
                .unlisted
                .first()
                .cloned()
                .unwrap_or_else(|| class.display.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// BaseException(0) ← Exception(1) ← {LookupError(2) ← KeyError(3),
    /// TypeError(4), ValueError(5)}; `IOError` (6) is an alias of
    /// `OSError` (7); "solution.Custom" (8) did not resolve.
    fn table() -> ExceptionTable {
        let class = |canonical: u32, ancestors: &[u32]| {
            Some(TableClass {
                canonical,
                ancestors: ancestors.to_vec(),
            })
        };
        ExceptionTable {
            names: [
                "BaseException",
                "Exception",
                "LookupError",
                "KeyError",
                "TypeError",
                "ValueError",
                "IOError",
                "OSError",
                "solution.Custom",
            ]
            .map(String::from)
            .to_vec(),
            classes: vec![
                class(0, &[]),
                class(1, &[0]),
                class(2, &[1, 0]),
                class(3, &[2, 1, 0]),
                class(4, &[1, 0]),
                class(5, &[1, 0]),
                class(7, &[1, 0]),
                class(7, &[1, 0]),
                None,
            ],
        }
    }

    fn raised(table: &[u32], exact: Option<u32>, unlisted: &[&str]) -> ExceptionClass {
        ExceptionClass {
            display: "x".into(),
            table: table.to_vec(),
            exact,
            unlisted: unlisted.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn a_builtin_matches_itself_and_its_bases() {
        let key_error = raised(&[3, 2, 1, 0], Some(3), &[]);
        for name in ["KeyError", "LookupError", "Exception", "BaseException"] {
            assert!(table().matches(&key_error, name), "{name}");
        }
        assert!(!table().matches(&key_error, "TypeError"));
        assert!(!table().matches(&key_error, "ValueError"));
    }

    #[test]
    fn a_learner_subclass_matches_its_builtin_base() {
        let custom = raised(&[5, 1, 0], None, &["solution.AgeError"]);
        assert!(table().matches(&custom, "ValueError"));
        assert!(table().matches(&custom, "solution.AgeError"));
        assert!(table().matches(&custom, "AgeError"));
        assert!(!table().matches(&custom, "TypeError"));
    }

    #[test]
    fn a_name_set_to_a_builtin_does_not_make_a_builtin() {
        // class TypeError(Exception): __module__ = "builtins"
        let fake = raised(&[1, 0], None, &["TypeError", "builtins.TypeError"]);
        assert!(!table().matches(&fake, "TypeError"));
    }

    #[test]
    fn several_unrelated_bases_match_only_their_exact_class() {
        // class O(KeyError, TypeError, ValueError)
        let omni = raised(&[3, 2, 4, 5, 1, 0], None, &["solution.O"]);
        for name in ["KeyError", "TypeError", "ValueError", "LookupError"] {
            assert!(!table().matches(&omni, name), "{name}");
        }
        assert!(
            table().matches(&omni, "Exception"),
            "all its bases are Exceptions"
        );
        assert!(table().matches(&omni, "solution.O"));
    }

    #[test]
    fn a_forged_claim_of_every_class_matches_nothing_specific() {
        let forged = raised(&[0, 1, 2, 3, 4, 5, 7], None, &[]);
        for name in [
            "KeyError",
            "TypeError",
            "ValueError",
            "OSError",
            "LookupError",
        ] {
            assert!(!table().matches(&forged, name), "{name}");
        }
        assert!(
            table().matches(&forged, "Exception"),
            "as raising Exception would"
        );
    }

    #[test]
    fn an_inconsistent_claim_does_not_match() {
        // claims KeyError's index but not that it is an Exception
        let odd = raised(&[3], None, &[]);
        assert!(table().matches(&odd, "KeyError"));
        assert!(
            table().matches(&odd, "LookupError"),
            "by the table's own hierarchy"
        );
        assert!(!table().matches(&odd, "TypeError"));
    }

    #[test]
    fn aliases_share_a_class() {
        let os_error = raised(&[7, 1, 0], Some(7), &[]);
        assert!(table().matches(&os_error, "IOError"));
        assert!(table().matches(&os_error, "OSError"));
    }

    #[test]
    fn unresolved_names_match_unlisted_classes_only() {
        let custom = raised(&[1, 0], None, &["solution.Custom"]);
        assert!(table().matches(&custom, "solution.Custom"));
        assert!(!table().matches(&custom, "other.Custom"));
        assert!(!table().matches(&raised(&[1, 0], Some(1), &[]), "solution.Custom"));
    }

    #[test]
    fn a_grown_table_extends_only_with_the_same_classes_at_the_same_places() {
        let earlier = table();
        let mut grown = table();
        grown.names.push("json.JSONDecodeError".into());
        grown.classes.push(Some(TableClass {
            canonical: 9,
            ancestors: vec![5, 1, 0],
        }));
        assert!(grown.extends(&earlier));
        assert!(earlier.extends(&earlier));
        assert!(!earlier.extends(&grown));
        let mut moved = grown.clone();
        moved.names.swap(4, 5);
        assert!(!moved.extends(&earlier));
        let mut changed = grown;
        changed.classes[8] = Some(TableClass {
            canonical: 8,
            ancestors: vec![],
        });
        assert!(!changed.extends(&earlier));
    }
}
