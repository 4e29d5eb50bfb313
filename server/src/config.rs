//! Server settings, read from flags first and the environment second.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use crate::rate_limit::RateLimit;

/// Everything the server can be told; `Config::default()` is the documented default.
#[derive(Clone, Debug)]
pub struct Config {
    pub listen: SocketAddr,
    pub site_dir: PathBuf,
    pub database_url: String,
    /// Page origins (scheme://host[:port]) other than the server's own that may call the API.
    pub allowed_origins: Vec<String>,
    /// How long a class lives after it is opened.
    pub class_lifetime: Duration,
    /// How often the background task looks for expired classes.
    pub expiry_sweep_interval: Duration,
    pub per_client_limit: RateLimit,
    pub per_class_limit: RateLimit,
    /// A reverse proxy (say, the one terminating HTTPS) whose `X-Forwarded-For` names the client
    /// for the rate limits; from anyone else the header is ignored, so it cannot dodge them.
    pub trusted_proxy: Option<IpAddr>,
}

const DAY: Duration = Duration::from_secs(24 * 60 * 60);

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 8787)),
            site_dir: PathBuf::from("dist"),
            database_url: "sqlite://parlab-class.db".to_string(),
            allowed_origins: Vec::new(),
            class_lifetime: 7 * DAY,
            expiry_sweep_interval: Duration::from_secs(60),
            // A lecture hall often sits behind one NAT address, so the
            // per-client bucket is sized for a whole class sharing one IP.
            per_client_limit: RateLimit { burst: 240.0, per_second: 40.0 },
            per_class_limit: RateLimit { burst: 600.0, per_second: 100.0 },
            trusted_proxy: None,
        }
    }
}

pub const USAGE: &str = "\
parlab-class: the parlab site plus the class API on one origin

flags (each also read from the environment variable in brackets):
  --listen ADDR            listen address [PARLAB_LISTEN] (default 127.0.0.1:8787)
  --site DIR               built site to serve [PARLAB_SITE] (default dist)
  --database-url URL       sqlite://FILE or postgres://... [DATABASE_URL]
                           (default sqlite://parlab-class.db, created if missing)
  --allowed-origins LIST   comma-separated page origins allowed by CORS
                           [PARLAB_ALLOWED_ORIGINS] (default: none, same origin only)
  --expiry-days N          days a class lives [PARLAB_EXPIRY_DAYS] (default 7)
  --trusted-proxy IP       a reverse proxy whose X-Forwarded-For names the client for
                           the rate limits [PARLAB_TRUSTED_PROXY] (default: none)
  --help                   this text
";

impl Config {
    /// Reads `args` (without the program name), falling back on `env` and then the defaults.
    pub fn from_args_and_env(
        args: impl IntoIterator<Item = String>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Config, String> {
        let mut config = Config::default();
        let mut given: Vec<(String, String)> = Vec::new();
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            if arg == "--help" || arg == "-h" {
                return Err(USAGE.to_string());
            }
            let (flag, value) = match arg.split_once('=') {
                Some((flag, value)) => (flag.to_string(), value.to_string()),
                None => {
                    let value = args.next().ok_or(format!("{arg} needs a value\n\n{USAGE}"))?;
                    (arg, value)
                }
            };
            given.push((flag, value));
        }
        let setting = |flag: &str, var: &str| -> Option<String> {
            given.iter().rev().find(|(name, _)| name == flag).map(|(_, value)| value.clone()).or_else(|| env(var))
        };
        for (flag, _) in &given {
            if !KNOWN_FLAGS.contains(&flag.as_str()) {
                return Err(format!("unknown flag {flag}\n\n{USAGE}"));
            }
        }
        if let Some(listen) = setting("--listen", "PARLAB_LISTEN") {
            config.listen = listen.parse().map_err(|_| format!("--listen: not an address: {listen}"))?;
        }
        if let Some(site) = setting("--site", "PARLAB_SITE") {
            config.site_dir = PathBuf::from(site);
        }
        if let Some(url) = setting("--database-url", "DATABASE_URL") {
            config.database_url = url;
        }
        if let Some(origins) = setting("--allowed-origins", "PARLAB_ALLOWED_ORIGINS") {
            config.allowed_origins = origins
                .split(',')
                .map(|origin| origin.trim().trim_end_matches('/').to_string())
                .filter(|origin| !origin.is_empty())
                .collect();
        }
        if let Some(proxy) = setting("--trusted-proxy", "PARLAB_TRUSTED_PROXY") {
            let address = proxy.parse().map_err(|_| format!("--trusted-proxy: not an IP address: {proxy}"))?;
            config.trusted_proxy = Some(address);
        }
        if let Some(days) = setting("--expiry-days", "PARLAB_EXPIRY_DAYS") {
            let days: u32 = days
                .parse()
                .ok()
                .filter(|days| (1..=365).contains(days))
                .ok_or(format!("--expiry-days: a whole number from 1 to 365, not {days}"))?;
            config.class_lifetime = DAY * days;
        }
        Ok(config)
    }
}

const KNOWN_FLAGS: [&str; 6] =
    ["--listen", "--site", "--database-url", "--allowed-origins", "--expiry-days", "--trusted-proxy"];

#[cfg(test)]
mod tests {
    use super::*;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn defaults_are_loopback_dist_and_a_sqlite_file() {
        let config = Config::from_args_and_env(Vec::new(), no_env).unwrap();
        assert_eq!(config.listen.to_string(), "127.0.0.1:8787");
        assert_eq!(config.site_dir, PathBuf::from("dist"));
        assert_eq!(config.database_url, "sqlite://parlab-class.db");
        assert!(config.allowed_origins.is_empty());
        assert_eq!(config.class_lifetime, 7 * DAY);
    }

    #[test]
    fn flags_win_over_the_environment() {
        let env = |name: &str| match name {
            "PARLAB_LISTEN" => Some("0.0.0.0:9000".to_string()),
            "PARLAB_ALLOWED_ORIGINS" => Some("https://a.example/, https://b.example".to_string()),
            _ => None,
        };
        let args = ["--listen=127.0.0.1:1234", "--expiry-days", "2", "--trusted-proxy", "::1"].map(String::from);
        let config = Config::from_args_and_env(args, env).unwrap();
        assert_eq!(config.listen.to_string(), "127.0.0.1:1234");
        assert_eq!(config.allowed_origins, ["https://a.example", "https://b.example"]);
        assert_eq!(config.class_lifetime, 2 * DAY);
        assert_eq!(config.trusted_proxy, Some("::1".parse().unwrap()));
    }

    #[test]
    fn bad_values_and_unknown_flags_are_refused() {
        assert!(Config::from_args_and_env(["--expiry-days=0".to_string()], no_env).is_err());
        assert!(Config::from_args_and_env(["--listen=nowhere".to_string()], no_env).is_err());
        assert!(Config::from_args_and_env(["--trusted-proxy=proxy".to_string()], no_env).is_err());
        assert!(Config::from_args_and_env(["--colour=red".to_string()], no_env).is_err());
    }
}
