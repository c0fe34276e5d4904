//! The weekly board as the .xlsx schools print: a title, one section per grade, a column
//! per school day, then total, rank and red flag.
use app::domain::scores::WeekBoard;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};

const WEEKDAYS: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];

/// The title row's text; also what the download is named after.
pub fn title(board: &WeekBoard) -> String {
    format!(
        "{} 班级常规评比 第{}周",
        board.school_name, board.week_number
    )
}

/// Writes the board to an .xlsx file in memory.
pub fn board_xlsx(board: &WeekBoard) -> Result<Vec<u8>, XlsxError> {
    use chrono::Datelike;
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(format!("第{}周", board.week_number))?;
    sheet.set_landscape();
    sheet.set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 0);

    let title_format = Format::new()
        .set_bold()
        .set_font_size(16)
        .set_align(FormatAlign::Center);
    let grade_format = Format::new().set_bold().set_font_size(12);
    let header = super::header_format();
    let text = Format::new()
        .set_align(FormatAlign::Center)
        .set_border(FormatBorder::Thin);
    let number = text.clone().set_num_format("0.0");
    let flag = text.clone().set_bold().set_font_color("#C0392B");

    let last_col = (board.days.len() + 3) as u16;
    sheet.merge_range(0, 0, 0, last_col, &title(board), &title_format)?;
    let (first, last) = (board.days.first(), board.days.last());
    let span = match (first, last) {
        (Some(a), Some(b)) => format!("{a} 至 {b}"),
        _ => format!("{} 起一周（无上课日）", board.week_start),
    };
    let subtitle = format!(
        "{} · {} · 基础分 {} · 每年级流动红旗 {} 面",
        board.term_name,
        span,
        board.rules.base.as_decimal(),
        board.rules.red_flags_per_grade
    );
    sheet.merge_range(
        1,
        0,
        1,
        last_col,
        &subtitle,
        &Format::new().set_align(FormatAlign::Center),
    )?;
    sheet.set_row_height(0, 26)?;
    sheet.set_column_width(0, 14)?;
    for col in 1..=last_col {
        sheet.set_column_width(col, 11)?;
    }

    let mut row: u32 = 3;
    for grade in &board.grades {
        sheet.write_string_with_format(row, 0, &grade.grade_name, &grade_format)?;
        row += 1;
        sheet.write_string_with_format(row, 0, "班级", &header)?;
        for (i, day) in board.days.iter().enumerate() {
            let weekday = WEEKDAYS
                .get(day.weekday().num_days_from_monday() as usize)
                .copied()
                .unwrap_or_default();
            let label = format!("{weekday} {}", day.format("%m-%d"));
            sheet.write_string_with_format(row, (i + 1) as u16, &label, &header)?;
        }
        let tail = board.days.len() as u16 + 1;
        sheet.write_string_with_format(row, tail, "总分", &header)?;
        sheet.write_string_with_format(row, tail + 1, "名次", &header)?;
        sheet.write_string_with_format(row, tail + 2, "流动红旗", &header)?;
        row += 1;
        for class in &grade.rows {
            sheet.write_string_with_format(row, 0, &class.class_name, &text)?;
            for (i, score) in class.daily.iter().enumerate() {
                sheet.write_number_with_format(row, (i + 1) as u16, score.as_decimal(), &number)?;
            }
            sheet.write_number_with_format(row, tail, class.total.as_decimal(), &number)?;
            sheet.write_number_with_format(row, tail + 1, f64::from(class.rank), &text)?;
            if class.red_flag {
                sheet.write_string_with_format(row, tail + 2, "流动红旗", &flag)?;
            } else {
                sheet.write_string_with_format(row, tail + 2, "", &text)?;
            }
            row += 1;
        }
        row += 1;
    }
    workbook.save_to_buffer()
}
