//! The middleware that applies the rate limits to API requests: one bucket
//! per client address, and one per class for requests about a class.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Instant;

use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::{secrets, App};

pub async fn limit_requests(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let now = Instant::now();
    // The address is only a key in memory; it is never stored.
    let client =
        client_address(&request, app.config.trusted_proxy).map_or_else(|| "unknown".to_string(), |ip| ip.to_string());
    if !app.per_client.try_take(&client, now) {
        return ApiError::too_many_requests(app.per_client.seconds_until_token(&client)).into_response();
    }
    if let Some(code) = class_code(request.uri().path()) {
        if !app.per_class.try_take(&code, now) {
            return ApiError::too_many_requests(app.per_class.seconds_until_token(&code)).into_response();
        }
    }
    next.run(request).await
}

/// The peer's address, or the client's as the trusted proxy reports it: the last
/// `X-Forwarded-For` entry, the one that proxy appended (earlier ones are the client's to forge).
fn client_address(request: &Request, trusted_proxy: Option<IpAddr>) -> Option<IpAddr> {
    let peer = request.extensions().get::<ConnectInfo<SocketAddr>>()?.0.ip();
    if Some(peer) != trusted_proxy {
        return Some(peer);
    }
    let forwarded =
        request.headers().get_all("x-forwarded-for").iter().filter_map(|value| value.to_str().ok()).next_back();
    let reported = forwarded.and_then(|list| list.rsplit(',').next()).and_then(|last| last.trim().parse().ok());
    Some(reported.unwrap_or(peer))
}

/// The join code in `[/api]/classes/{code}/...` (the API router sees its paths without `/api`), if it could be one.
fn class_code(path: &str) -> Option<String> {
    let rest = path.trim_start_matches("/api").strip_prefix("/classes/")?;
    secrets::normalize_join_code(rest.split('/').next()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_class_is_read_from_the_path() {
        assert_eq!(class_code("/api/classes/abcdefgh/results").as_deref(), Some("ABCDEFGH"));
        assert_eq!(class_code("/classes/ABCDEFGH").as_deref(), Some("ABCDEFGH"));
        assert_eq!(class_code("/api/classes"), None);
        assert_eq!(class_code("/api/classes/x/results"), None);
    }
}
