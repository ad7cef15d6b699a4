//! Starting the embedded CPython: once per zygote, isolated from the user's
//! environment (PYTHONPATH, PYTHONHOME, venvs, user site-packages) so that a
//! submission is graded the same way on every machine.

use std::ffi::CString;

use pyo3::ffi;

/// The prefix of the interpreter grade was built against (see build.rs).
pub const PYTHON_HOME: &str = env!("GRADE_PYTHON_HOME");

#[derive(Debug, thiserror::Error)]
#[error("cannot start the embedded Python ({home}): {reason}")]
pub struct InitError {
    home: String,
    reason: String,
}

/// Initialise CPython through an isolated `PyConfig` before pyo3 touches it;
/// pyo3 then uses the interpreter as it is.
pub fn initialize() -> Result<(), InitError> {
    let fail = |reason: String| InitError {
        home: PYTHON_HOME.to_owned(),
        reason,
    };
    // SAFETY: called once, from the main thread, before any other use of the
    // C API; every pointer handed to CPython outlives the call.
    unsafe {
        if ffi::Py_IsInitialized() != 0 {
            return Ok(());
        }
        // UTF-8 mode: honest programs print "café" whatever the locale of
        // the grader (children start with a fixed environment anyway).
        let mut preconfig = std::mem::MaybeUninit::<ffi::PyPreConfig>::zeroed();
        ffi::PyPreConfig_InitIsolatedConfig(preconfig.as_mut_ptr());
        let mut preconfig = preconfig.assume_init();
        preconfig.utf8_mode = 1;
        let status = ffi::Py_PreInitialize(&preconfig);
        if ffi::PyStatus_Exception(status) != 0 {
            return Err(fail(status_message(&status)));
        }
        let mut config = std::mem::MaybeUninit::<ffi::PyConfig>::zeroed();
        ffi::PyConfig_InitIsolatedConfig(config.as_mut_ptr());
        let mut config = config.assume_init();
        let home = CString::new(PYTHON_HOME).map_err(|e| fail(e.to_string()))?;
        let status = ffi::PyConfig_SetBytesString(&mut config, &mut config.home, home.as_ptr());
        if ffi::PyStatus_Exception(status) != 0 {
            ffi::PyConfig_Clear(&mut config);
            return Err(fail(status_message(&status)));
        }
        // Bytecode caches would be written next to learner files.
        config.write_bytecode = 0;
        // No site-packages: challenges use the standard library, and `site`
        // runs every installed .pth file (tens of ms of imports).
        config.site_import = 0;
        config.install_signal_handlers = 0;
        let status = ffi::Py_InitializeFromConfig(&config);
        ffi::PyConfig_Clear(&mut config);
        if ffi::PyStatus_Exception(status) != 0 {
            return Err(fail(status_message(&status)));
        }
    }
    Ok(())
}

/// The interpreter for the grader's own static work (compiling specs'
/// code, reading test files): started once, whichever thread asks first
/// (specs load in parallel), its GIL then released so that any thread can
/// take it with `Python::attach`.
pub fn initialize_shared() -> Result<(), String> {
    static STARTED: std::sync::OnceLock<Result<(), String>> = std::sync::OnceLock::new();
    STARTED
        .get_or_init(|| {
            initialize().map_err(|e| e.to_string())?;
            // SAFETY: this thread holds the GIL (it just initialised the
            // interpreter) and never uses the returned state again.
            unsafe {
                ffi::PyEval_SaveThread();
            }
            Ok(())
        })
        .clone()
}

/// A compile error's message and 1-based line (`SyntaxError.msg` and
/// `.lineno`), or the error's text and no line.
pub fn error_message_and_line(
    py: pyo3::Python<'_>,
    error: &pyo3::PyErr,
) -> (String, Option<usize>) {
    use pyo3::types::PyAnyMethods;
    let value = error.value(py);
    let message = value
        .getattr("msg")
        .and_then(|m| m.extract::<String>())
        .unwrap_or_else(|_| error.to_string());
    let line = value
        .getattr("lineno")
        .and_then(|l| l.extract::<usize>())
        .ok();
    (message, line)
}

/// # Safety
/// `status` must come from CPython, whose `err_msg` is null or a
/// NUL-terminated C string.
unsafe fn status_message(status: &ffi::PyStatus) -> String {
    if status.err_msg.is_null() {
        "unknown error".to_owned()
    } else {
        // SAFETY: a non-null err_msg is a static NUL-terminated C string set
        // by CPython.
        unsafe { std::ffi::CStr::from_ptr(status.err_msg) }
            .to_string_lossy()
            .into_owned()
    }
}
