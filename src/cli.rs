//! The command line (SPEC §5). Every option's doc comment is its `--help`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "grade",
    version,
    about = "Grade Python challenges: visible and hidden cases, run in parallel sandboxed workers",
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub grade: GradeArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Instructor checks: specs parse, the reference passes every case, the
    /// starter stub fails one, every case is deterministic, every
    /// solutions/…/wrong_*.py variant fails one.
    Check(CheckArgs),
    /// Scaffold a challenge: statement, exercise.toml, stub and reference.
    New(NewArgs),
    /// Instructor: write the outcomes of the cases that take their
    /// expectation from the reference (never its code) beside each
    /// exercise.toml, so that the repo can be handed out without
    /// `solutions/`.
    Freeze(FreezeArgs),
    /// Which protections the sandbox gives learner code on this machine,
    /// and why any are missing.
    Doctor,
    /// A progress table: each challenge, its topic, difficulty, points and
    /// status.
    List(ListArgs),
    /// The next hint of a challenge (each call shows one more).
    Hint(HintArgs),
    /// Grade, then re-grade each challenge whenever its file is saved.
    Watch(ListArgs),
    /// Which submissions of a class look copied: per challenge, pairs of
    /// learners' files that share normalised code (names, literals,
    /// comments, docstrings and the order of functions do not hide a
    /// copy; code from the stub or the reference solution is not counted).
    Similar(SimilarArgs),
    /// Join the JSON reports of `--partition K/N` runs (or of whole runs)
    /// into one report in any format: the whole run's, up to its duration.
    Merge(MergeArgs),
    /// Internal: the worker process that forks sandboxed children.
    #[command(name = "__zygote", hide = true)]
    Zygote(ZygoteArgs),
}

/// `grade [PATH ...]`: grade the learner's files.
#[derive(Debug, Args)]
pub struct GradeArgs {
    /// A repo root, `exercises`, a week folder, a challenge folder or a
    /// learner file (default: `exercises`).
    pub paths: Vec<PathBuf>,
    /// Report format (human is coloured on a terminal unless NO_COLOR is set).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Write the --format report to FILE, and the human report to stdout
    /// (`--format json --output report.json` in CI: a log to read and a
    /// file to keep).
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Reference solutions root (default: `solutions` beside `exercises`).
    #[arg(long, value_name = "DIR")]
    pub solutions: Option<PathBuf>,
    /// A tree mirroring `exercises/` holding one learner's files (default:
    /// `exercises` itself).
    #[arg(long, value_name = "DIR")]
    pub submission: Option<PathBuf>,
    /// Grade a whole class: `DIR/<learner>/` is one submission tree each
    /// (mirroring `exercises/`); csv gives one row per learner.
    #[arg(long, value_name = "DIR", conflicts_with = "submission")]
    pub class: Option<PathBuf>,
    /// Grade only the K-th of N slices (learners with --class, challenges
    /// otherwise), to shard a big class over CI jobs; `grade merge` joins
    /// the slices' JSON reports.
    #[arg(long, value_name = "K/N", value_parser = parse_partition)]
    pub partition: Option<(usize, usize)>,
    /// Worker processes at once (default: number of cores).
    #[arg(short = 'j', long = "jobs", value_name = "N", value_parser = clap::value_parser!(u16).range(1..=512))]
    pub jobs: Option<u16>,
    /// Show hidden cases in full (for instructors).
    #[arg(long)]
    pub reveal: bool,
    /// Keep each (learner, challenge)'s report in DIR and reuse it while
    /// the learner files, spec, reference and grade are unchanged: a
    /// regrade runs only what changed. Keep DIR out of learners' reach.
    #[arg(long, value_name = "DIR")]
    pub cache: Option<PathBuf>,
    /// Extra (hidden) cases kept outside the learners' repo: a tree
    /// mirroring `exercises/` whose exercise.toml files add [[test]] cases.
    #[arg(long, value_name = "DIR")]
    pub tests: Option<PathBuf>,
    /// An environment's site-packages that learner code and test files may
    /// import from (read-only in the sandbox), e.g. a venv's
    /// `lib/python3.11/site-packages` with pytest or numpy (default: the
    /// `site_packages` of `grade.toml` at the repo root, if any).
    #[arg(long, value_name = "DIR")]
    pub site_packages: Option<PathBuf>,
    /// Captured output kept per case, in bytes; the rest is dropped and
    /// flagged as truncated.
    #[arg(long, value_name = "BYTES", default_value_t = 1 << 20)]
    pub output_cap: usize,
    /// With --format gradescope: when learners see the hidden cases'
    /// results on Gradescope (default after_published; `hidden` never
    /// shows them, nor the total score).
    #[arg(long, value_enum, value_name = "WHEN")]
    pub gradescope_hidden: Option<crate::report::Visibility>,
}

/// `grade check [PATH ...]`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Challenges to check (same forms as `grade`; default: `exercises`).
    pub paths: Vec<PathBuf>,
    /// Reference solutions root (default: `solutions` beside `exercises`).
    #[arg(long, value_name = "DIR")]
    pub solutions: Option<PathBuf>,
    /// Extra cases kept outside the repo, checked too.
    #[arg(long, value_name = "DIR")]
    pub tests: Option<PathBuf>,
    /// As for grading: a site-packages the course may import from.
    #[arg(long, value_name = "DIR")]
    pub site_packages: Option<PathBuf>,
    /// Worker processes at once (default: number of cores).
    #[arg(short = 'j', long = "jobs", value_name = "N", value_parser = clap::value_parser!(u16).range(1..=512))]
    pub jobs: Option<u16>,
}

/// `grade freeze [PATH ...]`.
#[derive(Debug, Args)]
pub struct FreezeArgs {
    /// Challenges to freeze (same forms as `grade`; default: `exercises`).
    pub paths: Vec<PathBuf>,
    /// Reference solutions root (default: `solutions` beside `exercises`).
    #[arg(long, value_name = "DIR")]
    pub solutions: Option<PathBuf>,
    /// As for grading: a site-packages the course may import from.
    #[arg(long, value_name = "DIR")]
    pub site_packages: Option<PathBuf>,
    /// Worker processes at once (default: number of cores).
    #[arg(short = 'j', long = "jobs", value_name = "N", value_parser = clap::value_parser!(u16).range(1..=512))]
    pub jobs: Option<u16>,
}

/// `grade list [PATH ...]` and `grade watch [PATH ...]`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Challenges (same forms as `grade`; default: `exercises`).
    pub paths: Vec<PathBuf>,
    /// Worker processes at once (default: number of cores).
    #[arg(short = 'j', long = "jobs", value_name = "N", value_parser = clap::value_parser!(u16).range(1..=512))]
    pub jobs: Option<u16>,
}

/// `grade similar --class DIR [PATH ...]`.
#[derive(Debug, Args)]
pub struct SimilarArgs {
    /// Challenges to compare (same forms as `grade`; default: `exercises`).
    pub paths: Vec<PathBuf>,
    /// The class: `DIR/<learner>/` is one submission tree each (mirroring
    /// `exercises/`).
    #[arg(long, value_name = "DIR", required = true)]
    pub class: PathBuf,
    /// Reference solutions root (default: `solutions` beside `exercises`):
    /// code in a challenge's reference, as in its stub, is not evidence.
    #[arg(long, value_name = "DIR")]
    pub solutions: Option<PathBuf>,
    /// Report pairs at least this similar, from 0 to 1: the larger of the
    /// two files' shares of their own fingerprints (code not in the stub
    /// or reference) that the other file holds.
    #[arg(long, value_name = "SHARE", default_value_t = 0.5, value_parser = parse_share)]
    pub threshold: f64,
    /// Report only pairs where each file has at least this many tokens
    /// (about 7 a line) of matched code: a few shared lines prove nothing.
    #[arg(long, value_name = "TOKENS", default_value_t = 40)]
    pub min_tokens: usize,
    /// Report format.
    #[arg(long, value_enum, default_value_t = crate::similar::Format::Human)]
    pub format: crate::similar::Format,
}

/// `grade merge PART.json ...`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Reports written by `grade --format json` (the slices of one
    /// partitioned run, in any order).
    #[arg(required = true, value_name = "PART.json")]
    pub parts: Vec<PathBuf>,
    /// Format of the merged report.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Write the --format report to FILE, and the human report to stdout.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// As for grading: when Gradescope shows the hidden cases' results.
    #[arg(long, value_enum, value_name = "WHEN")]
    pub gradescope_hidden: Option<crate::report::Visibility>,
}

/// `grade hint SLUG`.
#[derive(Debug, Args)]
pub struct HintArgs {
    /// The challenge: its folder name (`fibonacci-generator`) or its path
    /// below exercises/ (`week1/fibonacci-generator`).
    pub slug: String,
    /// The repo or `exercises` folder (default: `exercises`).
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
}

/// `grade new PATH --topic T`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The new challenge's folder, inside `exercises/` (e.g.
    /// exercises/week4/my-challenge); its reference goes to the mirror
    /// path under `solutions/`.
    pub path: PathBuf,
    /// The challenge's topic.
    #[arg(long, value_enum)]
    pub topic: crate::spec::Topic,
    /// 1 (warm-up) .. 3 (interview-hard).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=3))]
    pub difficulty: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Colours and diffs (a progress bar on stderr on long runs, with any
    /// format, when stderr is a terminal).
    Human,
    /// The schema of SPEC §6.
    Json,
    /// JUnit XML.
    Junit,
    /// GitHub Actions annotations.
    Github,
    /// A gradebook: one row per learner, points per challenge.
    Csv,
    /// The results.json of a Gradescope autograder (one submission).
    Gradescope,
    /// The results.json of an Exercism test runner, interface version 3
    /// (one submission).
    Exercism,
    /// One self-contained HTML page: every case, diffs coloured; with
    /// --class, a sortable heat map of learners × challenges whose cells
    /// open each learner's report, the cases most missed, a histogram.
    Html,
}

impl Format {
    /// The formats that describe one submission: a platform reads one
    /// results.json per learner.
    pub fn one_submission(self) -> bool {
        match self {
            Format::Gradescope | Format::Exercism => true,
            Format::Human
            | Format::Json
            | Format::Junit
            | Format::Github
            | Format::Csv
            | Format::Html => false,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Json => "json",
            Format::Junit => "junit",
            Format::Github => "github",
            Format::Csv => "csv",
            Format::Gradescope => "gradescope",
            Format::Exercism => "exercism",
            Format::Html => "html",
        }
    }
}

#[derive(Debug, Args)]
pub struct ZygoteArgs {
    #[arg(long)]
    pub jobs: usize,
    #[arg(long)]
    pub run_dir: PathBuf,
    /// Append where the zygote's time went to this file (GRADE_PROFILE).
    #[arg(long)]
    pub profile: Option<PathBuf>,
}

fn parse_share(text: &str) -> Result<f64, String> {
    let share: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a number"))?;
    if !(0.0..=1.0).contains(&share) {
        return Err(format!("{text}: a share is from 0 to 1 (0.5 is half)"));
    }
    Ok(share)
}

fn parse_partition(text: &str) -> Result<(usize, usize), String> {
    let (k, n) = text
        .split_once('/')
        .ok_or_else(|| "expected K/N, e.g. 1/4".to_owned())?;
    let k: usize = k
        .trim()
        .parse()
        .map_err(|_| format!("`{k}` is not a number"))?;
    let n: usize = n
        .trim()
        .parse()
        .map_err(|_| format!("`{n}` is not a number"))?;
    if n == 0 || k == 0 || k > n {
        return Err(format!("{k}/{n}: K must be from 1 to N"));
    }
    Ok((k, n))
}
