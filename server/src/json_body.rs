//! `ValidJson<T>`: a request body read as JSON of one schema, then range-checked,
//! with every refusal in the API's error shape.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{header, StatusCode};
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// Largest request body accepted anywhere in the API.
pub const BODY_LIMIT_BYTES: usize = 16 * 1024;

/// Checks that serde cannot express (ranges, lengths, letters, consistency).
pub trait Validate {
    fn validate(&self) -> Result<(), String>;
}

pub struct ValidJson<T>(pub T);

impl<T, S> FromRequest<S> for ValidJson<T>
where
    T: DeserializeOwned + Validate,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.trim_start().to_ascii_lowercase().starts_with("application/json"));
        if !is_json {
            return Err(ApiError::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, "send Content-Type: application/json"));
        }
        let body = Bytes::from_request(request, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    format!("the body is larger than {BODY_LIMIT_BYTES} bytes"),
                )
            } else {
                ApiError::bad_request("could not read the body")
            }
        })?;
        let value: T =
            serde_json::from_slice(&body).map_err(|error| ApiError::bad_request(format!("invalid JSON: {error}")))?;
        value.validate().map_err(ApiError::bad_request)?;
        Ok(ValidJson(value))
    }
}
