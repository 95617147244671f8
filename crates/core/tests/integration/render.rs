//! Malicious Markdown: nothing executable survives rendering.

use toasoan_documents::render::render;

const ATTACKS: &[&str] = &[
    "<script>alert(1)</script>",
    "Chữ <script>alert(1)</script> giữa dòng",
    "<img src=x onerror=alert(1)>",
    "<div onclick=\"alert(1)\">bấm</div>",
    "<iframe src=\"https://evil.example\"></iframe>",
    "[bấm](javascript:alert(1))",
    "[bấm]( JaVaScRiPt:alert(1) )",
    "[bấm](java&#x09;script:alert(1))",
    "![x](javascript:alert(1))",
    "![x](data:text/html;base64,PHNjcmlwdD4=)",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<svg><script>alert(1)</script></svg>",
    "<style>body{display:none}</style>",
    "<object data=x></object><embed src=x>",
    "[x](vbscript:msgbox)",
    "<javascript:alert(1)>",
    "[a]: javascript:alert(1)\n\n[bấm][a]",
    "<p style=\"background:url(javascript:alert(1))\">x</p>",
    "<details open ontoggle=alert(1)>",
    "<form action=javascript:alert(1)><button>x</button></form>",
];

fn lower(s: &str) -> String {
    s.to_ascii_lowercase()
}

/// The live tags of an HTML string (escaped text like `&lt;script` is not a tag).
fn live_tags(html: &str) -> Vec<String> {
    html.split('<').skip(1).map(|t| lower(t.split('>').next().unwrap_or(""))).collect()
}

#[test]
fn malicious_markdown_is_neutralised() {
    for md in ATTACKS {
        let html = render(md).html;
        for tag in live_tags(&html) {
            let name = tag.trim_start_matches('/').split_whitespace().next().unwrap_or("").to_string();
            assert!(
                !["script", "iframe", "object", "embed", "style", "svg", "form"].contains(&name.as_str()),
                "{md:?} → live <{tag}> in {html}"
            );
            for bad in ["javascript:", "vbscript:", "data:", "style="] {
                assert!(!tag.contains(bad), "{md:?} → live <{tag}> in {html}");
            }
            assert!(!tag.split_whitespace().skip(1).any(|a| a.starts_with("on")), "{md:?} → handler in <{tag}>");
        }
    }
}

#[test]
fn sanitizer_has_nothing_left_to_remove() {
    // Ammonia over our output must not drop any element: proof the fast path is
    // at least as strict as running ammonia over everything.
    let md = format!(
        "# Tít\n\n**Sapo** và *nghiêng*, [liên kết](https://baobinhson.vn/a?b=1&c=2) `mã`.\n\n> Trích dẫn\n\n- một\n- hai\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n![Ảnh](anh/a.jpg)\n*Chú thích. Ảnh: Thu Hà*\n\n<p>khối <b>HTML</b> <script>x</script></p>\n\n{}",
        ATTACKS.join("\n\n")
    );
    let ours = render(&md).html;
    let again = ammonia::Builder::default().add_tags(["figure", "figcaption"]).link_rel(None).clean(&ours).to_string();
    let count = |s: &str| s.matches('<').count();
    assert_eq!(count(&again), count(&ours), "ammonia removed tags from our output:\n{ours}\n---\n{again}");
}
