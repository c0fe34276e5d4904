//! One route component per file.
mod admin;
mod class;
mod home;
mod import;
mod import_preview;
mod invite;
mod login;
mod me;
mod not_found;
mod staff_import;
mod student;
mod terms;
mod users;

pub use admin::AdminPage;
pub use class::ClassPage;
pub use home::HomePage;
pub use import::ImportPage;
pub use import_preview::ImportPreviewPage;
pub use invite::InvitePage;
pub use login::LoginPage;
pub use me::MePage;
pub use not_found::NotFoundPage;
pub use staff_import::StaffImportPage;
pub use student::StudentPage;
pub use terms::TermsPage;
pub use users::UsersPage;
