//! The editorial workflow: who may do what, which state follows, and what
//! counts toward a contract.
//!
//! Architecture invariant: this is the only place where rules are decided —
//! role rules and state transitions ([`authorize`], [`next_state`]), the
//! actions a person may take now ([`actions`]: what the app shows as buttons),
//! and the counting rule with its projection and warnings ([`counting`]).
//! [`crate::desk`] calls them inside the same transaction that applies the
//! change and writes the audit event; the front ends ask, never re-derive.
//!
//! ```text
//! assigned → drafting → submitted → changes-requested ↔ drafting
//!                       submitted → approved → published → accepted
//! any state but accepted/cancelled → cancelled
//! ```

pub mod actions;
pub mod counting;

use crate::domain::{Person, Role, State};
use crate::error::{Error, Result};

pub use actions::{capabilities, piece_actions};
pub use counting::{counts, counts_parts, money_total, projected, value_warnings, AT_RISK_DAYS, AT_RISK_LIST};

/// Something a person asks the desk to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Write or autosave the piece's text.
    EditDraft,
    /// Hand the piece to the editors.
    Submit,
    /// Send the piece back with a comment.
    RequestChanges,
    /// Approve the exact current revision.
    Approve,
    /// Record that the piece has been published.
    Publish,
    /// Record acceptance by the commissioning agency.
    Accept,
    /// Cancel the assignment.
    Cancel,
    /// Comment on a piece.
    Comment,
    /// Read a piece, its history and comments.
    Read,
    /// Create or change assignments.
    ManageAssignments,
    /// Create or change policies.
    ManagePolicies,
    /// Create or change agencies, contracts, line items and prices.
    ManageContracts,
    /// Override whether a piece counts toward a contract line.
    OverrideCounting,
    /// Add people and change roles.
    ManagePeople,
    /// See contracts, their figures and the audit log.
    ViewContracts,
    /// Change a library item's caption, credit or alt text.
    EditMedia,
    /// Add portal accounts and their secrets; retry, cancel or resolve publishing jobs.
    ManagePortals,
    /// Record audience figures: poll sources, import exports, enter figures by hand.
    RecordEngagement,
    /// Mark a comment resolved (the owner is the comment's author).
    ResolveComment,
    /// Accept or decline an assignment (its reporter).
    Respond,
    /// Record citizens' feedback, forward it, record the answer.
    ManageFeedback,
}

impl Action {
    /// Vietnamese verb phrase for messages.
    pub fn label_vi(self) -> &'static str {
        match self {
            Action::EditDraft => "sửa bài",
            Action::Submit => "nộp bài",
            Action::RequestChanges => "yêu cầu sửa",
            Action::Approve => "duyệt bài",
            Action::Publish => "ghi nhận đã đăng",
            Action::Accept => "nghiệm thu",
            Action::Cancel => "hủy",
            Action::Comment => "góp ý",
            Action::Read => "xem",
            Action::ManageAssignments => "giao việc",
            Action::ManagePolicies => "quản lý chính sách",
            Action::ManageContracts => "quản lý hợp đồng, đơn giá",
            Action::OverrideCounting => "điều chỉnh cách tính",
            Action::ManagePeople => "quản lý nhân sự",
            Action::ViewContracts => "xem hợp đồng và nhật ký",
            Action::EditMedia => "sửa chú thích, tác giả ảnh",
            Action::ManagePortals => "quản lý cổng đăng bài",
            Action::RecordEngagement => "ghi nhận số liệu bạn đọc",
            Action::ResolveComment => "đánh dấu đã xử lý góp ý",
            Action::Respond => "nhận hoặc từ chối việc",
            Action::ManageFeedback => "ghi nhận ý kiến người dân",
        }
    }
}

/// Checks that `actor` may perform `action`. `owner` is the login of the reporter
/// the assignment belongs to, when the action concerns one.
pub fn authorize(actor: &Person, action: Action, owner: Option<&str>) -> Result<()> {
    use Action::*;
    let own = owner == Some(actor.login.as_str());
    match (actor.role, action) {
        (Role::Head, _) => Ok(()),
        (Role::Editor, ManageContracts) => {
            Err(forbidden("head-only-contracts", "chỉ lãnh đạo tòa soạn được tạo, sửa hợp đồng và đơn giá"))
        }
        (Role::Editor, OverrideCounting) => {
            Err(forbidden("head-only-overrides", "chỉ lãnh đạo tòa soạn được điều chỉnh cách tính sản phẩm"))
        }
        (Role::Editor, Accept) => {
            Err(forbidden("head-only-acceptance", "chỉ lãnh đạo tòa soạn được ghi nhận nghiệm thu"))
        }
        (Role::Editor, ManagePeople) => {
            Err(forbidden("head-only-people", "chỉ lãnh đạo tòa soạn được thêm người và đổi vai trò"))
        }
        (Role::Editor, _) => Ok(()),
        (Role::Reporter, EditDraft | Submit | Comment | Read | Respond) if own => Ok(()),
        (Role::Reporter, EditDraft | Submit | Comment | Read | Respond) => Err(forbidden(
            "reporter-own-assignment",
            "phóng viên chỉ được viết, nộp và góp ý bài được giao cho chính mình",
        )),
        (Role::Reporter, ResolveComment) if own => Ok(()),
        (Role::Reporter, ResolveComment) => Err(forbidden(
            "comment-resolve",
            "phóng viên chỉ đánh dấu đã xử lý góp ý của chính mình; hãy trả lời bằng góp ý mới",
        )),
        (Role::Reporter, EditMedia) if own => Ok(()),
        (Role::Reporter, EditMedia) => Err(forbidden(
            "reporter-own-media",
            "phóng viên chỉ được sửa chú thích, tác giả của ảnh do chính mình nhập; hãy nhờ biên tập viên",
        )),
        (
            Role::Reporter,
            RequestChanges | Approve | Publish | Cancel | ManagePortals | RecordEngagement | ManageFeedback,
        ) => Err(forbidden(
            "editor-reviews",
            "chỉ biên tập viên hoặc lãnh đạo tòa soạn được duyệt, trả bài, đăng hoặc hủy",
        )),
        (Role::Reporter, ManageAssignments | ManagePolicies | ViewContracts) => Err(forbidden(
            "editor-assigns",
            "chỉ biên tập viên hoặc lãnh đạo tòa soạn được giao việc và quản lý chính sách",
        )),
        (Role::Reporter, ManageContracts | OverrideCounting | Accept | ManagePeople) => {
            Err(forbidden("head-only", "việc này chỉ lãnh đạo tòa soạn được làm"))
        }
    }
}

/// Whether `actor` may do `action` where no one piece is concerned.
pub fn may(actor: &Person, action: Action) -> bool {
    authorize(actor, action, None).is_ok()
}

/// A piece's editor must be an editor or a head.
pub fn check_editor(editor: &Person) -> Result<()> {
    if editor.role == Role::Reporter {
        return Err(Error::invalid("editor", format!("«{}» là phóng viên, không phải biên tập viên", editor.login)));
    }
    Ok(())
}

/// The first person of a newsroom must be its head, who can add the others.
pub fn check_first_person(role: Role) -> Result<()> {
    if role != Role::Head {
        return Err(Error::invalid(
            "role",
            "người đầu tiên của tòa soạn phải là lãnh đạo (head) để có thể thêm người khác",
        ));
    }
    Ok(())
}

/// Whether `actor` reads only their own assignments (reporters): lists are
/// narrowed to them, not refused.
pub fn reads_only_own(actor: &Person) -> bool {
    authorize(actor, Action::Read, None).is_err()
}

/// The state that follows `from` when `action` is applied by someone of `role`,
/// or the workflow error naming the refused transition.
pub fn next_state(from: State, action: Action, role: Role) -> Result<State> {
    use Action::*;
    use State::*;
    let to = match (from, action) {
        (Assigned | Drafting | ChangesRequested, EditDraft) => Some(Drafting),
        // Editors copy-edit a submitted piece without taking it back.
        (Submitted, EditDraft) if role != Role::Reporter => Some(Submitted),
        (Drafting | ChangesRequested, Submit) => Some(Submitted),
        (Submitted | Approved | Published, RequestChanges) => Some(ChangesRequested),
        (Submitted, Approve) => Some(Approved),
        (Approved, Publish) => Some(Published),
        (Published, Accept) => Some(Accepted),
        (Assigned | Drafting | Submitted | ChangesRequested | Approved | Published, Cancel) => Some(Cancelled),
        (s, Comment | Read) if s != Cancelled || action == Read => Some(s),
        _ => None,
    };
    to.ok_or(Error::InvalidTransition { action: action.label_vi(), state: from.label_vi() })
}

fn forbidden(rule: &'static str, detail: &str) -> Error {
    Error::Forbidden { rule, detail: detail.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(login: &str, role: Role) -> Person {
        Person { id: "x".into(), login: login.into(), real_name: login.into(), pen_name: None, role, active: true }
    }

    #[test]
    fn reporter_only_touches_own_assignments() {
        let an = person("an", Role::Reporter);
        assert!(authorize(&an, Action::EditDraft, Some("an")).is_ok());
        assert!(authorize(&an, Action::Submit, Some("an")).is_ok());
        let err = authorize(&an, Action::Submit, Some("binh")).unwrap_err();
        assert!(matches!(err, Error::Forbidden { rule: "reporter-own-assignment", .. }));
        let err = authorize(&an, Action::Approve, Some("an")).unwrap_err();
        assert!(matches!(err, Error::Forbidden { rule: "editor-reviews", .. }));
    }

    #[test]
    fn only_heads_touch_contracts_and_overrides() {
        let lan = person("lan", Role::Editor);
        let hung = person("hung", Role::Head);
        for action in [Action::ManageContracts, Action::OverrideCounting, Action::Accept] {
            assert!(authorize(&lan, action, None).is_err(), "{action:?}");
            assert!(authorize(&hung, action, None).is_ok(), "{action:?}");
        }
        assert!(authorize(&lan, Action::Approve, Some("an")).is_ok());
    }

    /// Facts kept once, or tied: the hub checks a member's workflow moves
    /// against its own table of transitions (crates/hub/src/rules.sql); it
    /// must be exactly the graph [`next_state`] and [`authorize`] allow here,
    /// role by role. Tried by hand: letting editors accept in the SQL fails
    /// this, naming the row.
    #[test]
    fn the_hub_checks_the_same_graph_as_the_desk() {
        use std::collections::BTreeSet;
        let rules =
            std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../hub/src/rules.sql"))
                .unwrap();
        let at = rules.find("INSERT INTO toasoan.transitions VALUES").expect("the hub's transitions");
        let rows = &rules[at..rules[at..].find(';').map(|e| at + e).unwrap()];
        let mut hub = BTreeSet::new();
        for row in rows.split("('").skip(1) {
            let parts: Vec<&str> = row.split('\'').collect();
            let (from, to, roles) = (parts[0], parts[2], parts[4].trim_matches(['{', '}']));
            for role in roles.split(',') {
                hub.insert((from.to_string(), to.to_string(), role.to_string()));
            }
        }
        let moves = [
            Action::EditDraft,
            Action::Submit,
            Action::RequestChanges,
            Action::Approve,
            Action::Publish,
            Action::Accept,
            Action::Cancel,
        ];
        let mut desk = BTreeSet::new();
        for &from in State::ALL {
            for role in [Role::Reporter, Role::Editor, Role::Head] {
                let me = person("me", role);
                for action in moves {
                    if authorize(&me, action, Some("me")).is_ok() {
                        if let Ok(to) = next_state(from, action, role) {
                            desk.insert((from.code().to_string(), to.code().to_string(), role.code().to_string()));
                        }
                    }
                }
            }
        }
        assert!(desk.len() > 20, "the scan sees the graph: {desk:?}");
        let only_hub: Vec<_> = hub.difference(&desk).collect();
        let only_desk: Vec<_> = desk.difference(&hub).collect();
        assert!(
            only_hub.is_empty() && only_desk.is_empty(),
            "only the hub allows {only_hub:?}; only the desk {only_desk:?}"
        );
    }

    #[test]
    fn transitions_follow_the_documented_graph() {
        use State::*;
        let ok = [
            (Assigned, Action::EditDraft, Role::Reporter, Drafting),
            (ChangesRequested, Action::EditDraft, Role::Reporter, Drafting),
            (Drafting, Action::Submit, Role::Reporter, Submitted),
            (Submitted, Action::RequestChanges, Role::Editor, ChangesRequested),
            (Submitted, Action::Approve, Role::Editor, Approved),
            (Submitted, Action::EditDraft, Role::Editor, Submitted),
            (Approved, Action::Publish, Role::Editor, Published),
            (Published, Action::Accept, Role::Head, Accepted),
            (Published, Action::Cancel, Role::Head, Cancelled),
        ];
        for (from, action, role, to) in ok {
            assert_eq!(next_state(from, action, role).unwrap(), to, "{from:?} {action:?}");
        }
        let refused = [
            (Assigned, Action::Submit, Role::Reporter),
            (Drafting, Action::Approve, Role::Editor),
            (Submitted, Action::EditDraft, Role::Reporter),
            (Approved, Action::Approve, Role::Editor),
            (Accepted, Action::Cancel, Role::Head),
            (Cancelled, Action::EditDraft, Role::Head),
            (Cancelled, Action::Comment, Role::Head),
            (Drafting, Action::Publish, Role::Head),
        ];
        for (from, action, role) in refused {
            let err = next_state(from, action, role).unwrap_err();
            assert_eq!(err.code(), "invalid_transition", "{from:?} {action:?}");
        }
    }
}
