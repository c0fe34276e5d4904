//! Worksheet names Excel and WPS accept, made from any class name: at most 31 characters,
//! none of `[ ] : * ? / \`, no apostrophe at either end, and unique ignoring case.
use std::collections::HashSet;

/// The longest name Excel allows, in UTF-16 units (what Excel counts).
const MAX_UNITS: usize = 31;

/// Hands out one distinct, valid sheet name per call, in workbook order.
#[derive(Default)]
pub struct SheetNames {
    taken: HashSet<String>,
}

impl SheetNames {
    /// A valid name as close to `wanted` as may be; a clash gets ` (2)`, ` (3)` … so classes
    /// whose names differ only in characters Excel refuses still get a sheet each.
    pub fn name(&mut self, wanted: &str) -> String {
        let base = clean(wanted);
        let mut n = 1_usize;
        loop {
            let suffix = if n == 1 {
                String::new()
            } else {
                format!(" ({n})")
            };
            let name = format!("{}{suffix}", fit(&base, MAX_UNITS - utf16_len(&suffix)));
            let name = name.trim_matches('\'').to_string();
            let key = name.to_lowercase();
            if !name.is_empty() && key != "history" && self.taken.insert(key) {
                return name;
            }
            n += 1;
        }
    }
}

/// `wanted` with Excel's forbidden characters replaced: brackets become parentheses (初一[5]班
/// reads 初一(5)班), the rest an underscore; blank names become `Sheet`.
fn clean(wanted: &str) -> String {
    let replaced: String = wanted
        .trim()
        .chars()
        .map(|c| match c {
            '[' => '(',
            ']' => ')',
            ':' | '*' | '?' | '/' | '\\' => '_',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    let trimmed = replaced.trim_matches(|c: char| c == '\'' || c.is_whitespace());
    if trimmed.is_empty() {
        "Sheet".into()
    } else {
        trimmed.to_string()
    }
}

/// The longest prefix of `text` that is at most `units` UTF-16 units.
fn fit(text: &str, units: usize) -> String {
    let mut used = 0;
    text.chars()
        .take_while(|c| {
            used += c.len_utf16();
            used <= units
        })
        .collect()
}

fn utf16_len(text: &str) -> usize {
    text.encode_utf16().count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn forbidden_characters_are_replaced_and_clashes_numbered() {
        let mut names = SheetNames::default();
        assert_eq!(names.name("初一[5]班"), "初一(5)班");
        assert_eq!(names.name("初一(5)班"), "初一(5)班 (2)");
        assert_eq!(names.name("a/b:c*d?e\\f"), "a_b_c_d_e_f");
        assert_eq!(names.name("'  '"), "Sheet");
        assert_eq!(names.name("History"), "History (2)");
        assert_eq!(names.name(&"班".repeat(40)).chars().count(), 31);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Whatever the class names, every sheet is accepted by the writer and they all differ.
        #[test]
        fn any_class_names_make_a_workbook_with_one_sheet_each(
            wanted in proptest::collection::vec(".{0,40}", 1..8)
        ) {
            let mut names = SheetNames::default();
            let mut workbook = rust_xlsxwriter::Workbook::new();
            let mut seen = HashSet::new();
            for w in &wanted {
                let name = names.name(w);
                prop_assert!(seen.insert(name.to_lowercase()), "{name} repeated");
                let set = workbook.add_worksheet().set_name(&name).map(|_| ());
                prop_assert!(set.is_ok(), "{name:?}: {set:?}");
            }
            prop_assert!(workbook.save_to_buffer().is_ok());
        }
    }
}
