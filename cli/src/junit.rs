//! `check --requests FILE --format junit`: one test case per request line, named by its line number,
//! principal and role; violations are failures, input errors are errors. Written by `quick-junit`.

use pimcheck::{Error, Report};
use quick_junit::{NonSuccessKind, TestCase, TestCaseStatus, TestSuite};

/// The JUnit report of a batch, filled in line by line.
pub(crate) struct Junit {
    suite: TestSuite,
}

impl Junit {
    /// An empty suite named after the requests file.
    pub(crate) fn new(requests: &str) -> Self {
        Junit {
            suite: TestSuite::new(format!("pimcheck check {}", requests)),
        }
    }

    /// Adds the test case of line `line`: a pass, a failure (its violations), or an error.
    pub(crate) fn add(
        &mut self,
        line: usize,
        principal: Option<&str>,
        role: Option<&str>,
        result: &Result<Report, Error>,
    ) {
        let name = format!(
            "line {}: principal {}, role {}",
            line,
            principal.unwrap_or("(none)"),
            role.unwrap_or("(none)")
        );
        let status = match result {
            Ok(report) if report.allowed => TestCaseStatus::success(),
            Ok(report) => {
                let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
                let codes: Vec<&str> = report.violations.iter().map(|f| f.code.as_str()).collect();
                status.set_type(codes.join(", "));
                status.set_message(format!("denied: {}", codes.join(", ")));
                status.set_description(crate::output::text(report));
                status
            }
            Err(error) => {
                let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
                status.set_type(error.code().as_str());
                status.set_message(error.one_line());
                status
            }
        };
        let mut case = TestCase::new(name, status);
        case.set_classname("pimcheck.check");
        self.suite.add_test_case(case);
    }

    /// The XML document.
    pub(crate) fn finish(self) -> Result<String, Error> {
        let mut report = quick_junit::Report::new("pimcheck");
        report.add_test_suite(self.suite);
        report.to_string().map_err(|e| {
            Error::new(
                pimcheck::ErrorCode::Internal,
                "",
                format!("cannot write the JUnit report: {}", e),
            )
        })
    }
}
