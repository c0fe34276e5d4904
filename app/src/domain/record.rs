//! What every record kind shares: the refusals any of them may give, and the note rule.
use super::wire::wire_enum;

/// Declares a kind's refusals: its own codes as they travel (the phone shows each one
/// translated), and the [`RecordProblem`]s every kind shares.
macro_rules! problems {
    ($(#[$meta:meta])* pub enum $name:ident shares $shared:ident { $($(#[$vmeta:meta])* $variant:ident = $code:literal,)* }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)*
            /// A refusal every kind shares.
            Record($shared),
        }

        impl $name {
            /// The kind's own refusals (the shared ones are the `ALL` of the shared enum).
            pub const OWN: &[$name] = &[$($name::$variant),*];

            /// The code on the wire.
            pub const fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code,)*
                    $name::Record(p) => p.as_str(),
                }
            }
        }

        impl From<$shared> for $name {
            fn from(p: $shared) -> Self {
                $name::Record(p)
            }
        }
    };
}
pub(crate) use problems;

wire_enum! {
    /// A refusal any record kind may give.
    pub enum RecordProblem {
        BadFields = "bad_fields",
        NotInScope = "not_in_scope",
        RoleNotAllowed = "role_not_allowed",
        OutsideTerm = "outside_term",
        FutureDay = "future_day",
        Exists = "exists",
        NotFound = "not_found",
        Deleted = "deleted",
        NoteTooLong = "note_too_long",
        ReasonRequired = "reason_required",
        StudentNotInClass = "student_not_in_class",
        /// A record names the same student twice.
        DuplicateStudent = "duplicate_student",
    }
}

/// The most characters a note or a reason may have.
pub const MAX_NOTE_CHARS: usize = 200;

/// A note as stored: trimmed, and no longer than [`MAX_NOTE_CHARS`].
pub fn note_text(note: &str) -> Result<String, RecordProblem> {
    let note = note.trim();
    if note.chars().count() > MAX_NOTE_CHARS {
        return Err(RecordProblem::NoteTooLong);
    }
    Ok(note.to_string())
}

/// A reason as stored: a note that must be there when `required`.
pub fn reason_text(reason: &str, required: bool) -> Result<String, RecordProblem> {
    let reason = note_text(reason)?;
    if required && reason.is_empty() {
        return Err(RecordProblem::ReasonRequired);
    }
    Ok(reason)
}
