//! Monthly themes (月有主题) as staff edit them on the phone.
use leptos::prelude::*;

use crate::domain::theme_edit::{ThemeInput, ThemesView};
use crate::error::AppError;

/// The school's themes and grades: staff and admins over the whole school.
#[server(prefix = "/api/fn", endpoint = "get_themes")]
pub async fn get_themes() -> Result<ThemesView, AppError> {
    use crate::api::{finish, principal, services};
    let who = finish(principal())?;
    finish(services()?.themes(&who).await)
}

/// Keeps a theme, new or changed; phones pull it with their next sync.
#[server(prefix = "/api/fn", endpoint = "save_theme", input = leptos::server_fn::codec::Json)]
pub async fn save_theme(theme: ThemeInput) -> Result<(), AppError> {
    use crate::api::{finish, principal, services};
    let who = finish(principal())?;
    finish(services()?.save_theme(&who, theme).await)
}
