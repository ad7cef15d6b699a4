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
    /// Reference solutions root (default: `solutions` beside `exercises`).
    #[arg(long, value_name = "DIR")]
    pub solutions: Option<PathBuf>,
    /// A tree mirroring `exercises/` holding one learner's files (default:
    /// `exercises` itself).
    #[arg(long, value_name = "DIR")]
    pub submission: Option<PathBuf>,
    /// Worker processes at once (default: number of cores).
    #[arg(short = 'j', long = "jobs", value_name = "N", value_parser = clap::value_parser!(u16).range(1..=512))]
    pub jobs: Option<u16>,
    /// Show hidden cases in full (for instructors).
    #[arg(long)]
    pub reveal: bool,
    /// Captured output kept per case, in bytes; the rest is dropped and
    /// flagged as truncated.
    #[arg(long, value_name = "BYTES", default_value_t = 1 << 20)]
    pub output_cap: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

#[derive(Debug, Args)]
pub struct ZygoteArgs {
    #[arg(long)]
    pub jobs: usize,
    #[arg(long)]
    pub run_dir: PathBuf,
    #[arg(long, default_value = "")]
    pub preload: String,
}
