//! The worker formats tracebacks without importing `traceback` (it costs
//! every run tens of milliseconds). These tests hold its output to what
//! CPython's own `traceback` module prints for the same errors.

use std::collections::BTreeMap;
use std::process::Command;

use super::{challenge_repo, grade_in, json, HEADER};

const SOLUTION: &str = r#"def sub(x):
    return x[0]
def add(a, b):
    return a  +  b
def deep(n):
    return deep(n + 1)
def wide(s):
    return "日本" + s["kéy"]
def multi(a):
    return (a
        + 1)
def attr(o):
    return o.missing.other
def notes():
    e = ValueError("with notes")
    e.add_note("first\nsecond")
    e.add_note("third")
    raise e
def syntax():
    compile("x = = 1", "<inner>", "exec")
class Custom(Exception):
    pass
def custom():
    raise Custom()
def empty():
    raise ValueError("")
def tabs():
	return {}["k"]
def chained():
    try:
        sub([])
    except IndexError as error:
        raise KeyError("outer") from error
"#;

/// (case name, expression): every one raises.
const CASES: [(&str, &str); 16] = [
    ("subscript", "sub([])"),
    ("binary operator", "add(1, None)"),
    ("recursion", "deep(0)"),
    ("wide characters", "wide({})"),
    ("two lines", "multi(None)"),
    ("attribute", "attr(1)"),
    ("call of a call", "(lambda x: x)(1)(2)"),
    ("notes", "notes()"),
    ("syntax error at run time", "syntax()"),
    ("custom class", "custom()"),
    ("empty message", "empty()"),
    ("tab indent", "tabs()"),
    ("division in the case", "1 / 0"),
    ("index in the case", "[][1]"),
    ("type error", "sub(None)"),
    ("chained", "chained()"),
];

/// What CPython 3.11's `traceback` prints for each case: the module run
/// fresh, the case's frames and the learner's only, as grade shows them.
const REFERENCE: &str = r#"
import json, linecache, sys, traceback
source, cases = json.load(sys.stdin)
path = "exercises/w/errors/solution.py"
linecache.cache[path] = (len(source), None, source.splitlines(True), path)
code = compile(source, path, "exec")
out = {}
for name, expr in cases:
    namespace = {"__name__": "solution"}
    exec(code, namespace)
    linecache.cache["<expr>"] = (len(expr), None, [expr + "\n"], "<expr>")
    try:
        eval(compile(expr, "<expr>", "eval"), namespace)
    except BaseException as error:
        frames = [f for f in traceback.extract_tb(error.__traceback__)
                  if f.filename in (path, "<expr>")]
        out[name] = ("Traceback (most recent call last):\n"
                     + "".join(traceback.format_list(frames))
                     + "".join(traceback.format_exception_only(type(error), error)))
print(json.dumps(out))
"#;

#[test]
fn tracebacks_match_cpythons_traceback_module() {
    let mut spec = String::from(HEADER);
    for (name, expr) in CASES {
        spec += &format!("\n[[test]]\nname = \"{name}\"\nexpr = '''{expr}'''\nexpect = \"0\"\n");
    }
    let repo = challenge_repo("w/errors", &spec, SOLUTION);

    let run = grade_in(repo.path(), &["exercises/w", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = json(&run);
    let shown: BTreeMap<String, String> = report["submissions"][0]["challenges"][0]["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .map(|case| {
            (
                case["name"].as_str().expect("name").to_owned(),
                case["detail"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();

    let input = serde_json::to_string(&(SOLUTION, CASES)).expect("json");
    let mut python = Command::new(env!("GRADE_PYTHON_EXECUTABLE"))
        .args(["-I", "-S", "-c", REFERENCE])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("the pinned python runs");
    std::io::Write::write_all(&mut python.stdin.take().expect("stdin"), input.as_bytes())
        .expect("write");
    let output = python.wait_with_output().expect("python ends");
    assert!(output.status.success());
    let reference: BTreeMap<String, String> =
        serde_json::from_slice(&output.stdout).expect("reference JSON");

    // How deep a recursion gets depends on the frames below the case.
    let depth = regex::Regex::new(r"repeated \d+ more times").expect("regex");
    let same = |text: &str| {
        depth
            .replace_all(text, "repeated N more times")
            .into_owned()
    };
    assert_eq!(reference.len(), CASES.len());
    for (name, want) in &reference {
        assert_eq!(same(&shown[name]), same(want), "case {name:?}");
    }
}

/// Without files to read in the sandbox, `inspect.getsource` and
/// `traceback` in learner code still find the learner's source lines.
#[test]
fn learner_code_reads_its_own_source() {
    let repo = challenge_repo(
        "w/source",
        &format!(
            "{HEADER}[[test]]\nname = \"getsource\"\nexpr = \"source()\"\n\
             expect = \"'def f():\\\\n    return 1\\\\n'\"\n\n\
             [[test]]\nname = \"print_exc\"\nexpr = \"printed()\"\nexpect = \"True\"\n"
        ),
        "import inspect, io, traceback\n\n\
         def f():\n    return 1\n\n\
         def source():\n    return inspect.getsource(f)\n\n\
         def printed():\n    try:\n        1 / 0\n    except ZeroDivisionError:\n\
         \x20       out = io.StringIO()\n        traceback.print_exc(file=out)\n\
         \x20       return '1 / 0' in out.getvalue()\n",
    );
    let run = grade_in(repo.path(), &["exercises/w", "--format", "json"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
}

/// A learner module that does not load (or does not compile) is one block:
/// why, with its trimmed traceback, once; then the cases that could not
/// run, hidden ones by name. A failure every case shares (a test file that
/// cannot import what it needs) shows its traceback once too.
#[test]
fn a_module_that_does_not_load_is_one_block() {
    let spec = format!(
        "{HEADER}[[test]]\nname = \"one\"\nexpr = \"f(1)\"\nexpect = \"1\"\n\n\
[[test]]\nname = \"two\"\nsetup = \"x = 2\"\nexpr = \"f(x)\"\nexpect = \"2\"\n\n\
[[test]]\nname = \"secret\"\nexpr = \"f(3)\"\nexpect = \"3\"\nhidden = true\n"
    );
    let repo = challenge_repo(
        "c",
        &spec,
        "import missing_module\n\n\ndef f(x):\n    return x\n",
    );
    let run = grade_in(repo.path(), &[]);
    crate::assert_stable_snapshot!("module_not_loaded_human", run.stdout);
    let report = json(&grade_in(repo.path(), &["--format", "json"]));
    let cases = report["submissions"][0]["challenges"][0]["cases"]
        .as_array()
        .unwrap();
    assert!(
        cases.iter().all(|case| case["not_run"] == "load"),
        "{cases:?}"
    );

    std::fs::write(
        repo.path().join("exercises/c/solution.py"),
        "def f(x:\n    return x\n",
    )
    .unwrap();
    let run = grade_in(repo.path(), &[]);
    crate::assert_stable_snapshot!("module_not_compiling_human", run.stdout);

    // A missing learner file (or a folder in its place) says so, once,
    // named as a file that does not compile is: from the current folder.
    std::fs::remove_file(repo.path().join("exercises/c/solution.py")).unwrap();
    for (folder_instead, problem) in [(false, "is missing"), (true, "is not a regular file")] {
        if folder_instead {
            std::fs::create_dir(repo.path().join("exercises/c/solution.py")).unwrap();
        }
        let run = grade_in(repo.path(), &[]);
        let lines: Vec<&str> = run.stdout.lines().collect();
        assert!(
            lines[1] == format!("  ✗ exercises/c/solution.py {problem}")
                && lines[2] == "    not run (3): one, two, secret [hidden]",
            "{}",
            run.stdout
        );
    }

    let spec = format!("{HEADER}test_files = [\"f_test.py\"]\n");
    let repo = challenge_repo("c", &spec, "def g(x):\n    return x\n");
    std::fs::write(
        repo.path().join("exercises/c/f_test.py"),
        "from solution import f\n\n\ndef test_one():\n    assert f(1) == 1\n\n\ndef test_two():\n    assert f(2) == 2\n",
    )
    .unwrap();
    let run = grade_in(repo.path(), &[]);
    crate::assert_stable_snapshot!("test_file_not_importing_human", run.stdout);
}

/// A helper module beside the learner's file that the exercise does not
/// list: the failed import says why it is not there.
#[test]
fn an_unlisted_helper_module_is_explained() {
    let spec = format!("{HEADER}[[test]]\nname = \"one\"\nexpr = \"f()\"\nexpect = \"1\"\n");
    let repo = challenge_repo(
        "c",
        &spec,
        "from helper import one\n\n\ndef f():\n    return one()\n",
    );
    std::fs::write(
        repo.path().join("exercises/c/helper.py"),
        "def one():\n    return 1\n",
    )
    .unwrap();
    let run = grade_in(repo.path(), &[]);
    assert!(
        run.stdout.contains("note: helper.py sits beside solution.py but is not part of the challenge: only the files its exercise.toml lists (`file`, `extra_files`) are loaded with it"),
        "{}",
        run.stdout
    );
}
