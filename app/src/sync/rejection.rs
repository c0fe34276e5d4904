//! Why the server refused a mutation: one code on the wire (`reason`), each kind's codes its
//! own. The registry ([`super::tables`]) declares [`Rejection`] from each kind's problem enum.
pub use super::tables::Rejection;
use crate::domain::record::RecordProblem;

impl From<RecordProblem> for Rejection {
    fn from(p: RecordProblem) -> Rejection {
        Rejection::Record(p)
    }
}

impl Rejection {
    /// The refusal a code names; `None` for a code from a newer server.
    pub fn parse(code: &str) -> Option<Rejection> {
        Rejection::all().find(|r| r.code() == code)
    }
}

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::attendance::MarkProblem;

    #[test]
    fn every_code_is_unique_and_names_its_own_refusal() {
        let all: Vec<Rejection> = Rejection::all().collect();
        let mut codes: Vec<&str> = all.iter().map(|r| r.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all.len(), "two refusals share a code");
        for r in all {
            assert_eq!(Rejection::parse(r.code()), Some(r), "{}", r.code());
        }
        assert_eq!(Rejection::parse("sent_by_a_newer_server"), None);
    }

    #[test]
    fn a_kinds_shared_refusal_travels_as_the_shared_one() {
        let from_mark = Rejection::from(MarkProblem::from(RecordProblem::NotFound));
        assert_eq!(from_mark, Rejection::Record(RecordProblem::NotFound));
        assert_eq!(Rejection::parse("not_found"), Some(from_mark));
        assert_eq!(
            Rejection::from(MarkProblem::MarkCancelled).code(),
            "mark_cancelled"
        );
    }
}
