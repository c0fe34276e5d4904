//! The demo school (示范中学) from the files in `server/demo/`: roster, staff, check scheme.
use anyhow::{Context, bail};
use app::domain::day::Day;
use app::domain::roster::{Cell, parse_roster};
use app::domain::school::TermInput;
use app::domain::themes::{MonthlyTheme, parse_required};
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
const THEMES_CSV: &[u8] = include_bytes!("../demo/monthly_themes.csv");

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
    db::themes::add_themes(db, school_id, &demo_themes(today)?).await?;

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

/// The demo sheet's themes (月份, 主题, 必做活动) in the school year of `today`: each keeps its
/// month, September to June, so the demo school always has this year's themes.
fn demo_themes(today: NaiveDate) -> anyhow::Result<Vec<MonthlyTheme>> {
    let first_year = today.year() - i32::from(today.month() < 8);
    let sheet = read_sheets("monthly_themes.csv", THEMES_CSV)?.remove(0);
    let text = |cell: Option<&Cell>| match cell {
        Some(Cell::Text(t)) => t.trim().to_string(),
        _ => String::new(),
    };
    let mut themes = Vec::new();
    for row in sheet.rows.iter().skip(1) {
        let [month, theme, required] = [0, 1, 2].map(|i| text(row.get(i)));
        if month.is_empty() {
            continue;
        }
        let month = Day::parse_month(&month).map_err(|e| anyhow::anyhow!("{month}: {e}"))?;
        let year = first_year + i32::from(month.date().month() < 8);
        themes.push(MonthlyTheme {
            id: uuid::Uuid::now_v7(),
            month: NaiveDate::from_ymd_opt(year, month.date().month(), 1).context("month")?,
            grade_ids: Vec::new(),
            required: parse_required(&required).with_context(|| format!("{theme}: {required}"))?,
            theme,
        });
    }
    Ok(themes)
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

    /// Every month of the demo sheet is read, into the school year of the day the demo is
    /// loaded, and names activities the app knows.
    #[test]
    fn the_demo_themes_fall_in_this_school_year() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let themes = demo_themes(today).unwrap();
        assert_eq!(themes.len(), 9);
        let term = current_term(today);
        let first = &themes[0];
        assert_eq!(first.month, NaiveDate::from_ymd_opt(2026, 9, 1).unwrap());
        assert_eq!(
            first.required.len(),
            2,
            "安全教育(消防/交通): each topic on its own"
        );
        assert!(first.month >= term.start_date);
        let june = themes.last().unwrap();
        assert_eq!(june.month, NaiveDate::from_ymd_opt(2027, 6, 1).unwrap());
        let spring = demo_themes(NaiveDate::from_ymd_opt(2027, 3, 1).unwrap()).unwrap();
        assert_eq!(spring.last().unwrap().month, june.month);
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
