//! Term conduct points as .xlsx: one sheet per class, a row per student.
use app::domain::conduct::ClassConduct;
use rust_xlsxwriter::{Format, FormatBorder, Workbook, XlsxError};

use super::sheet_names::SheetNames;

const HEADINGS: [&str; 6] = ["学号", "姓名", "加分", "扣分", "合计", "记录数"];

/// Writes the classes' conduct points to an .xlsx file in memory.
pub fn conduct_xlsx(classes: &[ClassConduct]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let title_format = super::title_format();
    let header = super::header_format();
    let text = Format::new().set_border(FormatBorder::Thin);
    let number = text.clone().set_num_format("0.0");
    let mut names = SheetNames::default();
    for class in classes {
        let sheet = workbook.add_worksheet();
        sheet.set_name(names.name(&class.class_name))?;
        let title = format!("{} 操行分 · {}", class.class_name, class.term_name);
        sheet.merge_range(0, 0, 0, 5, &title, &title_format)?;
        sheet.set_column_width(0, 14)?;
        sheet.set_column_width(1, 10)?;
        for (col, heading) in HEADINGS.iter().enumerate() {
            sheet.write_string_with_format(2, col as u16, *heading, &header)?;
        }
        for (i, student) in class.students.iter().enumerate() {
            let row = 3 + i as u32;
            let counted = student.entries.iter().filter(|e| !e.voided).count();
            sheet.write_string_with_format(row, 0, &student.student_no, &text)?;
            sheet.write_string_with_format(row, 1, &student.name, &text)?;
            sheet.write_number_with_format(row, 2, student.bonus.as_decimal(), &number)?;
            sheet.write_number_with_format(row, 3, student.deduction.as_decimal(), &number)?;
            sheet.write_number_with_format(row, 4, student.total.as_decimal(), &number)?;
            sheet.write_number_with_format(row, 5, counted as f64, &text)?;
        }
    }
    if classes.is_empty() {
        workbook.add_worksheet();
    }
    workbook.save_to_buffer()
}
