//! People in Vietnamese name order (issue 29, item 11): the people directory
//! (also the sign-in list and `newsroom user list`), the reporters' load in
//! planning and an agency's contacts sort by given name, then middle names,
//! then family name, and the same name by login.

use toasoan_core::desk::{NewContact, PlanningQuery};
use toasoan_domain::{ContactRole, Role};
use unicode_normalization::UnicodeNormalization;

use crate::util::{date, person, Fixture};

/// The fixture's four (Trần Quốc Hùng, Phạm Thị Lan, Lê Thanh An, Vũ Thị
/// Bình) and these, typed as people type them: upper case, extra spaces,
/// NFD from a Mac, two of the same name.
const MORE: [(&str, &str, Role); 8] = [
    ("chau", "Trần Minh Châu", Role::Reporter),
    ("hchau", "Hoàng  Minh Châu", Role::Reporter),
    ("duc", "Đỗ Minh Đức", Role::Editor),
    ("dduc", "Dương Văn Đức", Role::Reporter),
    ("dung", "NGÔ VĂN DŨNG", Role::Reporter),
    ("ha", "Đinh Thu Hà", Role::Reporter),
    ("an2", "Lê Thanh An", Role::Reporter),
    ("nguyenan", "Nguyễn An", Role::Reporter),
];

fn newsroom() -> Fixture {
    let f = Fixture::new();
    // Added in an order that is none of the orders checked.
    for (login, name, role) in MORE.iter().rev() {
        let name: String = if *login == "duc" { name.nfd().collect() } else { name.to_string() };
        f.desk.add_person(Some(&f.head), person(login, &name, *role)).unwrap();
    }
    f
}

#[test]
fn the_people_directory_sorts_by_given_name_then_middle_then_family_name_then_login() {
    let f = newsroom();
    let people = f.desk.people().unwrap();
    let logins: Vec<&str> = people.iter().map(|p| p.login.as_str()).collect();
    assert_eq!(
        logins,
        [
            "nguyenan", // Nguyễn An: An, no middle name
            "an",       // Lê Thanh An
            "an2",      // Lê Thanh An again: by login
            "binh",     // Vũ Thị Bình
            "hchau",    // Hoàng Minh Châu
            "chau",     // Trần Minh Châu
            "dung",     // NGÔ VĂN DŨNG: d before đ
            "duc",      // Đỗ Minh Đức (typed in NFD)
            "dduc",     // Dương Văn Đức: middle name Văn after Minh
            "ha",       // Đinh Thu Hà
            "hung",     // Trần Quốc Hùng
            "lan",      // Phạm Thị Lan
        ]
    );
    // Stored NFC; the same order on every call.
    assert!(people.iter().any(|p| p.real_name == "Đỗ Minh Đức"));
    assert_eq!(f.desk.people().unwrap(), people);
}

#[test]
fn the_reporters_load_in_planning_is_in_name_order() {
    let f = newsroom();
    let plan = f
        .desk
        .planning(
            &f.editor,
            &PlanningQuery {
                from: date(2026, 11, 16),
                to: date(2026, 11, 29),
                reporter: None,
                contract_id: None,
                policy_id: None,
                states: vec![],
                genre: None,
            },
        )
        .unwrap();
    let logins: Vec<&str> = plan.load.iter().map(|l| l.login.as_str()).collect();
    // Active reporters only: not the head (hung), nor the editors (lan, duc).
    assert_eq!(logins, ["nguyenan", "an", "an2", "binh", "hchau", "chau", "dung", "dduc", "ha"]);
    assert_eq!(plan.load.iter().find(|l| l.login == "an").unwrap().open, 1, "the fixture's piece is an's");
}

#[test]
fn an_agencys_contacts_are_in_name_order_within_each_role() {
    let f = Fixture::new();
    let agency = f.desk.agencies().unwrap()[0].id.clone();
    for (name, role) in [
        ("Trần Văn Bình", ContactRole::LanhDao),
        ("Phạm Thị Mai", ContactRole::DauMoi),
        ("Nguyễn Thị Hoa", ContactRole::DauMoi),
        ("Lê Văn Quý", ContactRole::PhatNgon),
        ("Đỗ Thị Hoa", ContactRole::DauMoi),
        ("Hồ Văn Lợi", ContactRole::LanhDao),
    ] {
        let c = NewContact { name: name.into(), position: "Văn phòng Sở".into(), role, phone: None, email: None };
        f.desk.add_contact(&f.editor, &agency, c).unwrap();
    }
    let expected = ["Đỗ Thị Hoa", "Nguyễn Thị Hoa", "Phạm Thị Mai", "Lê Văn Quý", "Trần Văn Bình", "Hồ Văn Lợi"];
    let page = f.desk.agency_page(&f.editor, &agency).unwrap();
    assert_eq!(page.contacts.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), expected);
    // Beside the piece, for its reporter, the same.
    let beside = f.desk.piece_contacts(&f.an, &f.assignment).unwrap();
    assert_eq!(beside.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), expected);
}

/// The first screen's «Tạo tòa soạn mới»: an empty data folder gets its
/// newsroom's name and its head (login from the given name), in one audited
/// step; tried again, or with a name without letters, nothing changes.
#[test]
fn a_new_newsroom_is_made_on_an_empty_folder_only() {
    let dir = tempfile::tempdir().unwrap();
    let desk = toasoan_core::Desk::open(dir.path()).unwrap();
    for (head, newsroom) in [("  ", "Báo Sông Trà"), ("— ·", "Báo Sông Trà"), ("Trần Quốc Hùng", "   ")] {
        let e = desk.create_newsroom(head, newsroom).unwrap_err();
        assert_eq!(e.code(), "invalid_input", "{head:?} {newsroom:?}");
    }
    assert!(desk.people().unwrap().is_empty(), "a refusal writes nothing");
    assert_eq!(desk.newsroom_name().unwrap(), None);

    let head = desk.create_newsroom("Trần  Quốc Hùng", "Báo Sông Trà").unwrap();
    assert_eq!((head.login.as_str(), head.real_name.as_str(), head.role), ("hung", "Trần Quốc Hùng", Role::Head));
    assert_eq!(desk.newsroom_name().unwrap().as_deref(), Some("Báo Sông Trà"));
    let events = desk.audit_log(&head, Some(&head.id)).unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].action, "newsroom.create");
    assert_eq!(events[0].detail["newsroom"], "Báo Sông Trà");

    let e = desk.create_newsroom("Phạm Thị Lan", "Báo khác").unwrap_err();
    assert_eq!(e.code(), "conflict");
    assert_eq!(desk.people().unwrap().len(), 1);
    assert_eq!(desk.newsroom_name().unwrap().as_deref(), Some("Báo Sông Trà"));

    // The head renames it; the same name again is no event.
    desk.rename_newsroom(&head, "Báo Sông Trà điện tử").unwrap();
    desk.rename_newsroom(&head, "Báo Sông Trà điện tử").unwrap();
    assert_eq!(desk.newsroom_name().unwrap().as_deref(), Some("Báo Sông Trà điện tử"));
    let renames = desk.audit_log(&head, None).unwrap().into_iter().filter(|e| e.action == "newsroom.rename").count();
    assert_eq!(renames, 1);
}
