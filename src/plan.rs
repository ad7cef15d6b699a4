//! From the PATHs on the command line to a [`Plan`]: which challenges, whose
//! submissions, and where the exercises, solutions and learner files are.
//! Every PATH form of SPEC §5 lands here: a repo root, `exercises`, a week,
//! one challenge folder or one learner file.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{GradeError, SpecError};
use crate::spec::{self, Challenge};

/// What a run grades.
#[derive(Debug)]
pub struct Plan {
    /// Reference solutions, mirroring `exercises/`.
    pub solutions_root: PathBuf,
    pub challenges: Vec<Challenge>,
    pub submissions: Vec<Submission>,
    /// The slice this run grades, with `--partition`.
    pub partition: Option<Partition>,
    /// The site-packages the course may use (`--site-packages`, `grade.toml`).
    pub site_packages: Option<PathBuf>,
    /// Selected challenges whose spec does not load, beside others that
    /// do: each is reported in its place, the rest graded, and the run
    /// exits 2.
    pub broken: Vec<Broken>,
}

/// A challenge whose exercise.toml does not load.
#[derive(Debug)]
pub struct Broken {
    pub path: String,
    pub error: SpecError,
}

/// `--partition K/N`: the K-th of N slices, taking every N-th item from
/// the K-th on (so slices stay alike in size and mix of work).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Partition {
    /// K, from 1.
    pub slice: usize,
    /// N.
    pub of: usize,
    pub by: Sliced,
}

/// What a partition slices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sliced {
    /// The learners of a class.
    Learners,
    /// The challenges of one submission.
    Challenges,
}

impl Partition {
    /// Whether the item at `index` (from 0) is in this slice.
    pub fn holds(&self, index: usize) -> bool {
        index % self.of == self.slice - 1
    }
}

/// One learner's files: a tree mirroring `exercises/`.
#[derive(Debug, Clone)]
pub struct Submission {
    /// None when grading the practice repo itself.
    pub learner: Option<String>,
    pub root: PathBuf,
}

/// Where the challenges named by the PATHs are.
#[derive(Debug)]
pub struct Selection {
    pub exercises_root: PathBuf,
    /// (exercise.toml, path below exercises/) in path order.
    pub specs: Vec<(PathBuf, String)>,
}

/// Whose files a run grades.
#[derive(Debug, Clone)]
pub enum Who {
    /// The practice repo's own `exercises/`.
    Repo,
    /// `--submission DIR`: one learner's tree.
    Submission(PathBuf),
    /// `--class DIR`: every folder of DIR is a learner's tree.
    Class(PathBuf),
}

/// What the command line asks a run to grade.
#[derive(Debug)]
pub struct Request<'a> {
    pub paths: &'a [PathBuf],
    pub solutions: Option<&'a Path>,
    pub tests: Option<&'a Path>,
    pub who: Who,
    /// `--partition K/N`.
    pub partition: Option<(usize, usize)>,
    /// `--site-packages DIR`.
    pub site_packages: Option<&'a Path>,
}

/// The plan of a run: the challenges the PATHs select (their specs loaded,
/// every spec error reported), whose submissions, and the slice of them
/// this run grades.
pub fn build(request: &Request<'_>) -> Result<Plan, GradeError> {
    existing_dir("--solutions", request.solutions)?;
    existing_dir("--tests", request.tests)?;
    let selection = select(request.paths)?;
    let (mut challenges, mut broken) = load_keeping_broken(&selection, request.tests)?;
    let solutions_root = request
        .solutions
        .map(Path::to_path_buf)
        .unwrap_or_else(|| default_solutions(&selection.exercises_root));
    let mut submissions = match &request.who {
        Who::Class(class) => class_submissions(class)?,
        Who::Submission(dir) => {
            existing_dir("--submission", Some(dir))?;
            vec![Submission {
                learner: None,
                root: std::path::absolute(dir).map_err(|e| GradeError::file(dir, e))?,
            }]
        }
        Who::Repo => vec![Submission {
            learner: None,
            root: selection.exercises_root.clone(),
        }],
    };
    if !matches!(request.who, Who::Repo) {
        note_strays(&submissions, &selection.exercises_root);
    }
    let partition = request.partition.map(|(slice, of)| Partition {
        slice,
        of,
        // Learners with a class, challenges otherwise.
        by: if submissions.len() > 1 {
            Sliced::Learners
        } else {
            Sliced::Challenges
        },
    });
    if let Some(partition) = partition {
        let in_slice = |index: usize| partition.holds(index);
        match partition.by {
            Sliced::Learners => submissions = keep_slice(submissions, in_slice),
            Sliced::Challenges => {
                challenges = keep_slice(challenges, in_slice);
                // Reported once, in the first slice.
                if partition.slice != 1 {
                    broken.clear();
                }
            }
        }
    }
    Ok(Plan {
        solutions_root,
        challenges,
        submissions,
        partition,
        site_packages: site_packages(request.site_packages, &selection.exercises_root)?,
        broken,
    })
}

/// The selected challenges that load, and those that do not, when some
/// do; when none does, their errors are the run's (there is nothing to
/// grade).
fn load_keeping_broken(
    selection: &Selection,
    tests: Option<&Path>,
) -> Result<(Vec<Challenge>, Vec<Broken>), GradeError> {
    let mut challenges = Vec::new();
    let mut broken = Vec::new();
    for (result, (_, path)) in parse_all(selection, tests)
        .into_iter()
        .zip(&selection.specs)
    {
        match result {
            Ok(challenge) => challenges.push(challenge),
            Err(error) => broken.push(Broken {
                path: path.clone(),
                error,
            }),
        }
    }
    if challenges.is_empty() && !broken.is_empty() {
        let mut errors: Vec<SpecError> = broken.into_iter().map(|b| b.error).collect();
        return Err(if errors.len() == 1 {
            GradeError::Spec(errors.remove(0))
        } else {
            GradeError::Specs(errors)
        });
    }
    Ok((challenges, broken))
}

/// Python files in a submission where no challenge of the course is (a
/// misnamed folder): graded as nothing, so said on stderr, with the
/// challenge meant where one is close.
fn note_strays(submissions: &[Submission], exercises_root: &Path) {
    let mut specs = Vec::new();
    if find_specs(exercises_root, &mut specs).is_err() {
        return;
    }
    let challenges: Vec<String> = specs
        .iter()
        .filter_map(|spec| spec.parent()?.strip_prefix(exercises_root).ok())
        .map(|dir| dir.to_string_lossy().into_owned())
        .collect();
    for submission in submissions {
        let mut strays = Vec::new();
        stray_folders(
            &submission.root,
            &submission.root,
            &challenges,
            0,
            &mut strays,
        );
        for stray in strays {
            let closest = challenges
                .iter()
                .map(|c| (strsim::jaro_winkler(&stray, c), c))
                .filter(|(score, _)| *score >= 0.85)
                .max_by(|a, b| a.0.total_cmp(&b.0))
                .map(|(_, c)| format!(" (did you mean {c}?)"))
                .unwrap_or_default();
            eprintln!(
                "note: {} holds Python files but is no challenge of the course: not graded{closest}",
                submission.root.join(&stray).display()
            );
        }
    }
}

/// Folders beneath `root` holding `.py` files that are not challenges nor
/// inside one (a few levels deep: a course is week/challenge).
fn stray_folders(
    root: &Path,
    dir: &Path,
    challenges: &[String],
    depth: usize,
    out: &mut Vec<String>,
) {
    let Ok(relative) = dir.strip_prefix(root) else {
        return;
    };
    let relative = relative.to_string_lossy().into_owned();
    if challenges
        .iter()
        .any(|c| *c == relative || relative.starts_with(&format!("{c}/")))
    {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut has_python = false;
    let mut folders = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name == "__pycache__" {
            continue;
        }
        match entry.file_type() {
            Ok(kind) if kind.is_dir() => folders.push(entry.path()),
            Ok(kind) if kind.is_file() && name.ends_with(".py") => has_python = true,
            _ => {}
        }
    }
    if has_python && !relative.is_empty() {
        out.push(relative);
        return;
    }
    if depth < 3 {
        folders.sort();
        for folder in folders {
            stray_folders(root, &folder, challenges, depth + 1, out);
        }
    }
}

fn keep_slice<T>(items: Vec<T>, keep: impl Fn(usize) -> bool) -> Vec<T> {
    items
        .into_iter()
        .enumerate()
        .filter(|(index, _)| keep(*index))
        .map(|(_, item)| item)
        .collect()
}

/// `--class DIR`: every folder in DIR is one learner's submission tree.
fn class_submissions(class: &Path) -> Result<Vec<Submission>, GradeError> {
    existing_dir("--class", Some(class))?;
    let mut learners = Vec::new();
    for entry in std::fs::read_dir(class)
        .map_err(|e| GradeError::file(class, e))?
        .filter_map(Result::ok)
        .filter(|entry| !entry.file_name().to_string_lossy().starts_with('.'))
    {
        match entry.file_type() {
            Ok(kind) if kind.is_dir() => learners.push(entry.path()),
            // A link could make one learner's work another's too.
            Ok(kind) if kind.is_symlink() && entry.path().is_dir() => eprintln!(
                "note: {} is a symbolic link to a folder: not graded (grade reads each learner's own folder)",
                entry.path().display()
            ),
            _ => {}
        }
    }
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
            Ok(Submission {
                learner: root.file_name().map(folder_name),
                root: std::path::absolute(&root).map_err(|e| GradeError::file(&root, e))?,
            })
        })
        .collect()
}

/// A folder's name as text: bytes that are not UTF-8 as `\xff`, so that
/// two names stay two.
fn folder_name(name: &std::ffi::OsStr) -> String {
    use std::os::unix::ffi::OsStrExt;
    let mut shown = String::new();
    for chunk in name.as_bytes().utf8_chunks() {
        shown.push_str(chunk.valid());
        for byte in chunk.invalid() {
            shown.push_str(&format!("\\x{byte:02x}"));
        }
    }
    shown
}

/// A folder named by an option must exist.
pub fn existing_dir(flag: &str, dir: Option<&Path>) -> Result<(), GradeError> {
    match dir {
        Some(dir) if !dir.is_dir() => Err(GradeError::Usage(format!(
            "{flag} {}: no such folder",
            dir.display()
        ))),
        _ => Ok(()),
    }
}

/// What `grade` with no PATH grades: `exercises` here; inside a practice
/// repo's `exercises/`, the folder it is run from; elsewhere in the repo,
/// its `exercises/` (the repo found upward, as git finds its own).
fn default_path() -> PathBuf {
    let here = PathBuf::from("exercises");
    if here.is_dir() {
        return here;
    }
    let Ok(cwd) = std::env::current_dir() else {
        return here;
    };
    if cwd
        .ancestors()
        .any(|dir| dir.file_name().is_some_and(|name| name == "exercises"))
    {
        return PathBuf::from(".");
    }
    cwd.ancestors()
        .skip(1)
        .map(|dir| dir.join("exercises"))
        .find(|dir| dir.is_dir())
        .unwrap_or(here)
}

/// Resolves the PATH arguments (default: see [`default_path`]).
pub fn select(paths: &[PathBuf]) -> Result<Selection, GradeError> {
    let defaults = [default_path()];
    let paths = if paths.is_empty() {
        &defaults[..]
    } else {
        paths
    };
    let mut root: Option<PathBuf> = None;
    let mut specs = Vec::new();
    for path in paths {
        let (path_root, scope) = resolve(path)?;
        match &root {
            Some(existing) if *existing != path_root => {
                return Err(GradeError::Usage(format!(
                    "{} and {} belong to different exercise folders; grade one repo at a time",
                    existing.display(),
                    path_root.display()
                )))
            }
            _ => root = Some(path_root.clone()),
        }
        let mut found = Vec::new();
        find_specs(&scope, &mut found).map_err(|e| GradeError::file(&scope, e))?;
        if found.is_empty() {
            return Err(GradeError::Usage(format!(
                "no challenge (a folder with an exercise.toml) under {}",
                path.display()
            )));
        }
        for spec_file in found {
            let dir = spec_file.parent().unwrap_or(Path::new(""));
            let relative = dir.strip_prefix(&path_root).unwrap_or(dir);
            let name = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            specs.push((spec_file, name));
        }
    }
    specs.sort_by(|a, b| a.1.cmp(&b.1));
    specs.dedup_by(|a, b| a.1 == b.1);
    Ok(Selection {
        exercises_root: root.unwrap_or_default(),
        specs,
    })
}

/// (exercises root, folder to search) for one PATH.
fn resolve(path: &Path) -> Result<(PathBuf, PathBuf), GradeError> {
    let absolute = std::path::absolute(path).map_err(|e| GradeError::file(path, e))?;
    let metadata = std::fs::metadata(&absolute).map_err(|_| {
        GradeError::Usage(format!(
            "{} does not exist (expected a repo, `exercises`, a week, a challenge folder or a learner file)",
            path.display()
        ))
    })?;
    let scope = if metadata.is_file() {
        let dir = absolute.parent().map(Path::to_path_buf).unwrap_or_default();
        if !dir.join("exercise.toml").is_file() {
            return Err(GradeError::Usage(format!(
                "{} is not in a challenge folder (no exercise.toml beside it)",
                path.display()
            )));
        }
        dir
    } else if absolute.join("exercises").is_dir() && !absolute.join("exercise.toml").exists() {
        absolute.join("exercises")
    } else {
        absolute
    };
    let root = scope
        .ancestors()
        .find(|dir| dir.file_name().is_some_and(|name| name == "exercises"))
        .map(Path::to_path_buf)
        .unwrap_or_else(|| {
            // A folder outside any `exercises/`: a lone challenge is graded
            // relative to its parent, a group relative to itself.
            if scope.join("exercise.toml").is_file() {
                scope.parent().map(Path::to_path_buf).unwrap_or_default()
            } else {
                scope.clone()
            }
        });
    Ok((root, scope))
}

fn find_specs(dir: &Path, found: &mut Vec<PathBuf>) -> std::io::Result<()> {
    find_specs_within(dir, found, 0)
}

/// How deep beneath a PATH challenges are looked for: a repo is
/// repo/exercises/<week>/<challenge>, so a folder given by mistake (a home
/// folder) is not crawled to its bottom.
const SEARCH_DEPTH: usize = 4;

/// Folders that never hold challenges, however large.
const NOT_COURSE: [&str; 6] = [
    "node_modules",
    "target",
    "venv",
    "site-packages",
    "__pycache__",
    "solutions",
];

fn find_specs_within(dir: &Path, found: &mut Vec<PathBuf>, depth: usize) -> std::io::Result<()> {
    let spec = dir.join("exercise.toml");
    if spec.is_file() {
        found.push(spec);
        return Ok(());
    }
    if depth >= SEARCH_DEPTH {
        return Ok(());
    }
    // Below the folder given, a folder that cannot be read holds nothing
    // of the course.
    let listing = match std::fs::read_dir(dir) {
        Ok(listing) => listing,
        Err(_) if depth > 0 => return Ok(()),
        Err(error) => return Err(error),
    };
    let mut entries: Vec<_> = listing
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_ok_and(|t| t.is_dir()))
        .filter(|entry| {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            !name.starts_with('.') && !NOT_COURSE.contains(&name.as_ref())
        })
        .map(|entry| entry.path())
        .collect();
    entries.sort();
    for entry in entries {
        find_specs_within(&entry, found, depth + 1)?;
    }
    Ok(())
}

/// Parses every selected exercise.toml, in parallel, each with the cases of
/// its `--tests` overlay if there is one, and compiles the cases' code.
pub fn parse_all(selection: &Selection, tests: Option<&Path>) -> Vec<Result<Challenge, SpecError>> {
    let mut parsed: Vec<Result<Challenge, SpecError>> = selection
        .specs
        .par_iter()
        .map(|(spec_file, path)| {
            // Reports and learners' trees name a challenge by its path: a
            // name that is not UTF-8 would find no learner file.
            let folder = spec_file.parent().unwrap_or(Path::new(""));
            if folder
                .strip_prefix(&selection.exercises_root)
                .unwrap_or(folder)
                .to_str()
                .is_none()
            {
                return Err(SpecError::Io {
                    path: spec_file.clone(),
                    message: "the challenge's folder name is not valid UTF-8: rename the folder (reports and learners' trees name a challenge by its path)".into(),
                });
            }
            let mut challenge = spec::load(spec_file, path.clone())?;
            if let Some(tests) = tests {
                let overlay = tests.join(&challenge.path).join("exercise.toml");
                if overlay.is_file() {
                    spec::add_overlay(&mut challenge, &overlay)?;
                }
            }
            Ok(challenge)
        })
        .collect();
    let loaded: Vec<(usize, &Challenge)> = parsed
        .iter()
        .enumerate()
        .filter_map(|(index, result)| result.as_ref().ok().map(|c| (index, c)))
        .collect();
    let challenges: Vec<&Challenge> = loaded.iter().map(|&(_, c)| c).collect();
    let failed: Vec<(usize, SpecError)> = crate::snippets::check(&challenges)
        .into_iter()
        .map(|(index, error)| (loaded[index].0, error))
        .collect();
    for (index, error) in failed {
        parsed[index] = Err(error);
    }
    parsed
}

/// Parses every selected exercise.toml; reports all that fail, in one
/// error.
pub fn load_challenges(
    selection: &Selection,
    tests: Option<&Path>,
) -> Result<Vec<Challenge>, GradeError> {
    let mut challenges = Vec::new();
    let mut errors = Vec::new();
    for result in parse_all(selection, tests) {
        match result {
            Ok(challenge) => challenges.push(challenge),
            Err(error) => errors.push(error),
        }
    }
    match errors.len() {
        0 => Ok(challenges),
        1 => Err(GradeError::Spec(errors.remove(0))),
        _ => Err(GradeError::Specs(errors)),
    }
}

/// The default solutions root: `solutions/` beside `exercises/`.
pub fn default_solutions(exercises_root: &Path) -> PathBuf {
    exercises_root
        .parent()
        .map(|parent| parent.join("solutions"))
        .unwrap_or_else(|| PathBuf::from("solutions"))
}

/// Every `--tests` file must add to a challenge that exists: a mistyped
/// folder would otherwise drop its hidden cases without a word.
pub fn check_overlays(exercises_root: &Path, tests: &Path) -> Result<(), GradeError> {
    let mut overlays = Vec::new();
    find_specs(tests, &mut overlays).map_err(|e| GradeError::file(tests, e))?;
    for overlay in overlays {
        let dir = overlay.parent().unwrap_or(tests);
        let relative = dir.strip_prefix(tests).unwrap_or(dir);
        if !exercises_root
            .join(relative)
            .join("exercise.toml")
            .is_file()
        {
            return Err(GradeError::Usage(format!(
                "{}: there is no challenge at {} to add these cases to",
                overlay.display(),
                exercises_root.join(relative).display()
            )));
        }
    }
    Ok(())
}

/// `grade.toml` at the repo root (beside `exercises/`): course settings.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct CourseSettings {
    /// An environment's site-packages the course may import from (pytest
    /// for test files, numpy for learner code), relative to the repo root.
    site_packages: Option<toml::Spanned<String>>,
}

/// The site-packages a run may use: `--site-packages DIR`, else the repo's
/// `grade.toml`, else none. It must be a folder.
pub fn site_packages(
    given: Option<&Path>,
    exercises_root: &Path,
) -> Result<Option<PathBuf>, GradeError> {
    if let Some(dir) = given {
        existing_dir("--site-packages", Some(dir))?;
        return std::path::absolute(dir)
            .map(Some)
            .map_err(|e| GradeError::file(dir, e));
    }
    let root = exercises_root.parent().unwrap_or(Path::new("."));
    let file = root.join("grade.toml");
    let text = match std::fs::read_to_string(&file) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(GradeError::file(&file, e)),
    };
    let at = |span: std::ops::Range<usize>, message: String| {
        GradeError::Spec(SpecError::at(&file, &text, span, message))
    };
    let settings: CourseSettings = toml::from_str(&text)
        .map_err(|e| at(e.span().unwrap_or(0..0), e.message().trim().to_owned()))?;
    let Some(dir) = settings.site_packages else {
        return Ok(None);
    };
    let path = root.join(dir.get_ref());
    if !path.is_dir() {
        return Err(at(
            dir.span(),
            format!("site_packages: {} is not a folder", path.display()),
        ));
    }
    std::path::absolute(&path)
        .map(Some)
        .map_err(|e| GradeError::file(&path, e))
}
