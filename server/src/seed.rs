//! The demo school (示范中学) from the files in `server/demo/`: roster, staff, check scheme.
use anyhow::{Context, bail};
use app::domain::roster::parse_roster;
use app::domain::school::TermInput;
use app::domain::users::check_password;
use chrono::{Datelike, NaiveDate};

use crate::auth::password;
use crate::db::users::NewUser;
use crate::db::{self, Db};
use crate::import::read_sheets;
use crate::import::scheme::parse_scheme;
use crate::import::staff::{grant_for, parse_staff};

/// Password of every demo account unless `HOMEROOM_DEMO_PASSWORD` says otherwise.
pub const DEFAULT_DEMO_PASSWORD: &str = "demo1234";
/// The demo school's name.
pub const DEMO_SCHOOL: &str = "示范中学";

const STUDENTS_XLSX: &[u8] = include_bytes!("../demo/students.xlsx");
const STAFF_CSV: &[u8] = include_bytes!("../demo/staff.csv");
const SCHEME_CSV: &[u8] = include_bytes!("../demo/check_scheme.csv");

/// Loads the demo school unless it is already there; `true` when it was loaded now.
pub async fn seed_demo(db: &Db, demo_password: &str) -> anyhow::Result<bool> {
    if db::school::school_by_name(db, DEMO_SCHOOL).await?.is_some() {
        return Ok(false);
    }
    if check_password(demo_password).is_err() {
        bail!("the demo password must have 8 to 128 characters");
    }
    let school_id = db::school::create_school(db, DEMO_SCHOOL, "Asia/Shanghai").await?;
    let today = crate::school::today_in("Asia/Shanghai");
    let term = current_term(today)
        .validate()
        .map_err(|e| anyhow::anyhow!("demo term: {e:?}"))?;
    db::school::save_term(db, school_id, term).await?;

    let parsed = parse_roster(&read_sheets("students.xlsx", STUDENTS_XLSX)?);
    if !parsed.errors.is_empty() {
        bail!("the demo roster has bad rows: {:?}", parsed.errors);
    }
    db::students::import(db, school_id, &parsed.entries, None).await?;

    let scheme = read_sheets("check_scheme.csv", SCHEME_CSV)?.remove(0);
    let items = parse_scheme(&scheme).map_err(|e| anyhow::anyhow!(e.join("; ")))?;
    db::checks::add_items(db, school_id, &items).await?;

    let grades = db::school::classes_by_grade(db, school_id).await?;
    let staff_sheet = read_sheets("staff.csv", STAFF_CSV)?.remove(0);
    let rows = parse_staff(&staff_sheet).map_err(|e| anyhow::anyhow!(e.join("; ")))?;
    for row in rows {
        let grant = grant_for(&row, school_id, &grades).map_err(anyhow::Error::msg)?;
        let hash = password::hash(demo_password).await?;
        let user = NewUser {
            id: uuid::Uuid::now_v7(),
            school_id: Some(school_id),
            username: &row.username,
            display_name: &row.name,
            phone: Some(row.phone.as_str()).filter(|p| !p.is_empty()),
            password_hash: Some(&hash.0),
        };
        db::users::create(db, &user, &[grant])
            .await
            .with_context(|| format!("staff row {}", row.row))?;
    }
    Ok(true)
}

/// The term a school is in on `today`: 第一学期 from September, 第二学期 from February.
pub fn current_term(today: NaiveDate) -> TermInput {
    let year = today.year();
    let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or(today);
    let (name, start, end) = match today.month() {
        8..=12 => (
            format!("{year}-{}学年第一学期", year + 1),
            date(year, 8, 1),
            date(year + 1, 1, 31),
        ),
        1 => (
            format!("{}-{year}学年第一学期", year - 1),
            date(year - 1, 8, 1),
            date(year, 1, 31),
        ),
        _ => (
            format!("{}-{year}学年第二学期", year - 1),
            date(year, 2, 1),
            date(year, 7, 31),
        ),
    };
    TermInput {
        id: None,
        name,
        start_date: start,
        end_date: end,
        weekdays: "12345".into(),
        days_off: String::new(),
        make_up_days: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every month of the demo school's theme sheet names activities the app knows.
    #[test]
    fn each_demo_theme_names_known_activities() {
        let sheet = include_str!("../demo/monthly_themes.csv");
        let rows: Vec<&str> = sheet.lines().skip(1).filter(|l| !l.is_empty()).collect();
        assert_eq!(rows.len(), 9);
        for row in rows {
            let required = row.rsplit(',').next().unwrap_or_default();
            let parsed = app::domain::themes::parse_required(required);
            assert!(parsed.is_some_and(|r| !r.is_empty()), "{row}");
        }
    }

    #[test]
    fn the_current_term_contains_today_all_year_round() {
        for month in 1..=12 {
            let today = NaiveDate::from_ymd_opt(2026, month, 15).unwrap();
            let term = current_term(today);
            assert!(
                term.start_date <= today && today <= term.end_date,
                "{month}: {term:?}"
            );
        }
        assert_eq!(
            current_term(NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()).name,
            "2026-2027学年第一学期"
        );
    }
}
