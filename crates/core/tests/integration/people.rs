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
