//! `grade check`: the instructor's proof that challenges are sound. For each
//! challenge: its spec parses; the reference passes every case; the starter
//! stub fails at least one; every case gives the same verdict twice; every
//! known-wrong variant (`solutions/…/wrong_*.py`, each opening with a comment
//! saying what is wrong) fails at least one case. Tests that test the tests.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{GradeError, SpecError};
use crate::exception_table::ExceptionTable;
use crate::execution::Execution;
use crate::judge::ReferenceCase;
use crate::plan::{self, Selection};
use crate::runner::{execute, judge_challenge, output_error, Attempt, ExecOptions, ExecSetup};
use crate::spec::Challenge;

/// What `grade check` found about one challenge.
#[derive(Debug)]
struct Finding {
    path: String,
    visible: usize,
    hidden: usize,
    reference: String,
    stub: String,
    wrong: String,
    problems: Vec<String>,
}

pub struct CheckOptions {
    pub exec: ExecOptions,
    pub solutions: Option<PathBuf>,
    pub tests: Option<PathBuf>,
}

/// Runs every check; returns whether every challenge is sound.
pub fn check(
    selection: &Selection,
    options: &CheckOptions,
    out: &mut dyn Write,
) -> Result<bool, GradeError> {
    let solutions_root = options
        .solutions
        .clone()
        .unwrap_or_else(|| plan::default_solutions(&selection.exercises_root));
    let parsed = plan::parse_all(selection, options.tests.as_deref());
    let mut spec_errors: Vec<(String, SpecError)> = Vec::new();
    let mut challenges = Vec::new();
    for ((_, path), result) in selection.specs.iter().zip(parsed) {
        match result {
            Ok(challenge) => challenges.push(challenge),
            Err(error) => spec_errors.push((path.clone(), error)),
        }
    }

    // Two runs of every reference (the second proves determinism), in a
    // zygote of their own; the stub and the wrong variants in another.
    let mut reference_attempts = Vec::new();
    let mut learner_attempts = Vec::new();
    let mut wrong_files: Vec<Vec<PathBuf>> = Vec::new();
    let mut missing_reference = vec![None; challenges.len()];
    for (index, challenge) in challenges.iter().enumerate() {
        let reference = Attempt::under(solutions_root.as_path(), challenge);
        if !reference.main_path().is_file() {
            missing_reference[index] = Some(reference.main_path());
        }
        reference_attempts.push(reference.clone());
        reference_attempts.push(reference.clone());
        learner_attempts.push(Attempt::under(
            selection.exercises_root.as_path(),
            challenge,
        ));
        let wrongs = wrong_variants(&solutions_root.join(&challenge.path));
        for wrong in &wrongs {
            let wrong = Path::new(&challenge.path).join(wrong.file_name().unwrap_or_default());
            learner_attempts.push(Attempt {
                other_main: Some(wrong.into()),
                ..reference.clone()
            });
        }
        wrong_files.push(wrongs);
    }
    let mut reference_runs: Vec<Option<Vec<Execution>>> = vec![None; reference_attempts.len()];
    let mut learner_runs: Vec<Option<Vec<Execution>>> = vec![None; learner_attempts.len()];
    let mut reference_table = ExceptionTable::default();
    let mut learner_table = ExceptionTable::default();
    let (left, right) = std::thread::scope(|scope| {
        let references = scope.spawn(|| {
            execute(
                &reference_attempts,
                &options.exec,
                &ExecSetup::default(),
                &mut |i, runs, table| {
                    reference_runs[i] = Some(runs);
                    reference_table.clone_from(table);
                    Ok(())
                },
            )
        });
        let learners = execute(
            &learner_attempts,
            &options.exec,
            &ExecSetup::default(),
            &mut |i, runs, table| {
                learner_runs[i] = Some(runs);
                learner_table.clone_from(table);
                Ok(())
            },
        );
        (references.join(), learners)
    });
    left.map_err(|_| GradeError::Environment("the reference runs stopped unexpectedly".into()))??;
    right?;
    let tables = Tables {
        reference: &reference_table,
        learner: &learner_table,
    };

    let mut findings = Vec::new();
    let mut learner_index = 0;
    #[expect(
        clippy::explicit_counter_loop,
        reason = "the stub and each wrong variant advance it"
    )]
    for (index, challenge) in challenges.iter().enumerate() {
        let first = reference_runs[2 * index].take().unwrap_or_default();
        let second = reference_runs[2 * index + 1].take().unwrap_or_default();
        let stub_index = learner_index;
        let stub = learner_runs[learner_index].take().unwrap_or_default();
        learner_index += 1;
        let wrongs: Vec<_> = wrong_files[index]
            .iter()
            .map(|file| {
                let runs = learner_runs[learner_index].take().unwrap_or_default();
                learner_index += 1;
                (file.clone(), runs)
            })
            .collect();
        findings.push(assess(
            challenge,
            &learner_attempts[stub_index].main_path(),
            &reference_attempts[2 * index].main_path(),
            missing_reference[index].as_deref(),
            &tables,
            first,
            second,
            stub,
            wrongs,
        ));
    }
    for (path, error) in spec_errors {
        findings.push(Finding {
            path,
            visible: 0,
            hidden: 0,
            reference: "-".into(),
            stub: "-".into(),
            wrong: "-".into(),
            problems: vec![error.to_string()],
        });
    }
    findings.sort_by(|a, b| a.path.cmp(&b.path));
    print_findings(&findings, out).map_err(output_error)?;
    Ok(findings.iter().all(|finding| finding.problems.is_empty()))
}

/// `wrong_*.py` beside the reference, in name order.
fn wrong_variants(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|path| {
                    path.file_name()
                        .and_then(|name| name.to_str())
                        .is_some_and(|name| name.starts_with("wrong_") && name.ends_with(".py"))
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// The exception tables of the two zygotes of a check.
struct Tables<'a> {
    reference: &'a ExceptionTable,
    learner: &'a ExceptionTable,
}

#[expect(
    clippy::too_many_arguments,
    reason = "one call site, each argument a distinct run"
)]
fn assess(
    challenge: &Challenge,
    stub_file: &Path,
    reference_file: &Path,
    missing_reference: Option<&Path>,
    tables: &Tables<'_>,
    first: Vec<Execution>,
    second: Vec<Execution>,
    stub: Vec<Execution>,
    wrongs: Vec<(PathBuf, Vec<Execution>)>,
) -> Finding {
    let mut problems = Vec::new();
    let hidden = challenge.cases.iter().filter(|case| case.hidden).count();
    let mut finding = Finding {
        path: challenge.path.clone(),
        visible: challenge.cases.len() - hidden,
        hidden,
        reference: String::new(),
        stub: String::new(),
        wrong: String::new(),
        problems: Vec::new(),
    };
    if let Some(path) = missing_reference {
        finding.reference = "missing".into();
        finding.stub = "-".into();
        finding.wrong = "-".into();
        finding
            .problems
            .push(format!("no reference solution at {}", path.display()));
        return finding;
    }
    let expected: Vec<ReferenceCase> = first
        .iter()
        .map(|run| ReferenceCase::new(run, tables.reference))
        .collect();
    let reference = judge_challenge(
        challenge,
        &first,
        Some(&expected),
        tables.reference,
        true,
        String::new(),
    );
    let failing: Vec<_> = reference
        .cases
        .iter()
        .filter(|c| c.status().is_failure())
        .collect();
    finding.reference = if failing.is_empty() {
        "pass".into()
    } else {
        format!("{} fail", failing.len())
    };
    for case in failing {
        problems.push(format!(
            "the reference fails `{}`: {}: {}",
            case.name,
            case.status().as_str(),
            case.rendered().message
        ));
    }
    match crate::runner::stale_frozen(challenge, &expected) {
        Ok(stale) => problems.extend(stale.into_iter().map(|name| {
            format!(
                "{} is stale for `{name}` (the case or the reference changed): run `grade freeze`",
                crate::runner::FROZEN_FILE
            )
        })),
        Err(error) => problems.push(error.to_string()),
    }
    let again = judge_challenge(
        challenge,
        &second,
        Some(&expected),
        tables.reference,
        true,
        String::new(),
    );
    for (one, two) in reference.cases.iter().zip(&again.cases) {
        if one.status() != two.status() {
            problems.push(format!(
                "`{}` is flaky: {} then {} ({})",
                one.name,
                one.status().as_str(),
                two.status().as_str(),
                two.rendered().message
            ));
        }
    }
    let stub = judge_challenge(
        challenge,
        &stub,
        Some(&expected),
        tables.learner,
        true,
        String::new(),
    );
    let stub_failures = stub
        .cases
        .iter()
        .filter(|c| c.status().is_failure())
        .count();
    finding.stub = if stub_failures == 0 {
        problems.push(if same_files(stub_file, reference_file) {
            "the starter stub is identical to the reference, so it passes every case: write the real \
             solution in solutions/ and leave learners a stub (signatures, docstrings, `raise NotImplementedError`)"
                .into()
        } else {
            "the starter stub passes every case: learners have nothing to do".into()
        });
        "passes".into()
    } else {
        format!("fails {stub_failures}")
    };
    let total = wrongs.len();
    let mut rejected = 0;
    for (file, runs) in wrongs {
        let name = file
            .file_name()
            .map_or(String::new(), |n| n.to_string_lossy().into_owned());
        if !opens_with_comment(&file) {
            problems.push(format!(
                "{name} does not open with a comment saying what is wrong"
            ));
        }
        let judged = judge_challenge(
            challenge,
            &runs,
            Some(&expected),
            tables.learner,
            true,
            String::new(),
        );
        if judged.cases.iter().all(|c| !c.status().is_failure()) {
            problems.push(format!("{name} survives: no case rejects it"));
        } else {
            rejected += 1;
        }
    }
    finding.wrong = format!("{rejected}/{total}");
    finding.problems = problems;
    finding
}

fn same_files(a: &Path, b: &Path) -> bool {
    matches!((std::fs::read(a), std::fs::read(b)), (Ok(a), Ok(b)) if a == b)
}

fn opens_with_comment(file: &Path) -> bool {
    std::fs::read_to_string(file)
        .ok()
        .and_then(|text| {
            text.lines()
                .next()
                .map(|line| line.trim_start().starts_with('#') && line.len() > 2)
        })
        .unwrap_or(false)
}

fn print_findings(findings: &[Finding], out: &mut dyn Write) -> std::io::Result<()> {
    let width = findings
        .iter()
        .map(|f| f.path.len())
        .max()
        .unwrap_or(9)
        .max(9);
    writeln!(
        out,
        "{:<width$}  {:>5}  {:>6}  {:<9}  {:<8}  {:<6}  status",
        "challenge", "cases", "hidden", "reference", "stub", "wrong"
    )?;
    for finding in findings {
        writeln!(
            out,
            "{:<width$}  {:>5}  {:>6}  {:<9}  {:<8}  {:<6}  {}",
            finding.path,
            finding.visible + finding.hidden,
            finding.hidden,
            finding.reference,
            finding.stub,
            finding.wrong,
            if finding.problems.is_empty() {
                "ok"
            } else {
                "PROBLEM"
            }
        )?;
    }
    let troubled: Vec<_> = findings.iter().filter(|f| !f.problems.is_empty()).collect();
    if !troubled.is_empty() {
        writeln!(out, "\nProblems:")?;
        for finding in &troubled {
            for problem in &finding.problems {
                writeln!(out, "  {}: {problem}", finding.path)?;
            }
        }
    }
    writeln!(
        out,
        "\n{} {} checked: {} sound, {} with problems",
        findings.len(),
        if findings.len() == 1 {
            "challenge"
        } else {
            "challenges"
        },
        findings.len() - troubled.len(),
        troubled.len()
    )
}
