//! The monthly attendance summary as .xlsx: a school-wide summary sheet, then one roll sheet
//! per class (a column per school day, a symbol per mark, the month's totals).
use app::domain::attendance::{MarkKind, MonthTally};
use chrono::Datelike;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};

use super::sheet_names::SheetNames;
use crate::attendance::MonthAttendance;

const SUMMARY_HEADINGS: [&str; 10] = [
    "班级",
    "人数",
    "应出勤(人·天)",
    "缺勤(人·天)",
    "出勤率",
    "病假(天)",
    "事假(天)",
    "旷课(天)",
    "迟到(次)",
    "早退(次)",
];
const TOTAL_HEADINGS: [&str; 6] = ["病假", "事假", "旷课", "迟到", "早退", "缺勤天数"];
const LEGEND: &str = "病＝病假　事＝事假　旷＝旷课　迟＝迟到　早＝早退　空白＝出勤";

/// The title of the file and its summary sheet.
pub fn title(month: &MonthAttendance) -> String {
    format!(
        "{} {}年{}月 学生出勤统计",
        month.school_name,
        month.month.year(),
        month.month.month()
    )
}

/// The one-character symbol a roll sheet writes for a mark.
pub fn symbol(kind: MarkKind) -> &'static str {
    match kind {
        MarkKind::Sick => "病",
        MarkKind::Personal => "事",
        MarkKind::Truant => "旷",
        MarkKind::Late => "迟",
        MarkKind::EarlyLeave => "早",
    }
}

fn counts(t: &MonthTally) -> [u32; 6] {
    [
        t.sick,
        t.personal,
        t.truant,
        t.late,
        t.early_leave,
        t.days_absent(),
    ]
}

/// Writes the month to an .xlsx file in memory.
pub fn attendance_xlsx(month: &MonthAttendance) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let title_format = super::title_format();
    let header = super::header_format();
    let text = Format::new()
        .set_align(FormatAlign::Center)
        .set_border(FormatBorder::Thin);
    let percent = text.clone().set_num_format("0.0%");
    let school_days = month.days.len() as f64;

    let mut names = SheetNames::default();
    let summary = workbook.add_worksheet();
    summary.set_name(names.name("汇总"))?;
    summary.merge_range(0, 0, 0, 9, &title(month), &title_format)?;
    summary.write_string(1, 0, format!("上课日 {} 天", month.days.len()))?;
    summary.set_column_width(0, 14)?;
    summary.set_column_width(2, 14)?;
    summary.set_column_width(3, 12)?;
    for (col, heading) in SUMMARY_HEADINGS.iter().enumerate() {
        summary.write_string_with_format(2, col as u16, *heading, &header)?;
    }
    for (i, class) in month.classes.iter().enumerate() {
        let row = 3 + i as u32;
        let enrolled = class.students.len() as f64;
        let total = class.students.iter().fold([0u32; 6], |mut sum, s| {
            for (acc, n) in sum.iter_mut().zip(counts(&s.tally)) {
                *acc += n;
            }
            sum
        });
        let expected = enrolled * school_days;
        let absent = f64::from(total[5]);
        summary.write_string_with_format(row, 0, &class.label, &text)?;
        summary.write_number_with_format(row, 1, enrolled, &text)?;
        summary.write_number_with_format(row, 2, expected, &text)?;
        summary.write_number_with_format(row, 3, absent, &text)?;
        let rate = if expected > 0.0 {
            (expected - absent) / expected
        } else {
            1.0
        };
        summary.write_number_with_format(row, 4, rate, &percent)?;
        for (col, n) in total[..5].iter().enumerate() {
            summary.write_number_with_format(row, 5 + col as u16, f64::from(*n), &text)?;
        }
    }

    for class in &month.classes {
        let sheet = workbook.add_worksheet();
        sheet.set_name(names.name(&class.label))?;
        sheet.set_landscape();
        sheet.set_paper_size(9);
        sheet.set_print_fit_to_pages(1, 0);
        let last_col = (2 + month.days.len() + TOTAL_HEADINGS.len() - 1) as u16;
        let heading = format!(
            "{} {}年{}月 考勤表",
            class.label,
            month.month.year(),
            month.month.month()
        );
        sheet.merge_range(0, 0, 0, last_col, &heading, &title_format)?;
        sheet.set_column_width(0, 12)?;
        sheet.set_column_width(1, 8)?;
        sheet.write_string_with_format(2, 0, "学号", &header)?;
        sheet.write_string_with_format(2, 1, "姓名", &header)?;
        for (i, day) in month.days.iter().enumerate() {
            let col = 2 + i as u16;
            sheet.set_column_width(col, 4.5)?;
            sheet.write_string_with_format(2, col, day.day().to_string(), &header)?;
        }
        let totals_from = 2 + month.days.len() as u16;
        for (i, heading) in TOTAL_HEADINGS.iter().enumerate() {
            sheet.write_string_with_format(2, totals_from + i as u16, *heading, &header)?;
        }
        for (i, student) in class.students.iter().enumerate() {
            let row = 3 + i as u32;
            sheet.write_string_with_format(row, 0, &student.student_no, &text)?;
            sheet.write_string_with_format(row, 1, &student.name, &text)?;
            for (d, day) in month.days.iter().enumerate() {
                let mark = student.days.get(day).map_or("", |k| symbol(*k));
                sheet.write_string_with_format(row, 2 + d as u16, mark, &text)?;
            }
            for (c, n) in counts(&student.tally).into_iter().enumerate() {
                sheet.write_number_with_format(row, totals_from + c as u16, f64::from(n), &text)?;
            }
        }
        sheet.write_string(4 + class.students.len() as u32, 0, LEGEND)?;
    }
    workbook.save_to_buffer()
}
