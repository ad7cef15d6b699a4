//! `grade`: a Rust auto-grader for Python challenges. `main` parses the
//! command line, dispatches, and turns every error into one message and
//! exit code 2 (SPEC §5).

mod cache;
mod check;
mod cli;
mod doctor;
mod error;
mod exception_table;
mod execution;
mod judge;
mod learner;
mod literal;
mod merge;
mod plan;
mod python;
mod report;
mod runner;
mod sandbox;
mod scaffold;
mod similar;
mod snippets;
mod spec;
mod submission;
mod testfiles;
mod value;
mod verdict;
mod worker;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command, Format, GradeArgs};
use error::{GradeError, EXIT_ERROR, EXIT_FAILED, EXIT_PASSED};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() {
                EXIT_ERROR
            } else {
                EXIT_PASSED
            });
        }
    };
    let result = match cli.command {
        Some(Command::Zygote(args)) => {
            return match worker::serve(worker::ZygoteOptions {
                jobs: args.jobs,
                run_dir: args.run_dir,
                profile: args.profile,
            }) {
                Ok(()) => ExitCode::SUCCESS,
                Err(message) => {
                    eprintln!("grade worker: {message}");
                    ExitCode::from(EXIT_ERROR)
                }
            };
        }
        Some(Command::Check(args)) => {
            runner::prespawn(jobs(args.jobs));
            check(args)
        }
        Some(Command::New(args)) => new(args),
        Some(Command::Freeze(args)) => {
            runner::prespawn(jobs(args.jobs));
            freeze(args)
        }
        Some(Command::Doctor) => doctor(),
        Some(Command::List(args)) => list(args),
        Some(Command::Hint(args)) => learner::hint(
            &args.slug,
            args.root.as_deref(),
            &mut std::io::stdout().lock(),
        )
        .map(|()| EXIT_PASSED),
        Some(Command::Watch(args)) => watch(args),
        Some(Command::Merge(args)) => merge(args),
        Some(Command::Similar(args)) => similar(args),
        None => {
            runner::prespawn(jobs(cli.grade.jobs));
            grade(cli.grade)
        }
    };
    runner::discard_prespawned();
    match result {
        Ok(code) => ExitCode::from(code),
        Err(GradeError::BrokenPipe) => ExitCode::from(EXIT_FAILED),
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

fn jobs(requested: Option<u16>) -> usize {
    requested
        .map(usize::from)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()))
}

fn check(args: cli::CheckArgs) -> Result<u8, GradeError> {
    plan::existing_dir("--solutions", args.solutions.as_deref())?;
    plan::existing_dir("--tests", args.tests.as_deref())?;
    let selection = plan::select(&args.paths)?;
    if let Some(tests) = &args.tests {
        plan::check_overlays(&selection.exercises_root, tests)?;
    }
    let options = check::CheckOptions {
        exec: runner::ExecOptions {
            jobs: jobs(args.jobs),
            output_cap: 1 << 20,
            site_packages: plan::site_packages(
                args.site_packages.as_deref(),
                &selection.exercises_root,
            )?,
        },
        solutions: args.solutions,
        tests: args.tests,
    };
    let sound = check::check(&selection, &options, &mut std::io::stdout().lock())?;
    Ok(if sound { EXIT_PASSED } else { EXIT_FAILED })
}

fn freeze(args: cli::FreezeArgs) -> Result<u8, GradeError> {
    let plan = plan::build(&plan::Request {
        paths: &args.paths,
        solutions: args.solutions.as_deref(),
        tests: None,
        who: plan::Who::Repo,
        partition: None,
        site_packages: args.site_packages.as_deref(),
    })?;
    let options = runner::ExecOptions {
        jobs: jobs(args.jobs),
        output_cap: 1 << 20,
        site_packages: plan.site_packages.clone(),
    };
    let written = runner::freeze(&plan, &options)?;
    let mut out = std::io::stdout().lock();
    let print = |out: &mut std::io::StdoutLock<'_>, line: String| {
        writeln!(out, "{line}").map_err(runner::output_error)
    };
    if written.is_empty() {
        print(&mut out, "nothing to freeze: no case of these challenges takes its expectation from the reference".into())?;
    }
    let here = std::env::current_dir().unwrap_or_default();
    for path in &written {
        let shown = path.strip_prefix(&here).unwrap_or(path);
        print(&mut out, format!("wrote {}", shown.display()))?;
    }
    Ok(EXIT_PASSED)
}

/// The width values are pretty-printed to in a human report: the
/// terminal's, less the report's indentation, within reason; the fixed
/// width of every other format when the output is not a terminal.
fn terminal_width() -> usize {
    /// `      expected: ` before a value.
    const INDENT: usize = 16;
    match terminal_size::terminal_size_of(std::io::stdout()) {
        Some((terminal_size::Width(columns), _)) => {
            usize::from(columns).saturating_sub(INDENT).clamp(40, 160)
        }
        None => report::render::PRETTY_WIDTH,
    }
}

fn learner_options(
    jobs_requested: Option<u16>,
    selection: &plan::Selection,
) -> Result<runner::RunOptions, GradeError> {
    Ok(runner::RunOptions {
        exec: runner::ExecOptions {
            jobs: jobs(jobs_requested),
            output_cap: 1 << 20,
            site_packages: plan::site_packages(None, &selection.exercises_root)?,
        },
        reveal: false,
        width: terminal_width(),
        // `grade list` and `grade watch` show the last recorded results of
        // unchanged files at once.
        cache: Some(runner::state_dir(&selection.exercises_root).join("results")),
        cache_use: runner::CacheUse::Reuse,
    })
}

fn list(args: cli::ListArgs) -> Result<u8, GradeError> {
    let selection = plan::select(&args.paths)?;
    learner::list(
        &selection,
        &learner_options(args.jobs, &selection)?,
        &mut std::io::stdout().lock(),
    )?;
    Ok(EXIT_PASSED)
}

fn watch(args: cli::ListArgs) -> Result<u8, GradeError> {
    let selection = plan::select(&args.paths)?;
    let color = std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    learner::watch(&selection, &learner_options(args.jobs, &selection)?, color)?;
    Ok(EXIT_PASSED)
}

fn doctor() -> Result<u8, GradeError> {
    doctor::print(&mut std::io::stdout().lock()).map_err(runner::output_error)?;
    Ok(EXIT_PASSED)
}

fn new(args: cli::NewArgs) -> Result<u8, GradeError> {
    let written = scaffold::scaffold(&scaffold::NewChallenge {
        path: args.path,
        topic: args.topic,
        difficulty: args.difficulty,
    })?;
    for path in written {
        println!("created {}", path.display());
    }
    println!("next: describe the task in README.md, write the cases, then run `grade check`");
    Ok(EXIT_PASSED)
}

/// What a report's format needs beyond the events.
#[derive(Clone, Copy)]
struct ReportOptions {
    partition: Option<plan::Partition>,
    /// When Gradescope shows hidden cases.
    gradescope_hidden: report::Visibility,
}

impl ReportOptions {
    /// The options of a run in `format`, before its plan is known.
    fn new(
        format: Format,
        gradescope_hidden: Option<report::Visibility>,
    ) -> Result<ReportOptions, GradeError> {
        if gradescope_hidden.is_some() && format != Format::Gradescope {
            return Err(GradeError::Usage(format!(
                "--gradescope-hidden applies to --format gradescope, not --format {}",
                format.name()
            )));
        }
        Ok(ReportOptions {
            partition: None,
            gradescope_hidden: gradescope_hidden.unwrap_or(report::Visibility::AfterPublished),
        })
    }
}

/// The platforms' formats describe one submission: a class is refused
/// before anything runs.
fn one_submission(format: Format, class: bool) -> Result<(), GradeError> {
    if format.one_submission() && class {
        return Err(GradeError::Usage(format!(
            "--format {0} writes the results.json of one submission, not of a class: \
             grade each learner alone (`--submission DIR --format {0}`), or the class with --format json or csv",
            format.name()
        )));
    }
    Ok(())
}

/// The run's reporter: `--format` to stdout, or with `--output`, to the
/// file and the human report to stdout.
fn reporter(
    format: Format,
    output: Option<&std::path::Path>,
    options: ReportOptions,
) -> Result<Box<dyn report::Reporter>, GradeError> {
    let stdout = std::io::stdout();
    let color = stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let human = || Box::new(report::Human::new(std::io::stdout().lock(), color));
    let Some(path) = output else {
        return Ok(match format {
            Format::Human => human(),
            format => in_format(format, std::io::stdout().lock(), options),
        });
    };
    let file = std::fs::File::create(path).map_err(|e| GradeError::file(path, e))?;
    let file = std::io::BufWriter::new(file);
    let to_file = match format {
        Format::Human => Box::new(report::Human::new(file, false)),
        format => in_format(format, file, options),
    };
    Ok(Box::new(report::Tee(vec![human(), to_file])))
}

/// `--output` inside the course, a learner's files, the references or the
/// overlays would overwrite what the run reads (a typo away from
/// `--output solution.py`): refused before anything is written.
fn refuse_output_among_inputs(
    output: &std::path::Path,
    plan: &plan::Plan,
    tests: Option<&std::path::Path>,
) -> Result<(), GradeError> {
    let resolve = |path: &std::path::Path| -> Option<std::path::PathBuf> {
        if let Ok(path) = path.canonicalize() {
            return Some(path);
        }
        // Not there yet: where it would be made.
        let parent = match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => std::path::Path::new("."),
        };
        Some(parent.canonicalize().ok()?.join(path.file_name()?))
    };
    let Some(target) = resolve(output) else {
        return Ok(());
    };
    let inputs = plan
        .challenges
        .iter()
        .filter_map(|challenge| challenge.spec_file.parent())
        .chain(plan.submissions.iter().map(|s| s.root.as_path()))
        .chain(std::iter::once(plan.solutions_root.as_path()))
        .chain(tests);
    for input in inputs {
        if let Ok(input) = input.canonicalize() {
            if target.starts_with(&input) {
                return Err(GradeError::Usage(format!(
                    "--output {} is inside {}, which this run reads: write the report elsewhere",
                    output.display(),
                    input.display()
                )));
            }
        }
    }
    Ok(())
}

/// A machine format's reporter writing to `out`.
fn in_format(
    format: Format,
    out: impl Write + 'static,
    options: ReportOptions,
) -> Box<dyn report::Reporter> {
    match format {
        Format::Human => Box::new(report::Human::new(out, false)),
        Format::Json => Box::new(report::Json::new(out, options.partition)),
        Format::Junit => Box::new(report::Junit::new(out)),
        Format::Github => Box::new(report::Github::new(out)),
        Format::Csv => Box::new(report::Csv::new(out)),
        Format::Gradescope => Box::new(report::Gradescope::new(out, options.gradescope_hidden)),
        Format::Exercism => Box::new(report::Exercism::new(out)),
        Format::Html => Box::new(report::Html::new(out)),
    }
}

fn merge(args: cli::MergeArgs) -> Result<u8, GradeError> {
    let options = ReportOptions::new(args.format, args.gradescope_hidden)?;
    let merged = merge::read_parts(&args.parts)?;
    one_submission(args.format, merged.is_class())?;
    let mut reporter = reporter(args.format, args.output.as_deref(), options)?;
    let summary = merge::replay(merged, &mut reporter)?;
    Ok(if summary.failed == 0 {
        EXIT_PASSED
    } else {
        EXIT_FAILED
    })
}

fn similar(args: cli::SimilarArgs) -> Result<u8, GradeError> {
    let plan = plan::build(&plan::Request {
        paths: &args.paths,
        solutions: args.solutions.as_deref(),
        tests: None,
        who: plan::Who::Class(args.class.clone()),
        partition: None,
        site_packages: None,
    })?;
    let findings = similar::find(
        &plan,
        similar::Options {
            threshold: args.threshold,
            min_tokens: args.min_tokens,
        },
    );
    let mut out = std::io::stdout().lock();
    similar::write(&findings, args.format, &mut out)
        .and_then(|()| out.flush())
        .map_err(runner::output_error)?;
    for problem in &findings.unread {
        eprintln!("note: {problem}: not compared");
    }
    for broken in &plan.broken {
        eprintln!("error: {}", broken.error);
    }
    Ok(if plan.broken.is_empty() {
        EXIT_PASSED
    } else {
        EXIT_ERROR
    })
}

fn grade(args: GradeArgs) -> Result<u8, GradeError> {
    let report_options = ReportOptions::new(args.format, args.gradescope_hidden)?;
    one_submission(args.format, args.class.is_some())?;
    let who = match (&args.submission, &args.class) {
        (_, Some(class)) => plan::Who::Class(class.clone()),
        (Some(dir), None) => plan::Who::Submission(dir.clone()),
        (None, None) => plan::Who::Repo,
    };
    let plan = plan::build(&plan::Request {
        paths: &args.paths,
        solutions: args.solutions.as_deref(),
        tests: args.tests.as_deref(),
        who,
        partition: args.partition,
        site_packages: args.site_packages.as_deref(),
    })?;
    let options = runner::RunOptions {
        exec: runner::ExecOptions {
            jobs: jobs(args.jobs),
            output_cap: args.output_cap,
            site_packages: plan.site_packages.clone(),
        },
        reveal: args.reveal,
        width: if args.format == Format::Human && args.output.is_none() {
            terminal_width()
        } else {
            report::render::PRETTY_WIDTH
        },
        cache: args.cache.clone(),
        cache_use: runner::CacheUse::Incremental,
    };
    // Grading a practice repo records its results for `grade list`.
    let options = match (&args.cache, &args.submission, &args.class) {
        (None, None, None) if plan.partition.is_none() => runner::RunOptions {
            cache: plan
                .submissions
                .first()
                .map(|s| runner::state_dir(&s.root).join("results")),
            cache_use: runner::CacheUse::Record,
            ..options
        },
        _ => options,
    };
    if let Some(output) = &args.output {
        refuse_output_among_inputs(output, &plan, args.tests.as_deref())?;
    }
    let mut reporter = report::WithProgress::new(report::ToleratesClosedPipe::new(reporter(
        args.format,
        args.output.as_deref(),
        ReportOptions {
            partition: plan.partition,
            ..report_options
        },
    )?));
    let summary = runner::grade(&plan, &options, &mut reporter)?;
    for broken in &plan.broken {
        eprintln!("error: {}", broken.error);
    }
    if !plan.broken.is_empty() {
        return Ok(EXIT_ERROR);
    }
    Ok(if summary.failed == 0 {
        EXIT_PASSED
    } else {
        EXIT_FAILED
    })
}
