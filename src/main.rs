mod python;
use pyo3::prelude::*;
fn main() {
    python::initialize().unwrap();
    Python::attach(|py| {
        let sys = py.import("sys").unwrap();
        println!("{} {} {:?}", sys.getattr("version").unwrap(), sys.getattr("prefix").unwrap(), sys.getattr("path").unwrap());
        py.import("sqlite3").unwrap();
        py.import("asyncio").unwrap();
    });
}
