//! Why the server refused a mutation: one code on the wire (`reason`), each kind's codes its
//! own. A new kind adds its problem enum here and the phone's words for each code.
use crate::domain::appeals::AppealProblem;
use crate::domain::attendance::MarkProblem;
use crate::domain::checks::EntryProblem;
use crate::domain::record::RecordProblem;

macro_rules! rejections {
    ($($kind:ident($problem:ident)),* $(,)?) => {
        /// A refusal, by the kind that gave it; the shared ones are always [`Rejection::Record`].
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Rejection {
            Record(RecordProblem),
            $($kind($problem),)*
        }

        impl Rejection {
            /// The code on the wire.
            pub const fn code(self) -> &'static str {
                match self {
                    Rejection::Record(p) => p.as_str(),
                    $(Rejection::$kind(p) => p.code(),)*
                }
            }

            /// Every refusal any kind may give.
            pub fn all() -> impl Iterator<Item = Rejection> {
                let shared = RecordProblem::ALL.iter().map(|&p| Rejection::Record(p));
                shared$(.chain($problem::OWN.iter().map(|&p| Rejection::$kind(p))))*
            }
        }

        $(impl From<$problem> for Rejection {
            fn from(p: $problem) -> Rejection {
                match p {
                    $problem::Record(p) => Rejection::Record(p),
                    p => Rejection::$kind(p),
                }
            }
        })*
    };
}

rejections! {
    Entry(EntryProblem),
    Appeal(AppealProblem),
    Attendance(MarkProblem),
}

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
