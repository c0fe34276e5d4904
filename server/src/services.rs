//! The server's side of the app's [`Services`] interface: each call goes to the same
//! service functions the JSON endpoints use.
use app::api::Services;
use app::domain::activity_list::{ActivityFilter, ActivityList};
use app::domain::attendance::DayAttendance;
use app::domain::conduct::ClassConduct;
use app::domain::coverage::CoverageView;
use app::domain::day::Day;
use app::domain::feed::{Acknowledgement, FeedCursor, FeedPage};
use app::domain::meals::{MealReportInput, MealReports};
use app::domain::role::Principal;
use app::domain::roster::{ImportOutcome, ImportPreview};
use app::domain::scheme::{ItemInput, RulesInput, SchemeView};
use app::domain::school::{Home, Roster, StudentDetail, StudentInput, Term, TermInput, UnitInput};
use app::domain::scores::{CellDetail, ClassTrend, WeekBoard};
use app::domain::theme_edit::{ThemeInput, ThemesView};
use app::domain::users::{
    InviteCreated, InviteInfo, NewInvite, StaffOutcome, StaffPreview, UserSummary,
};
use app::error::AppError;
use axum::http::request::Parts;
use uuid::Uuid;

use crate::auth::{invites, service};
use crate::db;
use crate::http::error::internal;
use crate::import::roster as imports;
use crate::import::staff as staff_imports;
use crate::state::AppState;
use crate::{
    activities, activity_list, attendance, conduct, coverage, meals, scheme, school, scores, themes,
};

/// The services handed to server functions as context.
pub struct ServerServices(pub AppState);

#[async_trait::async_trait]
impl Services for ServerServices {
    async fn login(
        &self,
        parts: &Parts,
        username: &str,
        password: &str,
    ) -> Result<Principal, AppError> {
        let session = service::session_of(parts)?;
        let ip = service::client_ip(parts, self.0.trust_proxy);
        let signed_in =
            service::login(&self.0, &session, (ip, &parts.headers), username, password).await?;
        if let (Some(cookie), Some(response)) = (
            signed_in.device_cookie,
            leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
        ) && let Ok(value) = axum::http::HeaderValue::from_str(&cookie)
        {
            response.append_header(axum::http::header::SET_COOKIE, value);
        }
        Ok(signed_in.principal)
    }

    async fn logout(&self, parts: &Parts) -> Result<(), AppError> {
        service::logout(&service::session_of(parts)?).await
    }

    async fn change_password(
        &self,
        parts: &Parts,
        who: &Principal,
        current: &str,
        new: &str,
    ) -> Result<(), AppError> {
        service::change_password(&self.0, &service::session_of(parts)?, who, current, new).await
    }

    async fn home(&self, who: &Principal) -> Result<Home, AppError> {
        school::home(&self.0.db, who).await
    }

    async fn roster(&self, who: &Principal, class_id: Uuid) -> Result<Roster, AppError> {
        school::roster(&self.0.db, who, class_id).await
    }

    async fn student(&self, who: &Principal, id: Uuid) -> Result<StudentDetail, AppError> {
        school::student(&self.0.db, who, id).await
    }

    async fn save_student(&self, who: &Principal, student: StudentInput) -> Result<(), AppError> {
        school::save_student(&self.0.db, who, student).await
    }

    async fn save_grade(&self, who: &Principal, grade: UnitInput) -> Result<(), AppError> {
        school::save_unit(&self.0.db, who, grade, false).await
    }

    async fn save_class(&self, who: &Principal, class: UnitInput) -> Result<(), AppError> {
        school::save_unit(&self.0.db, who, class, true).await
    }

    async fn terms(&self, who: &Principal) -> Result<Vec<Term>, AppError> {
        school::terms(&self.0.db, who).await
    }

    async fn save_term(&self, who: &Principal, term: TermInput) -> Result<Term, AppError> {
        school::save_term(&self.0.db, who, term).await
    }

    async fn import_preview(&self, who: &Principal, id: Uuid) -> Result<ImportPreview, AppError> {
        imports::load_preview(&self.0.db, who, id).await
    }

    async fn commit_import(&self, who: &Principal, id: Uuid) -> Result<ImportOutcome, AppError> {
        imports::commit(&self.0.db, who, id).await
    }

    async fn staff_import_preview(
        &self,
        who: &Principal,
        id: Uuid,
    ) -> Result<StaffPreview, AppError> {
        staff_imports::load_preview(&self.0.db, who, id).await
    }

    async fn commit_staff_import(
        &self,
        who: &Principal,
        id: Uuid,
    ) -> Result<StaffOutcome, AppError> {
        staff_imports::commit(&self.0.db, who, id).await
    }

    async fn users(&self, who: &Principal) -> Result<Vec<UserSummary>, AppError> {
        let school_id = who
            .school_id
            .filter(|s| who.can_administer(*s))
            .ok_or(AppError::Forbidden)?;
        db::users::list(&self.0.db, school_id)
            .await
            .map_err(internal)
    }

    async fn create_invite(
        &self,
        who: &Principal,
        invite: NewInvite,
    ) -> Result<InviteCreated, AppError> {
        invites::create(&self.0.db, who, invite).await
    }

    async fn week_board(
        &self,
        who: &Principal,
        week: Option<Day>,
    ) -> Result<Option<WeekBoard>, AppError> {
        scores::week_board(&self.0.db, who, week).await
    }

    async fn board_cell(
        &self,
        who: &Principal,
        class_id: Uuid,
        date: Day,
    ) -> Result<CellDetail, AppError> {
        scores::cell(&self.0.db, who, class_id, date).await
    }

    async fn class_trend(
        &self,
        who: &Principal,
        class_id: Uuid,
    ) -> Result<Option<ClassTrend>, AppError> {
        scores::class_trend(&self.0.db, who, class_id).await
    }

    async fn day_attendance(
        &self,
        who: &Principal,
        date: Option<Day>,
    ) -> Result<DayAttendance, AppError> {
        attendance::day(&self.0.db, who, date).await
    }

    async fn class_conduct(
        &self,
        who: &Principal,
        class_id: Uuid,
    ) -> Result<Option<ClassConduct>, AppError> {
        conduct::class_conduct(&self.0.db, who, class_id).await
    }

    async fn scheme(&self, who: &Principal) -> Result<SchemeView, AppError> {
        scheme::scheme(&self.0.db, who).await
    }

    async fn save_rules(&self, who: &Principal, rules: RulesInput) -> Result<(), AppError> {
        scheme::save_rules(&self.0.db, who, rules).await
    }

    async fn save_item(&self, who: &Principal, item: ItemInput) -> Result<(), AppError> {
        scheme::save_item(&self.0.db, who, item).await
    }

    async fn activity_feed(
        &self,
        who: &Principal,
        before: Option<FeedCursor>,
    ) -> Result<FeedPage, AppError> {
        activities::feed(&self.0.db, who, before).await
    }

    async fn coverage(
        &self,
        who: &Principal,
        month: Option<Day>,
    ) -> Result<CoverageView, AppError> {
        coverage::coverage(&self.0.db, who, month.map(Day::date)).await
    }

    async fn acknowledge_activity(
        &self,
        who: &Principal,
        activity_id: Uuid,
        note: &str,
    ) -> Result<(), AppError> {
        activities::acknowledge(&self.0.db, who, activity_id, note).await
    }

    async fn activity_list(
        &self,
        who: &Principal,
        filter: ActivityFilter,
    ) -> Result<ActivityList, AppError> {
        activity_list::list(&self.0.db, who, filter).await
    }

    async fn themes(&self, who: &Principal) -> Result<ThemesView, AppError> {
        themes::list(&self.0.db, who).await
    }

    async fn save_theme(&self, who: &Principal, theme: ThemeInput) -> Result<(), AppError> {
        themes::save(&self.0.db, who, theme).await
    }

    async fn meal_reports(
        &self,
        who: &Principal,
        month: Option<Day>,
    ) -> Result<MealReports, AppError> {
        meals::month(&self.0.db, who, month.map(Day::date)).await
    }

    async fn submit_meal_report(
        &self,
        who: &Principal,
        report: MealReportInput,
    ) -> Result<(), AppError> {
        meals::submit(&self.0.db, who, report).await
    }

    async fn reply_meal_report(
        &self,
        who: &Principal,
        id: Uuid,
        reply: &str,
    ) -> Result<(), AppError> {
        meals::reply(&self.0.db, who, id, reply).await
    }

    async fn acknowledgements(
        &self,
        who: &Principal,
        activity_id: Uuid,
    ) -> Result<Vec<Acknowledgement>, AppError> {
        activities::acknowledgements(&self.0.db, who, activity_id).await
    }

    async fn invite_info(&self, code: &str) -> Result<InviteInfo, AppError> {
        invites::info(&self.0.db, code).await
    }

    async fn accept_invite(
        &self,
        parts: &Parts,
        code: &str,
        username: &str,
        password: &str,
    ) -> Result<Principal, AppError> {
        invites::accept(
            &self.0,
            &service::session_of(parts)?,
            code,
            username,
            password,
        )
        .await
    }
}
