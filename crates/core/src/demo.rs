//! A realistic demo newsroom: Báo Bình Sơn (an invented province), three
//! commissioning contracts, five policies and thirty assignments in every
//! workflow state. Built through the [`Desk`] API, so every rule applies and
//! every step is audited. Loading it twice changes nothing.

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use crate::desk::{DraftPatch, NewAssignment, NewContact, NewContract, NewFeedback, NewLine, NewPerson, NewPolicy};
use crate::domain::{Channel, ContactRole, FeedbackChannel, Genre, Person, PolicyStage, Role};
use crate::error::Result;
use crate::time::vn_date;
use crate::Desk;

/// What [`load`] did.
#[derive(Debug, Clone, Serialize)]
pub struct DemoSummary {
    /// False when the demo was already there (nothing changed).
    pub created: bool,
    /// Logins to try, with roles.
    pub people: Vec<(String, Role)>,
    /// Number of contracts.
    pub contracts: usize,
    /// Number of assignments.
    pub assignments: usize,
}

const MARKER: &str = "demo_loaded";

const PEOPLE: &[(&str, &str, Option<&str>, Role)] = &[
    ("hung", "Trần Quốc Hùng", None, Role::Head),
    ("lan", "Phạm Thị Lan", None, Role::Editor),
    ("duc", "Đỗ Minh Đức", None, Role::Editor),
    ("an", "Lê Thanh An", Some("Thanh An"), Role::Reporter),
    ("binh", "Vũ Thị Bình", Some("Bình Nguyên"), Role::Reporter),
    ("chau", "Hoàng Minh Châu", None, Role::Reporter),
    ("dung", "Ngô Văn Dũng", Some("Đăng Dũng"), Role::Reporter),
    ("ha", "Đinh Thu Hà", Some("Thu Hà"), Role::Reporter),
];

/// The agencies' focal points, the policies' stages over time and citizens'
/// feedback from several channels, as a desk that has worked a year has them.
fn directory(desk: &Desk, editor: &Person, agencies: &[String], policies: &[String], today: NaiveDate) -> Result<()> {
    type Contact = (usize, &'static str, &'static str, ContactRole, Option<&'static str>, Option<&'static str>);
    let contacts: [Contact; 5] = [
        (
            0,
            "Nguyễn Thị Hoa",
            "Phó Chánh Văn phòng Sở",
            ContactRole::DauMoi,
            Some("0236 3822 115"),
            Some("hoant@stp.binhson.gov.vn"),
        ),
        (0, "Lê Văn Quý", "Phó Giám đốc Sở, người phát ngôn", ContactRole::PhatNgon, Some("0905 118 226"), None),
        (
            1,
            "Phan Thị Mai",
            "Chánh Văn phòng Sở",
            ContactRole::DauMoi,
            Some("0236 3891 204"),
            Some("maipt@snnmt.binhson.gov.vn"),
        ),
        (1, "Hồ Văn Lợi", "Giám đốc Sở", ContactRole::LanhDao, None, None),
        (
            2,
            "Trần Minh Đức",
            "Phó Chánh Văn phòng UBND tỉnh",
            ContactRole::PhatNgon,
            Some("0236 3810 777"),
            Some("ducTM@binhson.gov.vn"),
        ),
    ];
    for (agency, name, position, role, phone, email) in contacts {
        desk.add_contact(
            editor,
            &agencies[agency],
            NewContact {
                name: name.into(),
                position: position.into(),
                role,
                phone: phone.map(Into::into),
                email: email.map(Into::into),
            },
        )?;
    }
    let ago = |days: i64| today - Duration::days(days);
    // The first policy's whole way, from the draft to enforcement; the others where they are.
    for (stage, on, note) in [
        (PolicyStage::LayYKien, ago(420), Some("Dự thảo đăng trên Cổng thông tin điện tử Chính phủ để lấy ý kiến")),
        (PolicyStage::ThongQua, ago(330), None),
        (PolicyStage::BanHanh, ago(320), Some("Thủ tướng Chính phủ ký ban hành")),
        (PolicyStage::ThucThi, ago(300), Some("Tỉnh ban hành kế hoạch thực hiện")),
    ] {
        desk.record_policy_stage(editor, &policies[0], stage, on, None, note)?;
    }
    for (i, p) in POLICIES.iter().enumerate().skip(1) {
        desk.record_policy_stage(editor, &policies[i], p.stage, ago(60 + 20 * i as i64), None, None)?;
    }
    let feedback = [
        (
            0,
            FeedbackChannel::DuongDayNong,
            2,
            "Người dân xã Sơn Hà hỏi số điện thoại của người phát ngôn Sở Tư pháp để phản ánh việc chứng thực chậm.",
        ),
        (
            1,
            FeedbackChannel::Zalo,
            5,
            "Theo Luật Đất đai 2024, hộ đang sử dụng đất không có giấy tờ thì hồ sơ đề nghị cấp giấy chứng nhận gồm những gì, nộp ở đâu?",
        ),
        (
            2,
            FeedbackChannel::HoiNghi,
            9,
            "Tại hội nghị lấy ý kiến dự thảo ở huyện Tân Phú, các hợp tác xã đề nghị nâng mức hỗ trợ chứng nhận sản phẩm OCOP 3 sao.",
        ),
        (
            0,
            FeedbackChannel::Facebook,
            12,
            "Bài hỏi – đáp rất dễ hiểu, đề nghị báo làm thêm video hướng dẫn thủ tục trên điện thoại.",
        ),
    ];
    let mut made = Vec::new();
    for (policy, channel, days, text) in feedback {
        let f = desk.add_feedback(
            editor,
            NewFeedback {
                policy_id: policies[policy].clone(),
                channel,
                text: text.into(),
                assignment_id: None,
                received_on: Some(ago(days)),
            },
        )?;
        made.push(f.id);
    }
    desk.forward_feedback(editor, &made[1], "Văn phòng Sở Nông nghiệp và Môi trường")?;
    desk.answer_feedback(
        editor,
        &made[0],
        "Số điện thoại người phát ngôn Sở Tư pháp là 0905 118 226 (ông Lê Văn Quý); báo đã đăng kèm trong bài hỏi – đáp.",
    )?;
    Ok(())
}

struct DemoPolicy {
    name: &'static str,
    doc: &'static str,
    issuer: &'static str,
    stage: PolicyStage,
    paragraphs: &'static [&'static str],
}

const POLICIES: &[DemoPolicy] = &[
    DemoPolicy {
        name: "Chỉ thị về tăng cường công tác truyền thông chính sách",
        doc: "07/CT-TTg",
        issuer: "Thủ tướng Chính phủ",
        stage: PolicyStage::ThucThi,
        paragraphs: &[
            "Thực hiện Chỉ thị số 07/CT-TTg ngày 21/3/2023 của Thủ tướng Chính phủ, UBND tỉnh Bình Sơn yêu cầu các sở, ngành và địa phương coi truyền thông chính sách là nhiệm vụ thường xuyên, gắn với trách nhiệm của người đứng đầu. Mỗi cơ quan phải chủ động cung cấp thông tin cho báo chí ngay từ khi xây dựng dự thảo, không để người dân chỉ biết đến chính sách khi văn bản đã có hiệu lực.",
            "Theo Sở Văn hóa, Thể thao và Du lịch, năm nay toàn tỉnh đã tổ chức 14 cuộc họp báo định kỳ và chuyên đề, cung cấp hơn 300 tin, bài cho các cơ quan báo chí. Nhiều sở đã công khai đầu mối phát ngôn và số điện thoại của người phát ngôn trên cổng thông tin điện tử.",
            "Ông Nguyễn Văn Thành, Chánh Văn phòng UBND tỉnh, cho biết: \"Chính sách đúng mà người dân không hiểu thì khó đi vào cuộc sống. Chúng tôi muốn mỗi văn bản quan trọng đều có bài giải thích bằng ngôn ngữ giản dị, có ví dụ cụ thể, để bà con ở thôn bản cũng nắm được mình được hưởng gì, phải làm gì.\"",
            "Tỉnh cũng khuyến khích các cơ quan báo chí đa dạng hóa hình thức thể hiện: infographic, video ngắn, chuyên trang hỏi – đáp chính sách trên báo điện tử và mạng xã hội. Những phản hồi của người dân qua các kênh này được tổng hợp, gửi lại cơ quan soạn thảo để hoàn thiện chính sách.",
        ],
    },
    DemoPolicy {
        name: "Luật Đất đai 2024",
        doc: "31/2024/QH15",
        issuer: "Quốc hội",
        stage: PolicyStage::ThucThi,
        paragraphs: &[
            "Luật Đất đai số 31/2024/QH15 có nhiều điểm mới liên quan trực tiếp đến quyền lợi của người sử dụng đất, từ việc bỏ khung giá đất, xây dựng bảng giá đất hằng năm đến quy định về bồi thường, hỗ trợ, tái định cư khi Nhà nước thu hồi đất.",
            "Tại xã Tân Phú, huyện Sơn Hà, nhiều hộ dân đã được cán bộ địa chính hướng dẫn thủ tục cấp Giấy chứng nhận quyền sử dụng đất lần đầu theo quy định mới. Bà Lò Thị Mai, một người dân trong xã, cho biết thủ tục nay rõ ràng hơn, thời gian giải quyết được niêm yết công khai tại bộ phận một cửa.",
            "Theo Sở Nông nghiệp và Môi trường, đến nay toàn tỉnh đã ban hành đầy đủ các văn bản quy định chi tiết thuộc thẩm quyền địa phương. Sở đề nghị các huyện tăng cường đối thoại với người dân tại những dự án có thu hồi đất, giải đáp kịp thời các thắc mắc về giá bồi thường.",
            "Các chuyên gia khuyến nghị người dân chủ động tìm hiểu quyền và nghĩa vụ của mình, kiểm tra kỹ thông tin trên bảng giá đất được công bố và phản ánh qua đường dây nóng của Sở khi phát hiện sai sót.",
        ],
    },
    DemoPolicy {
        name: "Nghị quyết quy định chính sách hỗ trợ phát triển sản phẩm OCOP tỉnh Bình Sơn",
        doc: "12/2026/NQ-HĐND",
        issuer: "HĐND tỉnh Bình Sơn",
        stage: PolicyStage::LayYKien,
        paragraphs: &[
            "Sở Nông nghiệp và Môi trường đang lấy ý kiến rộng rãi đối với dự thảo Nghị quyết quy định chính sách hỗ trợ phát triển sản phẩm OCOP giai đoạn 2026 – 2030. Dự thảo được đăng tải trên Cổng thông tin điện tử tỉnh trong 30 ngày để người dân, doanh nghiệp và hợp tác xã góp ý.",
            "Theo dự thảo, mỗi sản phẩm đạt chứng nhận OCOP 4 sao được hỗ trợ 50 triệu đồng, sản phẩm 3 sao được hỗ trợ 30 triệu đồng; chủ thể có sản phẩm được hỗ trợ thêm chi phí thiết kế bao bì, truy xuất nguồn gốc và tham gia hội chợ xúc tiến thương mại.",
            "Anh Hà Văn Tuấn, Giám đốc Hợp tác xã chè Suối Giàng, đề nghị đơn giản hóa hồ sơ đề nghị hỗ trợ và cho phép thanh toán theo từng giai đoạn, để các hợp tác xã nhỏ không phải ứng trước toàn bộ kinh phí.",
            "Dự kiến dự thảo sẽ được trình HĐND tỉnh tại kỳ họp cuối năm. Cơ quan soạn thảo cam kết tiếp thu, giải trình đầy đủ các ý kiến góp ý và công khai kết quả tiếp thu trên cổng thông tin.",
        ],
    },
    DemoPolicy {
        name: "Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử",
        doc: "06/QĐ-TTg",
        issuer: "Thủ tướng Chính phủ",
        stage: PolicyStage::ThucThi,
        paragraphs: &[
            "Triển khai Đề án 06 theo Quyết định số 06/QĐ-TTg của Thủ tướng Chính phủ, tỉnh Bình Sơn đã đưa 25 thủ tục hành chính thiết yếu lên môi trường điện tử, cho phép người dân dùng tài khoản định danh điện tử VNeID để nộp hồ sơ mà không phải xuất trình giấy tờ bản giấy.",
            "Tại Trung tâm Phục vụ hành chính công tỉnh, mỗi ngày có hàng trăm lượt người dân được hướng dẫn kích hoạt tài khoản định danh mức độ 2. Đoàn viên thanh niên tình nguyện hỗ trợ người cao tuổi thao tác trên điện thoại.",
            "Ông Phạm Đức Long, Phó Giám đốc Công an tỉnh, cho biết việc làm sạch dữ liệu dân cư giúp giảm đáng kể thời gian xác minh, đồng thời cảnh báo người dân không cung cấp mã OTP cho người lạ để tránh bị lừa đảo chiếm đoạt tài khoản.",
        ],
    },
    DemoPolicy {
        name: "Nghị định quy định chính sách trợ giúp xã hội đối với đối tượng bảo trợ xã hội",
        doc: "20/2021/NĐ-CP",
        issuer: "Chính phủ",
        stage: PolicyStage::ThucThi,
        paragraphs: &[
            "Theo Nghị định 20/2021/NĐ-CP, người cao tuổi từ đủ 80 tuổi trở lên không có lương hưu hoặc trợ cấp bảo hiểm xã hội hằng tháng được hưởng trợ cấp xã hội hằng tháng. Từ năm nay, mức chuẩn trợ giúp xã hội được điều chỉnh tăng, kéo theo mức hưởng của nhiều nhóm đối tượng.",
            "Tại phường Đông Sơn, cán bộ lao động – thương binh và xã hội đến tận nhà rà soát, hướng dẫn các gia đình làm hồ sơ. Cụ Nguyễn Thị Lựu, 86 tuổi, xúc động khi lần đầu nhận trợ cấp qua tài khoản ngân hàng do con cháu mở giúp.",
            "Sở Y tế lưu ý người dân hồ sơ đề nghị trợ cấp được nộp tại UBND cấp xã; trong thời hạn luật định, cơ quan có thẩm quyền phải xem xét và trả lời bằng văn bản, nêu rõ lý do nếu không đủ điều kiện.",
        ],
    },
];

struct Plan {
    contract: usize,
    line: usize,
    policy: usize,
    reporter: &'static str,
    title: &'static str,
    /// Final state to walk the piece to.
    target: &'static str,
    /// Days from today to the deadline.
    due_in: i64,
}

const PLANS: &[Plan] = &[
    Plan {
        contract: 0,
        line: 0,
        policy: 0,
        reporter: "an",
        title: "Người phát ngôn – cầu nối giữa chính quyền và người dân",
        target: "accepted",
        due_in: -60,
    },
    Plan {
        contract: 0,
        line: 1,
        policy: 0,
        reporter: "binh",
        title: "Bình Sơn họp báo định kỳ quý III về truyền thông chính sách",
        target: "accepted",
        due_in: -45,
    },
    Plan {
        contract: 0,
        line: 1,
        policy: 4,
        reporter: "ha",
        title: "Tăng mức chuẩn trợ giúp xã hội từ năm 2026",
        target: "accepted",
        due_in: -40,
    },
    Plan {
        contract: 0,
        line: 0,
        policy: 4,
        reporter: "chau",
        title: "Trợ cấp xã hội đến tay người cao tuổi",
        target: "published",
        due_in: -20,
    },
    Plan {
        contract: 0,
        line: 2,
        policy: 0,
        reporter: "dung",
        title: "Phóng sự: Chính sách về bản",
        target: "published",
        due_in: -15,
    },
    Plan {
        contract: 0,
        line: 1,
        policy: 0,
        reporter: "an",
        title: "Sở Tư pháp công khai đầu mối phát ngôn",
        target: "published",
        due_in: -10,
    },
    Plan {
        contract: 0,
        line: 3,
        policy: 0,
        reporter: "binh",
        title: "Video: Hỏi – đáp về quyền được thông tin",
        target: "approved",
        due_in: -2,
    },
    Plan {
        contract: 0,
        line: 0,
        policy: 4,
        reporter: "ha",
        title: "Hồ sơ trợ cấp xã hội: những điều cần biết",
        target: "approved",
        due_in: 3,
    },
    Plan {
        contract: 0,
        line: 1,
        policy: 0,
        reporter: "chau",
        title: "Hội nghị tập huấn kỹ năng phát ngôn cho cán bộ cấp xã",
        target: "submitted",
        due_in: 1,
    },
    Plan {
        contract: 0,
        line: 0,
        policy: 0,
        reporter: "an",
        title: "Truyền thông chính sách từ khi còn là dự thảo",
        target: "changes-requested",
        due_in: 2,
    },
    Plan {
        contract: 0,
        line: 1,
        policy: 4,
        reporter: "dung",
        title: "Phường Đông Sơn rà soát đối tượng bảo trợ xã hội",
        target: "drafting",
        due_in: -3,
    },
    Plan {
        contract: 0,
        line: 3,
        policy: 0,
        reporter: "ha",
        title: "Video: Người phát ngôn trả lời trực tuyến",
        target: "assigned",
        due_in: 12,
    },
    Plan {
        contract: 1,
        line: 0,
        policy: 1,
        reporter: "binh",
        title: "Luật Đất đai 2024: Bảng giá đất hằng năm và quyền lợi người dân",
        target: "published",
        due_in: -30,
    },
    Plan {
        contract: 1,
        line: 1,
        policy: 1,
        reporter: "chau",
        title: "Infographic: 7 điểm mới về bồi thường khi thu hồi đất",
        target: "published",
        due_in: -12,
    },
    Plan {
        contract: 1,
        line: 0,
        policy: 2,
        reporter: "an",
        title: "Lấy ý kiến dự thảo chính sách hỗ trợ sản phẩm OCOP",
        target: "published",
        due_in: -8,
    },
    Plan {
        contract: 1,
        line: 2,
        policy: 2,
        reporter: "dung",
        title: "Phỏng vấn: Hợp tác xã cần gì từ chính sách OCOP mới?",
        target: "approved",
        due_in: 1,
    },
    Plan {
        contract: 1,
        line: 0,
        policy: 1,
        reporter: "ha",
        title: "Cấp giấy chứng nhận lần đầu: thủ tục rõ ràng hơn",
        target: "submitted",
        due_in: 2,
    },
    Plan {
        contract: 1,
        line: 1,
        policy: 2,
        reporter: "binh",
        title: "Infographic: Mức hỗ trợ theo số sao OCOP",
        target: "submitted",
        due_in: 0,
    },
    Plan {
        contract: 1,
        line: 0,
        policy: 1,
        reporter: "chau",
        title: "Đối thoại với người dân vùng dự án thu hồi đất",
        target: "changes-requested",
        due_in: -1,
    },
    Plan {
        contract: 1,
        line: 2,
        policy: 1,
        reporter: "an",
        title: "Phỏng vấn Giám đốc Sở về bảng giá đất mới",
        target: "drafting",
        due_in: 4,
    },
    Plan {
        contract: 1,
        line: 0,
        policy: 2,
        reporter: "dung",
        title: "Chè Suối Giàng và giấc mơ OCOP 5 sao",
        target: "cancelled",
        due_in: -5,
    },
    Plan {
        contract: 2,
        line: 0,
        policy: 3,
        reporter: "ha",
        title: "25 thủ tục thiết yếu đã dùng được VNeID",
        target: "published",
        due_in: -6,
    },
    Plan {
        contract: 2,
        line: 1,
        policy: 3,
        reporter: "chau",
        title: "Đề án 06: Khi người cao tuổi cũng dùng định danh điện tử",
        target: "approved",
        due_in: 5,
    },
    Plan {
        contract: 2,
        line: 0,
        policy: 3,
        reporter: "binh",
        title: "Cảnh báo lừa đảo chiếm đoạt tài khoản định danh",
        target: "submitted",
        due_in: 1,
    },
    Plan {
        contract: 2,
        line: 1,
        policy: 0,
        reporter: "an",
        title: "Chuyên trang hỏi – đáp chính sách trên báo điện tử",
        target: "changes-requested",
        due_in: 3,
    },
    Plan {
        contract: 2,
        line: 0,
        policy: 3,
        reporter: "dung",
        title: "Trung tâm hành chính công đông người làm thủ tục trực tuyến",
        target: "drafting",
        due_in: 2,
    },
    Plan {
        contract: 2,
        line: 1,
        policy: 4,
        reporter: "ha",
        title: "Mạng lưới an sinh ở vùng cao Bình Sơn",
        target: "drafting",
        due_in: 9,
    },
    Plan {
        contract: 2,
        line: 2,
        policy: 3,
        reporter: "chau",
        title: "E-magazine: Một năm chuyển đổi số hành chính công",
        target: "assigned",
        due_in: 30,
    },
    Plan {
        contract: 2,
        line: 0,
        policy: 0,
        reporter: "binh",
        title: "Tỉnh công bố kết quả tiếp thu ý kiến người dân",
        target: "assigned",
        due_in: 6,
    },
    Plan {
        contract: 2,
        line: 1,
        policy: 2,
        reporter: "an",
        title: "Người dân góp ý dự thảo nghị quyết qua cổng thông tin",
        target: "cancelled",
        due_in: 8,
    },
    Plan {
        contract: 2,
        line: 0,
        policy: 1,
        reporter: "dung",
        title: "Giải đáp thắc mắc về giá đất bồi thường",
        target: "assigned",
        due_in: 15,
    },
];

/// Loads the demo newsroom into an empty desk; does nothing if it is already there.
pub fn load(desk: &Desk) -> Result<DemoSummary> {
    load_with_progress(desk, &mut |_, _| {})
}

/// [`load`], calling `progress(done, total)` after each demo piece is written.
pub fn load_with_progress(desk: &Desk, progress: &mut dyn FnMut(usize, usize)) -> Result<DemoSummary> {
    let people_list = PEOPLE.iter().map(|(l, _, _, r)| (l.to_string(), *r)).collect();
    if desk.store().read(|db| Ok(db.meta(MARKER)?))?.is_some() {
        return Ok(DemoSummary { created: false, people: people_list, contracts: 3, assignments: PLANS.len() });
    }
    let mut people: Vec<Person> = Vec::new();
    for (login, name, pen, role) in PEOPLE {
        let actor = people.first();
        let p = match desk.person(login) {
            Ok(p) => p,
            Err(_) => desk.add_person(
                actor,
                NewPerson {
                    login: login.to_string(),
                    real_name: name.to_string(),
                    pen_name: pen.map(str::to_string),
                    role: *role,
                },
            )?,
        };
        people.push(p);
    }
    let find = |login: &str| people.iter().find(|p| p.login == login).cloned().expect("demo person");
    let head = find("hung");
    desk.rename_newsroom(&head, "Báo Bình Sơn")?;
    let editors = [find("lan"), find("duc")];
    let today = vn_date(chrono::Utc::now());
    let d = |y: i32, m: u32, day: u32| NaiveDate::from_ymd_opt(y, m, day).expect("valid demo date");

    let mut policy_ids = Vec::new();
    for p in POLICIES {
        let pol = desk.add_policy(
            &editors[0],
            NewPolicy { name: p.name.into(), doc_number: p.doc.into(), issuer: Some(p.issuer.into()), stage: p.stage },
        )?;
        policy_ids.push(pol.id);
    }

    type LineSpec = (Genre, Channel, i64, i64, Option<i64>);
    type ContractSpec = (&'static str, &'static str, NaiveDate, NaiveDate, NaiveDate, i64, Vec<LineSpec>);
    let contracts: [ContractSpec; 3] = [
        (
            "Sở Tư pháp tỉnh Bình Sơn",
            "08/2026/HĐĐH-STP",
            d(2026, 1, 12),
            d(2026, 1, 15),
            d(2026, 12, 15),
            486_000_000,
            vec![
                (Genre::Bai, Channel::BaoDienTu, 24, 4_500_000, Some(1_500)),
                (Genre::Tin, Channel::BaoDienTu, 60, 1_200_000, None),
                (Genre::PhongSu, Channel::BaoIn, 6, 12_000_000, None),
                (Genre::Video, Channel::MangXaHoi, 10, 9_000_000, None),
            ],
        ),
        (
            "Sở Nông nghiệp và Môi trường tỉnh Bình Sơn",
            "15/2026/HĐ-SNNMT",
            d(2026, 2, 25),
            d(2026, 3, 1),
            (today + Duration::days(8)).max(d(2026, 4, 1)),
            210_000_000,
            vec![
                (Genre::Bai, Channel::BaoDienTu, 20, 4_500_000, Some(1_500)),
                (Genre::Infographic, Channel::BaoDienTu, 10, 3_500_000, None),
                (Genre::PhongVan, Channel::BaoDienTu, 6, 6_000_000, None),
            ],
        ),
        (
            "Văn phòng UBND tỉnh Bình Sơn",
            "21/2026/HĐ-VPUBND",
            d(2026, 5, 28),
            d(2026, 6, 1),
            d(2027, 5, 31),
            350_000_000,
            vec![
                (Genre::Tin, Channel::CongThongTin, 80, 1_000_000, None),
                (Genre::Bai, Channel::BaoDienTu, 30, 4_000_000, None),
                (Genre::Emagazine, Channel::BaoDienTu, 4, 18_000_000, None),
            ],
        ),
    ];
    let mut line_ids: Vec<Vec<String>> = Vec::new();
    let mut agency_ids: Vec<String> = Vec::new();
    let mut contract_ids: Vec<String> = Vec::new();
    let mut contract_periods: Vec<(NaiveDate, NaiveDate)> = Vec::new();
    for (agency, number, signed, start, end, value, lines) in contracts {
        let ag = desk.add_agency(&head, agency)?;
        agency_ids.push(ag.id.clone());
        let c = desk.add_contract(
            &head,
            NewContract {
                agency_id: ag.id,
                number: number.into(),
                signed_on: Some(signed),
                start_on: start,
                end_on: end,
                total_value: value,
                value_unknown: false,
                notes: "Thanh toán theo từng đợt nghiệm thu, trong 15 ngày kể từ khi ký biên bản.".into(),
                agency_signatory: "Ông Nguyễn Văn Thành — Giám đốc".into(),
                newsroom_name: "Báo Bình Sơn".into(),
                newsroom_signatory: "Ông Trần Quốc Hùng — Tổng Biên tập".into(),
                policy_ids: Vec::new(),
            },
        )?;
        let mut ids = Vec::new();
        for (genre, channel, quantity, unit_price, max_words) in lines {
            let (l, _) = desk.add_line(
                &head,
                &c.id,
                NewLine { genre, channel, quantity, unit_price, min_words: None, max_words },
            )?;
            ids.push(l.id);
        }
        line_ids.push(ids);
        contract_ids.push(c.id);
        contract_periods.push((start, end));
    }

    for (i, plan) in PLANS.iter().enumerate() {
        progress(i, PLANS.len());
        let editor = &editors[i % 2];
        let reporter = find(plan.reporter);
        let policy = &POLICIES[plan.policy];
        let a = desk.add_assignment(
            editor,
            NewAssignment {
                line_id: line_ids[plan.contract][plan.line].clone(),
                policy_id: policy_ids[plan.policy].clone(),
                reporter: reporter.login.clone(),
                editor: Some(editor.login.clone()),
                due_on: today + Duration::days(plan.due_in),
                title: plan.title.into(),
                brief: format!(
                    "Giải thích {} ({}) bằng ngôn ngữ dễ hiểu; có ý kiến người dân và cơ quan chức năng; nêu rõ số hiệu văn bản.",
                    policy.name, policy.doc
                ),
                ..Default::default()
            },
        )?;
        walk(desk, &a.id, plan, policy, &reporter, editor, i)?;
    }
    // Pieces are accepted only through an acceptance round (its bảng kê is
    // what the agency pays): one round per contract with pieces to accept,
    // up to yesterday — before today's publications.
    for (k, ids) in contract_ids.iter().enumerate() {
        if PLANS.iter().any(|p| p.contract == k && p.target == "accepted") {
            let (start, end) = contract_periods[k];
            let until = (today - Duration::days(1)).min(end);
            // Loaded long after the demo's contract ended, nothing may be
            // left to accept: the pieces then stay published.
            if until >= start && !desk.preview_acceptance(&head, ids, until)?.items.is_empty() {
                desk.create_acceptance(&head, ids, until)?;
            }
        }
    }
    directory(desk, &editors[0], &agency_ids, &policy_ids, today)?;
    desk.store().write(|db| Ok(db.set_meta(MARKER, "1")?))?;
    progress(PLANS.len(), PLANS.len());
    Ok(DemoSummary { created: true, people: people_list, contracts: 3, assignments: PLANS.len() })
}

fn body_for(policy: &DemoPolicy, i: usize, with_photo: bool) -> String {
    let n = policy.paragraphs.len();
    let mut parts: Vec<String> = (0..n).map(|k| policy.paragraphs[(i + k) % n].to_string()).collect();
    if with_photo {
        parts.insert(
            1,
            format!(
                "![Người dân tìm hiểu chính sách](anh/minh-hoa-{i}.jpg)\n*Người dân tìm hiểu thông tin về {} tại bộ phận một cửa. Ảnh: Thu Hà*",
                policy.doc
            ),
        );
    }
    parts.join("\n\n")
}

fn walk(
    desk: &Desk,
    id: &str,
    plan: &Plan,
    policy: &DemoPolicy,
    reporter: &Person,
    editor: &Person,
    i: usize,
) -> Result<()> {
    if plan.target == "assigned" {
        return Ok(());
    }
    if plan.target == "cancelled" {
        desk.cancel(editor, id, "Sở đề nghị lùi thời điểm truyền thông sang kỳ sau")?;
        return Ok(());
    }
    let sapo = format!(
        "{} là một trong những nội dung được người dân Bình Sơn quan tâm. Báo Bình Sơn giới thiệu những điểm chính và cách thực hiện.",
        policy.name
    );
    desk.save_draft(
        reporter,
        id,
        DraftPatch {
            headline: Some(plan.title.into()),
            sapo: Some(sapo),
            body: Some(body_for(policy, i, false)),
            byline: None,
        },
    )?;
    if plan.target == "drafting" {
        return Ok(());
    }
    desk.save_draft(reporter, id, DraftPatch { body: Some(body_for(policy, i, true)), ..DraftPatch::default() })?;
    desk.submit(reporter, id)?;
    if plan.target == "submitted" {
        return Ok(());
    }
    if plan.target == "changes-requested" {
        desk.request_changes(editor, id, "Sapo còn dài, đề nghị rút gọn và bổ sung ý kiến của người dân ở đoạn hai.")?;
        return Ok(());
    }
    desk.add_comment(editor, id, "Bài ổn, đã biên tập lại tít cho gọn.")
        .and_then(|c| desk.resolve_comment(editor, &c.id))?;
    desk.approve(editor, id)?;
    if plan.target == "approved" {
        return Ok(());
    }
    let url = format!("https://baobinhson.vn/{}-{}.html", crate::text::slug(plan.title), 100_000 + i);
    // A piece to be accepted went out on its deadline (weeks ago), so the
    // acceptance round made after every piece is walked takes it and not
    // the pieces published today.
    let published_at = (plan.target == "accepted").then(|| {
        let day = vn_date(chrono::Utc::now()) + Duration::days(plan.due_in);
        day.and_hms_opt(3, 0, 0).expect("valid time").and_utc()
    });
    desk.mark_published(editor, id, &url, published_at)?;
    Ok(())
}
