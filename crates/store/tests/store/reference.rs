//! The desk's reference data: people (deactivation, open pieces,
//! passphrases), policies and their stages over time, agencies' contacts,
//! contracts with lines, policies and an unknown value, and the `meta`
//! key-value table.

use toasoan_domain::ids::new_id;
use toasoan_domain::{AgencyContact, ContactRole, PolicyStage, Role, State};
use toasoan_store::{NewStageRow, Store};

use crate::{at, contract, day, line, piece, seed, T0};

/// Tried: a reporter with four pieces in four states, deactivated, renamed,
/// then reactivated. `open_pieces_of` counts only the pieces still to write
/// (assigned, drafting, changes requested); deactivation shows as
/// `active = false` and back; the new name and pen name are read back.
#[test]
fn people_are_deactivated_renamed_and_their_open_pieces_counted() {
    let store = Store::open_in_memory().unwrap();
    let s = seed(&store);
    store
        .write(|db| {
            for (title, state) in [
                ("Còn giao", State::Assigned),
                ("Đang viết", State::Drafting),
                ("Phải sửa", State::ChangesRequested),
                ("Đã nộp", State::Submitted),
            ] {
                let (a, _) = piece(db, &s, title, "2026-03-20")?;
                db.set_state(&a, state, T0)?;
            }
            db.set_person_deactivated(&s.reporter.id, Some(&at(5, 0, 0)))?;
            Ok(())
        })
        .unwrap();
    let (open, lan) = store.read(|db| Ok((db.open_pieces_of(&s.reporter.id)?, db.person_by_login("lan")?))).unwrap();
    assert_eq!(open, 3);
    assert!(!lan.unwrap().active);
    store
        .write(|db| {
            db.update_person(&s.reporter.id, "Nguyễn Thị Lan Anh", Some("Lan Anh"), Role::Editor)?;
            Ok(db.set_person_deactivated(&s.reporter.id, None)?)
        })
        .unwrap();
    let lan = store.read(|db| Ok(db.person_by_login("lan")?)).unwrap().unwrap();
    assert!(lan.active);
    assert_eq!(
        (lan.real_name.as_str(), lan.pen_name.as_deref(), lan.role),
        ("Nguyễn Thị Lan Anh", Some("Lan Anh"), Role::Editor)
    );
    assert_eq!(store.read(|db| Ok(db.people_count()?)).unwrap(), 2);
}

/// Tried: a passphrase set, replaced, then cleared twice. The replacement
/// is the one read; the first clear says it removed one, the second that
/// there was none; the list of logins follows.
#[test]
fn a_profile_passphrase_is_set_replaced_and_cleared() {
    let store = Store::open_in_memory().unwrap();
    let s = seed(&store);
    store.write(|db| Ok(db.set_passphrase(&s.reporter.id, "$argon2id$v=19$cu", T0)?)).unwrap();
    store.write(|db| Ok(db.set_passphrase(&s.reporter.id, "$argon2id$v=19$moi", T0)?)).unwrap();
    store.write(|db| Ok(db.set_passphrase(&s.editor.id, "$argon2id$v=19$minh", T0)?)).unwrap();
    let (lan, logins) = store.read(|db| Ok((db.passphrase_of(&s.reporter.id)?, db.logins_with_passphrase()?))).unwrap();
    assert_eq!(lan.as_deref(), Some("$argon2id$v=19$moi"));
    assert_eq!(logins, ["lan", "minh"]);
    assert!(store.write(|db| Ok(db.clear_passphrase(&s.reporter.id)?)).unwrap());
    assert!(!store.write(|db| Ok(db.clear_passphrase(&s.reporter.id)?)).unwrap());
    let (lan, logins) = store.read(|db| Ok((db.passphrase_of(&s.reporter.id)?, db.logins_with_passphrase()?))).unwrap();
    assert!(lan.is_none());
    assert_eq!(logins, ["minh"]);
}

/// Tried: a policy's stages recorded out of order: «thông qua» on 10/02,
/// «ban hành» on 01/03, then (recorded last) «lấy ý kiến» on 05/01. The
/// policy's current stage is the one of the latest day (ban hành), not the
/// last recorded; the history lists them by day.
#[test]
fn a_policys_current_stage_is_the_one_of_the_latest_day() {
    let store = Store::open_in_memory().unwrap();
    let s = seed(&store);
    store
        .write(|db| {
            for (stage, on, note) in [
                (PolicyStage::ThongQua, "2026-02-10", "HĐND thông qua"),
                (PolicyStage::BanHanh, "2026-03-01", "UBND ban hành"),
                (PolicyStage::LayYKien, "2026-01-05", "Ghi bổ sung"),
            ] {
                let id = new_id();
                let row = NewStageRow {
                    id: &id,
                    policy_id: &s.policy_id,
                    stage,
                    on: day(on),
                    document_id: None,
                    note: Some(note),
                    recorded_by: &s.editor.id,
                };
                db.insert_stage(&row, T0)?;
            }
            Ok(())
        })
        .unwrap();
    let (policy, stages) =
        store.read(|db| Ok((db.policy(&s.policy_id)?.unwrap(), db.stages_of(&s.policy_id)?))).unwrap();
    assert_eq!(policy.stage, PolicyStage::BanHanh);
    let got: Vec<(PolicyStage, &str)> = stages.iter().map(|x| (x.stage, x.note.as_deref().unwrap())).collect();
    assert_eq!(
        got,
        [
            (PolicyStage::LayYKien, "Ghi bổ sung"),
            (PolicyStage::ThongQua, "HĐND thông qua"),
            (PolicyStage::BanHanh, "UBND ban hành")
        ]
    );
    assert!(stages.iter().all(|x| x.recorded_by == "minh"));
}

/// Tried: a leader, a focal point and a spokesperson added to an agency in
/// that order, then the spokesperson removed. The list puts the focal point
/// first, then the leader; the removed contact is still found by id, marked
/// removed.
#[test]
fn an_agencys_contacts_list_focal_points_first_and_keep_removed_ones() {
    let store = Store::open_in_memory().unwrap();
    let s = seed(&store);
    let contact = |name: &str, role| AgencyContact {
        id: new_id(),
        agency_id: s.agency_id.clone(),
        name: name.into(),
        position: "Phó Chánh Văn phòng Sở".into(),
        role,
        phone: Some("0236 3822 123".into()),
        email: None,
    };
    let (leader, focal, speaker) = (
        contact("Ông Lê Văn Lãnh", ContactRole::LanhDao),
        contact("Bà Ngô Thị Đầu", ContactRole::DauMoi),
        contact("Ông Phát Ngôn", ContactRole::PhatNgon),
    );
    store
        .write(|db| {
            for c in [&leader, &focal, &speaker] {
                db.insert_contact(c, T0)?;
            }
            Ok(())
        })
        .unwrap();
    let names = |store: &Store| -> Vec<String> {
        store.read(|db| Ok(db.contacts_of(&s.agency_id)?)).unwrap().into_iter().map(|c| c.name).collect()
    };
    assert_eq!(names(&store), ["Bà Ngô Thị Đầu", "Ông Phát Ngôn", "Ông Lê Văn Lãnh"]);
    store.write(|db| Ok(db.remove_contact(&speaker.id, &at(5, 0, 0))?)).unwrap();
    assert_eq!(names(&store), ["Bà Ngô Thị Đầu", "Ông Lê Văn Lãnh"]);
    let (found, removed) = store.read(|db| Ok((db.contact(&speaker.id)?, db.contact_removed(&speaker.id)?))).unwrap();
    assert_eq!(found, Some(speaker));
    assert!(removed);
}

/// Tried: a contract recorded without its value, with two lines and a
/// policy; its head then rewritten with another policy; its value then set
/// (an amendment). It reads back with its lines, policies and the value
/// unknown, then known; its number is taken for its agency only; the lines'
/// value is quantity × price summed.
#[test]
fn a_contract_reads_back_with_its_lines_policies_and_value() {
    let store = Store::open_in_memory().unwrap();
    let s = seed(&store);
    let other_policy = toasoan_domain::Policy {
        id: new_id(),
        name: "Luật Đất đai 2024".into(),
        doc_number: "31/2024/QH15".into(),
        issuer: None,
        stage: PolicyStage::ThucThi,
    };
    let mut c = contract(&s.agency_id, "20/2026/HĐ-STP");
    c.value_known = false;
    c.total_value = 0;
    c.policy_ids = vec![s.policy_id.clone()];
    let (l1, mut l2) = (line(&c.id, Some(800), Some(1500)), line(&c.id, None, None));
    l2.quantity = 5;
    l2.unit_price = 1_500_000;
    store
        .write(|db| {
            db.insert_policy(&other_policy, T0)?;
            db.insert_contract(&c, T0)?;
            db.insert_line(&l1, T0)?;
            db.insert_line(&l2, T0)?;
            Ok(())
        })
        .unwrap();
    let got = store.read(|db| Ok(db.contract(&c.id)?)).unwrap().unwrap();
    assert!(!got.value_known, "an unknown value is not 0 ₫");
    assert_eq!(got.agency_name, "Sở Tư pháp tỉnh Bình Sơn");
    assert_eq!(got.policy_ids, vec![s.policy_id.clone()]);
    let mut lines = got.lines.clone();
    lines.sort_by_key(|l| l.quantity);
    let mut want = vec![l1.clone(), l2.clone()];
    want.sort_by_key(|l| l.quantity);
    assert_eq!(lines, want);
    assert_eq!(got.notes, c.notes);

    let mut head = got.clone();
    head.notes = "Đã điều chỉnh phạm vi".into();
    head.policy_ids = vec![other_policy.id.clone()];
    store
        .write(|db| {
            db.update_contract_head(&head)?;
            Ok(db.set_contract_value(&c.id, 75_000_000)?)
        })
        .unwrap();
    let (got, taken, not_taken, elsewhere, value) = store
        .read(|db| {
            Ok((
                db.contract(&c.id)?.unwrap(),
                db.contract_number_taken(&s.agency_id, "20/2026/HĐ-STP")?,
                db.contract_number_taken(&s.agency_id, "21/2026/HĐ-STP")?,
                db.contract_number_taken("cơ-quan-khác", "20/2026/HĐ-STP")?,
                db.contract_lines_value(&c.id)?,
            ))
        })
        .unwrap();
    assert!(got.value_known);
    assert_eq!(got.total_value, 75_000_000);
    assert_eq!(got.notes, "Đã điều chỉnh phạm vi");
    assert_eq!(got.policy_ids, vec![other_policy.id.clone()]);
    assert_eq!((taken, not_taken, elsewhere), (true, false, false));
    assert_eq!(value, 20 * 3_000_000 + 5 * 1_500_000);
}

/// Tried: a meta value set, replaced, read, deleted. Each step reads back
/// what it should, with Vietnamese text intact.
#[test]
fn meta_values_are_set_replaced_and_deleted() {
    let store = Store::open_in_memory().unwrap();
    store.write(|db| Ok(db.set_meta("tòa-soạn", "Báo Bình Sơn")?)).unwrap();
    store.write(|db| Ok(db.set_meta("tòa-soạn", "Báo Bình Sơn điện tử")?)).unwrap();
    assert_eq!(store.read(|db| Ok(db.meta("tòa-soạn")?)).unwrap().as_deref(), Some("Báo Bình Sơn điện tử"));
    store.write(|db| Ok(db.delete_meta("tòa-soạn")?)).unwrap();
    assert!(store.read(|db| Ok(db.meta("tòa-soạn")?)).unwrap().is_none());
}
