//! Matomo's Reporting API: per-URL page views (`nb_hits`) and visits
//! (`nb_visits`) of a piece's public page, from its publication day to
//! today (`Actions.getPageUrl`, `period=range`), with the site's auth token
//! sent in the POST body.

use serde_json::Value;

use super::{Collected, Collector, MatomoSite, Reading, Target};
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
    let sum = |key: &str| -> i64 {
        rows.iter()
            .filter_map(|r| r.get(key))
            .filter_map(|x| x.as_i64().or_else(|| x.as_str().and_then(|s| s.parse().ok())))
            .sum()
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
