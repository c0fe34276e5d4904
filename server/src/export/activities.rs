//! A class's activity register (活动台账) for a term as .xlsx: a row per activity, its
//! photos' thumbnails in the cells after it.
use app::domain::activities::MAX_PHOTOS;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Image, Workbook, XlsxError};

use crate::activities::Register;

const HEADINGS: [&str; 11] = [
    "日期",
    "活动名称",
    "类型",
    "月主题",
    "五育",
    "时长（分钟）",
    "地点",
    "参与学生",
    "活动概述",
    "班主任反思",
    "分享家委会",
];

/// The file's title: 初一(1)班 德育活动台账 2026-2027学年第一学期.
pub fn title(register: &Register) -> String {
    format!(
        "{} 德育活动台账 {}",
        register.class_name, register.term_name
    )
}

/// Writes the register to an .xlsx file in memory.
pub fn register_xlsx(register: &Register) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let title_format = super::title_format();
    let header = super::header_format();
    let text = Format::new()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let sheet = workbook.add_worksheet();
    sheet.set_name("活动台账")?;
    let last = (HEADINGS.len() + MAX_PHOTOS - 1) as u16;
    sheet.merge_range(0, 0, 0, last, &title(register), &title_format)?;
    for (col, width) in [
        12.0, 20.0, 14.0, 18.0, 8.0, 8.0, 10.0, 24.0, 36.0, 30.0, 8.0,
    ]
    .into_iter()
    .enumerate()
    {
        sheet.set_column_width(col as u16, width)?;
    }
    for (col, heading) in HEADINGS.iter().enumerate() {
        sheet.write_string_with_format(2, col as u16, *heading, &header)?;
    }
    for n in 0..MAX_PHOTOS {
        let col = (HEADINGS.len() + n) as u16;
        sheet.set_column_width(col, 12.0)?;
        sheet.write_string_with_format(2, col, format!("照片{}", n + 1), &header)?;
    }
    for (i, line) in register.lines.iter().enumerate() {
        let row = 3 + i as u32;
        let cells = [
            line.date.format("%Y-%m-%d").to_string(),
            line.title.clone(),
            line.kind.clone(),
            line.theme.clone(),
            line.domains.clone(),
            line.minutes.map(|m| m.to_string()).unwrap_or_default(),
            line.place.clone(),
            line.took_part.clone(),
            line.summary.clone(),
            line.reflection.clone(),
            if line.shared { "是" } else { "否" }.to_string(),
        ];
        for (col, value) in cells.iter().enumerate() {
            sheet.write_string_with_format(row, col as u16, value, &text)?;
        }
        if !line.photos.is_empty() {
            sheet.set_row_height(row, 64)?;
        }
        for (n, photo) in line.photos.iter().enumerate() {
            let col = (HEADINGS.len() + n) as u16;
            match photo {
                Some(bytes) => {
                    let image = Image::new_from_buffer(bytes)?;
                    sheet.insert_image_fit_to_cell(row, col, &image, true)?;
                }
                None => {
                    sheet.write_string_with_format(row, col, "（未上传）", &text)?;
                }
            }
        }
    }
    workbook.save_to_buffer()
}
