//! What a person may do now — per piece ([`piece_actions`]) and across the
//! desk ([`capabilities`]) — worked out from [`authorize`] and
//! [`next_state`] themselves, so the app shows exactly the buttons the desk
//! would accept and never re-derives a rule.

use super::{authorize, next_state, Action};
use crate::domain::{Assignment, Capability, Person, PieceAction, Role, State};

/// The actions `actor` may take on `piece` in its current state, in display order.
pub fn piece_actions(actor: &Person, piece: &Assignment) -> Vec<PieceAction> {
    let owner = Some(piece.reporter.as_str());
    let may = |action: Action| authorize(actor, action, owner).is_ok();
    let moves = |action: Action| may(action) && next_state(piece.state, action, actor.role).is_ok();
    let mut out = Vec::new();
    // The writing desk is the piece's reporter's, while the text is theirs to
    // write; editors and heads copy-edit the text wherever the desk lets them
    // save it (the app opens the desk to them on request, not by default).
    let author = piece.reporter == actor.login;
    if author
        && may(Action::EditDraft)
        && matches!(next_state(piece.state, Action::EditDraft, actor.role), Ok(State::Drafting))
    {
        out.push(PieceAction::Write);
    }
    if !author && actor.role != Role::Reporter && moves(Action::EditDraft) {
        out.push(PieceAction::CopyEdit);
    }
    for (action, shown) in [
        (Action::Submit, PieceAction::Submit),
        (Action::Approve, PieceAction::Approve),
        (Action::RequestChanges, PieceAction::RequestChanges),
        (Action::Publish, PieceAction::Publish),
    ] {
        if moves(action) {
            out.push(shown);
        }
    }
    if may(Action::ManagePortals) {
        out.push(PieceAction::ManagePublishing);
    }
    if may(Action::RecordEngagement) {
        out.push(PieceAction::RecordEngagement);
    }
    if moves(Action::Comment) {
        out.push(PieceAction::Comment);
    }
    if moves(Action::Cancel) {
        out.push(PieceAction::Cancel);
    }
    if may(Action::OverrideCounting) && piece.state != State::Cancelled {
        out.push(PieceAction::OverrideCounting);
    }
    if may(Action::ManageAssignments) && !matches!(piece.state, State::Cancelled | State::Accepted) {
        out.push(PieceAction::EditAssignment);
    }
    if author && may(Action::Respond) && matches!(piece.state, State::Assigned | State::Drafting) {
        out.push(PieceAction::Respond);
    }
    out
}

/// What `actor`'s role lets them do across the desk.
pub fn capabilities(actor: &Person) -> Vec<Capability> {
    let may = |action: Action| authorize(actor, action, None).is_ok();
    let mut out = Vec::new();
    if actor.role == Role::Reporter {
        out.push(Capability::OwnWork);
    }
    for (action, cap) in [
        (Action::Approve, Capability::Review),
        (Action::ViewContracts, Capability::ViewContracts),
        (Action::ManageContracts, Capability::ManageContracts),
        (Action::ManagePortals, Capability::ManagePortals),
        (Action::ManagePeople, Capability::ManagePeople),
        (Action::ManageAssignments, Capability::Plan),
        (Action::ManageFeedback, Capability::ManageFeedback),
    ] {
        if may(action) {
            out.push(cap);
        }
    }
    out
}
