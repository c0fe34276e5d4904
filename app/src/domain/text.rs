//! Clean-up of text typed into spreadsheets: full-width characters and stray spaces.

/// Folds full-width ASCII (e.g. `（` `１`) and the ideographic space to their
/// half-width forms, trims, and collapses runs of whitespace to one space.
pub fn normalize(raw: &str) -> String {
    let folded: String = raw.chars().map(fold_width).collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Like [`normalize`] but drops every space: for codes such as student numbers and phones.
pub fn normalize_code(raw: &str) -> String {
    raw.chars()
        .map(fold_width)
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn fold_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_brackets_and_digits_become_half_width() {
        assert_eq!(normalize("初一（１）班"), "初一(1)班");
    }

    #[test]
    fn stray_and_ideographic_spaces_are_trimmed_and_collapsed() {
        assert_eq!(normalize("\u{3000} 王  淑 \t"), "王 淑");
        assert_eq!(normalize_code(" 2025 10101\u{3000}"), "202510101");
    }
}
