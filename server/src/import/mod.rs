//! Reading uploaded spreadsheets (.xlsx via calamine, CSV in UTF-8 or GB18030) into
//! the sheets the roster parser understands.
pub mod roster;
pub mod scheme;
pub mod staff;
pub mod upload;

use std::io::{Cursor, Read};

use app::domain::roster::{Cell, MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS, MAX_UNZIPPED_MB, Sheet};
use calamine::{DataRef, Reader, Xlsx};

const MAX_UNZIPPED_BYTES: u64 = MAX_UNZIPPED_MB * 1024 * 1024;
/// The most parts a workbook may have.
const MAX_ZIP_ENTRIES: usize = 1_000;

/// A file that could not be read at all (as opposed to bad rows in a good file); the admin
/// sees its [`FileError::code`] in words, the log the details.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("not a readable .xlsx or .csv file: {0}")]
    Unreadable(String),
    #[error("unzipped over {MAX_UNZIPPED_MB} MB")]
    TooBigUnzipped,
    #[error(
        "sheet {sheet}: content at row {row}, column {column}, past {MAX_ROWS} × {MAX_COLUMNS}"
    )]
    TooManyCells {
        sheet: String,
        row: u32,
        column: u32,
    },
    #[error("sheet {sheet}: a cell of row {row} is over {MAX_CELL_CHARS} characters")]
    CellTooLong { sheet: String, row: u32 },
}

impl FileError {
    /// The code the upload answers with (field `file`), which the import page words.
    pub fn code(&self) -> &'static str {
        match self {
            FileError::Unreadable(_) => "unreadable",
            FileError::TooBigUnzipped => "too_big",
            FileError::TooManyCells { .. } => "too_many_cells",
            FileError::CellTooLong { .. } => "cell_too_long",
        }
    }
}

impl From<FileError> for app::error::AppError {
    fn from(e: FileError) -> Self {
        tracing::info!("upload refused: {e}");
        app::error::AppError::invalid("file", e.code())
    }
}

/// Reads an .xlsx workbook (every sheet) or a CSV file (one sheet named after the file),
/// refusing anything past the limits above before it takes the memory.
pub fn read_sheets(file_name: &str, bytes: &[u8]) -> Result<Vec<Sheet>, FileError> {
    if bytes.starts_with(b"PK\x03\x04") {
        read_xlsx(bytes)
    } else {
        read_csv(file_name, bytes)
    }
}

/// Unzips every part once into nothing, counting the bytes, so a zip bomb (or a part whose
/// header lies about its size) stops at the limit instead of at the server's memory.
fn check_unzipped_size(bytes: &[u8]) -> Result<(), FileError> {
    let unreadable = |e: zip::result::ZipError| FileError::Unreadable(e.to_string());
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(unreadable)?;
    if archive.len() > MAX_ZIP_ENTRIES {
        return Err(FileError::TooBigUnzipped);
    }
    let mut left = MAX_UNZIPPED_BYTES;
    for i in 0..archive.len() {
        let part = archive.by_index(i).map_err(unreadable)?;
        if part.size() > left {
            return Err(FileError::TooBigUnzipped);
        }
        let read = std::io::copy(&mut part.take(left + 1), &mut std::io::sink())
            .map_err(|e| FileError::Unreadable(e.to_string()))?;
        left = left.checked_sub(read).ok_or(FileError::TooBigUnzipped)?;
    }
    Ok(())
}

fn read_xlsx(bytes: &[u8]) -> Result<Vec<Sheet>, FileError> {
    check_unzipped_size(bytes)?;
    let unreadable = |e: calamine::XlsxError| FileError::Unreadable(e.to_string());
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(unreadable)?;
    let mut sheets = Vec::new();
    for name in workbook.sheet_names() {
        let rows = {
            // Cells one by one in file order: never a grid sized by what the sheet declares.
            let mut reader = match workbook.worksheet_cells_reader(&name) {
                Ok(reader) => reader,
                Err(calamine::XlsxError::NotAWorksheet(_)) => continue,
                Err(e) => return Err(unreadable(e)),
            };
            let mut rows: Vec<Vec<Cell>> = Vec::new();
            while let Some(found) = reader.next_cell().map_err(unreadable)? {
                let value = cell(found.get_value());
                if value == Cell::Empty {
                    continue;
                }
                let (row, column) = found.get_position();
                place(&mut rows, &name, row, column, value)?;
            }
            rows
        };
        sheets.push(Sheet { name, rows });
    }
    Ok(sheets)
}

/// Refuses a cell past the limits; rows and columns count from 0.
fn check_cell(sheet: &str, row: u32, column: u32, value: &Cell) -> Result<(), FileError> {
    if row >= MAX_ROWS || column >= MAX_COLUMNS {
        return Err(FileError::TooManyCells {
            sheet: sheet.to_string(),
            row: row.saturating_add(1),
            column: column.saturating_add(1),
        });
    }
    if let Cell::Text(text) = value
        && text.chars().count() > MAX_CELL_CHARS
    {
        return Err(FileError::CellTooLong {
            sheet: sheet.to_string(),
            row: row.saturating_add(1),
        });
    }
    Ok(())
}

/// Puts a non-empty cell into the sheet's rows, within the limits.
fn place(
    rows: &mut Vec<Vec<Cell>>,
    sheet: &str,
    row: u32,
    column: u32,
    value: Cell,
) -> Result<(), FileError> {
    check_cell(sheet, row, column, &value)?;
    let (row, column) = (row as usize, column as usize);
    if rows.len() <= row {
        rows.resize(row + 1, Vec::new());
    }
    if let Some(cells) = rows.get_mut(row) {
        if cells.len() <= column {
            cells.resize(column + 1, Cell::Empty);
        }
        if let Some(slot) = cells.get_mut(column) {
            *slot = value;
        }
    }
    Ok(())
}

fn cell(data: &DataRef<'_>) -> Cell {
    match data {
        DataRef::Empty | DataRef::Error(_) => Cell::Empty,
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
            Cell::Text(s.clone())
        }
        DataRef::SharedString(s) => Cell::Text((*s).to_string()),
        DataRef::Float(f) => Cell::Number(*f),
        DataRef::Int(i) => Cell::Number(*i as f64),
        DataRef::Bool(b) => Cell::Text(if *b { "是" } else { "否" }.into()),
        DataRef::DateTime(d) => Cell::Number(d.as_f64()),
    }
}

fn read_csv(file_name: &str, bytes: &[u8]) -> Result<Vec<Sheet>, FileError> {
    let text = decode_text(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (row, record) in reader.records().enumerate() {
        let record = record.map_err(|e| FileError::Unreadable(e.to_string()))?;
        let row = u32::try_from(row).unwrap_or(u32::MAX);
        let mut cells = Vec::with_capacity(record.len().min(MAX_COLUMNS as usize));
        for (column, text) in record.iter().enumerate() {
            let column = u32::try_from(column).unwrap_or(u32::MAX);
            let value = Cell::Text(text.to_string());
            if !text.trim().is_empty() {
                check_cell(file_name, row, column, &value)?;
            }
            if column < MAX_COLUMNS {
                cells.push(value);
            }
        }
        // Blank lines past the last allowed row are dropped, not kept as empty rows.
        if row < MAX_ROWS {
            rows.push(cells);
        }
    }
    Ok(vec![Sheet {
        name: file_name.to_string(),
        rows,
    }])
}

/// UTF-8 (with or without BOM), else GB18030 — what Excel in Chinese saves CSV as.
fn decode_text(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gbk_csv_from_chinese_excel_is_decoded() {
        let (gbk, _, _) = encoding_rs::GBK.encode("班级,学号\n初一(1)班,1\n");
        let sheets = read_sheets("名单.csv", &gbk).unwrap();
        assert_eq!(sheets[0].rows[1][0], Cell::Text("初一(1)班".into()));
    }

    #[test]
    fn a_utf8_bom_is_dropped() {
        let sheets = read_sheets("a.csv", "\u{FEFF}班级,学号\n".as_bytes()).unwrap();
        assert_eq!(sheets[0].rows[0][0], Cell::Text("班级".into()));
    }

    use proptest::prelude::*;

    /// One thing written into a generated workbook.
    #[derive(Clone, Debug)]
    enum Put {
        Text(u32, u16, String),
        Number(u32, u16, f64),
        Merge(u32, u16, u32, u16),
    }

    fn any_put() -> impl Strategy<Value = Put> {
        let row = prop_oneof![0_u32..40, 0_u32..=1_048_575];
        let col = prop_oneof![0_u16..10, 0_u16..=16_383];
        prop_oneof![
            (row.clone(), col.clone(), ".{0,40}|很{900,1100}")
                .prop_map(|(r, c, s)| Put::Text(r, c, s)),
            (row.clone(), col.clone(), any::<f64>()).prop_map(|(r, c, n)| Put::Number(r, c, n)),
            (0_u32..40, 0_u16..10, 0_u32..3, 1_u16..3).prop_map(|(r, c, h, w)| Put::Merge(
                r,
                c,
                r + h,
                c + w
            )),
        ]
    }

    fn workbook(sheets: &[Vec<Put>]) -> Vec<u8> {
        let mut book = rust_xlsxwriter::Workbook::new();
        for puts in sheets {
            let sheet = book.add_worksheet();
            let mut merges: Vec<(u32, u16, u32, u16)> = Vec::new();
            for put in puts {
                // The writer panics on a merge that overlaps one it refused before, so
                // overlapping merges are left out here rather than handed to it.
                if let Put::Merge(r, c, r2, c2) = *put {
                    if merges
                        .iter()
                        .any(|&(a, b, a2, b2)| r <= a2 && a <= r2 && c <= b2 && b <= c2)
                    {
                        continue;
                    }
                    merges.push((r, c, r2, c2));
                }
                // A put the writer itself refuses (NaN, a merge over written cells …) is left out.
                let _ = match put {
                    Put::Text(r, c, s) => sheet.write_string(*r, *c, s).map(|_| ()),
                    Put::Number(r, c, n) => sheet.write_number(*r, *c, *n).map(|_| ()),
                    Put::Merge(r, c, r2, c2) => sheet
                        .merge_range(*r, *c, *r2, *c2, "合并", &rust_xlsxwriter::Format::new())
                        .map(|_| ()),
                };
            }
        }
        book.save_to_buffer().unwrap_or_default()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Any workbook is read into sheets within the limits or refused as a file; never a
        /// panic, never a grid bigger than the limits, and the roster parser takes what is read.
        #[test]
        fn any_workbook_is_read_within_the_limits_or_refused(
            sheets in proptest::collection::vec(proptest::collection::vec(any_put(), 0..30), 0..3)
        ) {
            let bytes = workbook(&sheets);
            match read_sheets("名单.xlsx", &bytes) {
                Ok(read) => {
                    for sheet in &read {
                        prop_assert!(sheet.rows.len() <= MAX_ROWS as usize);
                        prop_assert!(sheet.rows.iter().all(|r| r.len() <= MAX_COLUMNS as usize));
                    }
                    let _ = app::domain::roster::parse_roster(&read);
                }
                Err(e) => prop_assert!(!e.code().is_empty()),
            }
        }

        /// Any bytes, as .xlsx or CSV, are read or refused without a panic.
        #[test]
        fn any_bytes_are_read_or_refused(bytes in proptest::collection::vec(any::<u8>(), 0..2000), zip in any::<bool>()) {
            let mut bytes = bytes;
            if zip {
                bytes.splice(0..0, *b"PK\x03\x04");
            }
            let _ = read_sheets("a.csv", &bytes);
        }
    }

    #[test]
    fn a_csv_of_endless_blank_lines_stays_small_and_one_past_the_limit_is_refused() {
        let blank = "\n".repeat(300_000);
        let sheets = read_sheets("a.csv", blank.as_bytes()).unwrap();
        assert!(sheets[0].rows.len() <= MAX_ROWS as usize);
        let wide = format!("{}x\n", ",".repeat(MAX_COLUMNS as usize));
        assert_eq!(
            read_sheets("a.csv", wide.as_bytes()).unwrap_err().code(),
            "too_many_cells"
        );
    }
}
