//! Students and guardians: the roster, and the all-or-nothing roster import.
use std::collections::{HashMap, HashSet};

use app::domain::photos::PhotoConsent;
use app::domain::role::ClassPlace;
use app::domain::roster::{ImportOutcome, RosterEntry};
use app::domain::school::{
    Guardian, RosterStudent, Sex, StudentFlags, StudentInput, class_rank, grade_rank,
};
use app::sync::SyncScope;
use chrono::{NaiveDate, Utc};
use uuid::Uuid;

use super::changes::StampChange;
use super::{BeginWrite, Db, DbError, on_db};

/// Tells the phones of a student's old class that the student left it.
macro_rules! tombstone {
    ($tx:expr, $old_class:expr, $student_id:expr) => {{
        let seq = $tx.next_change(SyncScope::Class($old_class)).await?;
        sqlx::query("INSERT INTO sync_tombstone (scope_kind, scope_id, change_seq, table_name, row_id) VALUES ('class', $1, $2, 'student', $3)")
            .bind($old_class).bind(seq).bind($student_id).execute(&mut *$tx).await?;
    }};
}

#[derive(sqlx::FromRow)]
struct StudentRow {
    id: Uuid,
    student_no: String,
    name: String,
    sex: String,
    birth_date: Option<NaiveDate>,
    left_behind: bool,
    boarder: bool,
    hardship: bool,
    special_needs: bool,
}

#[derive(sqlx::FromRow)]
struct GuardianRow {
    student_id: Uuid,
    name: String,
    relation: String,
    phone: String,
}

/// A class's active students by number; flags and guardians only when `sensitive`.
pub async fn roster(
    db: &Db,
    class_id: Uuid,
    sensitive: bool,
) -> Result<Vec<RosterStudent>, DbError> {
    let students_sql = "SELECT id, student_no, name, sex, birth_date, left_behind, boarder, hardship, special_needs
                        FROM student WHERE class_id = $1 AND active ORDER BY student_no";
    let guardians_sql = "SELECT g.student_id, g.name, g.relation, g.phone FROM guardian g
                         JOIN student s ON s.id = g.student_id
                         WHERE s.class_id = $1 ORDER BY g.is_primary DESC, g.name";
    let rows: Vec<StudentRow> =
        on_db!(db, pool => sqlx::query_as(students_sql).bind(class_id).fetch_all(pool).await?);
    let guardians: Vec<GuardianRow> = if sensitive {
        on_db!(db, pool => sqlx::query_as(guardians_sql).bind(class_id).fetch_all(pool).await?)
    } else {
        Vec::new()
    };
    rows.into_iter()
        .map(|r| {
            let sex =
                Sex::parse(&r.sex).ok_or_else(|| DbError::Corrupt(format!("sex {}", r.sex)))?;
            Ok(RosterStudent {
                guardians: guardians
                    .iter()
                    .filter(|g| g.student_id == r.id)
                    .map(|g| Guardian {
                        name: g.name.clone(),
                        relation: g.relation.clone(),
                        phone: g.phone.clone(),
                    })
                    .collect(),
                flags: sensitive.then_some(StudentFlags {
                    left_behind: r.left_behind,
                    boarder: r.boarder,
                    hardship: r.hardship,
                    special_needs: r.special_needs,
                }),
                birth_date: if sensitive { r.birth_date } else { None },
                id: r.id,
                student_no: r.student_no,
                name: r.name,
                sex,
            })
        })
        .collect()
}

/// Student numbers already on file in a school, to tell new students from updates.
pub async fn known_numbers(db: &Db, school_id: Uuid) -> Result<HashSet<String>, DbError> {
    let sql = "SELECT student_no FROM student WHERE school_id = $1";
    let rows: Vec<(String,)> =
        on_db!(db, pool => sqlx::query_as(sql).bind(school_id).fetch_all(pool).await?);
    Ok(rows.into_iter().map(|r| r.0).collect())
}

/// Writes every entry in one transaction: grades and classes are created as needed,
/// a known student number updates that student, and the guardian becomes the primary one.
/// With `staged`, that staged import is marked done in the same transaction; `None` comes
/// back if it already was, and nothing is written.
pub async fn import(
    db: &Db,
    school_id: Uuid,
    entries: &[RosterEntry],
    staged: Option<Uuid>,
) -> Result<Option<ImportOutcome>, DbError> {
    let now = Utc::now();
    let mut created = 0;
    let mut class_ids: HashMap<String, Uuid> = HashMap::new();
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        if let Some(import_id) = staged {
            let claimed = sqlx::query("UPDATE roster_import SET committed_at = $1 WHERE id = $2 AND committed_at IS NULL")
                .bind(now).bind(import_id).execute(&mut *tx).await?;
            if claimed.rows_affected() == 0 {
                return Ok(None);
            }
        }
        let known: Vec<(String, Uuid)> = sqlx::query_as("SELECT student_no, class_id FROM student WHERE school_id = $1")
            .bind(school_id).fetch_all(&mut *tx).await?;
        let known: HashMap<String, Uuid> = known.into_iter().collect();
        for entry in entries {
            let class_id = if let Some(id) = class_ids.get(&entry.class) {
                *id
            } else {
                sqlx::query("INSERT INTO grade (id, school_id, name, sort_order) VALUES ($1, $2, $3, $4)
                             ON CONFLICT (school_id, name) DO NOTHING")
                    .bind(Uuid::now_v7()).bind(school_id).bind(&entry.grade).bind(grade_rank(&entry.grade))
                    .execute(&mut *tx).await?;
                let (grade_id,): (Uuid,) = sqlx::query_as("SELECT id FROM grade WHERE school_id = $1 AND name = $2")
                    .bind(school_id).bind(&entry.grade).fetch_one(&mut *tx).await?;
                let exists: Option<(Uuid,)> = sqlx::query_as("SELECT id FROM school_class WHERE school_id = $1 AND name = $2")
                    .bind(school_id).bind(&entry.class).fetch_optional(&mut *tx).await?;
                if exists.is_none() {
                    let seq = tx.next_change(SyncScope::School(school_id)).await?;
                    sqlx::query("INSERT INTO school_class (id, school_id, grade_id, name, sort_order, change_seq) VALUES ($1, $2, $3, $4, $5, $6)")
                        .bind(Uuid::now_v7()).bind(school_id).bind(grade_id).bind(&entry.class).bind(class_rank(&entry.class)).bind(seq)
                        .execute(&mut *tx).await?;
                }
                let (class_id,): (Uuid,) = sqlx::query_as("SELECT id FROM school_class WHERE school_id = $1 AND name = $2")
                    .bind(school_id).bind(&entry.class).fetch_one(&mut *tx).await?;
                class_ids.insert(entry.class.clone(), class_id);
                class_id
            };
            let previous_class = known.get(&entry.student_no).copied();
            if previous_class.is_none() {
                created += 1;
            }
            let seq = tx.next_change(SyncScope::Class(class_id)).await?;
            let (student_id,): (Uuid,) = sqlx::query_as(
                "INSERT INTO student (id, school_id, class_id, student_no, name, sex, birth_date, left_behind, boarder, active, updated_at, change_seq)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, TRUE, $10, $11)
                 ON CONFLICT (school_id, student_no) DO UPDATE SET class_id = excluded.class_id, name = excluded.name,
                   sex = excluded.sex, birth_date = excluded.birth_date, left_behind = excluded.left_behind,
                   boarder = excluded.boarder, active = TRUE, updated_at = excluded.updated_at, change_seq = excluded.change_seq
                 RETURNING id")
                .bind(Uuid::now_v7()).bind(school_id).bind(class_id).bind(&entry.student_no).bind(&entry.name)
                .bind(entry.sex.as_str()).bind(entry.birth_date).bind(entry.left_behind).bind(entry.boarder).bind(now).bind(seq)
                .fetch_one(&mut *tx).await?;
            if let Some(old) = previous_class.filter(|old| *old != class_id) {
                tombstone!(tx, old, student_id);
            }
            if let Some(g) = &entry.guardian {
                let updated = sqlx::query("UPDATE guardian SET name = $1, relation = $2, phone = $3 WHERE student_id = $4 AND is_primary")
                    .bind(&g.name).bind(&g.relation).bind(&g.phone).bind(student_id)
                    .execute(&mut *tx).await?;
                if updated.rows_affected() == 0 {
                    sqlx::query("INSERT INTO guardian (id, student_id, name, relation, phone, is_primary) VALUES ($1, $2, $3, $4, $5, TRUE)")
                        .bind(Uuid::now_v7()).bind(student_id).bind(&g.name).bind(&g.relation).bind(&g.phone)
                        .execute(&mut *tx).await?;
                }
            }
        }
        tx.commit().await?;
    });
    Ok(Some(ImportOutcome {
        created,
        updated: entries.len() - created,
        classes: class_ids.len(),
    }))
}

#[derive(sqlx::FromRow)]
struct DetailRow {
    id: Uuid,
    class_id: Uuid,
    grade_id: Uuid,
    school_id: Uuid,
    student_no: String,
    class_name: String,
    name: String,
    sex: String,
    birth_date: Option<NaiveDate>,
    left_behind: bool,
    boarder: bool,
    hardship: bool,
    special_needs: bool,
    #[sqlx(try_from = "String")]
    photo_consent: PhotoConsent,
}

/// A student as stored, with number, class name and where the class sits.
pub struct Detail {
    pub student: StudentInput,
    pub student_no: String,
    pub class_name: String,
    pub place: ClassPlace,
}

/// One student with their primary guardian.
pub async fn detail(db: &Db, id: Uuid) -> Result<Option<Detail>, DbError> {
    let sql = "SELECT s.id, s.class_id, c.grade_id, s.school_id, s.student_no, c.name AS class_name, s.name, s.sex,
                      s.birth_date, s.left_behind, s.boarder, s.hardship, s.special_needs, s.photo_consent
               FROM student s JOIN school_class c ON c.id = s.class_id WHERE s.id = $1";
    let guardian_sql = "SELECT student_id, name, relation, phone FROM guardian WHERE student_id = $1 AND is_primary";
    let row: Option<DetailRow> =
        on_db!(db, pool => sqlx::query_as(sql).bind(id).fetch_optional(pool).await?);
    let Some(r) = row else { return Ok(None) };
    let guardian: Option<GuardianRow> =
        on_db!(db, pool => sqlx::query_as(guardian_sql).bind(id).fetch_optional(pool).await?);
    let sex = Sex::parse(&r.sex).ok_or_else(|| DbError::Corrupt(format!("sex {}", r.sex)))?;
    Ok(Some(Detail {
        student: StudentInput {
            id: r.id,
            class_id: r.class_id,
            name: r.name,
            sex,
            birth_date: r.birth_date,
            flags: StudentFlags {
                left_behind: r.left_behind,
                boarder: r.boarder,
                hardship: r.hardship,
                special_needs: r.special_needs,
            },
            guardian: guardian.map(|g| Guardian {
                name: g.name,
                relation: g.relation,
                phone: g.phone,
            }),
            photo_consent: Some(r.photo_consent),
        },
        student_no: r.student_no,
        class_name: r.class_name,
        place: ClassPlace {
            class_id: r.class_id,
            grade_id: r.grade_id,
            school_id: r.school_id,
        },
    }))
}

/// Writes a validated student and their primary guardian in one transaction.
pub async fn update(db: &Db, s: &StudentInput) -> Result<(), DbError> {
    let now = Utc::now();
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let (old_class,): (Uuid,) = sqlx::query_as("SELECT class_id FROM student WHERE id = $1")
            .bind(s.id).fetch_one(&mut *tx).await?;
        let seq = tx.next_change(SyncScope::Class(s.class_id)).await?;
        sqlx::query("UPDATE student SET class_id = $1, name = $2, sex = $3, birth_date = $4, left_behind = $5,
                     boarder = $6, hardship = $7, special_needs = $8, updated_at = $9, change_seq = $10,
                     photo_consent = COALESCE($11, photo_consent) WHERE id = $12")
            .bind(s.class_id).bind(&s.name).bind(s.sex.as_str()).bind(s.birth_date).bind(s.flags.left_behind)
            .bind(s.flags.boarder).bind(s.flags.hardship).bind(s.flags.special_needs).bind(now).bind(seq)
            .bind(s.photo_consent.map(PhotoConsent::as_str)).bind(s.id)
            .execute(&mut *tx).await?;
        if old_class != s.class_id {
            tombstone!(tx, old_class, s.id);
        }
        match &s.guardian {
            Some(g) => {
                let updated = sqlx::query("UPDATE guardian SET name = $1, relation = $2, phone = $3 WHERE student_id = $4 AND is_primary")
                    .bind(&g.name).bind(&g.relation).bind(&g.phone).bind(s.id).execute(&mut *tx).await?;
                if updated.rows_affected() == 0 {
                    sqlx::query("INSERT INTO guardian (id, student_id, name, relation, phone, is_primary) VALUES ($1, $2, $3, $4, $5, TRUE)")
                        .bind(Uuid::now_v7()).bind(s.id).bind(&g.name).bind(&g.relation).bind(&g.phone)
                        .execute(&mut *tx).await?;
                }
            }
            None => {
                sqlx::query("DELETE FROM guardian WHERE student_id = $1 AND is_primary").bind(s.id).execute(&mut *tx).await?;
            }
        }
        tx.commit().await?;
    });
    Ok(())
}
