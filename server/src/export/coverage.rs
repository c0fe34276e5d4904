//! The month's coverage as .xlsx: a sheet per theme (classes down, required activities
//! across, 已开展 with the day or 未开展, classes due a safety lesson before a break in red), and
//! a sheet of the term's safety topics per class.
use app::domain::activities::{ActivityKind, SafetyTopic};
use app::domain::coverage::{CoverageRow, CoverageView};
use app::domain::themes::{Requirement, kind_name, topic_name};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use super::sheet_names::SheetNames;

/// The file's title: 德育活动开展情况 2026-12.
pub fn title(view: &CoverageView) -> String {
    format!("德育活动开展情况 {}", view.month.format("%Y-%m"))
}

/// A requirement as a column heading: 主题班会, 安全教育(防溺水).
fn heading(requirement: &Requirement) -> String {
    match requirement.safety {
        Some(topic) => format!("{}({})", kind_name(requirement.kind), topic_name(topic)),
        None => kind_name(requirement.kind).to_string(),
    }
}

/// Writes the coverage to an .xlsx file in memory.
pub fn coverage_xlsx(view: &CoverageView) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let formats = Formats::new();
    let mut names = SheetNames::default();
    for grid in &view.themes {
        let sheet = workbook.add_worksheet();
        sheet.set_name(names.name(&grid.theme))?;
        let headings: Vec<String> = grid.required.iter().map(heading).collect();
        let mut note = format!("{} 月主题：{}", view.month.format("%Y年%m月"), grid.theme);
        if let Some(day) = view.break_on {
            note.push_str(&format!(
                "（{} 放假，红色为假前未开展安全教育的班级）",
                day.format("%m-%d")
            ));
        }
        write_grid(sheet, &note, &headings, &grid.rows, &formats)?;
    }
    if view.themes.is_empty() {
        let sheet = workbook.add_worksheet();
        sheet.set_name("本月")?;
        sheet.write_string(
            0,
            0,
            format!("{} 没有设置月主题", view.month.format("%Y年%m月")),
        )?;
    }
    if let Some(term) = &view.term {
        let sheet = workbook.add_worksheet();
        sheet.set_name(names.name("本学期安全教育"))?;
        let headings: Vec<String> = SafetyTopic::ALL
            .into_iter()
            .map(|t| {
                heading(&Requirement {
                    kind: ActivityKind::Safety,
                    safety: Some(t),
                })
            })
            .collect();
        write_grid(
            sheet,
            &format!("{term} 安全教育开展情况"),
            &headings,
            &view.safety,
            &formats,
        )?;
    }
    workbook.save_to_buffer()
}

struct Formats {
    title: Format,
    header: Format,
    held: Format,
    not_held: Format,
    due: Format,
}

impl Formats {
    fn new() -> Formats {
        let cell = Format::new()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Center);
        Formats {
            title: super::title_format(),
            header: super::header_format().set_text_wrap(),
            held: cell.clone(),
            not_held: cell.clone().set_font_color("#8A5A00"),
            due: cell
                .set_bold()
                .set_font_color("#FFFFFF")
                .set_background_color("#C62828"),
        }
    }
}

fn write_grid(
    sheet: &mut Worksheet,
    title: &str,
    headings: &[String],
    rows: &[CoverageRow],
    formats: &Formats,
) -> Result<(), XlsxError> {
    sheet.write_string_with_format(0, 0, title, &formats.title)?;
    sheet.set_column_width(0, 14.0)?;
    sheet.write_string_with_format(2, 0, "班级", &formats.header)?;
    for (n, text) in headings.iter().enumerate() {
        let col = u16::try_from(n + 1).unwrap_or(u16::MAX);
        sheet.set_column_width(col, 16.0)?;
        sheet.write_string_with_format(2, col, text, &formats.header)?;
    }
    for (i, row) in rows.iter().enumerate() {
        let line = u32::try_from(i + 3).unwrap_or(u32::MAX);
        let class = if row.safety_due {
            &formats.due
        } else {
            &formats.held
        };
        sheet.write_string_with_format(line, 0, &row.class.label, class)?;
        for (n, cell) in row.cells.iter().enumerate() {
            let col = u16::try_from(n + 1).unwrap_or(u16::MAX);
            match cell {
                Some(held) => sheet.write_string_with_format(
                    line,
                    col,
                    format!("已开展 {}", held.date.format("%m-%d")),
                    &formats.held,
                )?,
                None => sheet.write_string_with_format(line, col, "未开展", &formats.not_held)?,
            };
        }
    }
    Ok(())
}
