//! Reading uploaded spreadsheets (.xlsx via calamine, CSV in UTF-8 or GB18030) into
//! the sheets the roster parser understands.
pub mod roster;
pub mod scheme;
pub mod staff;
pub mod upload;

use std::io::Cursor;

use app::domain::roster::{Cell, Sheet};
use calamine::{Data, Reader, Xlsx};

/// A file that could not be read at all (as opposed to bad rows in a good file).
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("not a readable .xlsx or .csv file: {0}")]
    Unreadable(String),
}

/// Reads an .xlsx workbook (every sheet) or a CSV file (one sheet named after the file).
pub fn read_sheets(file_name: &str, bytes: &[u8]) -> Result<Vec<Sheet>, FileError> {
    if bytes.starts_with(b"PK\x03\x04") {
        read_xlsx(bytes)
    } else {
        read_csv(file_name, bytes)
    }
}

fn read_xlsx(bytes: &[u8]) -> Result<Vec<Sheet>, FileError> {
    let unreadable = |e: calamine::XlsxError| FileError::Unreadable(e.to_string());
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(unreadable)?;
    let mut sheets = Vec::new();
    for name in workbook.sheet_names() {
        let range = workbook.worksheet_range(&name).map_err(unreadable)?;
        let (first_row, first_col) = range.start().unwrap_or((0, 0));
        let mut rows: Vec<Vec<Cell>> = vec![Vec::new(); first_row as usize];
        rows.extend(range.rows().map(|row| {
            let mut cells = vec![Cell::Empty; first_col as usize];
            cells.extend(row.iter().map(cell));
            cells
        }));
        sheets.push(Sheet { name, rows });
    }
    Ok(sheets)
}

fn cell(data: &Data) -> Cell {
    match data {
        Data::Empty | Data::Error(_) => Cell::Empty,
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Float(f) => Cell::Number(*f),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Bool(b) => Cell::Text(if *b { "是" } else { "否" }.into()),
        Data::DateTime(d) => Cell::Number(d.as_f64()),
    }
}

fn read_csv(file_name: &str, bytes: &[u8]) -> Result<Vec<Sheet>, FileError> {
    let text = decode_text(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let rows = reader
        .records()
        .map(|r| {
            r.map(|record| record.iter().map(|s| Cell::Text(s.to_string())).collect())
                .map_err(|e| FileError::Unreadable(e.to_string()))
        })
        .collect::<Result<Vec<Vec<Cell>>, _>>()?;
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
}
