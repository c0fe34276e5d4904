//! A school's routine-check scheme from a CSV (类别,检查项目,分值,对象,时段,记录人).
use app::domain::checks::{Level, Points, Recorder};
use app::domain::roster::{Cell, Sheet};
use app::domain::text::normalize;

/// One item of a scheme file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemeItem {
    pub category: String,
    pub name: String,
    pub points: Points,
    pub level: Level,
    pub slots: Vec<String>,
    pub recorder: Recorder,
}

/// Reads the items under the header; every bad row is reported as "第 N 行：…".
pub fn parse_scheme(sheet: &Sheet) -> Result<Vec<SchemeItem>, Vec<String>> {
    let text = |c: Option<&Cell>| match c {
        Some(Cell::Text(s)) => normalize(s),
        Some(Cell::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    let mut items = Vec::new();
    let mut errors = Vec::new();
    for (i, row) in sheet.rows.iter().enumerate().skip(1) {
        let cell = |n: usize| text(row.get(n));
        if row.iter().all(|c| text(Some(c)).is_empty()) {
            continue;
        }
        let line = i + 1;
        let points = cell(2)
            .parse::<f64>()
            .ok()
            .and_then(Points::from_decimal)
            .filter(|p| p.0 != 0);
        let level = match cell(3).as_str() {
            "class" | "班级" => Some(Level::Class),
            "student" | "学生" => Some(Level::Student),
            _ => None,
        };
        let recorder = match cell(5).as_str() {
            "duty" | "值周" => Some(Recorder::Duty),
            "homeroom" | "班主任" => Some(Recorder::Homeroom),
            "both" | "均可" => Some(Recorder::Both),
            _ => None,
        };
        let slots: Vec<String> = cell(4)
            .split('|')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        match (points, level, recorder) {
            (Some(points), Some(level), Some(recorder))
                if !cell(1).is_empty() && !slots.is_empty() =>
            {
                items.push(SchemeItem {
                    category: cell(0),
                    name: cell(1),
                    points,
                    level,
                    slots,
                    recorder,
                })
            }
            _ => errors.push(format!("第 {line} 行：分值、对象、时段或记录人无法识别")),
        }
    }
    if errors.is_empty() {
        Ok(items)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(rows: &[&[&str]]) -> Sheet {
        Sheet {
            name: "check_scheme.csv".into(),
            rows: rows
                .iter()
                .map(|r| r.iter().map(|s| Cell::Text(s.to_string())).collect())
                .collect(),
        }
    }

    #[test]
    fn scheme_rows_become_items_with_points_in_tenths() {
        let items = parse_scheme(&sheet(&[
            &["类别", "检查项目", "分值", "对象", "时段", "记录人"],
            &[
                "仪容仪表",
                "未佩戴红领巾/团徽",
                "-0.5",
                "student",
                "全天",
                "both",
            ],
            &["两操", "课间操队伍不齐", "-2", "class", "课间操", "duty"],
        ]))
        .unwrap();
        assert_eq!(items[0].points, Points(-5));
        assert_eq!(
            (items[1].level, items[1].recorder),
            (Level::Class, Recorder::Duty)
        );
        let bad = parse_scheme(&sheet(&[
            &["类别"],
            &["卫生", "x", "很多", "class", "早读", "both"],
        ]));
        assert_eq!(
            bad,
            Err(vec![
                "第 2 行：分值、对象、时段或记录人无法识别".to_string()
            ])
        );
    }
}
