//! Team mode's words every layer speaks: how to reach the hub. The hub crate
//! connects with it; the front ends read it from a profile's settings and the
//! keyring and hand it to the desk.

/// How to reach the hub: `postgres://HOST:PORT/DATABASE?sslmode=…` and the
/// login, given apart from the URL.
#[derive(Clone)]
pub struct Endpoint {
    /// `postgres://HOST:PORT/DATABASE`, with `?sslmode=disable|prefer|require|verify-ca|verify-full`.
    pub url: String,
    /// The PostgreSQL login.
    pub user: String,
    /// Its password.
    pub password: String,
    /// The newsroom's certificate authority (PEM), for `verify-ca`/`verify-full`.
    pub ca_pem: Option<Vec<u8>>,
}

impl std::fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the password.
        f.debug_struct("Endpoint").field("url", &self.url).field("user", &self.user).finish()
    }
}
