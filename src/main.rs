//! `grade`: a Rust auto-grader for Python challenges. `main` parses the
//! command line, dispatches, and turns every error into one message and
//! exit code 2 (SPEC §5).

mod cache;
mod check;
mod cli;
mod error;
mod exception_table;
mod execution;
mod judge;
mod learner;
mod literal;
mod plan;
mod python;
mod report;
mod runner;
mod sandbox;
mod scaffold;
mod snippets;
mod spec;
mod submission;
mod value;
mod verdict;
mod worker;

use std::io::IsTerminal;
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
        Some(Command::Doctor) => doctor(),
        Some(Command::List(args)) => list(args),
        Some(Command::Hint(args)) => learner::hint(
            &args.slug,
            args.root.as_deref(),
            &mut std::io::stdout().lock(),
        )
        .map(|()| EXIT_PASSED),
        Some(Command::Watch(args)) => watch(args),
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

/// `--class DIR`: every folder in DIR is one learner's submission tree.
fn class_submissions(class: &std::path::Path) -> Result<Vec<plan::Submission>, GradeError> {
    existing_dir("--class", Some(class))?;
    let mut learners: Vec<_> = std::fs::read_dir(class)
        .map_err(|e| GradeError::file(class, e))?
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_ok_and(|t| t.is_dir()))
        .filter(|entry| !entry.file_name().to_string_lossy().starts_with('.'))
        .map(|entry| entry.path())
        .collect();
    learners.sort();
    if learners.is_empty() {
        return Err(GradeError::Usage(format!(
            "--class {}: no learner folders in it",
            class.display()
        )));
    }
    learners
        .into_iter()
        .map(|root| {
            Ok(plan::Submission {
                learner: root.file_name().map(|n| n.to_string_lossy().into_owned()),
                root: std::path::absolute(&root).map_err(|e| GradeError::file(&root, e))?,
            })
        })
        .collect()
}

fn jobs(requested: Option<u16>) -> usize {
    requested
        .map(usize::from)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()))
}

fn existing_dir(flag: &str, dir: Option<&std::path::Path>) -> Result<(), GradeError> {
    match dir {
        Some(dir) if !dir.is_dir() => Err(GradeError::Usage(format!(
            "{flag} {}: no such folder",
            dir.display()
        ))),
        _ => Ok(()),
    }
}

fn check(args: cli::CheckArgs) -> Result<u8, GradeError> {
    existing_dir("--solutions", args.solutions.as_deref())?;
    existing_dir("--tests", args.tests.as_deref())?;
    let selection = plan::select(&args.paths)?;
    if let Some(tests) = &args.tests {
        plan::check_overlays(&selection.exercises_root, tests)?;
    }
    let options = check::CheckOptions {
        exec: runner::ExecOptions {
            jobs: jobs(args.jobs),
            output_cap: 1 << 20,
        },
        solutions: args.solutions,
        tests: args.tests,
    };
    let sound = check::check(&selection, &options, &mut std::io::stdout().lock())?;
    Ok(if sound { EXIT_PASSED } else { EXIT_FAILED })
}

fn learner_options(jobs_requested: Option<u16>) -> runner::RunOptions {
    runner::RunOptions {
        exec: runner::ExecOptions {
            jobs: jobs(jobs_requested),
            output_cap: 1 << 20,
        },
        reveal: false,
    }
}

fn list(args: cli::ListArgs) -> Result<u8, GradeError> {
    let selection = plan::select(&args.paths)?;
    learner::list(
        &selection,
        &learner_options(args.jobs),
        &mut std::io::stdout().lock(),
    )?;
    Ok(EXIT_PASSED)
}

fn watch(args: cli::ListArgs) -> Result<u8, GradeError> {
    let selection = plan::select(&args.paths)?;
    let color = std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    learner::watch(&selection, &learner_options(args.jobs), &mut || {
        Box::new(report::Human::new(std::io::stdout(), color))
    })?;
    Ok(EXIT_PASSED)
}

fn doctor() -> Result<u8, GradeError> {
    let host = sandbox::Host::detect();
    println!(
        "grade {} · Python {}",
        env!("CARGO_PKG_VERSION"),
        python::PYTHON_HOME
    );
    let protections = host.protections();
    let width = protections.iter().map(|p| p.name.len()).max().unwrap_or(0);
    for protection in &protections {
        let mark = if protection.active { "✓" } else { "✗" };
        println!("{mark} {:<width$}  {}", protection.name, protection.detail);
    }
    let missing = protections.iter().filter(|p| !p.active).count();
    println!(
        "{} of {} protections active",
        protections.len() - missing,
        protections.len()
    );
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

fn grade(args: GradeArgs) -> Result<u8, GradeError> {
    existing_dir("--solutions", args.solutions.as_deref())?;
    existing_dir("--tests", args.tests.as_deref())?;
    let selection = plan::select(&args.paths)?;
    let challenges =
        plan::load_challenges(&selection, args.tests.as_deref()).map_err(|mut errors| {
            if errors.len() == 1 {
                GradeError::Spec(errors.remove(0))
            } else {
                GradeError::Specs(errors)
            }
        })?;
    let solutions_root = args
        .solutions
        .clone()
        .unwrap_or_else(|| plan::default_solutions(&selection.exercises_root));
    let mut submissions = match (&args.submission, &args.class) {
        (_, Some(class)) => class_submissions(class)?,
        (Some(dir), None) => {
            existing_dir("--submission", Some(dir))?;
            vec![plan::Submission {
                learner: None,
                root: std::path::absolute(dir).map_err(|e| GradeError::file(dir, e))?,
            }]
        }
        (None, None) => vec![plan::Submission {
            learner: None,
            root: selection.exercises_root.clone(),
        }],
    };
    let mut challenges = challenges;
    if let Some((k, n)) = args.partition {
        let in_slice = |index: usize| index % n == k - 1;
        if submissions.len() > 1 {
            submissions = submissions
                .into_iter()
                .enumerate()
                .filter(|(i, _)| in_slice(*i))
                .map(|(_, s)| s)
                .collect();
        } else {
            challenges = challenges
                .into_iter()
                .enumerate()
                .filter(|(i, _)| in_slice(*i))
                .map(|(_, c)| c)
                .collect();
        }
    }
    let plan = plan::Plan {
        solutions_root,
        challenges,
        submissions,
    };
    let options = runner::RunOptions {
        exec: runner::ExecOptions {
            jobs: jobs(args.jobs),
            output_cap: args.output_cap,
        },
        reveal: args.reveal,
    };
    let stdout = std::io::stdout();
    let out = stdout.lock();
    let mut reporter: Box<dyn report::Reporter> = match args.format {
        Format::Human => {
            let color =
                stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            Box::new(report::Human::new(out, color))
        }
        Format::Json => Box::new(report::Json::new(out)),
        Format::Junit => Box::new(report::Junit::new(out)),
        Format::Github => Box::new(report::Github::new(out)),
        Format::Csv => Box::new(report::Csv::new(out)),
    };
    let summary = runner::grade(&plan, &options, reporter.as_mut())?;
    Ok(if summary.failed == 0 {
        EXIT_PASSED
    } else {
        EXIT_FAILED
    })
}
