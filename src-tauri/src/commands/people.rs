//! People of the newsroom.

use super::*;

/// Adds a person (heads).
#[tauri::command]
#[specta::specta]
pub async fn add_person(state: State<'_, AppState>, input: NewPerson) -> IpcResult<Person> {
    state.with_user(move |d, me| d.add_person(Some(me), input)).await
}

/// Changes a person's name, pen name, role (heads).
#[tauri::command]
#[specta::specta]
pub async fn edit_person(state: State<'_, AppState>, login: String, edit: PersonEdit) -> IpcResult<PersonUpdate> {
    state.with_user(move |d, me| d.edit_person(me, &login, edit)).await
}

/// Deactivates (`active: false`) or reactivates a person (heads).
#[tauri::command]
#[specta::specta]
pub async fn set_person_active(state: State<'_, AppState>, login: String, active: bool) -> IpcResult<PersonUpdate> {
    state
        .with_user(move |d, me| if active { d.reactivate_person(me, &login) } else { d.deactivate_person(me, &login) })
        .await
}
