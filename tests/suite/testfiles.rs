//! `test_files`: unittest and pytest-style files, one case per test, with
//! pytest's verdicts (checked against pytest itself where the suite can
//! find it: `GRADE_PYTEST_PYTHON`, `benches/.venv`, or the `python3` on
//! PATH).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{fixture, grade_in, json, statuses};

const NEEDS_PYTEST: [&str; 2] = ["test_fixture", "test_raises"];

fn expected() -> BTreeMap<String, BTreeMap<String, String>> {
    let text = std::fs::read_to_string(fixture("testfiles/expected.toml")).unwrap();
    toml::from_str(&text).unwrap()
}

#[test]
fn each_test_gets_pytests_verdict() {
    let run = grade_in(&fixture("testfiles"), &["--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let got = statuses(&json(&run));
    let expected = expected();
    for (path, cases) in &expected {
        let got_cases = &got[path];
        let names: Vec<&String> = got_cases.keys().collect();
        let order: Vec<&String> = cases.keys().collect();
        assert_eq!(names.len(), order.len(), "{path}: {names:?}");
        for (name, status) in got_cases {
            assert_eq!(Some(status), cases.get(name), "{path} › {name}");
        }
    }
    assert_eq!(got.len(), expected.len());
}

#[test]
fn tests_come_in_file_order_and_failures_explain_themselves() {
    let run = grade_in(&fixture("testfiles"), &["exercises/styles/pytest-style"]);
    let names: Vec<&str> = run
        .stdout
        .lines()
        .filter_map(|line| {
            line.trim_start()
                .strip_prefix("✓ ")
                .or(line.trim_start().strip_prefix("✗ "))
        })
        .map(|line| line.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(
        &names[..4],
        [
            "test_counts",
            "test_counts_differ",
            "test_not_equal",
            "test_less_than"
        ]
    );
    for shown in [
        // Both sides and where they differ, as pytest's rewriting shows.
        "assert {'a': 2, 'b': 1} == {'a': 2, 'b': 2, 'c': 1}",
        "differing item 'b': 1 != 2",
        "right has extra item 'c': 1",
        "assert 3 < 3",
        "assert 'q' in {'a': 1, 'b': 1}",
        // The test's own lines and its file's traceback.
        ">>> def test_counts_differ():",
        "File \"words_test.py\", line 9, in test_counts_differ",
        "needs_pytest_test.py needs pytest (it uses pytest), which this course's environment lacks",
        "words_test.py needs pytest (its tests take fixtures)",
        "by `--site-packages DIR` or by `site_packages = \"DIR\"` in grade.toml",
    ] {
        assert!(run.stdout.contains(shown), "{shown}\n{}", run.stdout);
    }
    assert!(!run.stdout.contains("_grade_harness"), "{}", run.stdout);
}

#[test]
fn hidden_tests_show_nothing_of_their_code() {
    let run = grade_in(&fixture("testfiles"), &["--format", "json"]);
    for secret in [
        "hidden-secret-5b1e",
        "hidden-secret-0c3d",
        "test_hidden_fails(self)",
    ] {
        assert!(!run.stdout.contains(secret), "{secret} leaked");
    }
    let report = json(&run);
    let cases = report["submissions"][0]["challenges"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["cases"].as_array().unwrap().clone())
        .filter(|case| case["hidden"] == true)
        .collect::<Vec<_>>();
    assert_eq!(cases.len(), 3);
    for case in &cases {
        assert!(
            case.get("code").is_none() && case.get("detail").is_none(),
            "{case}"
        );
    }
    let points: Vec<u64> = cases
        .iter()
        .map(|c| c["max_points"].as_u64().unwrap())
        .collect();
    assert_eq!(
        points,
        [1, 3, 1],
        "[points] gives StackTest.test_hidden_capacity 3"
    );
    let revealed = grade_in(&fixture("testfiles"), &["--format", "json", "--reveal"]);
    assert!(revealed.stdout.contains("hidden-secret-5b1e"));
}

#[test]
fn skipped_and_xfailed_do_not_fail_the_run() {
    let spec = format!(
        "{}test_files = [\"x_test.py\"]\n",
        super::HEADER.trim_end().to_owned() + "\n"
    );
    let repo = super::challenge_repo("c", &spec, "def f():\n    return 1\n");
    std::fs::write(
        repo.path().join("exercises/c/x_test.py"),
        "import unittest\nfrom solution import f\n\n\
         class T(unittest.TestCase):\n\
         \x20   def test_f(self):\n        self.assertEqual(f(), 1)\n\n\
         \x20   @unittest.skip('later')\n    def test_skip(self):\n        pass\n\n\
         \x20   @unittest.expectedFailure\n    def test_xfail(self):\n        self.assertEqual(f(), 2)\n",
    )
    .unwrap();
    let run = grade_in(repo.path(), &[]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("1 skipped"), "{}", run.stdout);
    assert!(run.stdout.contains("Points: 2/3"), "{}", run.stdout);
    for format in ["junit", "github", "csv", "json"] {
        let run = grade_in(repo.path(), &["--format", format]);
        assert_eq!(run.code, 0, "{format}: {}", run.stdout);
    }
    let junit = grade_in(repo.path(), &["--format", "junit"]);
    assert_eq!(
        junit.stdout.matches("<skipped").count(),
        1,
        "{}",
        junit.stdout
    );
    let report = json(&grade_in(repo.path(), &["--format", "json"]));
    assert_eq!(report["summary"]["skipped"], 1, "{report}");
    let statuses: Vec<&str> = report["submissions"][0]["challenges"][0]["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|case| case["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["pass", "skipped", "xfailed"]);
}

#[test]
fn spec_errors_of_test_files_name_their_file_and_line() {
    let repo = tempfile::tempdir().unwrap();
    super::copy_tree(&fixture("testfiles"), repo.path());
    let dir = repo.path().join("exercises/styles/pytest-style");
    let spec = dir.join("exercise.toml");
    let original = std::fs::read_to_string(&spec).unwrap();
    for (spec_text, test_text, says) in [
        (
            original.replace("test_hidden\"", "test_hiden\""),
            None,
            "no test `test_hiden`",
        ),
        (
            original.replace("words_test.py", "gone_test.py"),
            None,
            "gone_test.py",
        ),
        (original.clone(), Some("def test_x(:\n"), "words_test.py:1:"),
        (
            original.clone(),
            Some("def helper():\n    pass\n"),
            "has no tests",
        ),
    ] {
        std::fs::write(&spec, &spec_text).unwrap();
        let test_file = dir.join("words_test.py");
        let saved = std::fs::read_to_string(&test_file).unwrap();
        if let Some(text) = test_text {
            std::fs::write(&test_file, text).unwrap();
        }
        let run = grade_in(repo.path(), &["exercises/styles/pytest-style"]);
        std::fs::write(&test_file, saved).unwrap();
        assert_eq!(run.code, 2, "{says}: {}", run.stdout);
        assert!(run.stderr.contains(says), "{says}: {}", run.stderr);
        assert!(run.stderr.contains("exercise.toml:"), "{}", run.stderr);
    }
}

#[test]
fn grade_check_holds_test_file_challenges() {
    let run = grade_in(
        &fixture("testfiles"),
        &["check", "exercises/styles/unittest-style"],
    );
    // The fixture's reference fails on purpose: check says which tests.
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run
        .stdout
        .contains("the reference fails `StackTest.test_wrong_expectation`"));
    assert!(
        !run.stdout.contains("test_skipped`"),
        "skips are not failures"
    );
}

/// A Python that can run pytest: `GRADE_PYTEST_PYTHON`, the benchmarks'
/// venv or `python3` if one has it, else a venv the suite makes once under
/// target/ with pytest from the package index (None when that is offline,
/// and the comparisons say they were skipped).
fn pytest_python() -> Option<PathBuf> {
    static FOUND: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    FOUND.get_or_init(find_or_make_pytest_python).clone()
}

/// The pytest the suite installs where the machine has none.
const PYTEST: &str = "pytest==9.2.0";

fn find_or_make_pytest_python() -> Option<PathBuf> {
    let runs_pytest = |python: &Path| {
        std::process::Command::new(python)
            .args(["-m", "pytest", "--version"])
            .output()
            .is_ok_and(|out| out.status.success())
    };
    let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pytest-venv");
    let made = venv.join("bin/python");
    let found = std::env::var_os("GRADE_PYTEST_PYTHON")
        .map(PathBuf::from)
        .into_iter()
        .chain([
            Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/.venv/bin/python"),
            made.clone(),
            PathBuf::from("python3"),
        ])
        .find(|python| runs_pytest(python));
    if found.is_some() {
        return found;
    }
    let interpreter = Path::new(env!("CARGO_MANIFEST_DIR")).join("build-support/python");
    let run = |program: &Path, args: &[&str]| {
        std::process::Command::new(program)
            .args(args)
            .output()
            .is_ok_and(|out| out.status.success())
    };
    let venv_arg = venv.to_str()?;
    (run(&interpreter, &["-m", "venv", venv_arg])
        && run(&made, &["-m", "pip", "install", "--quiet", PYTEST])
        && runs_pytest(&made))
    .then_some(made)
}

/// pytest's verdict of each test, in grade's words: AssertionError (or
/// pytest's own `Failed`) is fail, any other exception error.
fn pytest_verdicts(python: &Path, dir: &Path) -> BTreeMap<String, String> {
    let out = std::process::Command::new(python)
        .args([
            "-m",
            "pytest",
            "-v",
            "-rA",
            "--tb=line",
            "-p",
            "no:cacheprovider",
        ])
        .current_dir(dir)
        .output()
        .expect("pytest runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let id = |id: &str| {
        id.split_once("::")
            .map(|(_, name)| name.replace("::", "."))
            .unwrap()
    };
    let mut verdicts = BTreeMap::new();
    for line in text.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            [test, status, ..] if test.contains("::") && !test.starts_with('[') => {
                let status = match *status {
                    "PASSED" => "pass",
                    "SKIPPED" => "skipped",
                    "XFAIL" => "xfailed",
                    _ => continue,
                };
                verdicts.insert(id(test), status.to_owned());
            }
            [status, test, "-", kind, ..]
                if status.starts_with("FAILED")
                    || status.starts_with("SUBFAILED")
                    || status.starts_with("ERROR") =>
            {
                // pytest's short line gives an assertion's text ("assert 2
                // == 3") or the exception's type.
                let failed = ["AssertionError", "Failed", "assert", "[XPASS(strict)]"];
                let verdict = if failed.iter().any(|f| kind.starts_with(f)) {
                    "fail"
                } else {
                    "error"
                };
                verdicts.insert(id(test), verdict.to_owned());
            }
            _ => {}
        }
    }
    verdicts
}

#[test]
fn verdicts_equal_pytests_own() {
    let Some(python) = pytest_python() else {
        eprintln!("skipped: no Python with pytest here (set GRADE_PYTEST_PYTHON)");
        return;
    };
    for (path, cases) in expected() {
        let dir = fixture("testfiles/exercises").join(&path);
        let pytest = pytest_verdicts(&python, &dir);
        for (name, status) in cases {
            if NEEDS_PYTEST.contains(&name.as_str()) {
                continue;
            }
            assert_eq!(
                pytest.get(&name),
                Some(&status),
                "{path} › {name}: {pytest:?}"
            );
        }
    }
}

/// The site-packages a Python's pytest is installed in.
fn site_packages_of(python: &Path) -> String {
    let out = std::process::Command::new(python)
        .args([
            "-c",
            "import pytest, os; print(os.path.dirname(os.path.dirname(pytest.__file__)))",
        ])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// A site-packages with one small package, as a course's venv would hold.
fn site_packages() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let package = dir.path().join("fancylib");
    std::fs::create_dir_all(&package).unwrap();
    std::fs::write(
        package.join("__init__.py"),
        "def double(x):\n    return 2 * x\n",
    )
    .unwrap();
    dir
}

#[test]
fn site_packages_make_a_course_s_packages_importable() {
    let spec = format!(
        "{}[[test]]\nname = \"doubles\"\nexpr = \"f(2)\"\nexpect = \"4\"\n",
        super::HEADER
    );
    let repo = super::challenge_repo(
        "c",
        &spec,
        "from fancylib import double\n\ndef f(x):\n    return double(x)\n",
    );
    let packages = site_packages();
    let without = json(&grade_in(repo.path(), &["--format", "json"]));
    assert_eq!(statuses(&without)["c"]["doubles"], "error", "{without}");
    let dir = packages.path().to_str().unwrap();
    let with = grade_in(repo.path(), &["--format", "json", "--site-packages", dir]);
    assert_eq!(
        statuses(&json(&with))["c"]["doubles"],
        "pass",
        "{}",
        with.stderr
    );
    // The same from the course's grade.toml, relative to the repo root.
    let env = repo.path().join("env");
    super::copy_tree(packages.path(), &env);
    std::fs::write(repo.path().join("grade.toml"), "site_packages = \"env\"\n").unwrap();
    let from_settings = grade_in(repo.path(), &["--format", "json"]);
    assert_eq!(
        statuses(&json(&from_settings))["c"]["doubles"],
        "pass",
        "{}",
        from_settings.stderr
    );
    // A setting that names no folder is one error naming grade.toml's line.
    std::fs::write(
        repo.path().join("grade.toml"),
        "\nsite_packages = \"nowhere\"\n",
    )
    .unwrap();
    let bad = grade_in(repo.path(), &[]);
    assert_eq!(bad.code, 2, "{}", bad.stdout);
    assert!(bad.stderr.contains("grade.toml:2:"), "{}", bad.stderr);
    assert!(bad.stderr.contains("is not a folder"), "{}", bad.stderr);
    let missing = grade_in(repo.path(), &["--site-packages", "nowhere-either"]);
    assert_eq!(missing.code, 2);
    assert!(
        missing.stderr.contains("nowhere-either"),
        "{}",
        missing.stderr
    );
}

/// With pytest in the course's site-packages: pytest.raises, approx,
/// parametrize (one case per function: it fails if any parameter set
/// fails), marks, skip, xfail and fail inside a test, as pytest judges them.
#[test]
fn pytest_features_come_from_the_course_s_pytest() {
    let Some(python) = pytest_python() else {
        eprintln!("skipped: no Python with pytest here (set GRADE_PYTEST_PYTHON)");
        return;
    };
    let packages = site_packages_of(&python);
    let spec = format!(
        "{}test_files = [\"words_test.py\"]\n",
        super::HEADER.trim_end().to_owned() + "\n"
    );
    let repo = super::challenge_repo(
        "c",
        &spec,
        "def count_words(text):\n    counts = {}\n    for word in text.split():\n        counts[word] = counts.get(word, 0) + 1\n    return counts\n",
    );
    let tests = "import pytest\n\nfrom solution import count_words\n\n\n\
def test_raises():\n    with pytest.raises(AttributeError):\n        count_words(None)\n\n\n\
@pytest.mark.parametrize(\"text, n\", [(\"a\", 1), pytest.param(\"a b c\", 4)])\n\
def test_sizes(text, n):\n    assert len(count_words(text)) == n\n\n\n\
@pytest.mark.parametrize(\"word\", [\"x\", \"y\"])\n\
def test_one_word(word):\n    assert count_words(word) == {word: 1}\n\n\n\
def test_approx():\n    assert 0.1 + 0.2 == pytest.approx(0.3)\n\n\n\
@pytest.mark.skip(reason=\"not yet\")\n\
def test_marked_skip():\n    assert False\n\n\n\
def test_skip_call():\n    pytest.skip(\"skipped inside\")\n\n\n\
@pytest.mark.xfail(reason=\"known bug\")\n\
def test_known_bug():\n    assert count_words(\"a a\") == {\"a\": 1}\n\n\n\
def test_fail_call():\n    pytest.fail(\"explicit failure\")\n";
    std::fs::write(repo.path().join("exercises/c/words_test.py"), tests).unwrap();
    let run = grade_in(
        repo.path(),
        &["--format", "json", "--site-packages", &packages],
    );
    let got = statuses(&json(&run))["c"].clone();
    let expected = [
        ("test_raises", "pass"),
        ("test_sizes", "fail"),
        ("test_one_word", "pass"),
        ("test_approx", "pass"),
        ("test_marked_skip", "skipped"),
        ("test_skip_call", "skipped"),
        ("test_known_bug", "xfailed"),
        ("test_fail_call", "fail"),
    ]
    .map(|(name, status)| (name.to_owned(), status.to_owned()));
    assert_eq!(got, BTreeMap::from(expected), "{}", run.stderr);
    assert!(
        run.stdout.contains("with text='a b c', n=4"),
        "the failing parameters are named"
    );
}

/// The site-packages are read-only to learner code (where Landlock runs:
/// `grade doctor` says so).
#[test]
fn learner_code_cannot_write_the_site_packages() {
    let doctor = grade_in(Path::new("."), &["doctor"]);
    if !doctor.stdout.contains("✓ landlock files") {
        eprintln!("skipped: no Landlock file rules on this machine");
        return;
    }
    let spec = format!(
        "{}[[test]]\nname = \"w\"\nexpr = \"f()\"\nexpect = \"1\"\n",
        super::HEADER
    );
    let learner = "import fancylib\n\ndef f():\n    open(fancylib.__file__, 'a').write('# forged')\n    return 1\n";
    let repo = super::challenge_repo("c", &spec, learner);
    let packages = site_packages();
    let run = grade_in(
        repo.path(),
        &["--site-packages", packages.path().to_str().unwrap()],
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stdout.contains("PermissionError"), "{}", run.stdout);
    let text = std::fs::read_to_string(packages.path().join("fancylib/__init__.py")).unwrap();
    assert!(!text.contains("forged"));
}

/// pytest runs what needs it: fixtures from a conftest.py beside the tests
/// and pytest's own (tmp_path, capsys, monkeypatch), also in a file that
/// never imports pytest; a failing fixture is an error, as pytest says.
/// Verdicts equal pytest's, test by test.
#[test]
fn fixtures_and_conftest_come_from_pytest_itself() {
    let Some(python) = pytest_python() else {
        eprintln!("skipped: no Python with pytest here (set GRADE_PYTEST_PYTHON)");
        return;
    };
    let packages = site_packages_of(&python);
    let spec = format!(
        "{}test_files = [\"words_test.py\", \"plain_test.py\"]\nhidden_tests = [\"test_hidden_fixture\"]\n",
        super::HEADER.trim_end().to_owned() + "\n"
    );
    let repo = super::challenge_repo(
        "c",
        &spec,
        "def count_words(text):\n    print('counting')\n    counts = {}\n    for word in text.split():\n        counts[word] = counts.get(word, 0) + 1\n    return counts\n",
    );
    let dir = repo.path().join("exercises/c");
    std::fs::write(
        dir.join("conftest.py"),
        "import pytest\n\n\n@pytest.fixture\ndef sentence():\n    return 'to be or not to be'\n\n\n\
@pytest.fixture\ndef broken():\n    raise LookupError('the fixture broke')\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("words_test.py"),
        "import pytest\n\nfrom solution import count_words\n\n\n\
def test_from_conftest(sentence):\n    assert count_words(sentence)['be'] == 2\n\n\n\
def test_wrong_from_conftest(sentence):\n    assert count_words(sentence)['to'] == 3\n\n\n\
def test_broken_fixture(broken):\n    assert True\n\n\n\
@pytest.fixture\ndef words(sentence):\n    yield sentence.split()\n\n\n\
class TestInClass:\n    def test_chained(self, words):\n        assert len(words) == 6\n\n\n\
@pytest.mark.xfail(strict=True)\ndef test_strict_xpass():\n    assert count_words('a') == {'a': 1}\n\n\n\
def test_hidden_fixture(sentence):\n    assert count_words(sentence)['or'] == 1\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("plain_test.py"),
        "from solution import count_words\n\n\n\
def test_tmp_path(tmp_path):\n    path = tmp_path / 'words.txt'\n    path.write_text('a b a')\n    assert count_words(path.read_text()) == {'a': 2, 'b': 1}\n\n\n\
def test_capsys(capsys):\n    count_words('x')\n    assert capsys.readouterr().out == 'counting\\n'\n\n\n\
def test_monkeypatch(monkeypatch):\n    monkeypatch.setattr('solution.count_words', lambda text: {})\n    import solution\n    assert solution.count_words('a') == {}\n",
    )
    .unwrap();
    let run = grade_in(
        repo.path(),
        &["--format", "json", "--site-packages", &packages],
    );
    let got = statuses(&json(&run))["c"].clone();
    let expected = [
        ("test_from_conftest", "pass"),
        ("test_wrong_from_conftest", "fail"),
        ("test_broken_fixture", "error"),
        ("TestInClass.test_chained", "pass"),
        ("test_strict_xpass", "fail"),
        ("test_hidden_fixture", "pass"),
        ("test_tmp_path", "pass"),
        ("test_capsys", "pass"),
        ("test_monkeypatch", "pass"),
    ]
    .map(|(name, status)| (name.to_owned(), status.to_owned()));
    assert_eq!(got, BTreeMap::from(expected.clone()), "{}", run.stdout);
    assert_eq!(
        pytest_verdicts(&python, &dir),
        BTreeMap::from(expected),
        "pytest's own verdicts"
    );
    let human = grade_in(repo.path(), &["--site-packages", &packages]);
    for shown in [
        "LookupError: the fixture broke",
        "File \"words_test.py\", line 11, in test_wrong_from_conftest",
    ] {
        assert!(human.stdout.contains(shown), "{shown}\n{}", human.stdout);
    }
    assert!(!human.stdout.contains(".grade-tests"), "{}", human.stdout);
}

/// Hidden test files live outside the learners' repo, in a `--tests`
/// overlay: every test of them is hidden, graded, and shows nothing.
#[test]
fn an_overlay_brings_hidden_test_files() {
    let spec = format!(
        "{}test_files = [\"words_test.py\"]\n",
        super::HEADER.trim_end().to_owned() + "\n"
    );
    let repo = super::challenge_repo(
        "c",
        &spec,
        "def count_words(text):\n    return {w: text.split().count(w) for w in text.split()}\n",
    );
    std::fs::write(
        repo.path().join("exercises/c/words_test.py"),
        "from solution import count_words\n\n\ndef test_one():\n    assert count_words('a') == {'a': 1}\n",
    )
    .unwrap();
    let overlay = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(overlay.path().join("c")).unwrap();
    std::fs::write(
        overlay.path().join("c/exercise.toml"),
        "test_files = [\"secret_test.py\"]\n",
    )
    .unwrap();
    std::fs::write(
        overlay.path().join("c/secret_test.py"),
        "from solution import count_words\n\n\ndef test_secret():\n    assert count_words('q q') == {'q': 'overlay-secret-77'}\n\n\n\
def test_hidden_pass():\n    assert count_words('q q') == {'q': 2}\n",
    )
    .unwrap();
    let tests = overlay.path().to_str().unwrap();
    let run = grade_in(repo.path(), &["--format", "json", "--tests", tests]);
    let report = json(&run);
    let got = statuses(&report)["c"].clone();
    let expected = [
        ("test_one", "pass"),
        ("test_secret", "fail"),
        ("test_hidden_pass", "pass"),
    ]
    .map(|(name, status)| (name.to_owned(), status.to_owned()));
    assert_eq!(got, BTreeMap::from(expected), "{}", run.stderr);
    for format in ["json", "human", "junit", "github", "csv"] {
        let run = grade_in(repo.path(), &["--format", format, "--tests", tests]);
        assert!(
            !run.stdout.contains("overlay-secret-77") && !run.stdout.contains("count_words('q q')"),
            "{format}: {}",
            run.stdout
        );
    }
    let revealed = grade_in(repo.path(), &["--reveal", "--tests", tests]);
    assert!(
        revealed.stdout.contains("overlay-secret-77"),
        "{}",
        revealed.stdout
    );
    // A test named as one of the challenge's own is one clear error.
    std::fs::write(
        overlay.path().join("c/secret_test.py"),
        "def test_one():\n    assert True\n",
    )
    .unwrap();
    let clash = grade_in(repo.path(), &["--tests", tests]);
    assert_eq!(clash.code, 2, "{}", clash.stderr);
    assert!(
        clash.stderr.contains("c/exercise.toml:1:")
            && clash
                .stderr
                .contains("test `test_one` is already defined in"),
        "{}",
        clash.stderr
    );
}

/// A learner file that does not compile is `invalid` on every test, as on
/// every `[[test]]` case; a test file that cannot import what it needs is
/// an `error` on each of its tests, saying why.
#[test]
fn a_broken_learner_file_is_invalid_and_a_failed_import_an_error() {
    let spec = format!(
        "{}test_files = [\"words_test.py\"]\n",
        super::HEADER.trim_end().to_owned() + "\n"
    );
    let repo = super::challenge_repo("c", &spec, "def count_words(text:\n    pass\n");
    std::fs::write(
        repo.path().join("exercises/c/words_test.py"),
        "from solution import count_words\n\n\ndef test_one():\n    assert count_words('a') == {'a': 1}\n\n\n\
def test_two():\n    assert count_words('') == {}\n",
    )
    .unwrap();
    let run = grade_in(repo.path(), &["--format", "json"]);
    let invalid: BTreeMap<String, String> = [("test_one", "invalid"), ("test_two", "invalid")]
        .map(|(n, s)| (n.to_owned(), s.to_owned()))
        .into();
    assert_eq!(statuses(&json(&run))["c"], invalid, "{}", run.stdout);

    std::fs::write(
        repo.path().join("exercises/c/solution.py"),
        "def other():\n    pass\n",
    )
    .unwrap();
    let run = grade_in(repo.path(), &["--format", "json"]);
    let errors: BTreeMap<String, String> = [("test_one", "error"), ("test_two", "error")]
        .map(|(n, s)| (n.to_owned(), s.to_owned()))
        .into();
    assert_eq!(statuses(&json(&run))["c"], errors, "{}", run.stdout);
    let human = grade_in(repo.path(), &[]);
    assert!(
        human
            .stdout
            .contains("ImportError: cannot import name 'count_words' from 'solution'"),
        "{}",
        human.stdout
    );
}

/// Test files' rewritten code is kept in the user's cache for the next
/// run; what is found there, even garbage, never changes a verdict.
#[test]
fn compiled_test_files_are_cached_and_garbage_there_is_ignored() {
    let cache = tempfile::tempdir().unwrap();
    let run = || {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_grade"))
            .args(["--format", "json"])
            .current_dir(fixture("testfiles"))
            .env("XDG_CACHE_HOME", cache.path())
            .output()
            .unwrap();
        let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        statuses(&report)
    };
    let first = run();
    let stored: Vec<PathBuf> = std::fs::read_dir(cache.path().join("grade/testcode"))
        .expect("the compiled code is cached")
        .map(|entry| entry.unwrap().path())
        .collect();
    assert!(!stored.is_empty());
    assert_eq!(run(), first, "from the cache");
    for path in &stored {
        std::fs::write(path, b"\xe3 not marshal data").unwrap();
    }
    assert_eq!(run(), first, "from a cache holding garbage");
}
