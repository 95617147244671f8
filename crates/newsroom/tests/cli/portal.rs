//! Publishing against the real WordPress on 127.0.0.1 that `scripts/wordpress.sh up`
//! brings up (its env file sets TOASOAN_WP_URL/USER/PASSWORD). These tests are
//! `#[ignore]`d for a plain `cargo test`; `scripts/test.sh` brings the portal
//! up and runs them with `--include-ignored`. They fail, not skip, when the
//! portal is missing.
//!
//! A small fault-injecting proxy on loopback (below) sits between the worker
//! and WordPress where a test needs 500/503 answers, slow answers or pauses.

use std::collections::VecDeque;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::Command;
use std::sync::{Arc, Mutex, RwLock};
use std::thread;
use std::time::Duration;

use serde_json::{json, Value};

use super::{id, newsroom, Cli};

/// Tests share one WordPress; the one that stops Apache takes this for writing.
pub(super) static PORTAL: RwLock<()> = RwLock::new(());

pub(super) struct Wp {
    pub(super) url: String,
    pub(super) user: String,
    password: String,
}

pub(super) fn wp() -> Wp {
    let var = |k: &str| {
        std::env::var(k)
            .unwrap_or_else(|_| panic!("{k} is not set: run `bash scripts/wordpress.sh up` and source its env file"))
    };
    Wp { url: var("TOASOAN_WP_URL"), user: var("TOASOAN_WP_USER"), password: var("TOASOAN_WP_PASSWORD") }
}

impl Wp {
    fn curl(&self, args: &[&str]) -> Value {
        let out = Command::new("curl")
            .args(["-s", "-f", "--max-time", "20", "-u", &format!("{}:{}", self.user, self.password)])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "curl {args:?}: {}", String::from_utf8_lossy(&out.stdout));
        serde_json::from_slice(&out.stdout).unwrap()
    }

    pub(super) fn get(&self, route: &str, query: &str) -> Value {
        self.curl(&[&format!("{}/?rest_route=/wp/v2/{route}&{query}", self.url)])
    }

    fn post(&self, route: &str, body: &Value) -> Value {
        self.curl(&[
            "-X",
            "POST",
            "-H",
            "Content-Type: application/json",
            "--data-binary",
            &body.to_string(),
            &format!("{}/?rest_route=/wp/v2/{route}", self.url),
        ])
    }

    /// Every post with this slug (drafts too).
    fn posts_by_slug(&self, slug: &str) -> Vec<Value> {
        self.get("posts", &format!("slug={slug}&status=any&context=edit")).as_array().unwrap().clone()
    }

    /// Attachments of this image: its slug `ts-img-<hash prefix>` and the
    /// `-2`, `-3` WordPress would give a second or third upload.
    pub(super) fn media_like(&self, sha_prefix: &str) -> Vec<Value> {
        let s = format!("ts-img-{sha_prefix}");
        self.get("media", &format!("slug={s},{s}-2,{s}-3&per_page=100")).as_array().unwrap().clone()
    }
}

/// A short string unique to this call (process, time, counter).
pub(super) fn unique() -> String {
    static N: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let t = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64;
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in t.to_le_bytes().into_iter().chain(n.to_le_bytes()).chain(std::process::id().to_le_bytes()) {
        h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
    }
    format!("{h:016x}")
}

/// A noisy photo, different per call (so each test's images are its own).
pub(super) fn unique_photo(w: u16, h: u16) -> Vec<u8> {
    let seed = u32::from_str_radix(&unique()[..8], 16).unwrap();
    let px: Vec<u8> = (0..u32::from(w) * u32::from(h))
        .flat_map(|i| {
            let v = i.wrapping_mul(2_654_435_761).wrapping_add(seed);
            [(v >> 8) as u8, (v >> 16) as u8, 120]
        })
        .collect();
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, 85).encode(&px, w, h, jpeg_encoder::ColorType::Rgb).unwrap();
    out
}

/// Takes a reporter's assignment through draft (with `images` photos) →
/// submit → approve. Returns the media ids.
fn approve_with_images(cli: &Cli, a: &str, headline: &str, images: usize) -> Vec<String> {
    let mut media = Vec::new();
    for i in 0..images {
        let f = cli.file(&format!("anh-{i}-{}.jpg", unique()), unique_photo(1200, 800));
        let v = cli.ok(Some("an"), &["media", "import", &f, "--assignment", a]);
        let item = v["imported"][0]["item"].clone();
        let mid = id(&item);
        cli.ok(
            Some("an"),
            &[
                "media",
                "edit",
                &mid,
                "--caption",
                &format!("Ảnh minh họa số {}", i + 1),
                "--credit",
                "Thanh An",
                "--alt",
                "Người dân làm thủ tục",
            ],
        );
        media.push(mid);
    }
    let mut body = String::from("Người dân được hướng dẫn **từng bước** làm thủ tục.\n\n");
    for m in &media {
        body.push_str(&format!("![](media:{m})\n\nĐoạn văn sau ảnh.\n\n"));
    }
    let file = cli.file(&format!("body-{}.md", unique()), body.as_bytes());
    cli.ok(
        Some("an"),
        &["draft", "save", a, "--headline", headline, "--sapo", "Sapo của bài về chính sách.", "--file", &file],
    );
    cli.ok(Some("an"), &["submit", a]);
    cli.ok(Some("lan"), &["approve", a]);
    media
}

/// The words of `portal add NAME` for the WordPress at `url` (the loopback
/// one, or a proxy in front of it) as `user`, whose password is in the
/// environment variable `password_env`.
pub(super) fn portal_add<'a>(name: &'a str, url: &'a str, user: &'a str, password_env: &'a str) -> [&'a str; 11] {
    ["portal", "add", name, "--kind", "wordpress", "--url", url, "--user", user, "--password-env", password_env]
}

fn add_portal(cli: &Cli, name: &str, url: &str) {
    let wp = wp();
    let out = cli.cmd(Some("lan"), &portal_add(name, url, &wp.user, "TOASOAN_WP_PASSWORD")).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

fn sync(cli: &Cli, extra: &[&str]) -> (Option<i32>, Value) {
    let mut args = vec!["sync"];
    args.extend_from_slice(extra);
    for (flag, value) in [("--retry-base-ms", "100"), ("--grace-ms", "300"), ("--max-wait", "60")] {
        if !extra.contains(&flag) {
            args.extend([flag, value]);
        }
    }
    let out = cli.run(None, &args);
    let v = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("sync printed: {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code(), v)
}

/// The slug of the post the piece's newest proof names.
fn slug_of(cli: &Cli, a: &str) -> String {
    let pubs = cli.ok(Some("lan"), &["publication", "list", "--assignment", a]);
    let remote = pubs["publications"][0]["remote_id"].as_str().unwrap().to_string();
    let post = wp().get(&format!("posts/{remote}"), "context=edit");
    post["slug"].as_str().unwrap().to_string()
}

#[test]
#[ignore = "needs the loopback WordPress: bash scripts/wordpress.sh up"]
fn publish_with_images_then_republish_then_conflict() {
    let _g = PORTAL.read().unwrap_or_else(|e| e.into_inner());
    let wp = wp();
    let cli = Cli::new();
    let (_, a) = newsroom(&cli);
    let headline = format!("Hướng dẫn đăng ký thường trú trực tuyến {}", &unique()[..6]);
    let media = approve_with_images(&cli, &a, &headline, 3);
    add_portal(&cli, "cong-tinh", &wp.url);
    // Reporters cannot publish; bad portal names are refused; nothing is queued.
    cli.fails(Some("an"), &["publish", &a, "--portal", "cong-tinh"], "forbidden", 3);
    cli.fails(Some("lan"), &["publish", &a, "--portal", "khong-co"], "not_found", 4);
    let job = cli.ok(Some("lan"), &["publish", &a, "--portal", "cong-tinh"]);
    assert_eq!(job["job"]["state"], "queued");
    // A second queue of the same piece while one is pending is refused.
    cli.fails(Some("lan"), &["publish", &a, "--portal", "cong-tinh"], "conflict", 6);

    let (code, s) = sync(&cli, &[]);
    assert_eq!(code, Some(0), "{s}");
    assert_eq!(s["done"].as_array().unwrap().len(), 1, "{s}");
    let shown = cli.ok(Some("lan"), &["assignment", "show", &a]);
    assert_eq!(shown["state"], "published", "{shown}");

    let pubs = cli.ok(Some("lan"), &["publication", "list", "--assignment", &a]);
    let p = &pubs["publications"][0];
    let remote_id = p["remote_id"].as_str().unwrap().to_string();
    let post = wp.get(&format!("posts/{remote_id}"), "context=edit");
    assert_eq!(post["status"], "publish");
    assert_eq!(post["title"]["raw"], headline.as_str());
    assert_eq!(post["excerpt"]["raw"], "Sapo của bài về chính sách.");
    let slug = post["slug"].as_str().unwrap();
    assert!(slug.starts_with("huong-dan-dang-ky-thuong-tru-truc-tuyen-"), "{slug}");
    assert_eq!(wp.posts_by_slug(slug).len(), 1);
    let content = post["content"]["raw"].as_str().unwrap();
    assert!(content.contains("<strong>từng bước</strong>") && content.contains("Thanh An"), "{content}");
    assert!(!content.contains("media:"), "library references are rewritten: {content}");
    assert_eq!(content.matches("/wp-content/uploads/").count(), 3, "{content}");
    assert!(content.contains("Ảnh minh họa số 1. Ảnh: Thanh An"), "{content}");
    assert!(post["featured_media"].as_i64().unwrap() > 0);
    assert_eq!(post["categories"].as_array().unwrap().len(), 1);
    assert_eq!(post["tags"].as_array().unwrap().len(), 1);
    // Proof: the public URL, the hash of exactly what was sent, the saved page.
    assert_eq!(p["url"], post["link"]);
    let sent = std::fs::read(p["sent_path"].as_str().unwrap()).unwrap();
    assert_eq!(p["sent_sha256"].as_str().unwrap(), sha256(&sent));
    let page = std::fs::read_to_string(p["page_path"].as_str().unwrap()).unwrap();
    assert!(page.contains(&headline), "the saved page is the public article");
    assert_eq!(p["page_sha256"].as_str().unwrap(), sha256(page.as_bytes()));
    let shas: Vec<String> = media
        .iter()
        .map(|m| cli.ok(Some("an"), &["media", "show", m])["item"]["sha256"].as_str().unwrap()[..24].to_string())
        .collect();
    for sha in &shas {
        assert_eq!(wp.media_like(sha).len(), 1, "image {sha} uploaded once");
    }

    // Re-publish after an edit: the same post is updated, no image uploaded again.
    cli.ok(Some("lan"), &["request-changes", &a, "--comment", "Thêm số điện thoại hỗ trợ"]);
    let body = cli.ok(Some("an"), &["draft", "show", &a])["body"].as_str().unwrap().to_string();
    let file = cli.file("body2.md", format!("{body}\nGọi 1900 1234 để được hỗ trợ.\n").as_bytes());
    cli.ok(Some("an"), &["draft", "save", &a, "--file", &file]);
    cli.ok(Some("an"), &["submit", &a]);
    cli.ok(Some("lan"), &["approve", &a]);
    cli.ok(Some("lan"), &["publish", &a, "--portal", "cong-tinh"]);
    let (code, s) = sync(&cli, &[]);
    assert_eq!(code, Some(0), "{s}");
    assert_eq!(wp.posts_by_slug(slug).len(), 1, "still one post");
    let post = wp.get(&format!("posts/{remote_id}"), "context=edit");
    assert!(post["content"]["raw"].as_str().unwrap().contains("1900 1234"));
    for sha in &shas {
        assert_eq!(wp.media_like(sha).len(), 1, "image {sha} not uploaded again");
    }
    assert_eq!(
        cli.ok(Some("lan"), &["publication", "list", "--assignment", &a])["publications"].as_array().unwrap().len(),
        2
    );

    // Someone edits the post on the portal; the next re-publish stops and shows both.
    wp.post(&format!("posts/{remote_id}"), &json!({ "content": "<p>Sửa trực tiếp trên cổng.</p>" }));
    cli.ok(Some("lan"), &["request-changes", &a, "--comment", "Sửa tít"]);
    cli.ok(Some("an"), &["draft", "save", &a, "--headline", &format!("{headline} (cập nhật)")]);
    cli.ok(Some("an"), &["submit", &a]);
    cli.ok(Some("lan"), &["approve", &a]);
    let job = cli.ok(Some("lan"), &["publish", &a, "--portal", "cong-tinh"]);
    let job_id = job["job"]["id"].as_str().unwrap().to_string();
    let (code, s) = sync(&cli, &[]);
    assert_eq!(code, Some(9), "a conflict is a non-zero exit: {s}");
    assert_eq!(s["conflicts"].as_array().unwrap().len(), 1, "{s}");
    let post = wp.get(&format!("posts/{remote_id}"), "context=edit");
    assert_eq!(post["content"]["raw"], "<p>Sửa trực tiếp trên cổng.</p>", "nothing overwritten");
    let shown = cli.ok(Some("lan"), &["outbox", "show", &job_id]);
    let c = &shown["job"]["conflict"];
    assert_eq!(c["theirs"]["content"], "<p>Sửa trực tiếp trên cổng.</p>");
    assert!(c["ours"]["title"].as_str().unwrap().ends_with("(cập nhật)"));
    assert_eq!(shown["job"]["state"], "conflict");
    // Reporters cannot decide; the editor overwrites.
    cli.fails(Some("an"), &["outbox", "resolve", &job_id, "--overwrite"], "forbidden", 3);
    cli.ok(Some("lan"), &["outbox", "resolve", &job_id, "--overwrite"]);
    let (code, s) = sync(&cli, &[]);
    assert_eq!(code, Some(0), "{s}");
    let post = wp.get(&format!("posts/{remote_id}"), "context=edit");
    assert!(post["title"]["raw"].as_str().unwrap().ends_with("(cập nhật)"));
    assert!(post["content"]["raw"].as_str().unwrap().contains("1900 1234"));
    assert_eq!(wp.posts_by_slug(slug).len(), 1);
    let audit = cli.ok(Some("hung"), &["audit", "--entity", &a]);
    let actions: Vec<&str> =
        audit["events"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    for want in ["publish.queue", "assignment.publish", "publish.conflict", "publish.overwrite"] {
        assert!(actions.contains(&want), "{want} in {actions:?}");
    }
    assert!(!audit.to_string().contains(&wp.password), "the secret never reaches the audit trail");
}

fn sha256(bytes: &[u8]) -> String {
    toasoan_domain::ids::sha256_hex(bytes)
}

/// What the fault proxy does with the next request.
#[derive(Debug, Clone, Copy)]
enum Fault {
    /// Answer with this status without asking WordPress.
    Status(u16),
    /// Forward, then hold the answer this long.
    SlowAnswer(Duration),
    /// Answer with this status and an HTML page, as a proxy in front of
    /// WordPress would (no WordPress error code).
    ProxyPage(u16),
}

/// A loopback HTTP proxy in front of WordPress that rewrites the site's
/// address to its own (so discovered URLs keep going through it) and injects
/// faults from a script; with an empty script it forwards every request, each
/// answer held for `delay`.
pub(super) struct FaultProxy {
    pub(super) addr: String,
    script: Arc<Mutex<VecDeque<Fault>>>,
    seen: Arc<Mutex<Vec<String>>>,
}

impl FaultProxy {
    pub(super) fn start(upstream: &str, delay: Duration) -> FaultProxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = format!("127.0.0.1:{}", listener.local_addr().unwrap().port());
        let up = upstream.trim_start_matches("http://").trim_end_matches('/').to_string();
        let script: Arc<Mutex<VecDeque<Fault>>> = Arc::default();
        let seen: Arc<Mutex<Vec<String>>> = Arc::default();
        let (s2, seen2, addr2) = (script.clone(), seen.clone(), addr.clone());
        thread::spawn(move || {
            for conn in listener.incoming().flatten() {
                let (s3, seen3, up3, addr3) = (s2.clone(), seen2.clone(), up.clone(), addr2.clone());
                thread::spawn(move || {
                    let _ = serve(conn, &up3, &addr3, &s3, &seen3, delay);
                });
            }
        });
        FaultProxy { addr: format!("http://{addr}"), script, seen }
    }

    fn push(&self, faults: &[Fault]) {
        self.script.lock().unwrap().extend(faults.iter().copied());
    }
}

fn serve(
    mut c: TcpStream,
    up: &str,
    me: &str,
    script: &Mutex<VecDeque<Fault>>,
    seen: &Mutex<Vec<String>>,
    delay: Duration,
) -> std::io::Result<()> {
    c.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut buf = Vec::new();
    let mut tmp = [0u8; 65536];
    let head_end = loop {
        let n = c.read(&mut tmp)?;
        if n == 0 {
            return Ok(());
        }
        buf.extend_from_slice(&tmp[..n]);
        if let Some(p) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break p + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let len: usize = head
        .lines()
        .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse().unwrap_or(0)))
        .unwrap_or(0);
    while buf.len() < head_end + len {
        let n = c.read(&mut tmp)?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&tmp[..n]);
    }
    let first = head.lines().next().unwrap_or_default().to_string();
    seen.lock().unwrap().push(first.clone());
    let fault = script.lock().unwrap().pop_front();
    if let Some(Fault::Status(code)) = fault {
        let body = format!("{{\"code\":\"injected\",\"message\":\"lỗi giả lập {code}\"}}");
        write!(c, "HTTP/1.1 {code} Injected\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len())?;
        return Ok(());
    }
    if let Some(Fault::ProxyPage(code)) = fault {
        let body = format!("<html><body><h1>{code} Bad Gateway</h1></body></html>");
        write!(c, "HTTP/1.1 {code} Bad Gateway\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len())?;
        return Ok(());
    }
    // Forward as HTTP/1.0 with Connection: close so the answer ends at EOF, unchunked.
    let mut lines: Vec<String> = head.trim_end().lines().map(str::to_string).collect();
    lines[0] = first.replace("HTTP/1.1", "HTTP/1.0");
    lines.retain(|l| {
        let l = l.to_ascii_lowercase();
        !l.starts_with("connection:") && !l.starts_with("host:") && !l.starts_with("accept-encoding:")
    });
    lines.insert(1, format!("Host: {up}"));
    lines.push("Connection: close".into());
    let mut upstream = TcpStream::connect(up)?;
    upstream.write_all(format!("{}\r\n\r\n", lines.join("\r\n")).as_bytes())?;
    upstream.write_all(&buf[head_end..])?;
    let mut answer = Vec::new();
    upstream.read_to_end(&mut answer)?;
    let wait = match fault {
        Some(Fault::SlowAnswer(d)) => d,
        _ => delay,
    };
    thread::sleep(wait);
    let split = answer.windows(4).position(|w| w == b"\r\n\r\n").map_or(answer.len(), |p| p + 4);
    let rewrite = |b: &[u8]| String::from_utf8_lossy(b).replace(up, me).into_bytes();
    let body = if String::from_utf8(answer[split..].to_vec()).is_ok() {
        rewrite(&answer[split..])
    } else {
        answer[split..].to_vec()
    };
    let head = String::from_utf8_lossy(&answer[..split]).replace(up, me);
    let mut out: Vec<String> = head
        .trim_end()
        .lines()
        .filter(|l| !l.to_ascii_lowercase().starts_with("content-length:"))
        .map(str::to_string)
        .collect();
    out.push(format!("Content-Length: {}", body.len()));
    c.write_all(format!("{}\r\n\r\n", out.join("\r\n")).as_bytes())?;
    c.write_all(&body)?;
    Ok(())
}

/// A fresh machine's test portal answered an upload with HTTP 500
/// `rest_upload_sideload_error` and the next attempt waited the 30-second
/// grace kept for lost answers. WordPress's own refusal (an error code in its
/// JSON) means nothing was made: the job is sent again at its next attempt.
/// An error page from a proxy may hide an upload still running: that one
/// waits the grace. Tried, with a 30 s grace and at most 10 s to finish: a
/// WordPress 500 on the upload (sent at once, one image on the portal); a
/// proxy's 502 page on the upload (still waiting, saying why).
#[test]
#[ignore = "needs the loopback WordPress: bash scripts/wordpress.sh up"]
fn a_refusal_by_wordpress_is_sent_again_at_once_a_proxy_page_waits_the_grace() {
    let _g = PORTAL.read().unwrap_or_else(|e| e.into_inner());
    let wp = wp();
    let proxy = FaultProxy::start(&wp.url, Duration::ZERO);
    let pass = Fault::SlowAnswer(Duration::ZERO);
    for (fault, sent) in [(Fault::Status(500), true), (Fault::ProxyPage(502), false)] {
        let cli = Cli::new();
        let (_, a) = newsroom(&cli);
        approve_with_images(&cli, &a, &format!("Tin thử từ chối tải ảnh {}", &unique()[..6]), 1);
        proxy.seen.lock().unwrap().clear();
        add_portal(&cli, "qua-proxy", &proxy.addr);
        cli.ok(Some("lan"), &["publish", &a, "--portal", "qua-proxy"]);
        // The site's discovery passes; the first upload gets the fault.
        proxy.push(&[pass, fault]);
        let (code, s) =
            sync(&cli, &["--grace-ms", "30000", "--retry-base-ms", "200", "--max-wait", "10", "--workers", "1"]);
        if sent {
            assert_eq!(code, Some(0), "{fault:?}: sent again at once: {s}");
            assert!(s["done"][0]["attempts"].as_i64().unwrap() >= 2, "{s}");
            let uploads =
                proxy.seen.lock().unwrap().iter().filter(|l| l.starts_with("POST") && l.contains("media")).count();
            assert_eq!(uploads, 2, "the refused upload, then the one that went through");
            assert_eq!(wp.posts_by_slug(&slug_of(&cli, &a)).len(), 1);
        } else {
            assert_eq!(code, Some(8), "{fault:?}: still waiting: {s}");
            let job = &s["waiting"][0];
            assert!(job["last_error"].as_str().unwrap().contains("đang chờ cổng hoàn tất"), "{job}");
        }
    }
}

#[test]
#[ignore = "needs the loopback WordPress: bash scripts/wordpress.sh up"]
fn answers_500_503_and_timeouts_are_retried_to_one_post() {
    let _g = PORTAL.read().unwrap_or_else(|e| e.into_inner());
    let wp = wp();
    let proxy = FaultProxy::start(&wp.url, Duration::ZERO);
    let cli = Cli::new();
    let (_, a) = newsroom(&cli);
    approve_with_images(&cli, &a, &format!("Tin thử lỗi cổng {}", &unique()[..6]), 1);
    add_portal(&cli, "qua-proxy", &proxy.addr);
    cli.ok(Some("lan"), &["publish", &a, "--portal", "qua-proxy"]);
    // Discovery answers 503, then the upload 500, then the create is answered
    // only after the client's 2 s timeout (WordPress did create it).
    // Discovery answers 503; the next retry is seconds away, so the run ends waiting.
    proxy.push(&[Fault::Status(503)]);
    let (code, s) = sync(&cli, &["--retry-base-ms", "5000", "--max-wait", "1", "--workers", "1"]);
    assert_eq!(code, Some(8), "still waiting after a temporary failure: {s}");
    let job = &s["waiting"][0];
    assert_eq!(job["state"], "queued");
    assert_eq!(job["last_error_code"], "portal_unavailable", "{job}");
    assert!(job["last_error"].as_str().unwrap().contains("503"), "{job}");
    // Retried by hand; this time the first answer is a 500, then all pass.
    cli.ok(Some("lan"), &["outbox", "retry", job["id"].as_str().unwrap()]);
    proxy.push(&[Fault::Status(500)]);
    let (code, s) = sync(&cli, &["--timeout", "2", "--workers", "1"]);
    assert_eq!(code, Some(0), "{s}");
    assert!(s["done"][0]["attempts"].as_i64().unwrap() >= 2, "{s}");
    let slug = slug_of(&cli, &a);
    assert_eq!(wp.posts_by_slug(&slug).len(), 1);

    // A second piece whose create answer is lost to a timeout: found again by slug, not duplicated.
    let cli2 = Cli::new();
    let (_, a2) = newsroom(&cli2);
    approve_with_images(&cli2, &a2, &format!("Tin thử hết giờ {}", &unique()[..6]), 0);
    add_portal(&cli2, "qua-proxy", &proxy.addr);
    cli2.ok(Some("lan"), &["publish", &a2, "--portal", "qua-proxy"]);
    // discovery, category lookup, tag lookup (terms exist already), create → slow.
    let slow = Fault::SlowAnswer(Duration::from_millis(3500));
    let pass = Fault::SlowAnswer(Duration::ZERO);
    proxy.push(&[pass, pass, pass, slow]);
    let (code, s) = sync(&cli2, &["--timeout", "2", "--max-wait", "60", "--workers", "1"]);
    assert_eq!(code, Some(0), "{s}");
    let job = &s["done"][0];
    assert!(job["attempts"].as_i64().unwrap() >= 2, "the timed-out create was retried: {job}");
    let slug = slug_of(&cli2, &a2);
    assert_eq!(wp.posts_by_slug(&slug).len(), 1, "the create that timed out was found, not repeated");
    let seen = proxy.seen.lock().unwrap().clone();
    assert!(seen.iter().any(|l| l.contains("slug=")), "the recovery looked the post up by slug: {seen:?}");
}

#[test]
#[ignore = "needs the loopback WordPress: bash scripts/wordpress.sh up"]
fn worker_killed_at_many_points_leaves_one_post_and_each_image_once() {
    let _g = PORTAL.read().unwrap_or_else(|e| e.into_inner());
    let wp = wp();
    // Every answer held 80 ms: a publish with 2 images takes ~10 requests ≈ 1 s,
    // so kills at 0.1 s … 1.3 s land before, during and after each step.
    let proxy = FaultProxy::start(&wp.url, Duration::from_millis(80));
    let mut interrupted = 0;
    let kill_points = [100u64, 250, 400, 550, 700, 850, 1000, 1300];
    for (i, kill_at) in kill_points.iter().enumerate() {
        let cli = Cli::new();
        let (_, a) = newsroom(&cli);
        let media = approve_with_images(&cli, &a, &format!("Bài thử ngắt tiến trình {i} {}", &unique()[..6]), 2);
        add_portal(&cli, "cong", &proxy.addr);
        cli.ok(Some("lan"), &["publish", &a, "--portal", "cong"]);
        let mut child = cli
            .cmd(None, &["sync", "--retry-base-ms", "100", "--grace-ms", "400", "--workers", "1"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        thread::sleep(Duration::from_millis(*kill_at));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let job = cli.ok(Some("lan"), &["outbox", "list", "--assignment", &a]);
        if job["jobs"][0]["state"] == "sending" {
            interrupted += 1;
        }
        let (code, s) = sync(&cli, &["--grace-ms", "400"]);
        assert_eq!(code, Some(0), "kill at {kill_at} ms: {s}");
        let slug = slug_of(&cli, &a);
        assert_eq!(wp.posts_by_slug(&slug).len(), 1, "kill at {kill_at} ms: exactly one post");
        for m in &media {
            let sha = cli.ok(Some("an"), &["media", "show", m])["item"]["sha256"].as_str().unwrap()[..24].to_string();
            assert_eq!(wp.media_like(&sha).len(), 1, "kill at {kill_at} ms: image {sha} once");
        }
        let pubs = cli.ok(Some("lan"), &["publication", "list", "--assignment", &a]);
        assert_eq!(pubs["publications"].as_array().unwrap().len(), 1, "one proof");
    }
    assert!(interrupted >= kill_points.len() / 2, "most kills landed mid-publish ({interrupted})");
}

#[test]
#[ignore = "needs the loopback WordPress: bash scripts/wordpress.sh up"]
fn wordpress_stopped_jobs_wait_with_a_visible_error_and_finish_when_it_returns() {
    let _g = PORTAL.write().unwrap_or_else(|e| e.into_inner());
    let wp = wp();
    let cli = Cli::new();
    let (_, a) = newsroom(&cli);
    approve_with_images(&cli, &a, &format!("Tin thử cổng ngừng {}", &unique()[..6]), 1);
    add_portal(&cli, "cong-tinh", &wp.url);
    cli.ok(Some("lan"), &["publish", &a, "--portal", "cong-tinh"]);
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scripts/wordpress.sh");
    let st = Command::new("bash").args([script, "stop"]).status().unwrap();
    assert!(st.success());
    let child = cli
        .cmd(None, &["sync", "--retry-base-ms", "200", "--grace-ms", "300", "--max-wait", "90", "--timeout", "3"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let seen_waiting = std::panic::catch_unwind(|| {
        thread::sleep(Duration::from_millis(1500));
        let jobs = cli.ok(Some("lan"), &["outbox", "list", "--assignment", &a]);
        let j = jobs["jobs"][0].clone();
        assert_eq!(j["state"], "queued", "{j}");
        assert_eq!(j["last_error_code"], "portal_unavailable", "{j}");
        assert!(j["last_error"].as_str().unwrap().contains("không kết nối được"), "{j}");
    });
    // WordPress comes back whatever the checks said.
    let st = Command::new("bash").args([script, "start"]).status().unwrap();
    assert!(st.success());
    if let Err(e) = seen_waiting {
        std::panic::resume_unwind(e);
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["done"].as_array().unwrap().len(), 1, "{v}");
    let shown = cli.ok(Some("lan"), &["assignment", "show", &a]);
    assert_eq!(shown["state"], "published");
}

#[test]
#[ignore = "needs the loopback WordPress: bash scripts/wordpress.sh up"]
fn a_wrong_password_fails_the_job_with_the_reason_and_changes_nothing() {
    let _g = PORTAL.read().unwrap_or_else(|e| e.into_inner());
    let wp = wp();
    let cli = Cli::new();
    let (_, a) = newsroom(&cli);
    approve_with_images(&cli, &a, &format!("Tin thử sai mật khẩu {}", &unique()[..6]), 0);
    let out = cli.cmd(Some("lan"), &portal_add("sai", &wp.url, &wp.user, "TOASOAN_WRONG_PW")).output().unwrap();
    assert!(out.status.success());
    cli.ok(Some("lan"), &["publish", &a, "--portal", "sai"]);
    // No variable at all: the secret is unavailable (named), the job fails.
    let (code, s) = sync(&cli, &[]);
    assert_eq!(code, Some(9), "{s}");
    assert_eq!(s["failed"][0]["last_error_code"], "secret_unavailable", "{s}");
    assert!(s["failed"][0]["last_error"].as_str().unwrap().contains("TOASOAN_WRONG_PW"));
    // A wrong one: WordPress answers 401, the job fails at once (no retry loop).
    let job = s["failed"][0]["id"].as_str().unwrap().to_string();
    cli.ok(Some("lan"), &["outbox", "retry", &job]);
    let mut c = cli.cmd(None, &["sync", "--max-wait", "30"]);
    c.env("TOASOAN_WRONG_PW", "abcd efgh ijkl mnop");
    let out = c.output().unwrap();
    assert_eq!(out.status.code(), Some(9));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["failed"][0]["last_error_code"], "portal_rejected", "{v}");
    assert_eq!(v["failed"][0]["attempts"], 1);
    assert!(!out.stdout.windows(4).any(|w| w == b"abcd"), "the secret is never printed");
    let shown = cli.ok(Some("lan"), &["assignment", "show", &a]);
    assert_eq!(shown["state"], "approved", "nothing changed");
}

#[test]
#[ignore = "needs the loopback WordPress: bash scripts/wordpress.sh up"]
fn pretty_permalinks_are_discovered_from_the_link_header() {
    let _g = PORTAL.write().unwrap_or_else(|e| e.into_inner());
    let wp = wp();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scripts/wordpress.sh");
    let set = |structure: &str| {
        assert!(Command::new("bash").args([script, "permalinks", structure]).status().unwrap().success());
    };
    set("/index.php/%postname%/");
    let result = std::panic::catch_unwind(|| {
        let proxy = FaultProxy::start(&wp.url, Duration::ZERO);
        let cli = Cli::new();
        let (_, a) = newsroom(&cli);
        approve_with_images(&cli, &a, &format!("Tin thử đường dẫn đẹp {}", &unique()[..6]), 1);
        add_portal(&cli, "cong", &proxy.addr);
        cli.ok(Some("lan"), &["publish", &a, "--portal", "cong"]);
        let (code, s) = sync(&cli, &[]);
        assert_eq!(code, Some(0), "{s}");
        let seen = proxy.seen.lock().unwrap().clone();
        assert!(seen.iter().any(|l| l.contains("/index.php/wp-json/wp/v2/posts")), "REST under /wp-json/: {seen:?}");
        assert!(!seen.iter().any(|l| l.contains("rest_route")), "{seen:?}");
        let pubs = cli.ok(Some("lan"), &["publication", "list", "--assignment", &a]);
        let url = pubs["publications"][0]["url"].as_str().unwrap().to_string();
        assert!(url.contains("/index.php/tin-thu-duong-dan-dep-"), "a pretty public URL: {url}");
    });
    set("");
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
}

/// `n` page views as a reader's browser makes them, `parallel` at a time.
fn read_page(url: &str, n: usize, parallel: usize) {
    let url = url.to_string();
    let per = n / parallel;
    let handles: Vec<_> = (0..parallel)
        .map(|_| {
            let url = url.clone();
            thread::spawn(move || {
                for _ in 0..per {
                    let ok = Command::new("curl")
                        .args([
                            "-s",
                            "-f",
                            "-o",
                            "/dev/null",
                            "-A",
                            "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0",
                            &url,
                        ])
                        .status()
                        .unwrap();
                    assert!(ok.success());
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
}

#[test]
#[ignore = "needs the loopback WordPress: bash scripts/wordpress.sh up"]
fn engagement_is_read_from_the_portal_api_and_the_published_page() {
    let _g = PORTAL.read().unwrap_or_else(|e| e.into_inner());
    let wp = wp();
    let cli = Cli::new();
    let (_, a) = newsroom(&cli);
    approve_with_images(&cli, &a, &format!("Bạn đọc hỏi về thủ tục đất đai {}", &unique()[..6]), 0);
    add_portal(&cli, "cong-tinh", &wp.url);
    cli.ok(Some("lan"), &["publish", &a, "--portal", "cong-tinh"]);
    assert_eq!(sync(&cli, &[]).0, Some(0));
    let pubs = cli.ok(Some("lan"), &["publication", "list", "--assignment", &a]);
    let (post, url) = (
        pubs["publications"][0]["remote_id"].as_str().unwrap().to_string(),
        pubs["publications"][0]["url"].as_str().unwrap().to_string(),
    );
    // Real page requests: 3 one after another, then 8 at once (counted atomically).
    read_page(&url, 3, 1);
    read_page(&url, 8, 8);
    // Two approved comments and one held for moderation (not counted, not collected).
    let pid: i64 = post.parse().unwrap();
    for (text, status) in [
        ("Đề nghị giải thích rõ hơn mức hỗ trợ cho hộ nghèo.", "approve"),
        ("Thủ tục này làm trực tuyến ở đâu?", "approve"),
        ("Bình luận chờ duyệt", "hold"),
    ] {
        wp.post("comments", &json!({ "post": pid, "content": text, "status": status }));
    }
    cli.fails(Some("an"), &["engagement", "poll", "--all"], "forbidden", 3);
    let s = cli.ok(Some("lan"), &["engagement", "poll", "--all", "--rate", "600"]);
    assert_eq!((s["polled"].as_i64(), s["ok"].as_i64(), s["failed"].as_i64()), (Some(2), Some(2), Some(0)), "{s}");
    assert_eq!(s["comments"], 2, "{s}");
    let e = cli.ok(Some("lan"), &["engagement", "show", &a]);
    assert_eq!(e["totals"]["views"], 11, "{e}");
    assert_eq!(e["totals"]["comments"], 2, "{e}");
    let latest = e["latest"].as_array().unwrap();
    assert!(latest.contains(&json!(["wordpress", "views", 11])), "the plugin's REST field: {e}");
    assert!(latest.contains(&json!(["page", "views", 11])), "«Lượt xem: 11» read off the page: {e}");
    let texts: Vec<&str> = e["comments"].as_array().unwrap().iter().map(|c| c["text"].as_str().unwrap()).collect();
    assert_eq!(texts, ["Đề nghị giải thích rõ hơn mức hỗ trợ cho hộ nghèo.", "Thủ tục này làm trực tuyến ở đâu?"]);
    // Just polled: nothing is due yet.
    let s = cli.ok(Some("lan"), &["engagement", "poll"]);
    assert_eq!((s["polled"].as_i64(), s["not_due"].as_i64()), (Some(0), Some(1)), "{s}");
    // Later growth becomes a second point of the series.
    read_page(&url, 2, 1);
    cli.ok(Some("lan"), &["engagement", "poll", "--all", "--rate", "600"]);
    let e = cli.ok(Some("lan"), &["engagement", "show", &a]);
    assert_eq!(e["totals"]["views"], 13, "{e}");
    let page_views: Vec<i64> = e["series"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["source"] == "page" && s["metric"] == "views")
        .map(|s| s["value"].as_i64().unwrap())
        .collect();
    assert_eq!(page_views, [11, 13]);
    // A portal pattern that the page does not print: no page figure, no failure.
    cli.ok(Some("hung"), &["portal", "pattern", "cong-tinh", "Số lần đọc: {n}"]);
    cli.fails(Some("hung"), &["portal", "pattern", "cong-tinh", "Lượt xem: ("], "invalid_input", 5);
    read_page(&url, 1, 1);
    let s = cli.ok(Some("lan"), &["engagement", "poll", "--all", "--rate", "600"]);
    assert_eq!((s["ok"].as_i64(), s["snapshots"].as_i64()), (Some(2), Some(2)), "the API's views and comments: {s}");
    let e = cli.ok(Some("lan"), &["engagement", "show", &a]);
    let page_points = e["series"].as_array().unwrap().iter().filter(|s| s["source"] == "page").count();
    assert_eq!(page_points, 2, "no page figure read with a pattern the page does not print: {e}");
    assert_eq!(e["totals"]["views"], 14, "{e}");
    // The policy's citizen feedback digest lists the approved comments.
    let policy = cli.ok(Some("lan"), &["assignment", "show", &a])["policy_id"].as_str().unwrap().to_string();
    let f = cli.ok(Some("hung"), &["engagement", "feedback", &policy]);
    assert_eq!(f["comments"].as_array().unwrap().len(), 2, "{f}");
}
