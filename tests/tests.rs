//! Integration tests: every test drives the real `grade` binary on fixture
//! repos under tests/fixtures (one test binary, as ripgrep does).

mod suite;
