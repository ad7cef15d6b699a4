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
    learner::watch(
        &selection,
        &learner_options(args.jobs, &selection)?,
        &mut || Box::new(report::Human::new(std::io::stdout(), color)),
    )?;
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

/// The run's reporter: `--format` to stdout, or with `--output`, to the
/// file and the human report to stdout.
fn reporter(
    format: Format,
    output: Option<&std::path::Path>,
    partition: Option<plan::Partition>,
) -> Result<Box<dyn report::Reporter>, GradeError> {
    let stdout = std::io::stdout();
    let color = stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let human = || Box::new(report::Human::new(std::io::stdout().lock(), color));
    let Some(path) = output else {
        return Ok(match format {
            Format::Human => human(),
            format => in_format(format, std::io::stdout().lock(), partition),
        });
    };
    let file = std::fs::File::create(path).map_err(|e| GradeError::file(path, e))?;
    let file = std::io::BufWriter::new(file);
    let to_file = match format {
        Format::Human => Box::new(report::Human::new(file, false)),
        format => in_format(format, file, partition),
    };
    Ok(Box::new(report::Tee(vec![human(), to_file])))
}

/// A machine format's reporter writing to `out`.
fn in_format(
    format: Format,
    out: impl Write + 'static,
    partition: Option<plan::Partition>,
) -> Box<dyn report::Reporter> {
    match format {
        Format::Human => Box::new(report::Human::new(out, false)),
        Format::Json => Box::new(report::Json::new(out, partition)),
        Format::Junit => Box::new(report::Junit::new(out)),
        Format::Github => Box::new(report::Github::new(out)),
        Format::Csv => Box::new(report::Csv::new(out)),
        Format::Html => Box::new(report::Html::new(out)),
    }
}

fn merge(args: cli::MergeArgs) -> Result<u8, GradeError> {
    let merged = merge::read_parts(&args.parts)?;
    let mut reporter = reporter(args.format, args.output.as_deref(), None)?;
    let summary = merge::replay(merged, &mut reporter)?;
    Ok(if summary.failed == 0 {
        EXIT_PASSED
    } else {
        EXIT_FAILED
    })
}

fn grade(args: GradeArgs) -> Result<u8, GradeError> {
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
    let mut reporter = report::WithProgress::new(report::ToleratesClosedPipe::new(reporter(
        args.format,
        args.output.as_deref(),
        plan.partition,
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
