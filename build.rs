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
    println!("cargo:rerun-if-env-changed=PYO3_PYTHON");
    println!("cargo:rerun-if-changed=build.rs");
}
