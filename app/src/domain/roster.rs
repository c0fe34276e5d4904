//! Reading a class roster out of a school's spreadsheet: finds the header under a
//! title row, cleans each cell, and reports every bad row by sheet and row number.
use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::school::{Guardian, Sex};
use super::text::{normalize, normalize_code};

/// A spreadsheet cell as the importer sees it, whatever the file format.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
}

/// The most rows an uploaded sheet may use: a big school's roster is a few thousand students.
pub const MAX_ROWS: u32 = 20_000;
/// The most columns an uploaded sheet may use.
pub const MAX_COLUMNS: u32 = 64;
/// The longest text a cell of an upload may hold, in characters.
pub const MAX_CELL_CHARS: usize = 1_000;
/// The most an uploaded workbook may hold once unzipped (all its parts together), in MB.
pub const MAX_UNZIPPED_MB: u64 = 64;

/// One sheet of a workbook (a CSV file is one sheet); rows as in the file, from row 1.
#[derive(Clone, Debug, PartialEq)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Vec<Cell>>,
}

/// One student as read from a good row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterEntry {
    pub sheet: String,
    pub row: u32,
    pub grade: String,
    pub class: String,
    pub student_no: String,
    pub name: String,
    pub sex: Sex,
    pub birth_date: Option<NaiveDate>,
    pub guardian: Option<Guardian>,
    pub left_behind: bool,
    pub boarder: bool,
}

/// What is wrong with a row, in a form the phone translates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Problem {
    MissingColumn {
        column: String,
    },
    MissingValue {
        column: String,
    },
    BadSex {
        value: String,
    },
    BadDate {
        value: String,
    },
    BadFlag {
        column: String,
        value: String,
    },
    BadPhone {
        value: String,
    },
    BadStudentNo {
        value: String,
    },
    TooLong {
        column: String,
    },
    DuplicateStudentNo {
        value: String,
        first_sheet: String,
        first_row: u32,
    },
}

/// A bad row: where it is and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    pub sheet: String,
    pub row: u32,
    pub problem: Problem,
}

/// Everything read from a file; it may be imported only when `errors` is empty.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParsedRoster {
    pub entries: Vec<RosterEntry>,
    pub errors: Vec<RowError>,
}

/// How many students of one class a file holds, and how many are new.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassCount {
    pub grade: String,
    pub class: String,
    pub count: usize,
    pub new: usize,
}

/// What an uploaded roster file would do, shown before anything is imported.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPreview {
    pub id: uuid::Uuid,
    pub file_name: String,
    pub total: usize,
    pub classes: Vec<ClassCount>,
    pub errors: Vec<RowError>,
    pub committed: bool,
}

/// What an import did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportOutcome {
    pub created: usize,
    pub updated: usize,
    pub classes: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Field {
    Grade,
    Class,
    StudentNo,
    Name,
    Sex,
    BirthDate,
    GuardianName,
    GuardianRelation,
    GuardianPhone,
    LeftBehind,
    Boarder,
}

impl Field {
    fn from_header(text: &str) -> Option<Field> {
        let key: String = normalize_code(text).trim_matches('*').to_string();
        Some(match key.as_str() {
            "年级" => Field::Grade,
            "班级" | "班别" => Field::Class,
            "学号" | "学籍号" => Field::StudentNo,
            "姓名" | "学生姓名" => Field::Name,
            "性别" => Field::Sex,
            "出生日期" | "出生年月" | "生日" => Field::BirthDate,
            "监护人姓名" | "家长姓名" | "监护人" => Field::GuardianName,
            "监护人关系" | "关系" | "与学生关系" => Field::GuardianRelation,
            "监护人电话" | "家长电话" | "联系电话" | "手机" => Field::GuardianPhone,
            "留守儿童" | "留守" | "是否留守" => Field::LeftBehind,
            "住校" | "寄宿" | "是否住校" => Field::Boarder,
            _ => return None,
        })
    }

    fn label(self) -> &'static str {
        match self {
            Field::Grade => "年级",
            Field::Class => "班级",
            Field::StudentNo => "学号",
            Field::Name => "姓名",
            Field::Sex => "性别",
            Field::BirthDate => "出生日期",
            Field::GuardianName => "监护人姓名",
            Field::GuardianRelation => "监护人关系",
            Field::GuardianPhone => "监护人电话",
            Field::LeftBehind => "留守儿童",
            Field::Boarder => "住校",
        }
    }
}

const REQUIRED: [Field; 4] = [Field::Class, Field::StudentNo, Field::Name, Field::Sex];
const HEADER_SEARCH_ROWS: usize = 10;
const MAX_NAME_CHARS: usize = 50;

/// Reads every sheet; sheets with nothing in them are skipped.
pub fn parse_roster(sheets: &[Sheet]) -> ParsedRoster {
    let mut parsed = ParsedRoster::default();
    let mut first_seen: HashMap<String, (String, u32)> = HashMap::new();
    for sheet in sheets {
        let Some(columns) = find_header(sheet, &mut parsed.errors) else {
            continue;
        };
        for (index, cells) in sheet.rows.iter().enumerate().skip(columns.header_index + 1) {
            if cells.iter().all(is_blank) {
                continue;
            }
            let row = index as u32 + 1;
            let mut problems = Vec::new();
            let entry = read_row(&sheet.name, row, cells, &columns, &mut problems);
            if let Some(entry) = entry {
                match first_seen.get(&entry.student_no) {
                    Some((first_sheet, first_row)) => problems.push(Problem::DuplicateStudentNo {
                        value: entry.student_no.clone(),
                        first_sheet: first_sheet.clone(),
                        first_row: *first_row,
                    }),
                    None => {
                        first_seen.insert(entry.student_no.clone(), (sheet.name.clone(), row));
                    }
                }
                if problems.is_empty() {
                    parsed.entries.push(entry);
                }
            }
            parsed
                .errors
                .extend(problems.into_iter().map(|problem| RowError {
                    sheet: sheet.name.clone(),
                    row,
                    problem,
                }));
        }
    }
    parsed
}

struct Columns {
    header_index: usize,
    by_field: HashMap<Field, usize>,
}

fn find_header(sheet: &Sheet, errors: &mut Vec<RowError>) -> Option<Columns> {
    if sheet.rows.iter().all(|r| r.iter().all(is_blank)) {
        return None;
    }
    let found = sheet
        .rows
        .iter()
        .take(HEADER_SEARCH_ROWS)
        .enumerate()
        .map(|(i, row)| (i, header_fields(row)))
        .find(|(_, fields)| {
            fields.contains_key(&Field::StudentNo) && fields.contains_key(&Field::Name)
        });
    let Some((header_index, by_field)) = found else {
        errors.push(RowError {
            sheet: sheet.name.clone(),
            row: 1,
            problem: Problem::MissingColumn {
                column: Field::StudentNo.label().into(),
            },
        });
        return None;
    };
    let missing: Vec<RowError> = REQUIRED
        .iter()
        .filter(|f| !by_field.contains_key(f))
        .map(|f| RowError {
            sheet: sheet.name.clone(),
            row: header_index as u32 + 1,
            problem: Problem::MissingColumn {
                column: f.label().into(),
            },
        })
        .collect();
    if !missing.is_empty() {
        errors.extend(missing);
        return None;
    }
    Some(Columns {
        header_index,
        by_field,
    })
}

fn header_fields(row: &[Cell]) -> HashMap<Field, usize> {
    let mut fields = HashMap::new();
    for (i, cell) in row.iter().enumerate() {
        if let Some(field) = Field::from_header(&cell_text(cell)) {
            fields.entry(field).or_insert(i);
        }
    }
    fields
}

fn read_row(
    sheet: &str,
    row: u32,
    cells: &[Cell],
    columns: &Columns,
    problems: &mut Vec<Problem>,
) -> Option<RosterEntry> {
    let cell = |f: Field| {
        columns
            .by_field
            .get(&f)
            .and_then(|&i| cells.get(i))
            .unwrap_or(&Cell::Empty)
    };
    let text = |f: Field| normalize(&cell_text(cell(f)));
    let mut required = |f: Field| {
        let value = text(f);
        if value.is_empty() {
            problems.push(Problem::MissingValue {
                column: f.label().into(),
            });
        } else if value.chars().count() > MAX_NAME_CHARS {
            problems.push(Problem::TooLong {
                column: f.label().into(),
            });
        }
        value
    };
    let raw_class = required(Field::Class);
    let name = required(Field::Name);
    let raw_no = required(Field::StudentNo);
    let raw_sex = required(Field::Sex);
    let grade = grade_name(&text(Field::Grade), &raw_class, sheet);
    let class = class_name(&grade, &raw_class);

    let student_no = normalize_code(&raw_no);
    if !raw_no.is_empty() && !valid_student_no(&student_no) {
        problems.push(Problem::BadStudentNo { value: raw_no });
    }
    let sex = Sex::parse(&raw_sex);
    if sex.is_none() && !raw_sex.is_empty() {
        problems.push(Problem::BadSex { value: raw_sex });
    }
    let birth_date = match cell(Field::BirthDate) {
        c if is_blank(c) => None,
        c => {
            let parsed = parse_date(c);
            if parsed.is_none() {
                problems.push(Problem::BadDate {
                    value: normalize(&cell_text(c)),
                });
            }
            parsed
        }
    };
    let mut flag = |f: Field| {
        let value = text(f);
        parse_flag(&value).unwrap_or_else(|| {
            problems.push(Problem::BadFlag {
                column: f.label().into(),
                value,
            });
            false
        })
    };
    let left_behind = flag(Field::LeftBehind);
    let boarder = flag(Field::Boarder);
    let guardian = read_guardian(&text, problems);

    if !problems.is_empty() {
        return None;
    }
    Some(RosterEntry {
        sheet: sheet.to_string(),
        row,
        grade,
        class,
        student_no,
        name,
        sex: sex?,
        birth_date,
        guardian,
        left_behind,
        boarder,
    })
}

fn read_guardian(text: &dyn Fn(Field) -> String, problems: &mut Vec<Problem>) -> Option<Guardian> {
    let name = text(Field::GuardianName);
    let relation = text(Field::GuardianRelation);
    let raw_phone = text(Field::GuardianPhone);
    let phone = normalize_code(&raw_phone);
    if !phone.is_empty() && !valid_phone(&phone) {
        problems.push(Problem::BadPhone { value: raw_phone });
    }
    if name.is_empty() && relation.is_empty() && phone.is_empty() {
        return None;
    }
    Some(Guardian {
        name,
        relation,
        phone,
    })
}

fn is_blank(cell: &Cell) -> bool {
    match cell {
        Cell::Empty => true,
        Cell::Text(s) => normalize(s).is_empty(),
        Cell::Number(_) | Cell::Date(_) => false,
    }
}

/// Text of a cell; whole numbers lose the `.0` a spreadsheet gives them (student numbers, phones).
fn cell_text(cell: &Cell) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Text(s) => s.clone(),
        Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
        Cell::Number(n) => n.to_string(),
        Cell::Date(d) => d.to_string(),
    }
}

/// The grade: its own column, else the start of the class name (初一(1)班 → 初一), else the sheet.
fn grade_name(column: &str, class: &str, sheet: &str) -> String {
    if !column.is_empty() {
        return column.to_string();
    }
    match class.split_once('(') {
        Some((prefix, _)) if !prefix.is_empty() => prefix.to_string(),
        _ => normalize(sheet),
    }
}

/// A full class name: `1` or `(1)班` under grade 初一 becomes `初一(1)班`.
fn class_name(grade: &str, class: &str) -> String {
    if !class.is_empty() && class.chars().all(|c| c.is_ascii_digit()) {
        format!("{grade}({class})班")
    } else if class.starts_with('(') {
        format!("{grade}{class}")
    } else {
        class.to_string()
    }
}

/// A date as typed or stored: an Excel date, an Excel serial number, or common text forms.
pub fn parse_date(cell: &Cell) -> Option<NaiveDate> {
    let date = match cell {
        Cell::Date(d) => Some(*d),
        Cell::Number(n) if (19000101.0..=21001231.0).contains(n) => {
            NaiveDate::parse_from_str(&format!("{}", *n as i64), "%Y%m%d").ok()
        }
        Cell::Number(n) if n.fract() == 0.0 && *n > 0.0 && *n < 100_000.0 => {
            NaiveDate::from_ymd_opt(1899, 12, 30)
                .and_then(|epoch| epoch.checked_add_days(Days::new(*n as u64)))
        }
        Cell::Text(s) => parse_date_text(&normalize_code(s)),
        _ => None,
    }?;
    (1950..=2100)
        .contains(&chrono::Datelike::year(&date))
        .then_some(date)
}

fn parse_date_text(s: &str) -> Option<NaiveDate> {
    let s = s.split(['T', ' ']).next().unwrap_or(s);
    ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(s, f).ok())
}

fn parse_flag(value: &str) -> Option<bool> {
    match value.to_lowercase().as_str() {
        "是" | "y" | "yes" | "√" | "✓" | "1" | "true" => Some(true),
        "否" | "n" | "no" | "×" | "0" | "false" | "" => Some(false),
        _ => None,
    }
}

fn valid_student_no(s: &str) -> bool {
    (1..=32).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

fn valid_phone(s: &str) -> bool {
    (5..=20).contains(&s.len())
        && s.chars()
            .all(|c| c.is_ascii_digit() || c == '-' || c == '+')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    fn header() -> Vec<Cell> {
        [
            "年级",
            "班级",
            "学号",
            "姓名",
            "性别",
            "出生日期",
            "监护人姓名",
            "监护人关系",
            "监护人电话",
            "留守儿童",
            "住校",
        ]
        .into_iter()
        .map(t)
        .collect()
    }

    fn good_row(no: &str) -> Vec<Cell> {
        vec![
            t("初一"),
            t("初一(1)班"),
            t(no),
            t("叶思桐"),
            t("女"),
            Cell::Date(NaiveDate::from_ymd_opt(2014, 2, 22).unwrap()),
            t("谭梦彤"),
            t("母亲"),
            t("13900000001"),
            t("否"),
            t("是"),
        ]
    }

    fn sheet(rows: Vec<Vec<Cell>>) -> Sheet {
        Sheet {
            name: "初一".into(),
            rows,
        }
    }

    #[test]
    fn a_title_row_above_the_header_is_skipped() {
        let parsed = parse_roster(&[sheet(vec![
            vec![t("示范中学 学生名单"), Cell::Empty],
            header(),
            good_row("202510101"),
        ])]);
        assert_eq!(parsed.errors, vec![]);
        assert_eq!(parsed.entries.len(), 1);
        let e = &parsed.entries[0];
        assert_eq!(
            (e.row, e.class.as_str(), e.sex),
            (3, "初一(1)班", Sex::Female)
        );
        assert!(e.boarder && !e.left_behind);
        assert_eq!(
            e.guardian.as_ref().map(|g| g.relation.as_str()),
            Some("母亲")
        );
    }

    #[test]
    fn full_width_text_stray_spaces_and_numeric_cells_are_cleaned() {
        let mut row = good_row("x");
        row[1] = t(" 初一（１）班 ");
        row[2] = Cell::Number(202510101.0);
        row[3] = t("\u{3000}叶思桐 ");
        row[5] = Cell::Number(41692.0);
        row[8] = Cell::Number(13900000001.0);
        let parsed = parse_roster(&[sheet(vec![
            header(),
            row,
            vec![Cell::Empty; 3],
            vec![t(" ")],
        ])]);
        assert_eq!(parsed.errors, vec![]);
        let e = &parsed.entries[0];
        assert_eq!(e.class, "初一(1)班");
        assert_eq!(e.student_no, "202510101");
        assert_eq!(e.name, "叶思桐");
        assert_eq!(e.birth_date, NaiveDate::from_ymd_opt(2014, 2, 22));
        assert_eq!(
            e.guardian.as_ref().map(|g| g.phone.as_str()),
            Some("13900000001")
        );
    }

    #[test]
    fn bad_rows_are_reported_by_sheet_and_row_with_the_reason() {
        let mut bad_sex = good_row("202510102");
        bad_sex[4] = t("未知");
        let mut bad_date = good_row("202510103");
        bad_date[5] = t("2014-13-45");
        let parsed = parse_roster(&[sheet(vec![
            header(),
            good_row("202510101"),
            bad_sex,
            bad_date,
            good_row("202510101"),
        ])]);
        assert_eq!(parsed.entries.len(), 1);
        let found: Vec<(u32, &Problem)> =
            parsed.errors.iter().map(|e| (e.row, &e.problem)).collect();
        assert_eq!(
            found,
            vec![
                (
                    3,
                    &Problem::BadSex {
                        value: "未知".into()
                    }
                ),
                (
                    4,
                    &Problem::BadDate {
                        value: "2014-13-45".into()
                    }
                ),
                (
                    5,
                    &Problem::DuplicateStudentNo {
                        value: "202510101".into(),
                        first_sheet: "初一".into(),
                        first_row: 2
                    }
                ),
            ]
        );
    }

    #[test]
    fn a_sheet_without_a_required_column_is_refused() {
        let mut h = header();
        h.remove(4);
        let parsed = parse_roster(&[sheet(vec![h, good_row("1")])]);
        assert!(parsed.entries.is_empty());
        assert_eq!(
            parsed.errors[0].problem,
            Problem::MissingColumn {
                column: "性别".into()
            }
        );
    }

    #[test]
    fn the_grade_comes_from_the_class_name_when_there_is_no_grade_column() {
        let h: Vec<Cell> = ["班级", "学号", "姓名", "性别"]
            .into_iter()
            .map(t)
            .collect();
        let parsed = parse_roster(&[Sheet {
            name: "Sheet1".into(),
            rows: vec![h, vec![t("初二(3)班"), t("1"), t("王淑"), t("男")]],
        }]);
        assert_eq!(parsed.entries[0].grade, "初二");
    }

    #[test]
    fn dates_are_read_in_the_forms_schools_type_them() {
        let d = NaiveDate::from_ymd_opt(2014, 2, 22);
        for cell in [
            t("2014/2/22"),
            t("2014.02.22"),
            t("2014年2月22日"),
            t("20140222"),
            Cell::Number(20140222.0),
        ] {
            assert_eq!(parse_date(&cell), d, "{cell:?}");
        }
        assert_eq!(parse_date(&t("1800-01-01")), None);
    }
}
