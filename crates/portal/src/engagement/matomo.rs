//! Matomo's Reporting API: per-URL page views (`nb_hits`) and visits
//! (`nb_visits`) of a piece's public page, from its publication day to
//! today (`Actions.getPageUrl`, `period=range`), with the site's auth token
//! sent in the POST body.

use reqwest::Url;
use serde_json::Value;

use super::{Collected, Collector, MatomoSite, Reading, Target};
use crate::client::{secret_url_problem, SecretUrlProblem};
use toasoan_domain::error::{Error, Result};
use toasoan_domain::{EngagementSource, Metric};

/// Reads the figures of the pages of one Matomo site.
#[derive(Debug)]
pub struct Matomo {
    http: crate::client::Http,
    site: MatomoSite,
    /// The `token_auth`, or why it is missing (each piece of the site fails with it).
    token: Result<String>,
    /// First day of the range, per piece ("YYYY-MM-DD", its publication day).
    from: std::collections::HashMap<String, String>,
    /// Last day ("YYYY-MM-DD", today).
    until: String,
}

impl Matomo {
    /// A collector for `site`; `from` gives each piece's publication day.
    pub fn new(
        http: crate::client::Http,
        site: MatomoSite,
        token: Result<String>,
        from: std::collections::HashMap<String, String>,
        until: String,
    ) -> Matomo {
        Matomo { http, site, token, from, until }
    }

    /// Checks a Matomo site's addresses before anything is stored: neither
    /// may hold `user:password@` (it would be stored, audited and
    /// replicated with the site), and the token goes to `base_url` only over
    /// `https://` — plain `http://` only to this machine itself, the rule
    /// of the WordPress portal ([`crate::client::secret_url_problem`]).
    pub fn check_site(base_url: &str, url_prefix: &str) -> Result<()> {
        check_base_url(base_url)?;
        let prefix = url_prefix.trim();
        match Url::parse(prefix).ok().and_then(|u| secret_url_problem(&u)) {
            Some(SecretUrlProblem::UserInfo) => Err(Error::invalid("prefix", NO_USERINFO)),
            _ => Ok(()),
        }
    }

    /// Whether this site measures `url`.
    pub fn measures(site: &MatomoSite, url: &str) -> bool {
        url.starts_with(&site.url_prefix)
    }
}

impl Collector for Matomo {
    fn source(&self) -> EngagementSource {
        EngagementSource::Matomo
    }

    fn host(&self, _target: &Target) -> String {
        crate::client::host_of(&self.site.base_url)
    }

    fn collect(&self, target: &Target) -> Result<Collected> {
        let token = match &self.token {
            Ok(t) => t,
            Err(Error::SecretUnavailable(why)) => return Err(Error::SecretUnavailable(why.clone())),
            Err(other) => return Err(Error::SecretUnavailable(other.to_string())),
        };
        // A site stored before the rule, or received from another desk,
        // is held to it too: the token is never sent in the clear.
        check_base_url(&self.site.base_url)?;
        let from = self.from.get(&target.assignment_id).cloned().unwrap_or_else(|| self.until.clone());
        let api = format!("{}/index.php", self.site.base_url.trim_end_matches('/'));
        let form = [
            ("module", "API".to_string()),
            ("method", "Actions.getPageUrl".into()),
            ("idSite", self.site.site_id.to_string()),
            ("period", "range".into()),
            ("date", format!("{from},{}", self.until)),
            ("pageUrl", target.url.clone()),
            ("format", "JSON".into()),
            ("token_auth", token.clone()),
        ];
        let body = self.http.post_form(&api, &form, "hỏi Matomo").map_err(|e| match e {
            // Never echo the token (it is in the body, not the URL, but be sure).
            Error::PortalRejected(m) => Error::PortalRejected(m.replace(token.as_str(), "***")),
            other => other,
        })?;
        Ok(Collected { readings: parse(&body)?, comments: vec![] })
    }
}

const NO_USERINFO: &str =
    "địa chỉ không được chứa tên đăng nhập hay mật khẩu (user:pass@): nó sẽ bị lưu và ghi vào nhật ký; mã token_auth để trong biến môi trường";

/// The address the token is sent to: http(s), no `user:password@`, and
/// `https://` unless it is this machine itself.
fn check_base_url(base_url: &str) -> Result<()> {
    let base_url = base_url.trim();
    let u = match Url::parse(base_url) {
        Ok(u) if (u.scheme() == "http" || u.scheme() == "https") && u.host().is_some() => u,
        _ => return Err(Error::invalid("url", format!("«{base_url}» không phải địa chỉ http(s) của Matomo"))),
    };
    match secret_url_problem(&u) {
        Some(SecretUrlProblem::UserInfo) => Err(Error::invalid("url", NO_USERINFO)),
        Some(SecretUrlProblem::PlainHttp) => Err(Error::invalid(
            "url",
            format!(
                "«{base_url}» dùng http:// không mã hóa: mã token_auth của Matomo sẽ đi qua mạng ở dạng ai cũng đọc được; dùng https:// (http:// chỉ dùng được cho chính máy này: 127.0.0.1, localhost)"
            ),
        )),
        None => Ok(()),
    }
}

/// Reads an `Actions.getPageUrl` answer: an array of rows (one per URL
/// variant Matomo recorded) whose `nb_hits` and `nb_visits` add up; an empty
/// array is a page nobody has seen yet (0); `{"result":"error"}` is refused
/// with Matomo's message.
pub fn parse(body: &str) -> Result<Vec<Reading>> {
    let v: Value = serde_json::from_str(body).map_err(|_| {
        Error::PortalRejected(format!("Matomo trả lời không phải JSON: {}", body.chars().take(120).collect::<String>()))
    })?;
    if v.get("result").and_then(Value::as_str) == Some("error") {
        let msg = v.get("message").and_then(Value::as_str).unwrap_or("lỗi không rõ");
        return Err(Error::PortalRejected(format!("Matomo từ chối: {msg}")));
    }
    let rows = v.as_array().ok_or_else(|| Error::PortalRejected("Matomo trả lời không phải danh sách".into()))?;
    // Saturating: the rows are the server's word, and a sum must never wrap
    // into a wrong figure (figures are bounded when recorded).
    let sum = |key: &str| -> i64 {
        rows.iter()
            .filter_map(|r| r.get(key))
            .filter_map(|x| x.as_i64().or_else(|| x.as_str().and_then(|s| s.parse().ok())))
            .fold(0, i64::saturating_add)
    };
    Ok(vec![
        Reading { metric: Metric::Views, value: sum("nb_hits") },
        Reading { metric: Metric::Visits, value: sum("nb_visits") },
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Recorded from the documented format of `Actions.getPageUrl` (Matomo 5,
    /// `period=range`, `format=JSON`): a flat array of page rows.
    const ONE_ROW: &str = r#"[{"label":"\/tin\/12","nb_visits":812,"nb_hits":1034,"sum_time_spent":52170,
        "nb_hits_with_time_generation":"1034","min_time_generation":"0.081","max_time_generation":"1.203",
        "entry_nb_visits":"640","entry_nb_actions":"1020","entry_sum_visit_length":"61234","entry_bounce_count":"402",
        "exit_nb_visits":"598","avg_time_on_page":50,"bounce_rate":"63%","exit_rate":"74%",
        "avg_time_generation":0.214,"url":"https:\/\/binhson.gov.vn\/tin\/12","segment":"pageUrl==https%253A%252F%252Fbinhson.gov.vn%252Ftin%252F12"}]"#;
    const TWO_ROWS: &str = r#"[{"label":"\/tin\/12","nb_visits":"800","nb_hits":"1000"},{"label":"\/tin\/12?utm_source=zalo","nb_visits":12,"nb_hits":34}]"#;
    const ERROR: &str = r#"{"result":"error","message":"You can't access this resource as it requires 'view' access for the website id = 3."}"#;

    /// Review finding 5: the rows' figures were added with `Iterator::sum`,
    /// which panics (debug) or wraps (release) on an answer with huge ones.
    #[test]
    fn huge_figures_saturate_instead_of_wrapping() {
        let big = i64::MAX - 1;
        let body = format!(r#"[{{"nb_hits":{big},"nb_visits":"{big}"}},{{"nb_hits":"{big}","nb_visits":3}}]"#);
        let r = parse(&body).unwrap();
        assert!(r.iter().all(|x| x.value == i64::MAX), "{r:?}");
    }

    /// Review finding 2: a Matomo address with `user:pass@` was stored and
    /// audited, and the token went over plain `http://` to any host. Tried:
    /// the WordPress portal's rule (https, or http to this machine itself)
    /// and userinfo in either address; a site stored before the rule is
    /// refused when polled, before anything is sent.
    #[test]
    fn the_token_goes_only_over_https_or_to_this_machine() {
        let public = "http://binhson.gov.vn/tin/";
        for ok in
            ["https://thongke.binhson.gov.vn/", "http://127.0.0.1:8089", "http://localhost/matomo", "http://[::1]:80"]
        {
            assert!(Matomo::check_site(ok, public).is_ok(), "{ok}");
        }
        for (base, prefix, field, why) in [
            ("http://thongke.binhson.gov.vn", public, "url", "https://"),
            ("http://10.0.0.5/", public, "url", "https://"),
            ("https://admin:s3cret@thongke.binhson.gov.vn/", public, "url", "user:pass@"),
            ("https://admin@thongke.binhson.gov.vn/", public, "url", "user:pass@"),
            ("https://thongke.binhson.gov.vn/", "https://admin:s3cret@binhson.gov.vn/", "prefix", "user:pass@"),
            ("ftp://thongke.binhson.gov.vn/", public, "url", "http(s)"),
        ] {
            let e = Matomo::check_site(base, prefix).unwrap_err();
            assert_eq!(e.code(), "invalid_input", "{base} {prefix}");
            assert!(matches!(&e, Error::Invalid { field: f, .. } if *f == field), "{base} {prefix}: {e:?}");
            assert!(e.to_string().contains(why), "{base}: {e}");
            assert!(!e.to_string().contains("s3cret"), "{e}");
        }
        // Already stored (or received from another desk): never asked.
        let http =
            crate::client::Http::new(std::time::Duration::from_secs(2), std::time::Duration::from_secs(1), "test")
                .unwrap();
        let site = MatomoSite {
            id: "m".into(),
            name: "thong-ke".into(),
            base_url: "http://192.0.2.1".into(),
            site_id: 3,
            url_prefix: public.into(),
            token_env: "T".into(),
        };
        let m = Matomo::new(http, site, Ok("abc123".into()), Default::default(), "2025-01-31".into());
        let target = Target { assignment_id: "a".into(), url: format!("{public}1"), remote_id: None };
        let e = m.collect(&target).unwrap_err();
        assert_eq!(e.code(), "invalid_input", "{e}");
    }

    #[test]
    fn recorded_answers_are_read() {
        let get = |r: &[Reading], m| r.iter().find(|x| x.metric == m).unwrap().value;
        let r = parse(ONE_ROW).unwrap();
        assert_eq!((get(&r, Metric::Views), get(&r, Metric::Visits)), (1034, 812));
        let r = parse(TWO_ROWS).unwrap();
        assert_eq!((get(&r, Metric::Views), get(&r, Metric::Visits)), (1034, 812), "numbers as strings too");
        let r = parse("[]").unwrap();
        assert_eq!(get(&r, Metric::Views), 0, "a page nobody has seen yet");
        let e = parse(ERROR).unwrap_err();
        assert_eq!(e.code(), "portal_rejected");
        assert!(e.to_string().contains("requires 'view' access"), "{e}");
        assert_eq!(parse("<html>Matomo</html>").unwrap_err().code(), "portal_rejected");
    }
}
