//! Activities on both databases: a teacher records, corrects and withdraws one from the phone,
//! with history kept; staff of the scope pull it and the parent committee never does; bad,
//! foreign and unconsented ones are refused and change nothing; and a photo is given to whom
//! the activity showing it admits.
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::both_databases;
use crate::harness::{TestApp, call, count, get_json};
use crate::photos::{camera_jpeg, id_of, put, thumb_status};
use crate::sync_support::Phone;

/// Pushes one `activity` mutation: `applied`, or the refusal's code.
async fn push(app: &TestApp, phone: &mut Phone, op: &str, id: Uuid, fields: Value) -> String {
    let m = phone.mutation_on("activity", op, id, fields);
    let (status, reason) = phone.push_one(app, m).await;
    if status == "applied" { status } else { reason }
}

/// The ids of a class's students, from a staff member's pull.
async fn students_of(app: &TestApp, class: Uuid) -> Vec<Value> {
    let changes = Phone::of(app, "deyu").await.pull_current(app).await;
    changes
        .iter()
        .filter(|c| c["table"] == "student" && c["fields"]["class_id"] == json!(class))
        .map(|c| c["id"].clone())
        .collect()
}

/// A themed class meeting held today by the whole class; `more` replaces any of its fields.
fn meeting(class: Uuid, more: Value) -> Value {
    let mut activity = json!({
        "title": "感恩主题班会", "kind": "themed_meeting", "domains": ["moral"],
        "date": server::school::today_in("Asia/Shanghai"), "minutes": 40, "place": "教室",
        "participants": {"type": "whole_class"}, "summary": "学生分享了感恩故事"
    });
    if let (Some(fields), Some(more)) = (activity.as_object_mut(), more.as_object()) {
        fields.extend(more.clone());
    }
    json!({"class_id": class, "activity": activity})
}

/// The pulled change of an activity, if the user's phone gets it.
async fn pulled(app: &TestApp, user: &str, id: Uuid) -> Option<Value> {
    let changes = Phone::of(app, user).await.pull_current(app).await;
    changes
        .into_iter()
        .find(|c| c["table"] == "activity" && c["id"] == json!(id))
}

/// The id of the demo school's September theme.
async fn september_theme(app: &TestApp) -> Uuid {
    let sql = "SELECT id FROM monthly_theme WHERE theme LIKE '安全教育月%'";
    let row: (Uuid,) = match &app.db {
        server::db::Db::Sqlite(p) => sqlx::query_as(sql).fetch_one(p).await,
        server::db::Db::Postgres(p) => sqlx::query_as(sql).fetch_one(p).await,
    }
    .unwrap();
    row.0
}

async fn a_teacher_records_corrects_and_withdraws_an_activity(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let class = app.class_id("初一(1)班").await;
    let theme = september_theme(&app).await;
    let mut teacher = Phone::of(&app, "t101").await;
    let id = Uuid::now_v7();
    let fire = json!({"title": "  消防安全演练 ", "kind": "safety", "safety": "fire",
                      "theme_id": theme, "domains": ["physical", "moral", "moral"]});
    assert_eq!(
        push(&app, &mut teacher, "create", id, meeting(class, fire)).await,
        "applied"
    );

    // Staff over the class pull it as kept: trimmed, each domain once.
    for user in ["deyu", "nianji1", "t101"] {
        let change = pulled(&app, user, id)
            .await
            .unwrap_or_else(|| panic!("{user}"));
        let fields = &change["fields"]["activity"];
        assert_eq!(fields["title"], "消防安全演练", "{user}");
        assert_eq!(fields["domains"], json!(["moral", "physical"]));
        assert_eq!(fields["theme_id"], json!(theme));
        assert_eq!(change["fields"]["withdrawn"], false);
    }
    assert!(
        pulled(&app, "jiawei101", id).await.is_none(),
        "no class rows for parents"
    );
    assert!(
        pulled(&app, "t102", id).await.is_none(),
        "nor for another class's teacher"
    );

    // A correction names only what it changes; a null clears the topic.
    let correction = json!({"kind": "themed_meeting", "safety": null, "title": "消防主题班会"});
    assert_eq!(
        push(&app, &mut teacher, "patch", id, correction).await,
        "applied"
    );
    let fields = pulled(&app, "deyu", id).await.unwrap()["fields"]["activity"].clone();
    assert_eq!(fields["kind"], "themed_meeting");
    assert_eq!(fields["safety"], Value::Null);
    assert_eq!(fields["minutes"], 40, "an absent field keeps its value");
    let history = "SELECT COUNT(*) FROM field_history WHERE table_name = 'activity'";
    assert_eq!(
        count(&app.db, history).await,
        3,
        "title, kind and safety kept"
    );

    // Withdrawn, never deleted; then it is final.
    assert_eq!(
        push(&app, &mut teacher, "delete", id, json!({})).await,
        "withdraw_instead"
    );
    assert_eq!(
        push(&app, &mut teacher, "patch", id, json!({"withdrawn": true})).await,
        "applied"
    );
    let change = pulled(&app, "deyu", id).await.unwrap();
    assert_eq!(change["fields"]["withdrawn"], true);
    assert_eq!(
        change["deleted"], false,
        "a withdrawn activity keeps its row"
    );
    assert_eq!(
        push(&app, &mut teacher, "patch", id, json!({"title": "再改"})).await,
        "activity_withdrawn"
    );
    assert_eq!(
        count(&app.db, history).await,
        4,
        "the withdrawal is kept too"
    );
}
both_databases!(
    activity_recorded_corrected_withdrawn,
    a_teacher_records_corrects_and_withdraws_an_activity
);

async fn bad_foreign_and_unconsented_activities_change_nothing(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let class = app.class_id("初一(1)班").await;
    let other = app.class_id("初一(2)班").await;
    let s = students_of(&app, class).await;
    let stranger = students_of(&app, other).await[0].clone();
    let mut teacher = Phone::of(&app, "t101").await;
    let kept = Uuid::now_v7();
    assert_eq!(
        push(
            &app,
            &mut teacher,
            "create",
            kept,
            meeting(class, json!({}))
        )
        .await,
        "applied"
    );
    let photo = |n: usize, students: Vec<&Value>| json!({"id": format!("{n:02x}").repeat(32), "students": students});
    // Two days on: inside the term except in its last two days.
    let today = server::school::today_in("Asia/Shanghai");
    let later = today + chrono::Days::new(2);
    let in_term = later <= server::seed::current_term(today).end_date;
    let later_code = if in_term {
        "future_day"
    } else {
        "outside_term"
    };
    let ten: Vec<Value> = (0..10).map(|n| photo(n, vec![])).collect();
    let cases = [
        (json!({"title": " "}), "title_required"),
        (json!({"title": "长".repeat(61)}), "title_too_long"),
        (json!({"kind": "safety"}), "safety_topic_required"),
        (json!({"safety": "fire"}), "safety_topic_not_allowed"),
        (json!({"kind": "magic"}), "bad_fields"),
        (json!({"minutes": 0}), "bad_duration"),
        (json!({"minutes": 1441}), "bad_duration"),
        (
            json!({"participants": {"type": "count", "value": 0}}),
            "bad_participants",
        ),
        (
            json!({"participants": {"type": "named", "value": [stranger]}}),
            "student_not_in_class",
        ),
        (
            json!({"participants": {"type": "named", "value": [s[0], s[0]]}}),
            "duplicate_student",
        ),
        (json!({"summary": "字".repeat(2001)}), "text_too_long"),
        (json!({"photos": ten}), "too_many_photos"),
        (
            json!({"photos": [photo(1, vec![]), photo(1, vec![])]}),
            "duplicate_photo",
        ),
        (
            json!({"photos": [photo(1, vec![&stranger])]}),
            "student_not_in_class",
        ),
        // A guardian who has not chosen keeps photos inside the school.
        (
            json!({"photos": [photo(1, vec![&s[0]])], "shared": true}),
            "photo_consent",
        ),
        (json!({"theme_id": Uuid::now_v7()}), "unknown_theme"),
        (json!({"date": "2020-09-10"}), "outside_term"),
        (json!({"date": later}), later_code),
        (json!({"date": "2026-02-30"}), "bad_fields"),
        (json!({"colour": "red"}), "bad_fields"),
    ];
    for (more, code) in cases {
        assert_eq!(
            push(
                &app,
                &mut teacher,
                "create",
                Uuid::now_v7(),
                meeting(class, more.clone())
            )
            .await,
            code,
            "{more}"
        );
    }
    let refused_patches = [
        (
            json!({"photos": [photo(2, vec![&s[1]])], "shared": true}),
            "photo_consent",
        ),
        (
            json!({"participants": {"type": "named", "value": [stranger]}}),
            "student_not_in_class",
        ),
        (json!({"title": null}), "bad_fields"),
    ];
    for (patch, code) in refused_patches {
        assert_eq!(
            push(&app, &mut teacher, "patch", kept, patch.clone()).await,
            code,
            "{patch}"
        );
    }
    assert_eq!(
        push(
            &app,
            &mut teacher,
            "create",
            kept,
            meeting(class, json!({}))
        )
        .await,
        "exists"
    );
    assert_eq!(
        push(
            &app,
            &mut teacher,
            "create",
            Uuid::now_v7(),
            meeting(other, json!({}))
        )
        .await,
        "not_in_scope"
    );
    for user in ["jiawei101", "t102"] {
        let mut phone = Phone::of(&app, user).await;
        assert_eq!(
            push(
                &app,
                &mut phone,
                "create",
                Uuid::now_v7(),
                meeting(class, json!({}))
            )
            .await,
            "not_in_scope",
            "{user}"
        );
        assert_eq!(
            push(&app, &mut phone, "patch", kept, json!({"title": "改"})).await,
            "not_in_scope",
            "{user}"
        );
    }
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM activity").await, 1);
    assert_eq!(
        count(&app.db, "SELECT COUNT(*) FROM field_history").await,
        0
    );
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM photo_ref").await, 0);
}
both_databases!(
    activity_refusals,
    bad_foreign_and_unconsented_activities_change_nothing
);

async fn a_photo_is_given_to_whom_its_activity_admits(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let class = app.class_id("初一(1)班").await;
    let s = students_of(&app, class).await;
    let bytes = camera_jpeg(7);
    let photo = id_of(&bytes);
    let uploader = app.signed_in("t101").await;
    assert_eq!(
        put(&uploader, &app, &photo, bytes).await.status(),
        StatusCode::CREATED
    );
    let sql = "UPDATE student SET photo_consent = 'allowed' WHERE id = $1";
    let allowed: Uuid = serde_json::from_value(s[0].clone()).unwrap();
    match &app.db {
        server::db::Db::Sqlite(p) => sqlx::query(sql).bind(allowed).execute(p).await.map(drop),
        server::db::Db::Postgres(p) => sqlx::query(sql).bind(allowed).execute(p).await.map(drop),
    }
    .unwrap();

    // Before any record shows it, only its sender sees it.
    let audience = |expected: [StatusCode; 4]| {
        let app = &app;
        let photo = &photo;
        async move {
            for (user, status) in ["deyu", "nianji1", "t102", "jiawei101"]
                .iter()
                .zip(expected)
            {
                assert_eq!(thumb_status(app, user, photo).await, status, "{user}");
            }
        }
    };
    let (ok, gone) = (StatusCode::OK, StatusCode::NOT_FOUND);
    audience([gone, gone, gone, gone]).await;

    let mut teacher = Phone::of(&app, "t101").await;
    let id = Uuid::now_v7();
    let photos = json!({"photos": [{"id": photo, "students": [s[0]]}]});
    assert_eq!(
        push(&app, &mut teacher, "create", id, meeting(class, photos)).await,
        "applied"
    );
    audience([ok, ok, gone, gone]).await;

    assert_eq!(
        push(&app, &mut teacher, "patch", id, json!({"shared": true})).await,
        "applied"
    );
    audience([ok, ok, gone, ok]).await;

    // Withdrawn, it leaves the parents' view; the school keeps it.
    assert_eq!(
        push(&app, &mut teacher, "patch", id, json!({"withdrawn": true})).await,
        "applied"
    );
    audience([ok, ok, gone, gone]).await;
    assert_eq!(thumb_status(&app, "t101", &photo).await, ok);
}
both_databases!(
    activity_photo_audience,
    a_photo_is_given_to_whom_its_activity_admits
);

async fn the_register_lists_a_terms_live_activities_with_their_photos(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let class = app.class_id("初一(1)班").await;
    let changes = Phone::of(&app, "t101").await.pull_current(&app).await;
    let (first, first_name) = changes
        .iter()
        .find(|c| c["table"] == "student")
        .map(|c| {
            (
                c["id"].clone(),
                c["fields"]["name"].as_str().unwrap().to_string(),
            )
        })
        .unwrap();
    let bytes = camera_jpeg(9);
    let photo = id_of(&bytes);
    let uploader = app.signed_in("t101").await;
    assert_eq!(
        put(&uploader, &app, &photo, bytes).await.status(),
        StatusCode::CREATED
    );
    let mut teacher = Phone::of(&app, "t101").await;
    let today = server::school::today_in("Asia/Shanghai");
    let named = json!({"title": "志愿服务进社区", "kind": "volunteering", "domains": ["moral", "labour"],
        "participants": {"type": "named", "value": [first]},
        "photos": [{"id": photo, "students": []}, {"id": "ab".repeat(32), "students": []}]});
    let safety = json!({"title": "消防安全课", "kind": "safety", "safety": "fire"});
    let gone = json!({"title": "撤回的活动"});
    for (fields, withdraw) in [(named, false), (safety, false), (gone, true)] {
        let id = Uuid::now_v7();
        assert_eq!(
            push(&app, &mut teacher, "create", id, meeting(class, fields)).await,
            "applied"
        );
        if withdraw {
            assert_eq!(
                push(&app, &mut teacher, "patch", id, json!({"withdrawn": true})).await,
                "applied"
            );
        }
    }

    let address = format!("/api/export/activities.xlsx?class_id={class}");
    let res = uploader.get(app.url(&address)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "private, no-store");
    let file = res.bytes().await.unwrap();
    let sheets = server::import::read_sheets("register.xlsx", &file).unwrap();
    let text = |c: Option<&app::domain::roster::Cell>| match c {
        Some(app::domain::roster::Cell::Text(t)) => t.clone(),
        _ => String::new(),
    };
    let sheet = &sheets[0];
    assert!(text(sheet.rows[0].first()).starts_with("初一(1)班 德育活动台账"));
    assert_eq!(text(sheet.rows[2].get(7)), "参与学生");
    let lines: Vec<Vec<String>> = sheet.rows[3..]
        .iter()
        .map(|r| r.iter().map(|c| text(Some(c))).collect())
        .collect();
    assert_eq!(
        lines.len(),
        2,
        "the withdrawn activity is left out: {lines:?}"
    );
    let titles: Vec<&str> = lines.iter().map(|l| l[1].as_str()).collect();
    assert_eq!(
        titles,
        ["志愿服务进社区", "消防安全课"],
        "oldest first, then by id"
    );
    assert_eq!(lines[0][0], today.to_string());
    assert_eq!(lines[0][2], "志愿服务");
    assert_eq!(lines[0][4], "德、劳");
    assert_eq!(lines[0][7], first_name, "the register names who took part");
    assert_eq!(
        lines[0][12], "（未上传）",
        "a photo its phone has not sent yet"
    );
    assert_eq!(lines[1][2], "安全教育·消防");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(file.to_vec())).unwrap();
    let images = (0..zip.len())
        .filter(|i| {
            zip.by_index(*i)
                .unwrap()
                .name()
                .unwrap()
                .starts_with("xl/media/")
        })
        .count();
    assert_eq!(images, 1, "the sent photo's thumbnail is in its cell");

    for (user, status) in [("jiawei101", 403), ("t102", 403)] {
        let client = app.signed_in(user).await;
        assert_eq!(get_json(&app, &client, &address).await.0, status, "{user}");
    }
    let bad = [
        ("/api/export/activities.xlsx?class_id=x".to_string(), 422),
        (format!("{address}&term_id={}", Uuid::now_v7()), 404),
        (
            format!("/api/export/activities.xlsx?class_id={}", Uuid::now_v7()),
            404,
        ),
    ];
    for (path, status) in bad {
        assert_eq!(get_json(&app, &uploader, &path).await.0, status, "{path}");
    }
    assert_eq!(
        get_json(&app, &crate::harness::client(), &address).await.0,
        401
    );
}
both_databases!(
    activity_register,
    the_register_lists_a_terms_live_activities_with_their_photos
);

async fn a_students_page_counts_the_activities_they_took_part_in(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let class = app.class_id("初一(1)班").await;
    let s = students_of(&app, class).await;
    let mut teacher = Phone::of(&app, "t101").await;
    let cases = [
        json!({"title": "全班班会", "domains": ["moral"]}),
        json!({"title": "两人志愿", "kind": "volunteering", "domains": ["moral", "labour"],
               "participants": {"type": "named", "value": [s[0], s[1]]}}),
        json!({"title": "别人的", "domains": ["physical"], "participants": {"type": "named", "value": [s[2]]}}),
        json!({"title": "数人头", "domains": ["aesthetic"], "participants": {"type": "count", "value": 30}}),
    ];
    for fields in cases {
        assert_eq!(
            push(
                &app,
                &mut teacher,
                "create",
                Uuid::now_v7(),
                meeting(class, fields)
            )
            .await,
            "applied"
        );
    }
    let client = app.signed_in("t101").await;
    let (status, detail) = crate::harness::call(
        &app,
        &client,
        "get_student",
        &[("id", s[0].as_str().unwrap())],
    )
    .await;
    assert_eq!(status, 200, "{detail}");
    let titles: Vec<&str> = detail["participation"]["activities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles.len(), 2, "{titles:?}");
    assert!(titles.contains(&"全班班会") && titles.contains(&"两人志愿"));
    assert_eq!(
        detail["participation"]["per_domain"],
        json!([
            ["moral", 2],
            ["intellectual", 0],
            ["physical", 0],
            ["aesthetic", 0],
            ["labour", 1]
        ])
    );
}
both_databases!(
    student_participation,
    a_students_page_counts_the_activities_they_took_part_in
);

async fn staff_organise_a_grades_activity_once_for_each_class(db: server::db::Db) {
    let app = TestApp::with_demo(db).await;
    let grade_one: Vec<Uuid> = {
        let mut ids = Vec::new();
        for name in ["初一(1)班", "初一(2)班", "初一(3)班", "初一(4)班"] {
            ids.push(app.class_id(name).await);
        }
        ids
    };
    let other_grade = app.class_id("初二(1)班").await;
    let organised = |class: Uuid, level: &str, group: Uuid| {
        let outing = json!({"title": "初一年级远足研学", "kind": "study_trip", "shared": true});
        let mut new = meeting(class, outing);
        new["organised"] = json!({"level": level, "group": group});
        new
    };

    // The grade leader records the grade's outing once for each of its classes.
    let mut leader = Phone::of(&app, "nianji1").await;
    let group = Uuid::now_v7();
    let mut copies = Vec::new();
    for class in &grade_one {
        let id = Uuid::now_v7();
        let new = organised(*class, "grade", group);
        assert_eq!(push(&app, &mut leader, "create", id, new).await, "applied");
        copies.push(id);
    }
    // Each class's teacher pulls their class's copy, marked as the grade's.
    let change = pulled(&app, "t101", copies[0])
        .await
        .expect("t101 pulls the copy");
    assert_eq!(
        change["fields"]["organised"],
        json!({"level": "grade", "group": group})
    );
    assert_eq!(change["fields"]["class_id"], json!(grade_one[0]));
    assert!(
        pulled(&app, "t101", copies[1]).await.is_none(),
        "not another class's copy"
    );

    // Who may organise at which level: the school's only for staff over the whole school;
    // a grade's only for staff over the class; never a class's own teacher.
    let stored = "SELECT COUNT(*) FROM activity";
    let before = count(&app.db, stored).await;
    let mut teacher = Phone::of(&app, "t101").await;
    let refusals = [
        (
            false,
            organised(grade_one[0], "school", group),
            "role_not_allowed",
        ),
        (
            false,
            organised(other_grade, "grade", group),
            "not_in_scope",
        ),
        (
            true,
            organised(grade_one[0], "grade", group),
            "role_not_allowed",
        ),
        (true, organised(grade_one[0], "county", group), "bad_fields"),
    ];
    for (by_teacher, new, reason) in refusals {
        let phone = if by_teacher {
            &mut teacher
        } else {
            &mut leader
        };
        let what = new.to_string();
        assert_eq!(
            push(&app, phone, "create", Uuid::now_v7(), new).await,
            reason,
            "{what}"
        );
    }
    assert_eq!(count(&app.db, stored).await, before);

    let mut staff = Phone::of(&app, "deyu").await;
    let school = organised(other_grade, "school", Uuid::now_v7());
    assert_eq!(
        push(&app, &mut staff, "create", Uuid::now_v7(), school).await,
        "applied"
    );

    // The class's teacher adds their own reflection to their copy; it stays the grade's.
    let reflection = json!({"reflection": "学生很有收获"});
    assert_eq!(
        push(&app, &mut teacher, "patch", copies[0], reflection).await,
        "applied"
    );
    let change = pulled(&app, "deyu", copies[0])
        .await
        .expect("staff pull the copy");
    assert_eq!(change["fields"]["activity"]["reflection"], "学生很有收获");
    assert_eq!(change["fields"]["organised"]["group"], json!(group));

    // The class's committee sees its copy in the feed, marked as the grade's, once.
    let parent = app.signed_in("jiawei101").await;
    let (status, page) = call(&app, &parent, "get_activity_feed", &[("", ""); 0]).await;
    assert_eq!(status, 200);
    let outings: Vec<&Value> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|item| item["title"] == "初一年级远足研学")
        .collect();
    assert_eq!(outings.len(), 1, "{page}");
    assert_eq!(outings[0]["organised"], "grade");
}
both_databases!(
    organised_activities,
    staff_organise_a_grades_activity_once_for_each_class
);
