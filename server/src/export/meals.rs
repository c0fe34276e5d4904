//! A month's accompany-meal reports (陪餐记录) as .xlsx: one row per report, with its ratings,
//! notes, how many photos it has, and staff's reply.
use app::domain::meals::{MealAspect, MealReports};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};

/// The file's title: 陪餐记录 2026-12.
pub fn title(view: &MealReports) -> String {
    format!("陪餐记录 {}", view.month.format("%Y-%m"))
}

/// Writes the month's reports to an .xlsx file in memory.
pub fn meals_xlsx(view: &MealReports) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("陪餐记录")?;
    sheet.write_string_with_format(0, 0, title(view), &super::title_format())?;
    let header = super::header_format();
    let cell = Format::new()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center);
    let text = Format::new().set_border(FormatBorder::Thin).set_text_wrap();
    let mut headings = vec!["日期", "餐次", "班级", "陪餐人"];
    headings.extend(MealAspect::ALL.map(MealAspect::name));
    headings.extend(["意见和建议", "照片", "回复", "回复人"]);
    let widths = [
        11.0, 6.0, 12.0, 10.0, 6.0, 6.0, 6.0, 6.0, 36.0, 6.0, 36.0, 10.0,
    ];
    for (col, (heading, width)) in headings.iter().zip(widths).enumerate() {
        let col = u16::try_from(col).unwrap_or(u16::MAX);
        sheet.set_column_width(col, width)?;
        sheet.write_string_with_format(2, col, *heading, &header)?;
    }
    for (i, report) in view.reports.iter().enumerate() {
        let line = u32::try_from(i + 3).unwrap_or(u32::MAX);
        sheet.write_string_with_format(
            line,
            0,
            report.date.format("%Y-%m-%d").to_string(),
            &cell,
        )?;
        sheet.write_string_with_format(line, 1, report.meal.name(), &cell)?;
        sheet.write_string_with_format(line, 2, &report.class_label, &cell)?;
        sheet.write_string_with_format(line, 3, &report.by, &cell)?;
        for (n, aspect) in MealAspect::ALL.into_iter().enumerate() {
            let col = u16::try_from(n + 4).unwrap_or(u16::MAX);
            sheet.write_number_with_format(line, col, report.ratings.of(aspect), &cell)?;
        }
        sheet.write_string_with_format(line, 8, &report.notes, &text)?;
        let photos = u32::try_from(report.photos.len()).unwrap_or(u32::MAX);
        sheet.write_number_with_format(line, 9, photos, &cell)?;
        let (reply, by) = report
            .reply
            .as_ref()
            .map_or(("", ""), |r| (r.text.as_str(), r.by.as_str()));
        sheet.write_string_with_format(line, 10, reply, &text)?;
        sheet.write_string_with_format(line, 11, by, &cell)?;
    }
    if view.reports.is_empty() {
        sheet.write_string(3, 0, "本月没有陪餐记录")?;
    }
    workbook.save_to_buffer()
}
