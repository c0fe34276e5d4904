//! The persistence layer itself, the same suite on SQLite and PostgreSQL.
use app::domain::role::{Grant, Role, Scope};
use app::domain::school::TermInput;
use chrono::{Duration, NaiveDate, Utc};
use server::db::invites::{Accepted, NewInviteRow};
use server::db::school::TermSaved;
use server::db::{self, Db};

use crate::both_databases;
use crate::harness::count;

fn term(name: &str, id: Option<uuid::Uuid>) -> TermInput {
    TermInput {
        id,
        name: name.into(),
        start_date: NaiveDate::from_ymd_opt(2025, 9, 1).unwrap(),
        end_date: NaiveDate::from_ymd_opt(2026, 1, 23).unwrap(),
        weekdays: "12345".into(),
        days_off: String::new(),
        make_up_days: String::new(),
    }
}

async fn terms_are_unique_per_school_and_editable(db: Db) {
    let school = db::school::create_school(&db, "一中", "Asia/Shanghai")
        .await
        .unwrap();
    let other = db::school::create_school(&db, "二中", "Asia/Shanghai")
        .await
        .unwrap();
    let TermSaved::Saved(first) = db::school::save_term(&db, school, term("第一学期", None))
        .await
        .unwrap()
    else {
        panic!("first term not saved")
    };
    assert!(matches!(
        db::school::save_term(&db, school, term("第一学期", None))
            .await
            .unwrap(),
        TermSaved::NameTaken
    ));
    assert!(matches!(
        db::school::save_term(&db, other, term("第一学期", None))
            .await
            .unwrap(),
        TermSaved::Saved(_)
    ));
    let mut national_day = term("上学期", Some(first.id));
    national_day.days_off = "2025-10-01~2025-10-08".into();
    national_day.make_up_days = "2025-09-28,2025-10-11".into();
    let renamed = db::school::save_term(&db, school, national_day.validate().unwrap())
        .await
        .unwrap();
    assert!(matches!(renamed, TermSaved::Saved(t) if t.name == "上学期"));
    assert!(
        matches!(
            db::school::save_term(&db, other, term("偷改", Some(first.id)))
                .await
                .unwrap(),
            TermSaved::NotFound
        ),
        "another school cannot overwrite this school's term"
    );
    let day = NaiveDate::from_ymd_opt(2025, 10, 8).unwrap();
    let stored = db::school::term_on(&db, school, day)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.name, "上学期");
    assert_eq!(
        (stored.days_off.len(), stored.make_up_days.len()),
        (8, 2),
        "the calendar is kept"
    );
    assert_eq!(db::school::terms(&db, school).await.unwrap().len(), 1);
}
both_databases!(
    terms_are_unique_and_editable,
    terms_are_unique_per_school_and_editable
);

async fn an_invite_is_spent_once_and_creates_one_account(db: Db) {
    let school = db::school::create_school(&db, "一中", "Asia/Shanghai")
        .await
        .unwrap();
    let admin = uuid::Uuid::now_v7();
    let user = db::users::NewUser {
        id: admin,
        school_id: Some(school),
        username: "boss",
        display_name: "校长",
        phone: None,
        password_hash: None,
    };
    db::users::create(&db, &user, &[]).await.unwrap();
    let grant = Grant {
        role: Role::Parent,
        scope: Scope::School(school),
        sensitive: false,
        title: "家委会".into(),
    };
    let hash = server::auth::invites::code_hash("ABCDEFGH23");
    let invite = NewInviteRow {
        school_id: school,
        code_hash: &hash,
        user_id: None,
        display_name: "郑丽华",
        grant: &grant,
        created_by: admin,
        expires_at: Utc::now() + Duration::days(7),
    };
    db::invites::create(&db, &invite).await.unwrap();
    let row = db::invites::find(&db, &server::auth::invites::code_hash(" abcdefgh23 "))
        .await
        .unwrap()
        .unwrap();
    assert!(matches!(
        db::invites::accept(&db, &row, &grant, "boss", "h")
            .await
            .unwrap(),
        Accepted::UsernameTaken
    ));
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM invite WHERE used_at IS NULL").await,
        1,
        "a refused accept spends nothing"
    );
    assert!(matches!(
        db::invites::accept(&db, &row, &grant, "zheng", "h")
            .await
            .unwrap(),
        Accepted::Done(_)
    ));
    assert!(matches!(
        db::invites::accept(&db, &row, &grant, "zheng2", "h")
            .await
            .unwrap(),
        Accepted::AlreadyUsed
    ));
    assert_eq!(count(&db, "SELECT COUNT(*) FROM app_user").await, 2);
    let login = db::users::find_login(&db, "zheng").await.unwrap().unwrap();
    let (principal, _) = db::users::principal(&db, login.id).await.unwrap().unwrap();
    assert_eq!(principal.grants, vec![grant]);
}
both_databases!(
    an_invite_is_spent_once,
    an_invite_is_spent_once_and_creates_one_account
);

async fn a_password_change_moves_the_session_epoch(db: Db) {
    let id = uuid::Uuid::now_v7();
    let user = db::users::NewUser {
        id,
        school_id: None,
        username: "solo",
        display_name: "Solo",
        phone: None,
        password_hash: Some("x"),
    };
    db::users::create(&db, &user, &[]).await.unwrap();
    let (_, before) = db::users::principal(&db, id).await.unwrap().unwrap();
    db::users::set_password(&db, id, "y").await.unwrap();
    let (_, after) = db::users::principal(&db, id).await.unwrap().unwrap();
    assert_eq!(after, before + 1);
    assert_eq!(
        db::users::password_hash(&db, id).await.unwrap().as_deref(),
        Some("y")
    );
}
both_databases!(
    password_change_moves_epoch,
    a_password_change_moves_the_session_epoch
);

async fn the_demo_seed_loads_once(db: Db) {
    assert!(server::seed::seed_demo(&db, "demo1234").await.unwrap());
    assert!(!server::seed::seed_demo(&db, "demo1234").await.unwrap());
    assert_eq!(count(&db, "SELECT COUNT(*) FROM student").await, 551);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM school_class").await, 12);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM app_user").await, 17);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM term").await, 1);
}
both_databases!(the_demo_seed_loads_once, the_demo_seed_loads_once);
