//! The audit trail's actions: one coded enum, the only place their codes are
//! spelled. The core writes an event with one of these; the UI translates
//! every code (a test reads ui/src/lib/i18n and fails on a missing one), so
//! no head ever reads `contract.amend` on a screen.

macro_rules! audit_actions {
    ($($(#[doc = $doc:literal])* $variant:ident => $code:literal,)*) => {
        /// What an audit event records.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum AuditAction {
            $($(#[doc = $doc])* $variant,)*
        }

        impl AuditAction {
            /// Every action, in the order declared.
            pub const ALL: &'static [AuditAction] = &[$(AuditAction::$variant,)*];

            /// The stable code stored in `audit_log.action`.
            pub fn code(self) -> &'static str {
                match self {
                    $(AuditAction::$variant => $code,)*
                }
            }

            /// The action with this code, if it is one.
            pub fn from_code(code: &str) -> Option<AuditAction> {
                match code {
                    $($code => Some(AuditAction::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

audit_actions! {
    /// A piece assigned.
    AssignmentAdd => "assignment.add",
    /// An assignment's brief, deadline or reporter changed.
    AssignmentEdit => "assignment.edit",
    /// A workflow move to the draft state.
    AssignmentDraft => "assignment.draft",
    /// Submitted for review.
    AssignmentSubmit => "assignment.submit",
    /// Returned to its reporter for changes (trả bài).
    AssignmentRequestChanges => "assignment.request-changes",
    /// Approved.
    AssignmentApprove => "assignment.approve",
    /// Marked published.
    AssignmentPublish => "assignment.publish",
    /// Accepted by the commissioning agency.
    AssignmentAccept => "assignment.accept",
    /// Cancelled.
    AssignmentCancel => "assignment.cancel",
    /// Any other workflow move (none today; kept so an old trail reads).
    AssignmentOther => "assignment.other",
    /// A reporter took an offered piece.
    AssignmentTaken => "assignment.taken",
    /// A reporter declined an offered piece.
    AssignmentDecline => "assignment.decline",
    /// How a piece counts against its contract line was overridden.
    AssignmentOverride => "assignment.override",
    /// A revision of a piece saved.
    RevisionAppend => "revision.append",
    /// Two offline versions of a piece merged.
    ConflictResolve => "conflict.resolve",
    CommentAdd => "comment.add",
    CommentEdit => "comment.edit",
    CommentResolve => "comment.resolve",
    CommentDelete => "comment.delete",
    /// A new newsroom made on an empty data folder: its name and its head.
    NewsroomCreate => "newsroom.create",
    /// The newsroom's name changed (heads).
    NewsroomRename => "newsroom.rename",
    PersonAdd => "person.add",
    PersonEdit => "person.edit",
    PersonDeactivate => "person.deactivate",
    PersonReactivate => "person.reactivate",
    /// A profile's passphrase set or changed.
    PersonPassphraseSet => "person.passphrase.set",
    /// A profile's passphrase cleared (by a head, when forgotten).
    PersonPassphraseClear => "person.passphrase.clear",
    AgencyAdd => "agency.add",
    AgencyContactAdd => "agency.contact.add",
    AgencyContactRemove => "agency.contact.remove",
    PolicyAdd => "policy.add",
    /// A policy moved to another stage of its life.
    PolicyStage => "policy.stage",
    ContractAdd => "contract.add",
    ContractLineAdd => "contract.line.add",
    ContractEdit => "contract.edit",
    /// A contract's terms amended (phụ lục).
    ContractAmend => "contract.amend",
    /// An acceptance round recorded.
    ContractAccept => "contract.accept",
    MediaImport => "media.import",
    MediaEdit => "media.edit",
    MediaAttach => "media.attach",
    /// Unused library files removed.
    MediaGc => "media.gc",
    PortalAdd => "portal.add",
    /// A portal's password stored in the keyring.
    PortalSecret => "portal.secret",
    /// How a portal's pages show their view counts.
    PortalViewPattern => "portal.view_pattern",
    PublishQueue => "publish.queue",
    PublishSent => "publish.sent",
    /// Published from another workbench of the team first.
    PublishSentElsewhere => "publish.sent_elsewhere",
    PublishPackage => "publish.package",
    PublishFailed => "publish.failed",
    PublishConflict => "publish.conflict",
    PublishRetry => "publish.retry",
    PublishCancel => "publish.cancel",
    /// A conflict decided by overwriting the portal's copy.
    PublishOverwrite => "publish.overwrite",
    /// A conflict decided by keeping the portal's copy.
    PublishKeepPortal => "publish.keep-portal",
    EngagementRecord => "engagement.record",
    EngagementImport => "engagement.import",
    EngagementPoll => "engagement.poll",
    /// A Matomo site connected for audience figures.
    MatomoAdd => "matomo.add",
    FeedbackAdd => "feedback.add",
    FeedbackAnswer => "feedback.answer",
    FeedbackForward => "feedback.forward",
    BackupCreate => "backup.create",
    /// The database moved to a newer schema (written by the store).
    SchemaMigrate => "schema.migrate",
}

#[cfg(test)]
mod tests {
    use super::AuditAction;

    #[test]
    fn every_code_is_unique_and_reads_back() {
        let mut seen = std::collections::HashSet::new();
        for a in AuditAction::ALL {
            assert!(seen.insert(a.code()), "{} twice", a.code());
            assert_eq!(AuditAction::from_code(a.code()), Some(*a));
            assert!(a.code().bytes().all(|b| b.is_ascii_lowercase() || b"._-".contains(&b)), "{}", a.code());
        }
        assert_eq!(AuditAction::from_code("contract.rewrite"), None);
    }
}
