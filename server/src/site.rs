//! The built site, served with the headers that make the page cross-origin
//! isolated (so its workers can share memory).

use axum::http::{header, HeaderName, HeaderValue};
use axum::Router;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// The same headers as every other server of parlab sends (`web/isolation-headers.js`):
/// COOP + COEP isolate the top-level page, Document-Isolation-Policy isolates it
/// inside a slide deck's iframe too, and CORP cross-origin lets such decks embed it.
pub const ISOLATION_HEADERS: [(&str, &str); 4] = [
    ("cross-origin-opener-policy", "same-origin"),
    ("cross-origin-embedder-policy", "require-corp"),
    ("document-isolation-policy", "isolate-and-require-corp"),
    ("cross-origin-resource-policy", "cross-origin"),
];

pub fn site_router<S: Clone + Send + Sync + 'static>(site_dir: &std::path::Path) -> Router<S> {
    // As the tests' static server does: browsers revalidate (Last-Modified) instead of running an old build.
    let mut router = Router::new()
        .fallback_service(ServeDir::new(site_dir))
        .layer(SetResponseHeaderLayer::if_not_present(header::CACHE_CONTROL, HeaderValue::from_static("no-cache")));
    for (name, value) in ISOLATION_HEADERS {
        router = router
            .layer(SetResponseHeaderLayer::overriding(HeaderName::from_static(name), HeaderValue::from_static(value)));
    }
    router
}
