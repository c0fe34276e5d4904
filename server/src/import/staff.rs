//! Staff accounts from a CSV (姓名,账号,角色,年级,班级,手机): the role label decides the grant.
use app::domain::role::{Grant, Role, Scope};
use app::domain::roster::{Cell, Sheet};
use app::domain::school::GradeClasses;
use app::domain::text::{normalize, normalize_code};
use app::domain::users::parse_username;
use uuid::Uuid;

/// One staff row, cleaned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffRow {
    pub row: u32,
    pub name: String,
    pub username: String,
    pub role_label: String,
    pub grade: String,
    pub class: String,
    pub phone: String,
}

/// Reads the rows under the header; every problem is reported as "第 N 行：…".
pub fn parse_staff(sheet: &Sheet) -> Result<Vec<StaffRow>, Vec<String>> {
    let text = |c: Option<&Cell>| match c {
        Some(Cell::Text(s)) => normalize(s),
        Some(Cell::Number(n)) => format!("{}", *n as i64),
        _ => String::new(),
    };
    let Some(header) = sheet.rows.first() else {
        return Ok(Vec::new());
    };
    let column = |name: &str| header.iter().position(|c| text(Some(c)) == name);
    let (Some(name), Some(account), Some(role)) = (column("姓名"), column("账号"), column("角色"))
    else {
        return Err(vec!["第 1 行：缺少“姓名”“账号”或“角色”列".into()]);
    };
    let (grade, class, phone) = (column("年级"), column("班级"), column("手机"));
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for (i, cells) in sheet.rows.iter().enumerate().skip(1) {
        let get = |c: Option<usize>| text(c.and_then(|c| cells.get(c)));
        if cells.iter().all(|c| text(Some(c)).is_empty()) {
            continue;
        }
        let row = i as u32 + 1;
        match parse_username(&get(Some(account))) {
            Ok(username) => rows.push(StaffRow {
                row,
                name: get(Some(name)),
                username,
                role_label: get(Some(role)),
                grade: get(grade),
                class: get(class),
                phone: normalize_code(&get(phone)),
            }),
            Err(_) => errors.push(format!("第 {row} 行：账号无效")),
        }
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

/// The grant a role label stands for, resolved against the school's grades and classes.
pub fn grant_for(
    row: &StaffRow,
    school_id: Uuid,
    grades: &[GradeClasses],
) -> Result<Grant, String> {
    let class = || {
        grades
            .iter()
            .flat_map(|g| &g.classes)
            .find(|c| c.name == row.class)
            .map(|c| Scope::Class(c.id))
            .ok_or_else(|| format!("第 {} 行：找不到班级“{}”", row.row, row.class))
    };
    let grade = || {
        grades
            .iter()
            .find(|g| g.grade_name == row.grade)
            .map(|g| Scope::Grade(g.grade_id))
            .ok_or_else(|| format!("第 {} 行：找不到年级“{}”", row.row, row.grade))
    };
    let grant = |role, scope, sensitive| Grant {
        role,
        scope,
        sensitive,
        title: row.role_label.clone(),
    };
    Ok(match row.role_label.as_str() {
        "班主任" | "副班主任" => grant(Role::Teacher, class()?, false),
        "德育处" | "政教处" => grant(Role::Staff, Scope::School(school_id), true),
        "值周教师" | "值周" => grant(Role::Staff, Scope::School(school_id), false),
        "年级主任" => grant(Role::Staff, grade()?, false),
        "管理员" => grant(Role::SchoolAdmin, Scope::School(school_id), true),
        "家委会" if !row.class.is_empty() => grant(Role::Parent, class()?, false),
        "家委会" if !row.grade.is_empty() => grant(Role::Parent, grade()?, false),
        "家委会" => grant(Role::Parent, Scope::School(school_id), false),
        other => return Err(format!("第 {} 行：无法识别的角色“{other}”", row.row)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::domain::school::ClassSummary;

    fn sheet(rows: &[&[&str]]) -> Sheet {
        Sheet {
            name: "staff.csv".into(),
            rows: rows
                .iter()
                .map(|r| r.iter().map(|s| Cell::Text(s.to_string())).collect())
                .collect(),
        }
    }

    fn grades() -> Vec<GradeClasses> {
        vec![GradeClasses {
            grade_id: Uuid::from_u128(2),
            grade_name: "初一".into(),
            classes: vec![ClassSummary {
                id: Uuid::from_u128(3),
                name: "初一(1)班".into(),
                grade_id: Uuid::from_u128(2),
                grade_name: "初一".into(),
                student_count: 0,
                teachers: vec![],
            }],
        }]
    }

    #[test]
    fn each_role_label_maps_to_its_grant() {
        let rows = parse_staff(&sheet(&[
            &["姓名", "账号", "角色", "年级", "班级", "手机"],
            &[
                "范嘉城",
                "t101",
                "班主任",
                "初一",
                "初一(1)班",
                "13800001010",
            ],
            &["钱国庆", "nianji1", "年级主任", "初一", "", ""],
            &["郑丽华", "jiawei101", "家委会", "初一", "初一(1)班", ""],
            &["周德明", "deyu", "德育处", "", "", ""],
        ]))
        .unwrap();
        let school = Uuid::from_u128(1);
        let scopes: Vec<(Role, Scope, bool)> = rows
            .iter()
            .map(|r| {
                grant_for(r, school, &grades())
                    .map(|g| (g.role, g.scope, g.sensitive))
                    .unwrap()
            })
            .collect();
        assert_eq!(
            scopes,
            vec![
                (Role::Teacher, Scope::Class(Uuid::from_u128(3)), false),
                (Role::Staff, Scope::Grade(Uuid::from_u128(2)), false),
                (Role::Parent, Scope::Class(Uuid::from_u128(3)), false),
                (Role::Staff, Scope::School(school), true),
            ]
        );
    }

    #[test]
    fn an_unknown_class_or_role_names_the_row() {
        let rows = parse_staff(&sheet(&[
            &["姓名", "账号", "角色", "班级"],
            &["甲", "t999", "班主任", "初九(9)班"],
            &["乙", "x100", "校长助理", ""],
        ]))
        .unwrap();
        assert!(
            grant_for(&rows[0], Uuid::nil(), &grades())
                .unwrap_err()
                .contains("第 2 行")
        );
        assert!(
            grant_for(&rows[1], Uuid::nil(), &grades())
                .unwrap_err()
                .contains("第 3 行")
        );
    }
}
