//! Running learner code: the zygote process, its sandboxed children, the
//! Python harness they run, and the protocol between them and the grader.
//!
//! The grader (multi-threaded, never runs learner code) spawns `grade
//! __zygote`; see [`zygote`] for the process and [`child`] for what each
//! fork does. Results come back as canonical values ([`canonical`]); the
//! grader judges them (`crate::judge`).

mod canonical;
mod child;
mod frames;
pub mod protocol;
mod zygote;

pub use child::HARNESS_BROKEN;
pub use zygote::{serve, ZygoteOptions, SHAREABLE};
