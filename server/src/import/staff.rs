//! Staff accounts from a CSV (姓名,账号,角色,年级,班级,手机): the role label decides the grant.
use std::collections::HashSet;

use app::domain::role::{Grant, Principal, Role, Scope};
use app::domain::roster::{Cell, Sheet};
use app::domain::school::GradeClasses;
use app::domain::text::{normalize, normalize_code};
use app::domain::users::{Activation, StaffEntry, StaffOutcome, StaffPreview, parse_username};
use app::error::AppError;
use axum::extract::{Multipart, Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::{Extension, Json};
use chrono::{DateTime, Days, Utc};
use uuid::Uuid;

use super::read_sheets;
use super::roster::admin_school;
use super::upload::{self, UploadError};
use crate::auth::invites;
use crate::db::imports::{ImportKind, Staged};
use crate::db::users::StaffImported;
use crate::db::{self, Db};
use crate::http::error::{ApiError, internal};
use crate::state::AppState;

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

/// A staged staff file.
type StagedStaff = Staged<Vec<StaffEntry>, Vec<String>>;

const ACTIVATION_DAYS: u64 = 14;

/// Reads a staff file (CSV, or the first sheet of an .xlsx), resolves every row to an
/// account and a grant, and stages it; nothing is created yet.
pub async fn stage(
    db: &Db,
    who: &Principal,
    file_name: &str,
    bytes: &[u8],
) -> Result<StaffPreview, AppError> {
    let school_id = admin_school(who)?;
    let sheets = read_sheets(file_name, bytes)?;
    let sheet = sheets
        .into_iter()
        .find(|s| !s.rows.is_empty())
        .unwrap_or(Sheet {
            name: file_name.into(),
            rows: Vec::new(),
        });
    let (entries, errors) = match parse_staff(&sheet) {
        Ok(rows) => resolve(db, school_id, rows).await?,
        Err(errors) => (Vec::new(), errors),
    };
    let id = db::imports::stage(
        db,
        ImportKind::Staff,
        school_id,
        who.user_id,
        file_name,
        &entries,
        &errors,
    )
    .await
    .map_err(internal)?;
    load_preview(db, who, id).await
}

/// Grants and scope names for the rows, and every problem by row.
async fn resolve(
    db: &Db,
    school_id: Uuid,
    rows: Vec<StaffRow>,
) -> Result<(Vec<StaffEntry>, Vec<String>), AppError> {
    let grades = db::school::classes_by_grade(db, school_id)
        .await
        .map_err(internal)?;
    let school_name = db::school::school(db, school_id)
        .await
        .map_err(internal)?
        .map(|s| s.name)
        .unwrap_or_default();
    let usernames: Vec<String> = rows.iter().map(|r| r.username.clone()).collect();
    let existing = db::users::schools_of(db, &usernames)
        .await
        .map_err(internal)?;
    let mut seen = HashSet::new();
    let mut entries = Vec::new();
    let mut errors = Vec::new();
    for row in rows {
        if !seen.insert(row.username.clone()) {
            errors.push(format!("第 {} 行：账号 {} 重复", row.row, row.username));
            continue;
        }
        if row.name.is_empty() {
            errors.push(format!("第 {} 行：姓名为空", row.row));
            continue;
        }
        let exists = match existing.get(&row.username) {
            Some(school) if *school != Some(school_id) => {
                errors.push(format!(
                    "第 {} 行：账号 {} 已被其他学校使用",
                    row.row, row.username
                ));
                continue;
            }
            found => found.is_some(),
        };
        match grant_for(&row, school_id, &grades) {
            Ok(grant) => entries.push(StaffEntry {
                scope_name: scope_name(&grant, &grades, &school_name),
                row: row.row,
                name: row.name,
                username: row.username,
                phone: row.phone,
                role_label: row.role_label,
                grant,
                exists,
            }),
            Err(message) => errors.push(message),
        }
    }
    Ok((entries, errors))
}

fn scope_name(grant: &Grant, grades: &[GradeClasses], school_name: &str) -> String {
    match grant.scope {
        Scope::Class(id) => grades
            .iter()
            .flat_map(|g| &g.classes)
            .find(|c| c.id == id)
            .map(|c| c.name.clone()),
        Scope::Grade(id) => grades
            .iter()
            .find(|g| g.grade_id == id)
            .map(|g| g.grade_name.clone()),
        Scope::School(_) | Scope::District => Some(school_name.to_string()),
    }
    .unwrap_or_default()
}

/// A staged staff file of the admin's school.
pub async fn load_preview(db: &Db, who: &Principal, id: Uuid) -> Result<StaffPreview, AppError> {
    let school_id = admin_school(who)?;
    let staged: Option<StagedStaff> = db::imports::load(db, ImportKind::Staff, id)
        .await
        .map_err(internal)?;
    let staged = staged
        .filter(|s| s.school_id == school_id)
        .ok_or(AppError::NotFound)?;
    Ok(StaffPreview {
        id: staged.id,
        file_name: staged.file_name,
        entries: staged.entries,
        errors: staged.errors,
        committed: staged.committed,
    })
}

/// Creates the accounts (with one-time activation codes) and adds the grants.
pub async fn commit(db: &Db, who: &Principal, id: Uuid) -> Result<StaffOutcome, AppError> {
    let preview = load_preview(db, who, id).await?;
    if !preview.errors.is_empty() {
        return Err(AppError::Conflict {
            reason: "has_errors".into(),
        });
    }
    let school_id = admin_school(who)?;
    let activations: Vec<Activation> = preview
        .entries
        .iter()
        .filter(|e| !e.exists)
        .map(|e| {
            let code = invites::new_code();
            Activation {
                name: e.name.clone(),
                username: e.username.clone(),
                path: format!("/invite/{code}"),
                code,
            }
        })
        .collect();
    let hashes = activations
        .iter()
        .map(|a| (a.username.clone(), invites::code_hash(&a.code)))
        .collect();
    let expires_at = Utc::now()
        .checked_add_days(Days::new(ACTIVATION_DAYS))
        .unwrap_or(DateTime::<Utc>::MAX_UTC);
    let imported = db::users::import_staff(
        db,
        school_id,
        who.user_id,
        id,
        &preview.entries,
        &hashes,
        expires_at,
    )
    .await
    .map_err(internal)?;
    match imported {
        StaffImported::Done { updated } => Ok(StaffOutcome {
            activations,
            updated,
            expires_at,
        }),
        StaffImported::AlreadyCommitted => Err(AppError::Conflict {
            reason: "already_committed".into(),
        }),
        StaffImported::Taken(_) => Err(AppError::invalid("username", "taken")),
    }
}

/// `POST /api/admin/staff-imports` (multipart, field `file`): JSON preview or redirect.
pub async fn upload_handler(
    State(state): State<AppState>,
    principal: Option<Extension<Principal>>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Response {
    let result = async {
        let Extension(who) = principal.ok_or(AppError::Unauthorized)?;
        admin_school(&who)?;
        let file = upload::read_file(&mut multipart).await?;
        let preview = stage(&state.db, &who, &file.name, &file.bytes).await?;
        Ok::<_, UploadError>((preview.id, preview))
    };
    upload::respond(
        upload::wants_html(&headers),
        result.await,
        "/admin/staff-import",
    )
}

/// `POST /api/admin/staff-imports/{id}/commit`: creates the accounts, all or nothing.
pub async fn commit_handler(
    State(state): State<AppState>,
    principal: Option<Extension<Principal>>,
    Path(id): Path<Uuid>,
) -> Result<Json<StaffOutcome>, ApiError> {
    let Extension(who) = principal.ok_or(AppError::Unauthorized)?;
    Ok(Json(commit(&state.db, &who, id).await?))
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
