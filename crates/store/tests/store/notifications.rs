//! Team mode's notifications: kept once per id, newest first with their
//! piece's title, marked read per piece or all at once, and a kind this
//! binary does not know (a newer one wrote it) skipped rather than failing
//! the list.

use toasoan_domain::NotificationKind;
use toasoan_store::Store;

use crate::{at, file_store, piece, raw, seed};

/// Tried: notifications about two pieces and one about none, then the
/// first piece opened. They list newest first with each piece's working
/// title ("" without one); opening the piece marks only its own read.
#[test]
fn notifications_carry_their_piece_and_are_read_per_piece() {
    let store = Store::open_in_memory().unwrap();
    let s = seed(&store);
    let a = store
        .write(|db| {
            let (a, _) = piece(db, &s, "Thuế đất nông nghiệp", "2026-03-20")?;
            let (b, _) = piece(db, &s, "Học phí năm học mới", "2026-03-21")?;
            db.add_notification("n1", NotificationKind::Assigned, Some(&a), "minh", "", &at(3, 1, 0))?;
            db.add_notification(
                "n2",
                NotificationKind::ChangesRequested,
                Some(&a),
                "minh",
                "Thêm ví dụ.",
                &at(3, 2, 0),
            )?;
            db.add_notification("n3", NotificationKind::Assigned, Some(&b), "minh", "", &at(3, 3, 0))?;
            db.add_notification(
                "n4",
                NotificationKind::Refused,
                None,
                "hub",
                "Bài đã chuyển người khác",
                &at(3, 4, 0),
            )?;
            Ok(a)
        })
        .unwrap();
    let list = store.read(|db| Ok(db.notifications()?)).unwrap();
    let got: Vec<(&str, &str)> = list.iter().map(|n| (n.id.as_str(), n.title.as_str())).collect();
    assert_eq!(
        got,
        [("n4", ""), ("n3", "Học phí năm học mới"), ("n2", "Thuế đất nông nghiệp"), ("n1", "Thuế đất nông nghiệp")]
    );
    assert_eq!(list[2].detail, "Thêm ví dụ.");
    assert_eq!(list[2].kind, NotificationKind::ChangesRequested);
    let marked = store.write(|db| Ok(db.mark_piece_notifications_read(&a, &at(4, 0, 0))?)).unwrap();
    assert_eq!(marked, 2);
    let list = store.read(|db| Ok(db.notifications()?)).unwrap();
    let unread: Vec<&str> = list.iter().filter(|n| !n.read).map(|n| n.id.as_str()).collect();
    assert_eq!(unread, ["n4", "n3"]);
    assert_eq!(store.read(|db| Ok(db.unread_notifications()?)).unwrap(), 2);
}

/// Tried: a notification of a kind this binary does not know, written into
/// the file by a newer version, beside a known one. The list skips it and
/// shows the other; it still counts as unread (it is there).
#[test]
fn a_notification_of_an_unknown_kind_is_skipped_not_an_error() {
    let (dir, store) = file_store();
    store
        .write(|db| Ok(db.add_notification("biết", NotificationKind::Approved, None, "minh", "", &at(3, 1, 0))?))
        .unwrap();
    raw(dir.path())
        .execute(
            "INSERT INTO notifications (id, kind, assignment_id, actor, detail, at) VALUES ('lạ', 'tuong-lai', NULL, 'hub', '', ?1)",
            [at(3, 2, 0)],
        )
        .unwrap();
    let (list, unread) = store.read(|db| Ok((db.notifications()?, db.unread_notifications()?))).unwrap();
    assert_eq!(list.iter().map(|n| n.id.as_str()).collect::<Vec<_>>(), ["biết"]);
    assert_eq!(unread, 2);
}
