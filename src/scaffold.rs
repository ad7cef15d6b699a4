//! `grade new`: a new challenge in one command: statement, exercise.toml with
//! a commented example of every check key, stub and reference. It never
//! overwrites anything.

use std::path::{Path, PathBuf};

use crate::error::GradeError;
use crate::spec::Topic;

pub struct NewChallenge {
    pub path: PathBuf,
    pub topic: Topic,
    pub difficulty: u8,
}

/// Writes the files; returns the paths written.
pub fn scaffold(new: &NewChallenge) -> Result<Vec<PathBuf>, GradeError> {
    let absolute = std::path::absolute(&new.path).map_err(|e| GradeError::file(&new.path, e))?;
    let exercises_root = absolute
        .ancestors()
        .find(|dir| dir.file_name().is_some_and(|name| name == "exercises"))
        .ok_or_else(|| {
            GradeError::Usage(format!(
                "{} is not inside an `exercises/` folder (try exercises/week4/{})",
                new.path.display(),
                new.path
                    .file_name()
                    .map_or("my-challenge".into(), |n| n.to_string_lossy())
            ))
        })?;
    let relative = absolute
        .strip_prefix(exercises_root)
        .unwrap_or(Path::new(""));
    if relative.components().count() == 0 {
        return Err(GradeError::Usage(
            "give the new challenge's folder, e.g. exercises/week4/my-challenge".into(),
        ));
    }
    // A course in weeks is exercises/<week>/<challenge>: a folder holding
    // challenges, or one level down in such a course, is a week.
    let holds_challenges = |dir: &Path| {
        std::fs::read_dir(dir).is_ok_and(|entries| {
            entries
                .filter_map(Result::ok)
                .any(|entry| entry.path().join("exercise.toml").is_file())
        })
    };
    let course_in_weeks = std::fs::read_dir(exercises_root).is_ok_and(|entries| {
        entries
            .filter_map(Result::ok)
            .any(|entry| holds_challenges(&entry.path()))
    });
    if holds_challenges(&absolute) || (relative.components().count() == 1 && course_in_weeks) {
        return Err(GradeError::Usage(format!(
            "{} is a week folder, not a challenge: name the challenge inside it, e.g. {}",
            new.path.display(),
            new.path.join("my-challenge").display()
        )));
    }
    let slug = relative
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let solution_dir = crate::plan::default_solutions(exercises_root).join(relative);
    let title = slug
        .split(['-', '_'])
        .filter(|word| !word.is_empty())
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or(String::new(), |first| {
                first.to_uppercase().collect::<String>() + chars.as_str()
            })
        })
        .collect::<Vec<_>>()
        .join(" ");
    let files = [
        (absolute.join("README.md"), readme(&title)),
        (
            absolute.join("exercise.toml"),
            spec(&title, new.topic, new.difficulty),
        ),
        (absolute.join("solution.py"), SOLUTION.to_owned()),
        (solution_dir.join("solution.py"), SOLUTION.to_owned()),
    ];
    let existing: Vec<_> = files
        .iter()
        .filter(|(path, _)| path.exists())
        .map(|(p, _)| p.display().to_string())
        .collect();
    if !existing.is_empty() {
        return Err(GradeError::Usage(format!(
            "refusing to overwrite {}",
            existing.join(", ")
        )));
    }
    let mut written = Vec::new();
    for (path, text) in files {
        if let Some(parent) = path.parent() {
            fs_err::create_dir_all(parent).map_err(|e| GradeError::file(parent, e))?;
        }
        fs_err::write(&path, text).map_err(|e| GradeError::file(&path, e))?;
        written.push(path);
    }
    Ok(written)
}

fn readme(title: &str) -> String {
    format!(
        "# {title}\n\n\
         Describe the task here: what to implement, its signature, and the rules.\n\n\
         ```python\n>>> sum_of_squares([1, 2, 3])\n14\n>>> sum_of_squares([])\n0\n```\n\n\
         Run `grade` on this folder to check your work.\n"
    )
}

fn spec(title: &str, topic: Topic, difficulty: u8) -> String {
    format!(
        r#"[exercise]
title = "{title}"
topic = "{topic}"
difficulty = {difficulty}
# file = "solution.py"        # the learner's file (default solution.py)
# extra_files = ["helper.py"] # more learner modules, importable by their stem
# timeout_ms = 2000           # per case (default 2000)
# memory_mb = 256             # per worker (default 256)
hints = [
  "Start with the smallest input: what should an empty list give?",
  "`sum()` takes a generator expression.",
]

# `expect`: the value of `expr` equals this Python literal.
[[test]]
name = "three numbers"
expr = "sum_of_squares([1, 2, 3])"
expect = "14"

# `raises` (+ `match`, a regex searched in the message).
[[test]]
name = "rejects text"
expr = "sum_of_squares(['a'])"
raises = "TypeError"
match = "number"

# `stdout`: what the case prints (trailing whitespace ignored).
[[test]]
name = "report prints the total"
setup = "report([3, 4])"
stdout = "total: 25"

# No expect/raises/stdout: the expected outcome is the reference solution's.
[[test]]
name = "many numbers (reference)"
expr = "sum_of_squares(range(1000))"

# `hidden`: learners see the name and the verdict only.
[[test]]
name = "empty list"
expr = "sum_of_squares([])"
expect = "0"
hidden = true
points = 2

# More keys:
# unordered = true      # lists/tuples compare as multisets
# rel_tol = 1e-9        # floats compare with this relative tolerance
# max_peak_kb = 64      # tracemalloc peak while the case runs
# max_ratio = 3.0       # at most 3x the reference solution's time
# setup may use top-level `await`; an awaitable `expr` is awaited.
"#,
        topic = topic.as_str()
    )
}

const SOLUTION: &str = r#""""Starter code. The stub learners get and the reference solution start
out identical: write the real solution in solutions/, and leave the stub
with signatures, docstrings and `raise NotImplementedError`."""


def sum_of_squares(numbers):
    """Return the sum of the squares of `numbers`."""
    total = 0
    for number in numbers:
        if not isinstance(number, (int, float)):
            raise TypeError(f"not a number: {number!r}")
        total += number * number
    return total


def report(numbers):
    """Print the total of `sum_of_squares(numbers)`."""
    print(f"total: {sum_of_squares(numbers)}")
"#;
