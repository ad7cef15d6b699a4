//! Link against the pinned interpreter and remember where its home is, so that
//! the binary embeds the same CPython it was built against on any machine of
//! this kind, with no environment variables.

fn main() {
    pyo3_build_config::add_libpython_rpath_link_args();
    let config = pyo3_build_config::get();
    let executable = config
        .executable()
        .map(str::to_owned)
        .expect("pyo3 resolved no interpreter executable");
    let output = std::process::Command::new(&executable)
        .args(["-I", "-c", "import sys; print(sys.base_prefix)"])
        .output()
        .expect("cannot run the Python interpreter to find its prefix");
    assert!(
        output.status.success(),
        "{executable} failed to report its prefix"
    );
    let home = String::from_utf8(output.stdout).expect("prefix is not UTF-8");
    println!("cargo:rustc-env=GRADE_PYTHON_HOME={}", home.trim());
    println!("cargo:rustc-env=GRADE_PYTHON_EXECUTABLE={executable}");
    compile_harness(&executable);
    println!("cargo:rerun-if-env-changed=PYO3_PYTHON");
    println!("cargo:rerun-if-changed=build.rs");
}

/// Compiles the worker's Python harness with the pinned interpreter into
/// `$OUT_DIR/harness.marshal`: compiling its source at run time costs every
/// zygote more than ten milliseconds on a slow machine. The file starts
/// with the interpreter's `sys.hexversion` (8 hex digits, a newline), so
/// that a binary running some other CPython compiles the source instead.
fn compile_harness(executable: &str) {
    let source = "src/worker/harness.py";
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let target = std::path::Path::new(&out_dir).join("harness.marshal");
    let script = "import marshal, sys\n\
                  source = open(sys.argv[1], encoding='utf-8').read()\n\
                  code = compile(source, '<grade harness>', 'exec', dont_inherit=True)\n\
                  with open(sys.argv[2], 'wb') as out:\n\
                  \x20   out.write(b'%08x\\n' % sys.hexversion)\n\
                  \x20   out.write(marshal.dumps(code))\n";
    let status = std::process::Command::new(executable)
        .args(["-I", "-S", "-c", script, source])
        .arg(&target)
        .status()
        .expect("cannot run the Python interpreter to compile the harness");
    assert!(status.success(), "{executable} could not compile {source}");
    println!("cargo:rerun-if-changed={source}");
}
