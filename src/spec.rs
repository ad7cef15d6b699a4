//! `exercise.toml`: the format instructors write (SPEC §2), parsed into a
//! [`Challenge`] and its [`Case`]s. Every field is documented here because
//! these structs are the format's manual. Every problem is reported with the
//! file, line and column it comes from.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_spanned::Spanned;

use crate::error::SpecError;
use crate::literal;
use crate::value::Value;

/// The topics of the curriculum (SPEC §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Topic {
    Generators,
    Iterators,
    Descriptors,
    Mro,
    Memory,
    Metaclasses,
    Functions,
    Decorators,
    ContextManagers,
    Async,
    Performance,
    Databases,
    Debugging,
}

impl Topic {
    pub const ALL: &'static str = "generators, iterators, descriptors, mro, memory, metaclasses, \
        functions, decorators, context-managers, async, performance, databases, debugging";

    pub fn as_str(self) -> &'static str {
        match self {
            Topic::Generators => "generators",
            Topic::Iterators => "iterators",
            Topic::Descriptors => "descriptors",
            Topic::Mro => "mro",
            Topic::Memory => "memory",
            Topic::Metaclasses => "metaclasses",
            Topic::Functions => "functions",
            Topic::Decorators => "decorators",
            Topic::ContextManagers => "context-managers",
            Topic::Async => "async",
            Topic::Performance => "performance",
            Topic::Databases => "databases",
            Topic::Debugging => "debugging",
        }
    }
}

/// `[exercise]`: what the challenge is and how its cases run.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExercise {
    /// Shown in every report.
    title: String,
    /// One of [`Topic`].
    topic: Spanned<String>,
    /// 1 (warm-up) .. 3 (interview-hard).
    difficulty: Spanned<i64>,
    /// The learner's file, relative to the challenge folder (default `solution.py`).
    #[serde(default)]
    file: Option<Spanned<String>>,
    /// More learner files, importable by their stem; their references sit
    /// beside the reference solution.
    #[serde(default)]
    extra_files: Vec<Spanned<String>>,
    /// Wall-time limit of each case (default 2000).
    #[serde(default)]
    timeout_ms: Option<Spanned<i64>>,
    /// Memory the learner's code may use, per worker (default 256).
    #[serde(default)]
    memory_mb: Option<Spanned<i64>>,
    /// Shown one at a time by `grade hint`.
    #[serde(default)]
    hints: Vec<String>,
    /// unittest or pytest-style files beside the spec: each test is a case.
    #[serde(default)]
    test_files: Vec<Spanned<String>>,
    /// The test files' tests that are hidden, by case name.
    #[serde(default)]
    hidden_tests: Vec<Spanned<String>>,
}

/// `[[test]]`: one case.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCase {
    /// Unique within the file; the case's identity in every report.
    name: Spanned<String>,
    /// Statements run first (may use top-level `await`).
    #[serde(default)]
    setup: Option<Spanned<String>>,
    /// The expression whose value is checked (awaited if awaitable).
    #[serde(default)]
    expr: Option<Spanned<String>>,
    /// A Python literal the value must equal.
    #[serde(default)]
    expect: Option<Spanned<String>>,
    /// The exception `setup`/`expr` must raise (or a subclass of it).
    #[serde(default)]
    raises: Option<Spanned<String>>,
    /// A regex searched in the raised exception's message.
    #[serde(default, rename = "match")]
    pattern: Option<Spanned<String>>,
    /// What the case must print (trailing whitespace ignored).
    #[serde(default)]
    stdout: Option<String>,
    /// Reported by name and status only, unless `--reveal` (default false;
    /// true for cases added with `--tests`).
    #[serde(default)]
    hidden: Option<bool>,
    /// Worth this many points (default 1).
    #[serde(default)]
    points: Option<Spanned<i64>>,
    /// Lists and tuples compare as multisets.
    #[serde(default)]
    unordered: bool,
    /// Floats compare with this relative tolerance.
    #[serde(default)]
    rel_tol: Option<Spanned<f64>>,
    /// The tracemalloc peak while the case runs stays under this many KiB.
    #[serde(default)]
    max_peak_kb: Option<Spanned<i64>>,
    /// At most this multiple of the reference solution's time, both
    /// measured in the same run.
    #[serde(default)]
    max_ratio: Option<Spanned<f64>>,
    /// Overrides the exercise's `timeout_ms` for this case.
    #[serde(default)]
    timeout_ms: Option<Spanned<i64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSpec {
    exercise: RawExercise,
    #[serde(default)]
    test: Vec<RawCase>,
    /// Points of test-file cases by name (default 1).
    #[serde(default)]
    points: Option<Spanned<BTreeMap<String, toml::Value>>>,
}

/// One challenge: its spec and where its files are.
#[derive(Debug, Clone)]
pub struct Challenge {
    /// Its path below `exercises/`, with `/` separators: `week1/fibonacci-generator`.
    pub path: String,
    pub spec_file: PathBuf,
    /// `timeout_ms` of the exercise, for cases added by `--tests`.
    pub default_timeout: u64,
    pub title: String,
    pub topic: Topic,
    pub difficulty: u8,
    /// The learner file's name relative to the challenge folder.
    pub file: String,
    pub extra_files: Vec<String>,
    pub memory_mb: u64,
    pub hints: Vec<String>,
    pub cases: Vec<Case>,
}

impl Challenge {
    /// The module name the learner file is imported as.
    pub fn module_name(&self) -> String {
        module_stem(&self.file)
    }

    pub fn max_points(&self) -> u32 {
        self.cases.iter().map(|case| case.points).sum()
    }
}

pub fn module_stem(file: &str) -> String {
    Path::new(file)
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// One test case, ready to run and to judge.
#[derive(Debug, Clone)]
pub struct Case {
    pub name: String,
    pub setup: Option<String>,
    pub expr: Option<String>,
    /// Where `setup` and `expr` are written, for errors in their code.
    pub code_at: CodeAt,
    pub check: Check,
    /// Expected output, already normalised (see [`normalize_output`]).
    pub stdout: Option<String>,
    pub hidden: bool,
    pub points: u32,
    pub compare: crate::value::Compare,
    pub max_peak_kb: Option<u64>,
    pub max_ratio: Option<f64>,
    pub timeout_ms: u64,
    /// What reports show as the case's code, when not its setup and expr
    /// (a test file's test: its own lines).
    pub shown_code: Option<String>,
    /// Modules a test file imports at its top level (its cases' code is
    /// the file, which `setup` and `expr` do not show).
    pub test_imports: Vec<String>,
    /// A test file's case: the file as its `expr` carries it (for visible
    /// cases, hidden tests blanked), to compile once for every child.
    pub test_file: Option<std::sync::Arc<TestFile>>,
}

/// A test file as a case carries it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct TestFile {
    /// As tracebacks name it.
    pub name: String,
    pub source: String,
}

/// Where a case's code is in its exercise.toml.
#[derive(Debug, Clone, Default)]
pub struct CodeAt {
    pub file: PathBuf,
    /// Byte offsets of the `setup` and `expr` values in the file (lines
    /// and columns are worked out only for an error).
    pub setup: Option<usize>,
    pub expr: Option<usize>,
}

impl Case {
    /// Whether judging this case needs the reference solution's run.
    pub fn needs_reference(&self) -> bool {
        matches!(self.check, Check::FromReference) || self.max_ratio.is_some()
    }
}

/// What a case checks besides its output.
#[derive(Debug, Clone)]
pub enum Check {
    /// `expect`: the value of `expr` equals this.
    Value(Value),
    /// `raises` (+ `match`).
    Raises {
        exception: String,
        pattern: Option<regex::Regex>,
    },
    /// Only `stdout`: the case must run without an exception.
    Completes,
    /// None of `expect`, `raises`, `stdout`: the outcome (value, exception,
    /// output) must be the reference solution's.
    FromReference,
    /// A test of a test file: it passes unless it fails an assertion
    /// (fail) or raises (error); it may skip itself.
    Test,
}

/// Trailing whitespace on each line and trailing blank lines are ignored.
pub fn normalize_output(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let keep = lines
        .iter()
        .rposition(|line| !line.is_empty())
        .map_or(0, |i| i + 1);
    lines[..keep].join("\n")
}

/// Reads and checks one exercise.toml. `path` is the challenge's path below
/// `exercises/`.
pub fn load(spec_file: &Path, path: String) -> Result<Challenge, SpecError> {
    let text = fs_err::read_to_string(spec_file).map_err(|e| SpecError::Io {
        path: spec_file.to_path_buf(),
        message: e.to_string(),
    })?;
    parse(&text, spec_file, path)
}

pub fn parse(text: &str, spec_file: &Path, path: String) -> Result<Challenge, SpecError> {
    let at = |span: Range<usize>, message: String| SpecError::at(spec_file, text, span, message);
    let raw: RawSpec = toml::from_str(text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        at(span, e.message().trim().to_owned())
    })?;
    let exercise = raw.exercise;
    let topic: Topic = toml::Value::String(exercise.topic.get_ref().clone())
        .try_into()
        .map_err(|_| {
            at(
                exercise.topic.span(),
                format!(
                    "unknown topic `{}`: expected one of {}",
                    exercise.topic.get_ref(),
                    Topic::ALL
                ),
            )
        })?;
    let difficulty = *exercise.difficulty.get_ref();
    if !(1..=3).contains(&difficulty) {
        return Err(at(
            exercise.difficulty.span(),
            format!("difficulty must be 1, 2 or 3, not {difficulty}"),
        ));
    }
    let file = match &exercise.file {
        Some(file) => {
            check_relative_file(file.get_ref()).map_err(|m| at(file.span(), m))?;
            file.get_ref().clone()
        }
        None => "solution.py".to_owned(),
    };
    let mut extra_files = Vec::new();
    for extra in &exercise.extra_files {
        check_relative_file(extra.get_ref()).map_err(|m| at(extra.span(), m))?;
        if extra.get_ref() == &file || extra_files.contains(extra.get_ref()) {
            return Err(at(
                extra.span(),
                format!("`{}` is listed twice", extra.get_ref()),
            ));
        }
        extra_files.push(extra.get_ref().clone());
    }
    let default_timeout = positive(exercise.timeout_ms.as_ref(), 2000, "timeout_ms", &at)?;
    let memory_mb = positive(exercise.memory_mb.as_ref(), 256, "memory_mb", &at)?;

    let mut names = HashSet::new();
    let mut cases = Vec::new();
    for raw_case in raw.test {
        let name = raw_case.name.get_ref().trim().to_owned();
        if name.is_empty() {
            return Err(at(
                raw_case.name.span(),
                "a case name cannot be empty".into(),
            ));
        }
        if !names.insert(name.clone()) {
            return Err(at(
                raw_case.name.span(),
                format!("duplicate case name `{name}`"),
            ));
        }
        cases.push(case(
            raw_case,
            name,
            default_timeout,
            false,
            &at,
            spec_file,
        )?);
    }
    let learner_files: Vec<&str> = std::iter::once(file.as_str())
        .chain(extra_files.iter().map(String::as_str))
        .collect();
    let tested = test_file_cases(
        &exercise.test_files,
        HiddenTests::Named(&exercise.hidden_tests),
        raw.points.as_ref(),
        default_timeout,
        (spec_file, &learner_files),
        &at,
    )?;
    for case in tested {
        if !names.insert(case.name.clone()) {
            return Err(at(
                exercise.test_files.first().map_or(0..0, Spanned::span),
                format!(
                    "a [[test]] and a test of the test files are both named `{}`",
                    case.name
                ),
            ));
        }
        cases.push(case);
    }
    if cases.is_empty() {
        return Err(at(0..0, "no [[test]] cases and no `test_files`".into()));
    }
    Ok(Challenge {
        default_timeout,
        spec_file: spec_file.to_path_buf(),
        path,
        title: exercise.title,
        topic,
        difficulty: difficulty as u8,
        file,
        extra_files,
        memory_mb,
        hints: exercise.hints,
        cases,
    })
}

/// Which tests of some test files are hidden: those `hidden_tests` names,
/// or all of them (the test files of a `--tests` overlay).
enum HiddenTests<'a> {
    Named(&'a [Spanned<String>]),
    All,
}

/// The cases of `test_files`, one per test, in file order.
fn test_file_cases(
    test_files: &[Spanned<String>],
    hidden_tests: HiddenTests<'_>,
    points: Option<&Spanned<BTreeMap<String, toml::Value>>>,
    default_timeout: u64,
    (spec_file, learner_files): (&Path, &[&str]),
    at: &impl Fn(Range<usize>, String) -> SpecError,
) -> Result<Vec<Case>, SpecError> {
    let named_hidden: &[Spanned<String>] = match hidden_tests {
        HiddenTests::Named(names) => names,
        HiddenTests::All => &[],
    };
    let mut hidden: BTreeSet<String> = named_hidden
        .iter()
        .map(|name| name.get_ref().clone())
        .collect();
    let points_of: BTreeMap<String, u32> = match points {
        None => BTreeMap::new(),
        Some(table) => table
            .get_ref()
            .iter()
            .map(|(name, value)| match value.as_integer() {
                Some(points) if points > 0 && points <= i64::from(u32::MAX) => {
                    Ok((name.clone(), points as u32))
                }
                _ => Err(at(
                    table.span(),
                    format!("[points] `{name}` must be a positive whole number"),
                )),
            })
            .collect::<Result<_, _>>()?,
    };
    let mut cases = Vec::new();
    let mut all_found = Vec::new();
    for file in test_files {
        check_relative_file(file.get_ref()).map_err(|m| at(file.span(), m))?;
        let source =
            crate::testfiles::read(spec_file, file.get_ref()).map_err(|m| at(file.span(), m))?;
        let located =
            |(message, line)| at(file.span(), format!("{}:{line}: {message}", file.get_ref()));
        let (mut found, imports) =
            crate::testfiles::collect_cached(&source, file.get_ref(), &[]).map_err(located)?;
        // pytest loads a conftest.py beside the tests without an import.
        let mut wanted = imports.clone();
        if spec_file.with_file_name("conftest.py").is_file() {
            wanted.push("conftest".to_owned());
        }
        let helpers = crate::testfiles::helpers_of(spec_file, &wanted, learner_files)
            .map_err(|m| at(file.span(), m))?;
        let pytest_file = crate::testfiles::needs_pytest(&imports, &helpers);
        let mut imports = imports;
        if pytest_file {
            // For the zygote to load once, with its plugins.
            imports.push("pytest".to_owned());
        }
        if !helpers.is_empty() {
            // Again, with the helpers' base classes and their tests.
            found = crate::testfiles::collect_cached(&source, file.get_ref(), &helpers)
                .map_err(located)?
                .0;
        }
        if found.is_empty() {
            return Err(at(
                file.span(),
                format!("{} has no tests (`test*` functions, or `test*` methods of unittest.TestCase or `Test*` classes)", file.get_ref()),
            ));
        }
        if matches!(hidden_tests, HiddenTests::All) {
            hidden.extend(found.iter().map(|test| test.name.clone()));
        }
        let visible_source = crate::testfiles::without_hidden(&source, &found, &hidden);
        let carried_file = |source: &String| {
            std::sync::Arc::new(TestFile {
                name: file.get_ref().clone(),
                source: source.clone(),
            })
        };
        let (visible_file, hidden_file) = (carried_file(&visible_source), carried_file(&source));
        let module = crate::testfiles::module_name(file.get_ref());
        for test in &found {
            let is_hidden = hidden.contains(&test.name);
            let carried = if is_hidden { &source } else { &visible_source };
            cases.push(Case {
                name: test.name.clone(),
                setup: None,
                expr: Some(crate::testfiles::expr(
                    carried,
                    file.get_ref(),
                    &module,
                    test,
                    &helpers,
                    pytest_file,
                )),
                code_at: CodeAt {
                    file: spec_file.to_path_buf(),
                    setup: None,
                    expr: None,
                },
                check: Check::Test,
                stdout: None,
                hidden: is_hidden,
                points: points_of.get(&test.name).copied().unwrap_or(1),
                compare: crate::value::Compare::default(),
                max_peak_kb: None,
                max_ratio: None,
                timeout_ms: default_timeout,
                shown_code: Some(crate::testfiles::code_of(&source, &helpers, test)),
                test_imports: imports.clone(),
                test_file: Some(if is_hidden {
                    hidden_file.clone()
                } else {
                    visible_file.clone()
                }),
            });
        }
        all_found.extend(found);
    }
    let files: Vec<String> = test_files.iter().map(|f| f.get_ref().clone()).collect();
    for name in named_hidden {
        if !all_found.iter().any(|test| &test.name == name.get_ref()) {
            return Err(at(
                name.span(),
                crate::testfiles::describe_missing(name.get_ref(), &all_found, &files),
            ));
        }
    }
    if let Some(table) = points {
        for name in table.get_ref().keys() {
            if !all_found.iter().any(|test| &test.name == name) {
                return Err(at(
                    table.span(),
                    format!(
                        "[points]: {}",
                        crate::testfiles::describe_missing(name, &all_found, &files)
                    ),
                ));
            }
        }
    }
    let mut seen = BTreeSet::new();
    for case in &cases {
        if !seen.insert(case.name.as_str()) {
            return Err(at(
                test_files.first().map_or(0..0, Spanned::span),
                format!("two tests of the test files are named `{}`", case.name),
            ));
        }
    }
    Ok(cases)
}

fn check_relative_file(file: &str) -> Result<(), String> {
    let path = Path::new(file);
    let plain = path
        .components()
        .all(|part| matches!(part, std::path::Component::Normal(_)));
    if !plain || !file.ends_with(".py") {
        return Err(format!(
            "`{file}` must be a .py file inside the challenge folder"
        ));
    }
    Ok(())
}

fn positive(
    value: Option<&Spanned<i64>>,
    default: u64,
    key: &str,
    at: &impl Fn(Range<usize>, String) -> SpecError,
) -> Result<u64, SpecError> {
    match value {
        None => Ok(default),
        Some(v) if *v.get_ref() > 0 => Ok(*v.get_ref() as u64),
        Some(v) => Err(at(v.span(), format!("`{key}` must be a positive number"))),
    }
}

fn case(
    raw: RawCase,
    name: String,
    default_timeout: u64,
    hidden_by_default: bool,
    at: &impl Fn(Range<usize>, String) -> SpecError,
    file: &Path,
) -> Result<Case, SpecError> {
    let expr = raw.expr.as_ref().map(|e| e.get_ref().clone());
    let check = match (&raw.expect, &raw.raises) {
        (Some(expect), Some(raises)) => {
            let _ = raises;
            return Err(at(
                expect.span(),
                "`expect` and `raises` exclude each other: a case either returns a value or raises"
                    .into(),
            ));
        }
        (Some(expect), None) => {
            if expr.is_none() {
                return Err(at(
                    expect.span(),
                    "`expect` needs an `expr` whose value it checks".into(),
                ));
            }
            let value = literal::parse(expect.get_ref()).map_err(|e| {
                at(
                    expect.span(),
                    format!(
                        "`expect` is not a Python literal: {} (line {}, column {} of the literal)",
                        e.message, e.line, e.column
                    ),
                )
            })?;
            Check::Value(value)
        }
        (None, Some(raises)) => {
            let exception = raises.get_ref().trim().to_owned();
            let valid = !exception.is_empty()
                && exception.split('.').all(|part| {
                    !part.is_empty() && part.chars().all(|c| c.is_alphanumeric() || c == '_')
                });
            if !valid {
                return Err(at(
                    raises.span(),
                    format!("`raises` must name an exception class, not `{exception}`"),
                ));
            }
            let pattern = match &raw.pattern {
                Some(pattern) => Some(regex::Regex::new(pattern.get_ref()).map_err(|e| {
                    at(pattern.span(), format!("`match` is not a valid regex: {e}"))
                })?),
                None => None,
            };
            Check::Raises { exception, pattern }
        }
        (None, None) if raw.stdout.is_some() => Check::Completes,
        (None, None) => Check::FromReference,
    };
    if raw.pattern.is_some() && !matches!(check, Check::Raises { .. }) {
        let span = raw.pattern.as_ref().map(|p| p.span()).unwrap_or(0..0);
        return Err(at(
            span,
            "`match` checks an exception's message: it needs `raises`".into(),
        ));
    }
    if expr.is_none() && raw.setup.is_none() {
        return Err(at(
            raw.name.span(),
            "the case runs nothing: give it `expr` or `setup`".into(),
        ));
    }
    if (raw.unordered || raw.rel_tol.is_some())
        && !matches!(check, Check::Value(_) | Check::FromReference)
    {
        return Err(at(
            raw.name.span(),
            "`unordered` and `rel_tol` compare values: they need `expect` (or the reference's value)".into(),
        ));
    }
    let max_ratio = match &raw.max_ratio {
        None => None,
        Some(ratio) if ratio.get_ref().is_finite() && *ratio.get_ref() >= 1.0 => {
            Some(*ratio.get_ref())
        }
        Some(ratio) => {
            return Err(at(
                ratio.span(),
                "`max_ratio` must be a number from 1".into(),
            ))
        }
    };
    let rel_tol = match &raw.rel_tol {
        Some(tol) if !(tol.get_ref().is_finite() && *tol.get_ref() >= 0.0) => {
            return Err(at(
                tol.span(),
                "`rel_tol` must be a non-negative number".into(),
            ));
        }
        Some(tol) => Some(*tol.get_ref()),
        None => None,
    };
    let points = match &raw.points {
        None => 1,
        Some(p) if (0..=1_000_000).contains(p.get_ref()) => *p.get_ref() as u32,
        Some(p) => {
            return Err(at(
                p.span(),
                "`points` must be a whole number from 0".into(),
            ))
        }
    };
    let max_peak_kb = match &raw.max_peak_kb {
        None => None,
        Some(kb) if *kb.get_ref() > 0 => Some(*kb.get_ref() as u64),
        Some(kb) => return Err(at(kb.span(), "`max_peak_kb` must be positive".into())),
    };
    Ok(Case {
        name,
        setup: raw.setup.as_ref().map(|s| s.get_ref().clone()),
        code_at: CodeAt {
            file: file.to_path_buf(),
            setup: raw.setup.as_ref().map(|s| s.span().start),
            expr: raw.expr.as_ref().map(|e| e.span().start),
        },
        expr,
        check,
        stdout: raw.stdout.as_deref().map(normalize_output),
        hidden: raw.hidden.unwrap_or(hidden_by_default),
        points,
        compare: crate::value::Compare {
            rel_tol,
            unordered: raw.unordered,
        },
        shown_code: None,
        test_imports: Vec::new(),
        test_file: None,
        max_peak_kb,
        max_ratio,
        timeout_ms: positive(raw.timeout_ms.as_ref(), default_timeout, "timeout_ms", at)?,
    })
}

/// `--tests DIR`: an exercise.toml that only adds `[[test]]` cases to a
/// challenge, hidden unless they say otherwise, and test files beside it,
/// all of whose tests are hidden (a practice repo cannot hold hidden tests'
/// code: its learners would read it).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOverlay {
    #[serde(default)]
    test: Vec<RawCase>,
    #[serde(default)]
    test_files: Vec<Spanned<String>>,
}

/// Adds the cases of an overlay file to a challenge; a name already taken
/// is an error naming both files.
pub fn add_overlay(challenge: &mut Challenge, overlay_file: &Path) -> Result<(), SpecError> {
    let text = fs_err::read_to_string(overlay_file).map_err(|e| SpecError::Io {
        path: overlay_file.to_path_buf(),
        message: e.to_string(),
    })?;
    let at =
        |span: Range<usize>, message: String| SpecError::at(overlay_file, &text, span, message);
    let raw: RawOverlay = toml::from_str(&text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        at(
            span,
            format!(
                "{} (a --tests file only adds [[test]] cases and test_files)",
                e.message().trim()
            ),
        )
    })?;
    let own_cases = challenge.cases.len();
    for raw_case in raw.test {
        let name = raw_case.name.get_ref().trim().to_owned();
        if challenge.cases[own_cases..]
            .iter()
            .any(|case| case.name == name)
        {
            return Err(at(
                raw_case.name.span(),
                format!("duplicate case name `{name}`"),
            ));
        }
        if challenge.cases[..own_cases]
            .iter()
            .any(|case| case.name == name)
        {
            return Err(at(
                raw_case.name.span(),
                format!(
                    "case `{name}` is already defined in {}",
                    challenge.spec_file.display()
                ),
            ));
        }
        if name.is_empty() {
            return Err(at(
                raw_case.name.span(),
                "a case name cannot be empty".into(),
            ));
        }
        let case = case(
            raw_case,
            name,
            challenge.default_timeout,
            true,
            &at,
            overlay_file,
        )?;
        challenge.cases.push(case);
    }
    let learner_files: Vec<&str> = std::iter::once(challenge.file.as_str())
        .chain(challenge.extra_files.iter().map(String::as_str))
        .collect();
    let tested = test_file_cases(
        &raw.test_files,
        HiddenTests::All,
        None,
        challenge.default_timeout,
        (overlay_file, &learner_files),
        &at,
    )?;
    for case in tested {
        if let Some(taken) = challenge.cases.iter().position(|c| c.name == case.name) {
            let place = if taken < own_cases {
                challenge.spec_file.display().to_string()
            } else {
                "this file's [[test]] cases".to_owned()
            };
            return Err(at(
                raw.test_files.first().map_or(0..0, Spanned::span),
                format!("test `{}` is already defined in {place}", case.name),
            ));
        }
        challenge.cases.push(case);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "[exercise]\ntitle = \"t\"\ntopic = \"functions\"\ndifficulty = 1\n\n";

    fn error(text: &str) -> String {
        parse(text, Path::new("exercise.toml"), "w/c".into())
            .expect_err("a spec error")
            .to_string()
    }

    #[test]
    fn errors_name_the_file_line_and_column() {
        let cases = [
            (
                format!("{HEADER}[[test]]\nname = \"a\"\nexpr = \"f()\"\nexpect = \"[1,\"\n"),
                "exercise.toml:9:10: `expect` is not a Python literal",
            ),
            (
                format!("{HEADER}[[test]]\nname = \"a\"\nexpr = \"f()\"\nexpect = \"1\"\nraises = \"E\"\n"),
                "exercise.toml:9:10: `expect` and `raises` exclude each other",
            ),
            (
                format!("{HEADER}[[test]]\nname = \"a\"\nexpr = \"f()\"\nraises = \"not a class\"\n"),
                "exercise.toml:9:10: `raises` must name an exception class",
            ),
            (
                format!("{HEADER}[[test]]\nname = \"a\"\nexpr = \"f()\"\nmax_ratio = 0.5\n"),
                "exercise.toml:9:13: `max_ratio` must be a number from 1",
            ),
            (
                format!("{HEADER}[[test]]\nname = \"a\"\nsetup = \"x = 1\"\nmatch = \"x\"\n"),
                "exercise.toml:9:9: `match` checks an exception's message",
            ),
            (
                "[exercise]\ntitle = \"t\"\ntopic = \"poetry\"\ndifficulty = 1\n".to_owned(),
                "exercise.toml:3:9: unknown topic `poetry`",
            ),
            (
                "[exercise]\ntitle = \"t\"\ntopic = \"functions\"\ndifficulty = 4\n".to_owned(),
                "exercise.toml:4:14: difficulty must be 1, 2 or 3",
            ),
            (HEADER.to_owned(), "exercise.toml:1:1: no [[test]] cases"),
        ];
        for (text, expected) in cases {
            let found = error(&text);
            assert!(found.starts_with(expected), "{found}\n  wanted: {expected}");
        }
    }

    #[test]
    fn a_case_knows_where_its_code_is() {
        let text = format!("{HEADER}[[test]]\nname = \"a\"\nsetup = \"x = 1\"\nexpr = \"x\"\n");
        let challenge = parse(&text, Path::new("e.toml"), "w/c".into()).unwrap();
        let at = &challenge.cases[0].code_at;
        let line_column = |offset| crate::error::line_column(&text, offset);
        assert_eq!(
            (at.setup.map(line_column), at.expr.map(line_column)),
            (Some((8, 9)), Some((9, 8)))
        );
    }
}
