//! The zygote's Python: the harness loaded once, the exception table
//! resolved and standard-library modules imported before forking, and the
//! heap frozen so that children do not copy it.

use std::collections::HashSet;

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::exception_table::{ExceptionTable, TableClass};

/// The harness module and what the zygote imported for its children.
pub struct Interpreter<'py> {
    pub py: Python<'py>,
    pub harness: Bound<'py, PyModule>,
    /// Modules imported for children.
    imported: HashSet<String>,
    /// The course's site-packages, whose packages the test files import
    /// are imported here too (the instructor chose that environment).
    site_packages: Option<std::path::PathBuf>,
}

impl<'py> Interpreter<'py> {
    pub fn start(py: Python<'py>) -> PyResult<Interpreter<'py>> {
        let harness = load_harness(py)?;
        Ok(Interpreter {
            py,
            harness,
            imported: HashSet::new(),
            site_packages: None,
        })
    }

    /// Resolves the exception table (builtins and `extra_names`), hands the
    /// class objects to the harness, and describes them for the grader.
    /// Only modules on [`SHAREABLE`] are imported for it: importing runs a
    /// module's code in this unsandboxed process.
    pub fn resolve_table(&self, extra_names: &[String]) -> PyResult<ExceptionTable> {
        let importable = pyo3::types::PyFrozenSet::new(self.py, SHAREABLE)?;
        let (names, classes): (Vec<String>, Bound<'py, PyList>) = self
            .harness
            .getattr("resolve_table")?
            .call1((extra_names.to_vec(), importable))?
            .extract()?;
        self.harness.getattr("set_table")?.call1((classes,))?;
        let hierarchy: Vec<Option<(u32, Vec<u32>)>> = self
            .harness
            .getattr("table_hierarchy")?
            .call0()?
            .extract()?;
        freeze_heap(self.py);
        Ok(ExceptionTable {
            names,
            classes: hierarchy
                .into_iter()
                .map(|entry| {
                    entry.map(|(canonical, ancestors)| TableClass {
                        canonical,
                        ancestors,
                    })
                })
                .collect(),
        })
    }

    /// Imports the modules of `modules` that are on [`SHAREABLE`], before
    /// any fork: every child inherits them. Nothing else is ever imported
    /// here: importing runs a module's code in this unsandboxed process.
    /// Compiles the visible cases' code once for every child to inherit.
    pub fn precompile(&self, setups: &[String], exprs: &[String]) -> PyResult<()> {
        self.harness
            .getattr("precompile")?
            .call1((setups.to_vec(), exprs.to_vec()))?;
        Ok(())
    }

    /// Rewrites and compiles the visible cases' test files once for every
    /// child (instructor code: compiling runs none of it), the code kept in
    /// the user's cache for the next run: the rewriting is most of a small
    /// run's start.
    pub fn precompile_tests(
        &self,
        files: &[(String, String)],
        cache: Option<&std::path::Path>,
    ) -> PyResult<()> {
        if files.is_empty() {
            return Ok(());
        }
        let python: u32 = self.py.import("sys")?.getattr("hexversion")?.extract()?;
        let entries: Vec<(String, String, Option<String>)> = files
            .iter()
            .map(|(file, source)| {
                let path = cache.map(|dir| {
                    dir.join(format!(
                        "{}.marshal",
                        compiled_test_key(python, file, source)
                    ))
                    .display()
                    .to_string()
                });
                (file.clone(), source.clone(), path)
            })
            .collect();
        self.harness
            .getattr("precompile_tests")?
            .call1((entries,))?;
        Ok(())
    }

    /// Puts the instructor's site-packages on the path every child
    /// inherits, and lets `import_shared` import from it.
    pub fn add_site_packages(&mut self, dir: &std::path::Path) -> PyResult<()> {
        self.harness
            .getattr("add_path")?
            .call1((dir.display().to_string(),))?;
        self.site_packages = Some(dir.to_path_buf());
        Ok(())
    }

    fn in_site_packages(&self, module: &str) -> bool {
        let Some(dir) = &self.site_packages else {
            return false;
        };
        let top = module.split('.').next().unwrap_or(module);
        !top.is_empty()
            && top.chars().all(|c| c.is_alphanumeric() || c == '_')
            && (dir.join(top).is_dir() || dir.join(format!("{top}.py")).is_file())
    }

    pub fn import_shared(&mut self, modules: &[String]) {
        for module in modules {
            if (SHAREABLE.contains(&module.as_str()) || self.in_site_packages(module))
                && self.imported.insert(module.clone())
            {
                // A module that fails to import here fails in the child too,
                // with the learner's traceback: nothing to report now.
                let imported = self.py.import(module.as_str()).is_ok();
                if imported && module == "pytest" {
                    let _ = self.harness.getattr("warm_pytest").and_then(|f| f.call0());
                }
            }
        }
        freeze_heap(self.py);
    }
}

/// Standard-library modules whose import has no effect beyond defining
/// names: the only ones the zygote may import for its children. (Some of
/// the library runs code when imported: `unittest.__main__` runs tests,
/// `antigravity` opens a browser, `this` prints.)
pub const SHAREABLE: &[&str] = &[
    "abc",
    "array",
    "ast",
    "asyncio",
    "base64",
    "bisect",
    "calendar",
    "cmath",
    "collections",
    "collections.abc",
    "contextlib",
    "contextvars",
    "copy",
    "csv",
    "dataclasses",
    "datetime",
    "decimal",
    "difflib",
    "dis",
    "enum",
    "fractions",
    "functools",
    "gc",
    "hashlib",
    "heapq",
    "inspect",
    "io",
    "itertools",
    "json",
    "keyword",
    "math",
    "numbers",
    "operator",
    "pprint",
    "queue",
    "random",
    "re",
    "reprlib",
    "sqlite3",
    "statistics",
    "string",
    "struct",
    "textwrap",
    "threading",
    "time",
    "timeit",
    "traceback",
    "types",
    "typing",
    "unicodedata",
    "unittest",
    "uuid",
    "weakref",
    "zlib",
    "concurrent.futures",
];

fn load_harness(py: Python<'_>) -> PyResult<Bound<'_, PyModule>> {
    let sys = py.import("sys")?;
    sys.call_method1("set_int_max_str_digits", (0,))?;
    // Line-buffered, so a case that hangs still shows what it printed.
    for stream in ["stdout", "stderr"] {
        let kwargs = PyDict::new(py);
        kwargs.set_item("line_buffering", true)?;
        sys.getattr(stream)?
            .call_method("reconfigure", (), Some(&kwargs))?;
    }
    let code = harness_code(py)?;
    // SAFETY: a code object and NUL-terminated names; the result is a new
    // reference or NULL with an exception set.
    let harness = unsafe {
        Bound::from_owned_ptr_or_err(
            py,
            pyo3::ffi::PyImport_ExecCodeModuleEx(
                c"_grade_harness".as_ptr(),
                code.as_ptr(),
                c"<grade harness>".as_ptr(),
            ),
        )?
    }
    .cast_into::<PyModule>()?;
    freeze_heap(py);
    Ok(harness)
}

/// What a test file's compiled code depends on: the interpreter, the
/// harness (it rewrites the asserts), the file's name and source.
fn compiled_test_key(python: u32, file: &str, source: &str) -> String {
    use sha2::{Digest, Sha256};
    // The harness is hashed once per process, not once per test file.
    static HARNESS: std::sync::LazyLock<[u8; 32]> =
        std::sync::LazyLock::new(|| Sha256::digest(include_str!("../harness.py")).into());
    let mut hasher = Sha256::new();
    hasher.update(python.to_le_bytes());
    hasher.update(*HARNESS);
    for part in [file, source] {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part.as_bytes());
    }
    format!("{:x}", hasher.finalize())
}

/// The harness's code object: compiled at build time by the interpreter
/// this binary embeds (see build.rs), or from source if it runs another.
fn harness_code(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    const SOURCE: &str = include_str!("../harness.py");
    const COMPILED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/harness.marshal"));
    let running: u32 = py.import("sys")?.getattr("hexversion")?.extract()?;
    let built_for = COMPILED
        .get(..8)
        .and_then(|head| std::str::from_utf8(head).ok())
        .and_then(|head| u32::from_str_radix(head, 16).ok());
    if built_for == Some(running) {
        let marshalled = pyo3::types::PyBytes::new(py, &COMPILED[9..]);
        if let Ok(code) = py.import("marshal")?.call_method1("loads", (marshalled,)) {
            return Ok(code);
        }
    }
    py.import("builtins")?
        .getattr("compile")?
        .call1((SOURCE, "<grade harness>", "exec"))
}

/// Moves every object the zygote holds out of the garbage collector's
/// reach: a collection in a child would otherwise walk, and so copy on
/// write, the whole inherited heap.
fn freeze_heap(py: Python<'_>) {
    if let Ok(gc) = py.import("gc") {
        let _ = gc.call_method0("freeze");
    }
}
