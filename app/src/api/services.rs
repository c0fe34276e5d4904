//! The interface the server implements for the server functions (hexagonal boundary).
use std::sync::Arc;

use crate::domain::day::Day;
use http::request::Parts;
use leptos::prelude::*;
use uuid::Uuid;

use crate::domain::activity_list::{ActivityFilter, ActivityList};
use crate::domain::attendance::DayAttendance;
use crate::domain::conduct::ClassConduct;
use crate::domain::coverage::CoverageView;
use crate::domain::feed::{Acknowledgement, FeedCursor, FeedPage};
use crate::domain::meals::{MealReportInput, MealReports};
use crate::domain::role::Principal;
use crate::domain::roster::{ImportOutcome, ImportPreview};
use crate::domain::scheme::{ItemInput, RulesInput, SchemeView};
use crate::domain::school::{
    Home, Roster, StudentDetail, StudentInput, Term, TermInput, UnitInput,
};
use crate::domain::scores::{CellDetail, ClassTrend, WeekBoard};
use crate::domain::theme_edit::{ThemeInput, ThemesView};
use crate::domain::users::{
    InviteCreated, InviteInfo, NewInvite, StaffOutcome, StaffPreview, UserSummary,
};
use crate::error::AppError;

/// What the server functions need from the server; provided as context per request.
#[async_trait::async_trait]
pub trait Services: Send + Sync + 'static {
    /// Checks the password, rotates the session and signs the user in.
    async fn login(
        &self,
        parts: &Parts,
        username: &str,
        password: &str,
    ) -> Result<Principal, AppError>;
    /// Ends the session on the server.
    async fn logout(&self, parts: &Parts) -> Result<(), AppError>;
    /// Changes the signed-in user's password after checking the current one.
    async fn change_password(
        &self,
        parts: &Parts,
        who: &Principal,
        current: &str,
        new: &str,
    ) -> Result<(), AppError>;
    /// The home screen of the user's role.
    async fn home(&self, who: &Principal) -> Result<Home, AppError>;
    /// A class's students, with sensitive fields only where allowed.
    async fn roster(&self, who: &Principal, class_id: Uuid) -> Result<Roster, AppError>;
    /// One student for the edit form (admins, the class's teachers).
    async fn student(&self, who: &Principal, id: Uuid) -> Result<StudentDetail, AppError>;
    /// Saves a student's record (admins may also move them to another class).
    async fn save_student(&self, who: &Principal, student: StudentInput) -> Result<(), AppError>;
    /// Creates or renames a grade (admin).
    async fn save_grade(&self, who: &Principal, grade: UnitInput) -> Result<(), AppError>;
    /// Creates or renames a class (admin).
    async fn save_class(&self, who: &Principal, class: UnitInput) -> Result<(), AppError>;
    /// The school's terms, newest first.
    async fn terms(&self, who: &Principal) -> Result<Vec<Term>, AppError>;
    /// Creates or updates a term (admin).
    async fn save_term(&self, who: &Principal, term: TermInput) -> Result<Term, AppError>;
    /// A staged roster import (admin).
    async fn import_preview(&self, who: &Principal, id: Uuid) -> Result<ImportPreview, AppError>;
    /// Imports a staged roster, all or nothing (admin).
    async fn commit_import(&self, who: &Principal, id: Uuid) -> Result<ImportOutcome, AppError>;
    /// A staged staff file (admin).
    async fn staff_import_preview(
        &self,
        who: &Principal,
        id: Uuid,
    ) -> Result<StaffPreview, AppError>;
    /// Creates the staged staff accounts with activation codes (admin).
    async fn commit_staff_import(
        &self,
        who: &Principal,
        id: Uuid,
    ) -> Result<StaffOutcome, AppError>;
    /// The school's accounts (admin).
    async fn users(&self, who: &Principal) -> Result<Vec<UserSummary>, AppError>;
    /// A one-time invite for a role and scope (admin).
    async fn create_invite(
        &self,
        who: &Principal,
        invite: NewInvite,
    ) -> Result<InviteCreated, AppError>;
    /// The weekly board of the classes the user may see; `None` outside every term.
    async fn week_board(
        &self,
        who: &Principal,
        week: Option<Day>,
    ) -> Result<Option<WeekBoard>, AppError>;
    /// A class's entries of one day (never for parent-committee members).
    async fn board_cell(
        &self,
        who: &Principal,
        class_id: Uuid,
        date: Day,
    ) -> Result<CellDetail, AppError>;
    /// A class's weekly totals and ranks this term (everyone who sees the class).
    async fn class_trend(
        &self,
        who: &Principal,
        class_id: Uuid,
    ) -> Result<Option<ClassTrend>, AppError>;
    /// A day's absences by class and reason, with the alerts (today when `None`).
    async fn day_attendance(
        &self,
        who: &Principal,
        date: Option<Day>,
    ) -> Result<DayAttendance, AppError>;
    /// A class's conduct points this term (its teachers and staff); `None` outside every term.
    async fn class_conduct(
        &self,
        who: &Principal,
        class_id: Uuid,
    ) -> Result<Option<ClassConduct>, AppError>;
    /// The check scheme and the current term's rules (school-wide staff and admins).
    async fn scheme(&self, who: &Principal) -> Result<SchemeView, AppError>;
    /// Stores a term's scoring rules.
    async fn save_rules(&self, who: &Principal, rules: RulesInput) -> Result<(), AppError>;
    /// Creates or updates a check item.
    async fn save_item(&self, who: &Principal, item: ItemInput) -> Result<(), AppError>;
    /// A page of the shared activities of the classes the user follows, newest first.
    async fn activity_feed(
        &self,
        who: &Principal,
        before: Option<FeedCursor>,
    ) -> Result<FeedPage, AppError>;
    /// The month's coverage of required activities (the school's current month when `None`),
    /// and the term's safety topics, for the classes whose rosters the user reads.
    async fn coverage(&self, who: &Principal, month: Option<Day>)
    -> Result<CoverageView, AppError>;
    /// A parent-committee member's 已阅 of a shared activity, with a note to its teachers.
    async fn acknowledge_activity(
        &self,
        who: &Principal,
        activity_id: Uuid,
        note: &str,
    ) -> Result<(), AppError>;
    /// The month's activities of the classes the user reads, filtered.
    async fn activity_list(
        &self,
        who: &Principal,
        filter: ActivityFilter,
    ) -> Result<ActivityList, AppError>;
    /// The school's monthly themes and grades, for staff to edit.
    async fn themes(&self, who: &Principal) -> Result<ThemesView, AppError>;
    /// Keeps a monthly theme, new or changed.
    async fn save_theme(&self, who: &Principal, theme: ThemeInput) -> Result<(), AppError>;
    /// The month's accompany-meal reports the user reads.
    async fn meal_reports(
        &self,
        who: &Principal,
        month: Option<Day>,
    ) -> Result<MealReports, AppError>;
    /// A parent-committee member's accompany-meal report.
    async fn submit_meal_report(
        &self,
        who: &Principal,
        report: MealReportInput,
    ) -> Result<(), AppError>;
    /// Staff's answer to an accompany-meal report.
    async fn reply_meal_report(
        &self,
        who: &Principal,
        id: Uuid,
        reply: &str,
    ) -> Result<(), AppError>;
    /// Who acknowledged an activity, with their notes (its class's teachers and staff).
    async fn acknowledgements(
        &self,
        who: &Principal,
        activity_id: Uuid,
    ) -> Result<Vec<Acknowledgement>, AppError>;
    /// What an invite is for, before it is accepted (anyone holding the code).
    async fn invite_info(&self, code: &str) -> Result<InviteInfo, AppError>;
    /// Accepts an invite: creates the account and signs in.
    async fn accept_invite(
        &self,
        parts: &Parts,
        code: &str,
        username: &str,
        password: &str,
    ) -> Result<Principal, AppError>;
}

/// How the server hands its services to the app.
pub type SharedServices = Arc<dyn Services>;

/// The services the server provided for this request.
pub fn services() -> Result<SharedServices, AppError> {
    use_context::<SharedServices>().ok_or(AppError::Internal)
}

/// The HTTP request being served.
pub fn request_parts() -> Result<Parts, AppError> {
    use_context::<Parts>().ok_or(AppError::Internal)
}

/// The signed-in user, as the server's session middleware resolved them.
pub fn principal() -> Result<Principal, AppError> {
    request_parts()?
        .extensions
        .get::<Principal>()
        .cloned()
        .ok_or(AppError::Unauthorized)
}

/// Finishes a server function: an error also sets the HTTP status it deserves.
pub fn finish<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(err) = &result
        && let (Some(opts), Ok(status)) = (
            use_context::<leptos_axum::ResponseOptions>(),
            http::StatusCode::from_u16(err.status()),
        )
    {
        opts.set_status(status);
    }
    result
}
