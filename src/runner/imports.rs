//! What code imports, found without running it: the modules every child
//! inherits from the zygote, and whether a job's children need asyncio.

use std::collections::BTreeSet;

use super::execute::Attempt;

/// An asyncio import costs a child tens of milliseconds; the zygote imports
/// it for all only when at least this many attempts' cases await.
const ASYNCIO_SHARED_FROM: usize = 3;

/// Runs of at least this many attempts share every module of the list of
/// safe ones: importing all of them costs the zygote about as much as
/// asyncio alone (tens of ms, once), while a class's hundreds of children
/// would each import what their learner's code uses (asyncio alone is
/// 50-100 ms in a sandboxed child).
const SHARE_ALL_FROM: usize = 20;

/// The modules every child should inherit. In a long run, every module on
/// the list of safe ones; else those the code of the visible cases
/// imports. Never anything a learner's or a hidden case's code decides:
/// the same for every learner, and nothing of a hidden case shows in the
/// children's `sys.modules`.
pub(super) fn shared_imports(attempts: &[Attempt<'_>]) -> Vec<String> {
    if attempts.len() >= SHARE_ALL_FROM {
        return crate::worker::SHAREABLE
            .iter()
            .map(|&module| module.to_owned())
            .collect();
    }
    let mut awaiting = 0;
    let mut modules = BTreeSet::new();
    for attempt in attempts {
        // Test files' cases: what the harness runs them with.
        if attempt
            .challenge
            .cases
            .iter()
            .any(|case| !case.hidden && matches!(case.check, crate::spec::Check::Test))
        {
            modules.insert("ast".to_owned());
        }
        let code: Vec<String> = attempt
            .challenge
            .cases
            .iter()
            .filter(|case| !case.hidden)
            .flat_map(|case| case.setup.iter().chain(case.expr.iter()).cloned())
            .collect();
        let mut imported = imported_modules(&code);
        for case in attempt.challenge.cases.iter().filter(|case| !case.hidden) {
            imported.extend(case.test_imports.iter().cloned());
        }
        if imported.iter().any(|m| m == "asyncio") {
            awaiting += 1;
        }
        modules.extend(imported.into_iter().filter(|m| m != "asyncio"));
    }
    if awaiting >= ASYNCIO_SHARED_FROM {
        modules.insert("asyncio".to_owned());
    }
    modules.into_iter().collect()
}

/// Whether an attempt's code awaits (its children import asyncio).
pub(super) fn needs_asyncio(attempt: &Attempt<'_>, main: &[u8], extra: &[Vec<u8>]) -> bool {
    let mut sources: Vec<String> = std::iter::once(main)
        .chain(extra.iter().map(Vec::as_slice))
        .map(|bytes| String::from_utf8_lossy(bytes).into_owned())
        .collect();
    for case in &attempt.challenge.cases {
        sources.extend(case.setup.clone());
        sources.extend(case.expr.clone());
    }
    imported_modules(&sources).iter().any(|m| m == "asyncio")
}

/// The modules some code imports (by a regex: it need not run or parse).
fn imported_modules(sources: &[String]) -> Vec<String> {
    static IMPORT: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?m)^\s*(?:from\s+([\w.]+)\s+import|import\s+([\w., ]+))")
            .expect("valid regex")
    });
    let import = &*IMPORT;
    let mut modules = BTreeSet::new();
    for source in sources {
        for captures in import.captures_iter(source) {
            if let Some(from) = captures.get(1) {
                modules.insert(from.as_str().to_owned());
            }
            if let Some(names) = captures.get(2) {
                for name in names.as_str().split(',') {
                    if let Some(name) = name.split_whitespace().next() {
                        modules.insert(name.to_owned());
                    }
                }
            }
        }
        if source.contains("await ") || source.contains("async ") {
            modules.insert("asyncio".to_owned());
        }
    }
    modules
        .into_iter()
        .filter(|m| !m.starts_with('.'))
        .collect()
}
