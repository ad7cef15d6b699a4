//! `test_files` (SPEC §2): an instructor's unittest or pytest-style files,
//! one case per test. Tests are found statically, by Python's own `ast` in
//! the grader (nothing of the file runs here), in file order: top-level
//! `test*` functions, and the `test*` methods of `unittest.TestCase`
//! subclasses and of `Test*` classes, inherited ones included (from base
//! classes in the file or in helper modules beside it).
//!
//! Each test becomes a case whose `expr` asks the harness to run it
//! (`run_test`), the file's source, and the helper modules it imports,
//! written into the case's code: children cannot read the exercise
//! folder, and the hidden phase's rules apply to it as to any case code.
//! The source a visible case carries has every hidden test's lines
//! blanked, so that a visible child never holds a hidden test's code.

use std::collections::BTreeSet;
use std::path::Path;

use pyo3::prelude::*;

/// One test found in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// `test_function` or `Class.test_method`.
    pub name: String,
    pub class: Option<String>,
    pub function: String,
    /// 1-based lines of its definition, decorators included.
    pub lines: (usize, usize),
    /// The helper module file the method is defined in (inherited from a
    /// base class there), or None: the test file itself.
    pub origin: Option<String>,
}

/// An instructor's module beside the test files that they import: given
/// to the child with them, importable by its stem.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Helper {
    pub module: String,
    pub file: String,
    pub source: String,
}

/// A test as the collector reports it: name, class, function, first and
/// last line, origin.
type Row = (String, Option<String>, String, usize, usize, Option<String>);

/// What `collect` found in a file, kept in the cache folder by a hash of
/// the file and its helpers: an unchanged course starts no Python in the
/// grader.
#[derive(serde::Serialize, serde::Deserialize)]
struct Collected {
    tests: Vec<Row>,
    imports: Vec<String>,
}

/// [`collect`], remembered across runs.
pub fn collect_cached(
    source: &str,
    filename: &str,
    helpers: &[Helper],
) -> Result<(Vec<Found>, Vec<String>), (String, usize)> {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    hasher.update(b"grade test files v2\0");
    for (name, text) in std::iter::once((filename, source))
        .chain(helpers.iter().map(|h| (h.file.as_str(), h.source.as_str())))
    {
        for part in [name, text] {
            hasher.update((part.len() as u64).to_le_bytes());
            hasher.update(part.as_bytes());
        }
    }
    let path =
        crate::cache::dir("testfiles").map(|dir| dir.join(format!("{:x}.json", hasher.finalize())));
    if let Some(collected) = path
        .as_ref()
        .and_then(|path| std::fs::read(path).ok())
        .and_then(|bytes| serde_json::from_slice::<Collected>(&bytes).ok())
    {
        return Ok((to_found(collected.tests), collected.imports));
    }
    let (found, imports) = collect(source, filename, helpers)?;
    if let Some(path) = path {
        let collected = Collected {
            tests: found.iter().map(to_row).collect(),
            imports: imports.clone(),
        };
        // Best effort: without it the next run only takes longer.
        if let (Some(dir), Ok(bytes)) = (path.parent(), serde_json::to_vec(&collected)) {
            if std::fs::create_dir_all(dir).is_ok() {
                if let Ok(mut file) = tempfile::NamedTempFile::new_in(dir) {
                    if std::io::Write::write_all(&mut file, &bytes).is_ok() {
                        let _ = file.persist(&path);
                    }
                }
            }
        }
    }
    Ok((found, imports))
}

fn to_row(test: &Found) -> Row {
    (
        test.name.clone(),
        test.class.clone(),
        test.function.clone(),
        test.lines.0,
        test.lines.1,
        test.origin.clone(),
    )
}

fn to_found(tests: Vec<Row>) -> Vec<Found> {
    tests
        .into_iter()
        .map(|(name, class, function, first, last, origin)| Found {
            name,
            class,
            function,
            lines: (first, last),
            origin,
        })
        .collect()
}

/// A test file's tests and the modules it imports at its top level, or
/// why it cannot be read as Python: (message, 1-based line).
pub fn collect(
    source: &str,
    filename: &str,
    helpers: &[Helper],
) -> Result<(Vec<Found>, Vec<String>), (String, usize)> {
    crate::python::initialize_shared().map_err(|e| (e, 1))?;
    Python::attach(|py| {
        let code = std::ffi::CString::new(COLLECTOR).expect("no NUL in the collector");
        let module = PyModule::from_code(py, &code, c"<grade collector>", c"_grade_collector")
            .map_err(|e| (e.to_string(), 1))?;
        let helpers: Vec<(&str, &str)> = helpers
            .iter()
            .map(|h| (h.file.as_str(), h.source.as_str()))
            .collect();
        let result = module
            .getattr("collect")
            .and_then(|f| f.call1((source, filename, helpers)));
        let value = match result {
            Ok(value) => value,
            Err(error) => {
                let (message, line) = crate::python::error_message_and_line(py, &error);
                return Err((message, line.unwrap_or(1)));
            }
        };
        let (found, imports): (Vec<Row>, Vec<String>) =
            value.extract().map_err(|e: PyErr| (e.to_string(), 1))?;
        Ok((to_found(found), imports))
    })
}

const COLLECTOR: &str = r#"
import ast

def collect(source, filename, helpers):
    tree = ast.parse(source, filename)
    # Base classes may come from helper modules beside the file.
    classes = {}
    origins = {}
    for helper_file, helper_source in helpers:
        for node in ast.parse(helper_source, helper_file).body:
            if isinstance(node, ast.ClassDef) and node.name not in classes:
                classes[node.name] = node
                origins[id(node)] = helper_file

    def base_names(cls):
        for base in cls.bases:
            if isinstance(base, ast.Name):
                yield base.id
            elif isinstance(base, ast.Attribute):
                yield base.attr

    def is_test_case(cls, seen):
        for name in base_names(cls):
            if name in ("TestCase", "IsolatedAsyncioTestCase"):
                return True
            if name in classes and name not in seen and is_test_case(classes[name], seen | {name}):
                return True
        return False

    def methods(cls, seen):
        origin = origins.get(id(cls))
        found = [(n, origin) for n in cls.body
                 if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name.startswith("test")]
        names = {n.name for n, _ in found}
        for name in base_names(cls):
            if name in classes and name not in seen:
                for method, where in methods(classes[name], seen | {name}):
                    if method.name not in names:
                        names.add(method.name)
                        found.append((method, where))
        return found

    def lines(node):
        first = min([node.lineno] + [d.lineno for d in node.decorator_list])
        return first, node.end_lineno

    out = []
    imports = []
    for node in tree.body:
        if isinstance(node, ast.Import):
            imports.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            imports.append(node.module)
            # A test class imported from a helper is collected, as pytest
            # and unittest collect every test class a module holds.
            for alias in node.names:
                cls = classes.get(alias.name)
                if cls is not None and id(cls) in origins and alias.asname is None and (
                        is_test_case(cls, {cls.name}) or cls.name.startswith("Test")):
                    for method, origin in methods(cls, {cls.name}):
                        out.append((f"{cls.name}.{method.name}", cls.name, method.name)
                                   + lines(method) + (origin,))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test"):
            out.append((node.name, None, node.name) + lines(node) + (None,))
        elif isinstance(node, ast.ClassDef):
            classes[node.name] = node
            if is_test_case(node, {node.name}) or node.name.startswith("Test"):
                for method, origin in methods(node, {node.name}):
                    out.append((f"{node.name}.{method.name}", node.name, method.name) + lines(method) + (origin,))
    return out, imports
"#;

/// The source with the lines of `hidden` tests blanked, but for lines a
/// visible test also runs (an inherited method of both). A definition's
/// first line becomes `pass` at its indentation, so a class left without
/// a method still compiles; line numbers stay the file's.
pub fn without_hidden(source: &str, tests: &[Found], hidden: &BTreeSet<String>) -> String {
    let visible: Vec<(usize, usize)> = tests
        .iter()
        .filter(|test| !hidden.contains(&test.name) && test.origin.is_none())
        .map(|test| test.lines)
        .collect();
    let mut blank = BTreeSet::new();
    let mut first_lines = BTreeSet::new();
    for test in tests
        .iter()
        .filter(|test| hidden.contains(&test.name) && test.origin.is_none())
    {
        if visible.contains(&test.lines) {
            continue;
        }
        first_lines.insert(test.lines.0);
        blank.extend(test.lines.0..=test.lines.1);
    }
    let mut out = String::with_capacity(source.len());
    for (index, line) in source.split_inclusive('\n').enumerate() {
        let number = index + 1;
        if !blank.contains(&number) {
            out.push_str(line);
            continue;
        }
        if first_lines.contains(&number) {
            let indent = &line[..line.len() - line.trim_start().len()];
            out.push_str(indent);
            out.push_str("pass");
        }
        out.push('\n');
    }
    out
}

/// The test's own lines, shown beside its failure: in `source`, or in
/// the helper module it comes from.
pub fn code_of(source: &str, helpers: &[Helper], test: &Found) -> String {
    let source = test
        .origin
        .as_ref()
        .and_then(|origin| helpers.iter().find(|h| &h.file == origin))
        .map_or(source, |helper| helper.source.as_str());
    let lines: Vec<&str> = source
        .lines()
        .skip(test.lines.0.saturating_sub(1))
        .take(test.lines.1 + 1 - test.lines.0)
        .collect();
    let indent = lines
        .iter()
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.len() - line.trim_start().len())
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|line| line.get(indent..).unwrap_or("").trim_end())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The case's `expr`: the harness runs the test against the fresh learner
/// module, with the helper modules the file imports.
pub fn expr(
    source: &str,
    display: &str,
    module: &str,
    test: &Found,
    helpers: &[Helper],
    pytest_file: bool,
) -> String {
    let helpers: Vec<String> = helpers
        .iter()
        .map(|h| {
            format!(
                "({}, {}, {})",
                python_str(&h.module),
                python_str(&h.file),
                python_str(&h.source)
            )
        })
        .collect();
    format!(
        "__import__('_grade_harness').run_test({}, {}, {}, {}, {}, [{}], {})",
        python_str(source),
        python_str(display),
        python_str(module),
        test.class.as_deref().map_or("None".to_owned(), python_str),
        python_str(&test.function),
        helpers.join(", "),
        if pytest_file { "True" } else { "False" }
    )
}

/// Whether pytest itself must run a file's tests: it imports pytest, or a
/// conftest.py (given as a helper) sits beside it.
pub fn needs_pytest(imports: &[String], helpers: &[Helper]) -> bool {
    let is_pytest = |module: &str| {
        let top = module.split('.').next().unwrap_or(module);
        top == "pytest" || top == "_pytest"
    };
    imports.iter().any(|m| is_pytest(m)) || helpers.iter().any(|h| h.module == "conftest")
}

/// The helper modules a test file imports, and those they import in
/// turn: `.py` files beside the spec that are not learner files.
pub fn helpers_of(
    spec_file: &Path,
    imports: &[String],
    learner_files: &[&str],
) -> Result<Vec<Helper>, String> {
    let dir = spec_file.parent().unwrap_or(Path::new("."));
    let mut found: Vec<Helper> = Vec::new();
    let mut wanted: Vec<String> = imports.to_vec();
    while let Some(module) = wanted.pop() {
        let file = format!("{}.py", module.split('.').next().unwrap_or(&module));
        if learner_files.contains(&file.as_str())
            || found.iter().any(|h| h.file == file)
            || !dir.join(&file).is_file()
        {
            continue;
        }
        let source = read(spec_file, &file)?;
        let (_, more) = collect_cached(&source, &file, &[])
            .map_err(|(message, line)| format!("{file}:{line}: {message}"))?;
        wanted.extend(more);
        found.push(Helper {
            module: crate::spec::module_stem(&file),
            file,
            source,
        });
    }
    found.sort();
    Ok(found)
}

/// A Python string literal holding `text` exactly.
fn python_str(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// The module name a test file is imported as: its stem.
pub fn module_name(file: &str) -> String {
    crate::spec::module_stem(file)
}

/// Whether `name` could be a test's name at all (for `hidden_tests` and
/// `[points]` keys that name none of the file's tests).
pub fn describe_missing(name: &str, tests: &[Found], files: &[String]) -> String {
    let close = tests
        .iter()
        .map(|test| test.name.as_str())
        .find(|candidate| candidate.ends_with(name) || name.ends_with(candidate));
    let files = files.join(", ");
    match close {
        Some(candidate) => {
            format!("no test `{name}` in {files}: did you mean `{candidate}`?")
        }
        None => format!("no test `{name}` in {files}"),
    }
}

/// Reads a test file beside the spec.
pub fn read(spec_file: &Path, file: &str) -> Result<String, String> {
    let path = spec_file.parent().unwrap_or(Path::new(".")).join(file);
    std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: &str = "import unittest\n\
\n\
def test_one():\n    assert 1 == 1\n\
\n\
class Base(unittest.TestCase):\n    def test_base(self):\n        pass\n\
\n\
class Derived(Base):\n    @unittest.skip('x')\n    def test_own(self):\n        pass\n\
\n\
class TestPlain:\n    def test_p(self):\n        pass\n\
\n\
class Helper:\n    def test_not_a_test(self):\n        pass\n";

    #[test]
    fn tests_are_found_in_file_order_with_inherited_methods() {
        let (found, imports) = collect(SOURCE, "x_test.py", &[]).unwrap();
        assert_eq!(imports, ["unittest"]);
        let names: Vec<&str> = found.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "test_one",
                "Base.test_base",
                "Derived.test_own",
                "Derived.test_base",
                "TestPlain.test_p"
            ]
        );
        assert_eq!(found[2].lines, (11, 13), "decorators included");
    }

    #[test]
    fn a_syntax_error_names_its_line() {
        let (message, line) = collect("x = 1\ndef (:\n", "x_test.py", &[]).unwrap_err();
        assert_eq!(line, 2, "{message}");
    }

    #[test]
    fn hidden_tests_leave_no_line_but_shared_ones() {
        let (found, _) = collect(SOURCE, "x_test.py", &[]).unwrap();
        let hidden = BTreeSet::from(["Derived.test_own".to_owned(), "test_one".to_owned()]);
        let visible = without_hidden(SOURCE, &found, &hidden);
        assert!(!visible.contains("assert 1 == 1"), "{visible}");
        assert!(!visible.contains("skip('x')"), "{visible}");
        assert_eq!(visible.lines().count(), SOURCE.lines().count());
        assert!(visible.contains("def test_base"), "{visible}");
        // Derived.test_base is Base.test_base: hiding one hides nothing.
        let shared = BTreeSet::from(["Derived.test_base".to_owned()]);
        assert!(without_hidden(SOURCE, &found, &shared).contains("def test_base"));
    }

    #[test]
    fn string_literals_hold_any_text() {
        assert_eq!(python_str("a'b\\c\nd\x01é"), "'a\\'b\\\\c\\nd\\x01é'");
    }
}
