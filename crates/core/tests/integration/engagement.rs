//! Engagement: manual entry, platform exports imported whole or not at all,
//! totals across sources, figures frozen at acceptance while later growth is
//! tracked, roll-ups per contract and policy. (Polling the real WordPress is
//! in the CLI's portal tests.)

use chrono::{TimeZone, Utc};
use toasoan_domain::engagement::Reading;
use toasoan_domain::{EngagementSource, Metric};

use crate::ledger::{contract_id, published};
use crate::util::{date, Fixture};

fn views(value: i64) -> Reading {
    Reading { metric: Metric::Views, value }
}

fn audit_len(f: &Fixture) -> usize {
    f.desk.audit_log(&f.head, None).unwrap().len()
}

fn num(f: &Fixture, id: &str) -> i64 {
    f.desk.assignment(&f.head, id).unwrap().num
}

#[test]
fn manual_entry_is_checked_audited_and_never_doubled() {
    let f = Fixture::new();
    let a = published(&f, &f.line_id, "Người dân được gì?", 300, (3, 2));
    let at = Some(Utc.with_ymd_and_hms(2026, 3, 10, 1, 0, 0).unwrap());
    let m = EngagementSource::Manual;
    let before = audit_len(&f);
    assert_eq!(f.desk.record_engagement(&f.an, &a, m, views(5), at).unwrap_err().code(), "forbidden");
    let e = f.desk.record_engagement(&f.editor, &f.assignment, m, views(5), at).unwrap_err();
    assert_eq!(e.code(), "invalid_transition", "a piece not yet published has no audience");
    assert_eq!(f.desk.record_engagement(&f.editor, &a, m, views(-1), at).unwrap_err().code(), "invalid_input");
    let future = Some(Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap());
    assert_eq!(f.desk.record_engagement(&f.editor, &a, m, views(5), future).unwrap_err().code(), "invalid_input");
    assert_eq!(audit_len(&f), before, "refusals record nothing");
    f.desk.record_engagement(&f.editor, &a, m, views(1500), at).unwrap();
    assert_eq!(f.desk.record_engagement(&f.editor, &a, m, views(1600), at).unwrap_err().code(), "conflict");
    let e = f.desk.engagement(&f.an, &a).unwrap();
    assert_eq!((e.totals.views, e.series.len()), (1500, 1), "the reporter sees the figures of their piece");
    assert_eq!(audit_len(&f), before + 1);
}

/// Issue «Nothing lost, nothing leaked», item 5: `engagement add --value
/// 9223372036854775807` then another source panicked with "attempt to add
/// with overflow" (and would wrap in release). Tried: i64::MAX and one over
/// the bound on entry (refused, nothing recorded), the bound itself from two
/// sources (summed exactly), and sums past i64 (saturated, never wrapped).
#[test]
fn figures_are_bounded_on_entry_and_sums_never_overflow() {
    use toasoan_domain::engagement::{parse_count, MAX_FIGURE};
    let f = Fixture::new();
    let a = published(&f, &f.line_id, "Bài có số liệu lớn", 300, (3, 2));
    let at = |d| Some(Utc.with_ymd_and_hms(2026, 3, d, 1, 0, 0).unwrap());
    let before = audit_len(&f);
    for too_big in [i64::MAX, MAX_FIGURE + 1] {
        let e = f.desk.record_engagement(&f.editor, &a, EngagementSource::Manual, views(too_big), at(5)).unwrap_err();
        assert_eq!(e.code(), "invalid_input", "{too_big}");
        assert!(e.to_string().contains("1.000.000.000.000"), "the limit is named: {e}");
    }
    assert_eq!(audit_len(&f), before, "refusals record nothing");
    f.desk.record_engagement(&f.editor, &a, EngagementSource::Manual, views(MAX_FIGURE), at(5)).unwrap();
    f.desk.record_engagement(&f.editor, &a, EngagementSource::Facebook, views(MAX_FIGURE), at(6)).unwrap();
    assert_eq!(f.desk.engagement(&f.head, &a).unwrap().totals.views, 2 * MAX_FIGURE);
    // Imports and page counters read through `parse_count`: over the bound is no count.
    assert_eq!(parse_count("1.000.000.000.000"), Some(MAX_FIGURE));
    assert_eq!(parse_count("1.000.000.000.001"), None);
    assert_eq!(parse_count("9223372036854775807"), None);
    // Whatever a source answers, a sum saturates instead of wrapping.
    let huge = [
        (EngagementSource::WordPress, Metric::Views, i64::MAX),
        (EngagementSource::Facebook, Metric::Views, i64::MAX),
        (EngagementSource::Zalo, Metric::Views, 7),
    ];
    assert_eq!(toasoan_core::engagement::combine(&huge).views, i64::MAX);
}

#[test]
fn portal_sources_count_once_and_social_audiences_add_up() {
    let f = Fixture::new();
    let a = published(&f, &f.line_id, "Bài một", 300, (3, 2));
    let t = |d| Some(Utc.with_ymd_and_hms(2026, 3, d, 1, 0, 0).unwrap());
    let rec = |s, r, d| f.desk.record_engagement(&f.editor, &a, s, r, t(d)).unwrap();
    rec(EngagementSource::Page, views(1000), 3);
    rec(EngagementSource::Page, views(1234), 5);
    rec(EngagementSource::WordPress, views(1200), 5);
    rec(EngagementSource::Facebook, views(6034), 6);
    rec(EngagementSource::Facebook, Reading { metric: Metric::Shares, value: 9 }, 6);
    rec(EngagementSource::WordPress, Reading { metric: Metric::Comments, value: 4 }, 6);
    // An older figure recorded late does not replace the newest.
    rec(EngagementSource::Page, views(900), 4);
    let e = f.desk.engagement(&f.head, &a).unwrap();
    assert_eq!(e.totals.views, 1234 + 6034);
    assert_eq!((e.totals.comments, e.totals.shares), (4, 9));
    assert_eq!(e.series.len(), 7);
    assert!(e.latest.contains(&(EngagementSource::Page, Metric::Views, 1234)));
}

fn facebook_csv(rows: &[(&str, &str, &str, i64, i64)]) -> Vec<u8> {
    let mut s = String::from("\u{feff}Post ID,Title,Description,Permalink,Views,Comments,Shares\n");
    for (id, desc, link, v, c) in rows {
        s.push_str(&format!("{id},,\"{desc}\",{link},\"{v}\",{c},0\n"));
    }
    s.into_bytes()
}

#[test]
fn an_export_is_previewed_then_imported_whole_or_not_at_all() {
    let f = Fixture::new();
    let a = published(&f, &f.line_id, "Bài một", 300, (3, 2));
    let b = published(&f, &f.line_id, "Bài hai", 300, (3, 3));
    let (na, nb) = (num(&f, &a), num(&f, &b));
    let fb = EngagementSource::Facebook;
    // Post 111 shares piece a's portal link in its text; 112 is piece b's
    // link with tracking added; 113 is another post of the Page.
    let good = facebook_csv(&[
        ("99_111", &format!("Mời bạn đọc: https://binhson.gov.vn/tin/{na}."), "https://facebook.com/p/111", 6034, 15),
        ("99_112", "Bài hai", &format!("https://www.binhson.gov.vn/tin/{nb}/?utm_source=fb"), 950, 2),
        ("99_113", "Chúc mừng năm mới", "https://facebook.com/p/113", 80, 1),
    ]);
    let mut bad = good.clone();
    bad.extend(b"99_114,,Sai,https://facebook.com/p/114,nhieu,1,0\n");
    let before = audit_len(&f);
    let as_of = Some(date(2026, 3, 10));
    let p = f.desk.preview_import(&f.editor, fb, &bad, as_of).unwrap();
    assert_eq!(p.matched.len(), 2);
    assert_eq!(p.matched[0].assignment_id, a);
    assert_eq!(p.matched[1].assignment_id, b);
    assert_eq!(p.unmatched.len(), 1);
    assert_eq!(p.rejected.len(), 1);
    assert_eq!(p.captured_at, "2026-03-10T16:59:59.999Z", "end of 10/03 in Việt Nam");
    // A rejected row refuses the whole file: nothing recorded.
    let e = f.desk.import_engagement(&f.editor, fb, "fb.csv", &bad, as_of, false).unwrap_err();
    assert!(e.to_string().contains("dòng 5"), "{e}");
    assert_eq!(f.desk.engagement(&f.head, &a).unwrap().series.len(), 0);
    assert_eq!(audit_len(&f), before, "preview and refusal record nothing");
    assert_eq!(f.desk.import_engagement(&f.an, fb, "fb.csv", &good, as_of, false).unwrap_err().code(), "forbidden");
    let done = f.desk.import_engagement(&f.editor, fb, "fb.csv", &good, as_of, false).unwrap();
    assert_eq!(done.snapshots, 6);
    assert_eq!(f.desk.engagement(&f.head, &a).unwrap().totals.views, 6034);
    assert_eq!(audit_len(&f), before + 1);
    // The same file again changes nothing.
    let again = f.desk.import_engagement(&f.editor, fb, "copy.csv", &good, as_of, false).unwrap();
    assert!(again.import_id.is_none() && again.preview.imported_before.is_some());
    assert_eq!(f.desk.engagement(&f.head, &a).unwrap().series.len(), 3);
    // A later export without the link in the text is matched by the post id
    // the first import linked; the bad row skipped on request.
    let later = facebook_csv(&[("99_111", "Cập nhật", "https://facebook.com/p/111", 7000, 20)]);
    let mut later_bad = later.clone();
    later_bad.extend("99_115,,x,https://facebook.com/p/115,1,2,0\n\n99_116,,thiếu cột\n".as_bytes());
    let out = f.desk.import_engagement(&f.editor, fb, "fb2.csv", &later_bad, Some(date(2026, 3, 20)), true).unwrap();
    assert_eq!(out.preview.matched[0].matched_by, "post_id");
    assert_eq!(out.preview.rejected.len(), 1);
    let e = f.desk.engagement(&f.head, &a).unwrap();
    assert_eq!((e.totals.views, e.totals.comments), (7000, 20));
    assert_eq!(
        e.series.iter().filter(|s| s.metric == Metric::Views).map(|s| s.value).collect::<Vec<_>>(),
        [6034, 7000]
    );
}

#[test]
fn figures_are_frozen_at_acceptance_while_growth_is_tracked() {
    let f = Fixture::new();
    let id = contract_id(&f);
    let a = published(&f, &f.line_id, "Bài một", 300, (3, 2));
    let b = published(&f, &f.line_id, "Bài hai", 300, (3, 3));
    let at = |m, d, h| Some(Utc.with_ymd_and_hms(2026, m, d, h, 0, 0).unwrap());
    let page = EngagementSource::Page;
    f.desk.record_engagement(&f.editor, &a, page, views(800), at(3, 20, 3)).unwrap();
    // 31/03 16:30 UTC is 23:30 in Việt Nam: still 31/03.
    f.desk.record_engagement(&f.editor, &a, page, views(1000), at(3, 31, 16)).unwrap();
    f.desk.record_engagement(&f.editor, &a, page, views(1500), at(3, 31, 17)).unwrap();
    let acc = f.desk.create_acceptance(&f.head, &id, date(2026, 3, 31)).unwrap().acceptance;
    let item = |x: &str| acc.items.iter().find(|i| i.assignment_id == x).unwrap().clone();
    assert_eq!((item(&a).views, item(&a).comments), (Some(1000), Some(0)));
    assert_eq!(item(&b).views, None, "no figure collected: unknown, not zero");
    f.desk.record_engagement(&f.editor, &a, page, views(2500), at(4, 10, 3)).unwrap();
    let e = f.desk.engagement(&f.head, &a).unwrap();
    assert_eq!(e.totals.views, 2500);
    let frozen = e.frozen.unwrap();
    assert_eq!((frozen.seq, frozen.until, frozen.views), (1, date(2026, 3, 31), Some(1000)));
}

#[test]
fn contract_and_policy_roll_ups_with_top_pieces() {
    let f = Fixture::new();
    let id = contract_id(&f);
    let pieces: Vec<String> = (0..4).map(|k| published(&f, &f.line_id, &format!("Bài {k}"), 300, (3, 2 + k))).collect();
    let at = Some(Utc.with_ymd_and_hms(2026, 3, 20, 3, 0, 0).unwrap());
    for (k, p) in pieces.iter().enumerate().take(3) {
        f.desk.record_engagement(&f.editor, p, EngagementSource::Page, views(100 * (k as i64 + 1)), at).unwrap();
        let c = Reading { metric: Metric::Comments, value: k as i64 };
        f.desk.record_engagement(&f.editor, p, EngagementSource::WordPress, c, at).unwrap();
    }
    let r = f.desk.contract_engagement(&f.head, &id, 2).unwrap();
    assert_eq!((r.totals.views, r.totals.comments, r.pieces), (600, 3, 3));
    assert_eq!(r.top.iter().map(|t| t.totals.views).collect::<Vec<_>>(), [300, 200]);
    assert_eq!(r.top[0].assignment_id, pieces[2]);
    let p = f.desk.policy_engagement(&f.head, &f.policy_id, 10).unwrap();
    assert_eq!((p.totals.views, p.pieces), (600, 3));
    assert_eq!(f.desk.contract_engagement(&f.an, &id, 2).unwrap_err().code(), "forbidden");
    assert_eq!(f.desk.contract_engagement(&f.head, "khong-co", 2).unwrap_err().code(), "not_found");
}

/// A loopback stub: GET answers a page printing "Lượt xem: 5"; POST (Matomo's
/// API) answers the recorded `Actions.getPageUrl` rows. Keeps each request.
fn stub() -> (String, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    use std::io::{BufRead, BufReader, Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for conn in listener.incoming().flatten() {
            let mut r = BufReader::new(conn);
            let (mut head, mut line, mut len) = (String::new(), String::new(), 0usize);
            while r.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    len = v.trim().parse().unwrap_or(0);
                }
                head.push_str(&line);
                line.clear();
            }
            let mut body = vec![0; len];
            r.read_exact(&mut body).unwrap();
            let body = String::from_utf8_lossy(&body).into_owned();
            let answer = if head.starts_with("POST") {
                r#"[{"label":"\/tin\/1","nb_visits":"812","nb_hits":1034},{"label":"\/tin\/1?utm_source=zalo","nb_visits":8,"nb_hits":9}]"#
            } else {
                "<html><body><p>Lượt xem: 5</p></body></html>"
            };
            log.lock().unwrap().push(format!("{head}\n{body}"));
            let mut c = r.into_inner();
            let _ = write!(
                c,
                "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{answer}",
                answer.len()
            );
        }
    });
    (base, seen)
}

#[test]
fn matomo_is_asked_per_page_with_the_token_in_the_body() {
    let f = Fixture::new();
    let (base, seen) = stub();
    // A piece published on the stub's "portal".
    let a = published(&f, &f.line_id, "Bài ở cổng khác", 300, (3, 2));
    let b = crate::ledger::published_at(&f, &f.line_id, "Bài hai", 300, None);
    f.desk.mark_published(&f.editor, &b, &format!("{base}/tin/1"), None).unwrap();
    let bad = |url: &str, site, prefix: &str, env: &str| {
        f.desk.add_matomo_site(&f.head, "thong-ke", url, site, prefix, env).unwrap_err().code()
    };
    assert_eq!(bad("không phải url", 3, &base, "TOASOAN_MATOMO_TOKEN"), "invalid_input");
    assert_eq!(bad(&base, 0, &base, "TOASOAN_MATOMO_TOKEN"), "invalid_input");
    assert_eq!(bad(&base, 3, &base, "token thường"), "invalid_input");
    // The token only over https:// (http:// to this machine itself), and no
    // `user:pass@` stored and audited (review finding 2).
    assert_eq!(bad("http://thongke.binhson.gov.vn", 3, &base, "TOASOAN_MATOMO_TOKEN"), "invalid_input");
    assert_eq!(bad("https://admin:s3cret@thongke.binhson.gov.vn", 3, &base, "TOASOAN_MATOMO_TOKEN"), "invalid_input");
    assert_eq!(bad(&base, 3, "https://admin:s3cret@binhson.gov.vn/", "TOASOAN_MATOMO_TOKEN"), "invalid_input");
    assert!(f.desk.matomo_sites().unwrap().is_empty(), "nothing stored");
    assert_eq!(f.desk.add_matomo_site(&f.an, "x", &base, 3, &base, "T").unwrap_err().code(), "forbidden");
    f.desk
        .add_matomo_site(&f.head, "thong-ke", &base, 3, &format!("{base}/tin/"), "TOASOAN_TEST_MATOMO_TOKEN")
        .unwrap();
    std::env::set_var("TOASOAN_TEST_MATOMO_TOKEN", "abc123secret");
    let run = toasoan_core::desk::PollRun { assignment_id: Some(b.clone()), ..Default::default() };
    let s = f.desk.poll_engagement(&f.editor, &run).unwrap();
    assert_eq!((s.polled, s.ok, s.failed), (2, 2, 0), "{s:?}");
    let e = f.desk.engagement(&f.head, &b).unwrap();
    assert!(e.latest.contains(&(EngagementSource::Matomo, Metric::Views, 1043)), "{:?}", e.latest);
    assert!(e.latest.contains(&(EngagementSource::Matomo, Metric::Visits, 820)));
    assert!(e.latest.contains(&(EngagementSource::Page, Metric::Views, 5)));
    assert_eq!(e.totals.views, 1043, "the largest of the portal's own figures");
    let post = seen.lock().unwrap().iter().find(|r| r.starts_with("POST")).unwrap().clone();
    assert!(post.starts_with("POST /index.php "), "{post}");
    assert!(post.contains("token_auth=abc123secret") && post.contains("method=Actions.getPageUrl"), "{post}");
    assert!(post.contains("idSite=3") && post.contains("period=range"), "{post}");
    assert!(!post.lines().next().unwrap().contains("abc123"), "the token is not in the URL");
    assert_eq!(seen.lock().unwrap().iter().filter(|r| r.starts_with("POST")).count(), 1, "one question per page");
    // Without its token, the site's pieces fail with the variable named; the
    // page counter still reads.
    std::env::remove_var("TOASOAN_TEST_MATOMO_TOKEN");
    let run = toasoan_core::desk::PollRun { all: true, ..run };
    let s = f.desk.poll_engagement(&f.editor, &run).unwrap();
    assert_eq!((s.ok, s.failed), (1, 1), "{s:?}");
    assert_eq!(s.errors[0].1, EngagementSource::Matomo);
    assert!(s.errors[0].2.contains("TOASOAN_TEST_MATOMO_TOKEN"), "{:?}", s.errors);
    let polls = f.desk.engagement(&f.head, &b).unwrap().polls;
    let m = polls.iter().find(|p| p.source == EngagementSource::Matomo).unwrap();
    assert_eq!(m.failures, 1);
    // The piece published elsewhere is not under the prefix: never asked about.
    assert!(!seen.lock().unwrap().iter().any(|r| r.contains("binhson")), "{a} is not under the prefix");
}

#[test]
fn the_citizen_feedback_digest_reads_back_grouped_by_piece() {
    use calamine::{Data, Reader, Xlsx};
    use toasoan_domain::engagement::CitizenComment;
    let f = Fixture::new();
    let a = published(&f, &f.line_id, "Người dân hỏi về đất đai", 300, (3, 2));
    let b = published(&f, &f.line_id, "Thủ tục hộ tịch trực tuyến", 300, (3, 3));
    let c = |id: &str, who: &str, text: &str| CitizenComment {
        remote_id: id.into(),
        author: who.into(),
        text: text.into(),
        posted_at: "2026-03-05T02:10:00.000Z".into(),
    };
    f.store()
        .write(|db| {
            db.insert_comments(
                &a,
                EngagementSource::WordPress,
                &[c("1", "Nguyễn Văn Dân", "Đề nghị giải thích rõ mức hỗ trợ.")],
                "x",
            )?;
            Ok(db.insert_comments(
                &b,
                EngagementSource::WordPress,
                &[c("2", "Lê Thị Hoa", "Làm ở đâu?"), c("3", "Trần Nam", "Có mất phí không?")],
                "x",
            )?)
        })
        .unwrap();
    assert_eq!(f.desk.feedback_digest(&f.an, &f.policy_id).unwrap_err().code(), "forbidden");
    let bytes = f.desk.feedback_digest(&f.head, &f.policy_id).unwrap();
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let ws = wb.worksheet_range("Ý kiến bạn đọc").unwrap();
    let s = |r: u32, c: u32| match ws.get_value((r, c)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(v)) => v.to_string(),
        Some(Data::DateTime(d)) => format!("{:?}", d.as_datetime()),
        other => format!("{other:?}"),
    };
    assert_eq!(s(0, 0), "TỔNG HỢP Ý KIẾN PHẢN HỒI CỦA NHÂN DÂN");
    assert!(s(1, 0).contains("tính đến ngày 20/11/2026"), "{}", s(1, 0));
    let h = toasoan_documents::dossier::feedback::HEADER_ROW;
    assert_eq!((s(h, 0), s(h, 3)), ("STT".to_string(), "Nội dung ý kiến".to_string()));
    assert_eq!(s(h + 1, 0), "Tác phẩm: Người dân hỏi về đất đai");
    assert_eq!(
        (s(h + 2, 0), s(h + 2, 1), s(h + 2, 3)),
        ("1".into(), "Nguyễn Văn Dân".into(), "Đề nghị giải thích rõ mức hỗ trợ.".into())
    );
    assert!(s(h + 2, 2).contains("2026-03-05T09:10"), "Việt Nam time: {}", s(h + 2, 2));
    assert_eq!(s(h + 3, 0), "Tác phẩm: Thủ tục hộ tịch trực tuyến");
    assert_eq!((s(h + 5, 0), s(h + 5, 3)), ("3".into(), "Có mất phí không?".into()));
    assert_eq!(s(h + 7, 0), "Tổng cộng: 3 ý kiến.");
}

/// Issue «Nothing lost, nothing leaked», item 6: one citizen comment over
/// Excel's 32,767 characters made the writer refuse the whole digest. Now
/// the digest is written and the cell is cut visibly; the stored comment
/// keeps every character.
#[test]
fn one_overlong_comment_no_longer_blocks_the_digest() {
    use calamine::{Data, Reader, Xlsx};
    use toasoan_documents::dossier::xlsx::{CELL_CHARS, CUT_NOTE};
    use toasoan_domain::engagement::CitizenComment;
    let f = Fixture::new();
    let a = published(&f, &f.line_id, "Người dân hỏi dài", 300, (3, 2));
    let long = "Tôi đề nghị cơ quan giải thích thêm. ".repeat(1_200);
    assert!(long.chars().count() > 40_000);
    let c = CitizenComment {
        remote_id: "9".into(),
        author: "Nguyễn Văn Dân".into(),
        text: long.clone(),
        posted_at: "2026-03-05T02:10:00.000Z".into(),
    };
    f.store().write(|db| Ok(db.insert_comments(&a, EngagementSource::WordPress, &[c], "x")?)).unwrap();
    let bytes = f.desk.feedback_digest(&f.head, &f.policy_id).unwrap();
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let ws = wb.worksheet_range("Ý kiến bạn đọc").unwrap();
    let h = toasoan_documents::dossier::feedback::HEADER_ROW;
    let Some(Data::String(cell)) = ws.get_value((h + 2, 3)) else { panic!("no comment cell") };
    assert_eq!(cell.chars().count(), CELL_CHARS);
    assert!(cell.ends_with(CUT_NOTE), "cut visibly");
    assert!(long.starts_with(&cell[..cell.len() - CUT_NOTE.len()]), "the kept part is the comment's start");
}
