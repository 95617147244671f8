//! Contracts: the list, a contract's report, creating, editing, amending.

use super::*;

/// Contracts (editors and heads).
#[tauri::command]
#[specta::specta]
pub async fn contracts(state: State<'_, AppState>) -> IpcResult<Vec<Contract>> {
    state.with_user(move |d, me| d.contracts(me)).await
}

/// Quota, delivery, money, burn-down and pieces at risk of one contract.
#[tauri::command]
#[specta::specta]
pub async fn contract_report(state: State<'_, AppState>, id: String) -> IpcResult<ContractReport> {
    state.with_user(move |d, me| d.contract_report(me, &id)).await
}

/// Records a contract with its line items, whole or not at all (heads).
#[tauri::command]
#[specta::specta]
pub async fn create_contract(
    state: State<'_, AppState>,
    contract: NewContract,
    lines: Vec<NewLine>,
) -> IpcResult<ContractSaved> {
    state
        .with_user(move |d, me| {
            d.create_contract(me, contract, lines).map(|(contract, warnings)| ContractSaved { contract, warnings })
        })
        .await
}

/// Replaces a contract's descriptive fields (heads).
#[tauri::command]
#[specta::specta]
pub async fn update_contract(state: State<'_, AppState>, id: String, edit: ContractEdit) -> IpcResult<Contract> {
    state.with_user(move |d, me| d.update_contract(me, &id, edit)).await
}

/// Records an amendment (heads).
#[tauri::command]
#[specta::specta]
pub async fn amend_contract(
    state: State<'_, AppState>,
    id: String,
    amendment: NewAmendment,
) -> IpcResult<AmendmentSaved> {
    state
        .with_user(move |d, me| {
            d.amend_contract(me, &id, amendment).map(|(amendment, warnings)| AmendmentSaved { amendment, warnings })
        })
        .await
}
