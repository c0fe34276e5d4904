//! The school as each role may see it: home screens, rosters, terms, and `/api/me`.
use app::domain::role::{ClassPlace, Principal, Role, Scope};
use app::domain::school::{
    ClassSummary, GradeClasses, Home, Me, Roster, Scopes, StudentDetail, StudentInput, Term,
    TermInput, UnitInput,
};
use app::domain::scores::ScoreRules;
use app::error::AppError;
use axum::extract::{Path, State};
use axum::{Extension, Json};
use chrono::{NaiveDate, Utc};
use uuid::Uuid;

use crate::db::school::{TermSaved, UnitSaved};
use crate::db::{self, Db};
use crate::http::error::{ApiError, internal};
use crate::state::AppState;

/// Today's date where the school is (Asia/Shanghai unless configured otherwise).
pub fn today_in(timezone: &str) -> NaiveDate {
    date_in(timezone, Utc::now())
}

/// The school's date at `instant`.
pub fn date_in(timezone: &str, instant: chrono::DateTime<Utc>) -> NaiveDate {
    let tz: chrono_tz::Tz = timezone.parse().unwrap_or(chrono_tz::Asia::Shanghai);
    instant.with_timezone(&tz).date_naive()
}

/// Where a class sits, if `allowed` lets the user look: 404 for no such class, else 403.
pub async fn class_for(
    db: &Db,
    class_id: Uuid,
    allowed: impl Fn(&ClassPlace) -> bool,
) -> Result<ClassPlace, AppError> {
    let place = db::school::class_place(db, class_id)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
    if allowed(&place) {
        Ok(place)
    } else {
        Err(AppError::Forbidden)
    }
}

/// Where a class of the school sits, for the role checks.
pub fn place_of(class: &ClassSummary, school_id: Uuid) -> ClassPlace {
    ClassPlace {
        class_id: class.id,
        grade_id: class.grade_id,
        school_id,
    }
}

/// The classes of the user's school whose students they may read; 403 when there are none.
pub async fn readable_classes(db: &Db, who: &Principal) -> Result<Vec<ClassSummary>, AppError> {
    let school_id = who.school_id.ok_or(AppError::Forbidden)?;
    let classes: Vec<ClassSummary> = db::school::classes_by_grade(db, school_id)
        .await
        .map_err(internal)?
        .into_iter()
        .flat_map(|g| g.classes)
        .filter(|c| who.can_read_roster(&place_of(c, school_id)))
        .collect();
    if classes.is_empty() {
        return Err(AppError::Forbidden);
    }
    Ok(classes)
}

/// Today at the school, in its own time zone.
pub async fn today_at(db: &Db, school_id: Uuid) -> Result<NaiveDate, AppError> {
    let school = db::school::school(db, school_id)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
    Ok(today_in(&school.timezone))
}

/// The term the school is in today, with its scoring rules.
pub async fn current_term(
    db: &Db,
    school_id: Uuid,
) -> Result<Option<(Term, ScoreRules)>, AppError> {
    let today = today_at(db, school_id).await?;
    db::scores::term_overlapping(db, school_id, today, today)
        .await
        .map_err(internal)
}

/// The user's school, or 403 for accounts that belong to none.
fn school_of(who: &Principal) -> Result<Uuid, AppError> {
    who.school_id.ok_or(AppError::Forbidden)
}

/// The grades and classes of the user's school that their grants reach.
async fn visible_classes(db: &Db, who: &Principal) -> Result<Vec<GradeClasses>, AppError> {
    let Some(school_id) = who.school_id else {
        return Ok(Vec::new());
    };
    let grades = db::school::classes_by_grade(db, school_id)
        .await
        .map_err(internal)?;
    Ok(grades
        .into_iter()
        .map(|mut grade| {
            grade
                .classes
                .retain(|c| who.can_see_class(&place_of(c, school_id)));
            grade
        })
        .filter(|g| !g.classes.is_empty() || who.can_administer(school_id))
        .collect())
}

/// The home screen: greeting, today, the current term, and the classes in scope.
pub async fn home(db: &Db, who: &Principal) -> Result<Home, AppError> {
    let school = match who.school_id {
        Some(id) => db::school::school(db, id).await.map_err(internal)?,
        None => None,
    };
    let today = today_in(
        school
            .as_ref()
            .map_or("Asia/Shanghai", |s| s.timezone.as_str()),
    );
    let term = match &school {
        Some(s) => db::school::term_on(db, s.id, today)
            .await
            .map_err(internal)?,
        None => None,
    };
    Ok(Home {
        display_name: who.display_name.clone(),
        role: who.primary_role(),
        grades: visible_classes(db, who).await?,
        school,
        today,
        term,
    })
}

/// Who the user is and the ids their grants reach.
pub async fn me(db: &Db, who: &Principal) -> Result<Me, AppError> {
    let school = match who.school_id {
        Some(id) => db::school::school(db, id).await.map_err(internal)?,
        None => None,
    };
    let grades = visible_classes(db, who).await?;
    let mut roles: Vec<Role> = who.grants.iter().map(|g| g.role).collect();
    roles.sort();
    roles.dedup();
    let scopes = Scopes {
        school_ids: who
            .grants
            .iter()
            .filter_map(|g| match g.scope {
                Scope::School(id) => Some(id),
                _ => None,
            })
            .collect(),
        grade_ids: grades
            .iter()
            .filter(|g| {
                who.grants.iter().any(|gr| match gr.scope {
                    Scope::Grade(id) => id == g.grade_id,
                    Scope::School(_) | Scope::District => true,
                    Scope::Class(_) => false,
                })
            })
            .map(|g| g.grade_id)
            .collect(),
        class_ids: grades
            .iter()
            .flat_map(|g| g.classes.iter().map(|c| c.id))
            .collect(),
    };
    Ok(Me {
        user_id: who.user_id,
        username: who.username.clone(),
        display_name: who.display_name.clone(),
        roles,
        grants: who.grants.clone(),
        school,
        scopes,
    })
}

/// A class's roster: 404 if no such class, 403 unless the user may read its students.
pub async fn roster(db: &Db, who: &Principal, class_id: Uuid) -> Result<Roster, AppError> {
    let place = class_for(db, class_id, |p| who.can_read_roster(p)).await?;
    let sensitive = who.can_read_sensitive(&place);
    let class = db::school::classes_by_grade(db, place.school_id)
        .await
        .map_err(internal)?
        .into_iter()
        .flat_map(|g| g.classes)
        .find(|c| c.id == class_id)
        .ok_or(AppError::NotFound)?;
    let students = db::students::roster(db, class_id, sensitive)
        .await
        .map_err(internal)?;
    Ok(Roster {
        class,
        students,
        editable: who.can_edit_students(&place),
        administrable: who.can_administer(place.school_id),
    })
}

/// The terms of the user's school.
pub async fn terms(db: &Db, who: &Principal) -> Result<Vec<Term>, AppError> {
    db::school::terms(db, school_of(who)?)
        .await
        .map_err(internal)
}

/// Creates or updates a term; admins only.
pub async fn save_term(db: &Db, who: &Principal, input: TermInput) -> Result<Term, AppError> {
    let school_id = school_of(who)?;
    if !who.can_administer(school_id) {
        return Err(AppError::Forbidden);
    }
    let input = input
        .validate()
        .map_err(|fields| AppError::Validation { fields })?;
    match db::school::save_term(db, school_id, input)
        .await
        .map_err(internal)?
    {
        TermSaved::Saved(term) => Ok(term),
        TermSaved::NameTaken => Err(AppError::invalid("name", "taken")),
        TermSaved::NotFound => Err(AppError::NotFound),
    }
}

/// One student for the edit form: 404 if unknown, 403 unless the user may edit them.
pub async fn student(db: &Db, who: &Principal, id: Uuid) -> Result<StudentDetail, AppError> {
    let detail = db::students::detail(db, id)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
    if !who.can_edit_students(&detail.place) {
        return Err(AppError::Forbidden);
    }
    let classes = if who.can_administer(detail.place.school_id) {
        let grades = db::school::classes_by_grade(db, detail.place.school_id)
            .await
            .map_err(internal)?;
        grades.into_iter().flat_map(|g| g.classes).collect()
    } else {
        Vec::new()
    };
    let participation =
        crate::activities::participation(db, id, detail.place.class_id, detail.place.school_id)
            .await?;
    Ok(StudentDetail {
        student: detail.student,
        student_no: detail.student_no,
        class_name: detail.class_name,
        classes,
        participation,
    })
}

/// Saves a student; only admins may move a student to another class of the school.
pub async fn save_student(db: &Db, who: &Principal, input: StudentInput) -> Result<(), AppError> {
    let current = db::students::detail(db, input.id)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
    if !who.can_edit_students(&current.place) {
        return Err(AppError::Forbidden);
    }
    let input = input
        .validate()
        .map_err(|fields| AppError::Validation { fields })?;
    if input.class_id != current.place.class_id {
        let target = db::school::class_place(db, input.class_id)
            .await
            .map_err(internal)?;
        let allowed = target.is_some_and(|t| t.school_id == current.place.school_id)
            && who.can_administer(current.place.school_id);
        if !allowed {
            return Err(AppError::Forbidden);
        }
    }
    db::students::update(db, &input).await.map_err(internal)
}

/// Creates or renames a grade or class of the admin's school.
pub async fn save_unit(
    db: &Db,
    who: &Principal,
    unit: UnitInput,
    is_class: bool,
) -> Result<(), AppError> {
    let school_id = school_of(who)?;
    if !who.can_administer(school_id) {
        return Err(AppError::Forbidden);
    }
    let unit = unit
        .validate()
        .map_err(|fields| AppError::Validation { fields })?;
    let saved = if is_class {
        db::school::save_class(db, school_id, &unit).await
    } else {
        db::school::save_grade(db, school_id, &unit).await
    };
    match saved.map_err(internal)? {
        UnitSaved::Saved => Ok(()),
        UnitSaved::NameTaken => Err(AppError::invalid("unit_name", "taken")),
        UnitSaved::NotFound => Err(AppError::NotFound),
    }
}

/// `GET /api/classes/{id}/students`: the roster as JSON.
pub async fn students_handler(
    State(state): State<AppState>,
    principal: Option<Extension<Principal>>,
    Path(class_id): Path<Uuid>,
) -> Result<Json<Roster>, ApiError> {
    let Extension(who) = principal.ok_or(AppError::Unauthorized)?;
    Ok(Json(roster(&state.db, &who, class_id).await?))
}
