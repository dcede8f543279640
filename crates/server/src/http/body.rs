//! Request bodies read as raw bytes under a size cap, for routes that verify signatures on the
//! exact bytes or apply their own limits (http-api.md §1: Stripe 1 MiB, admin 64 KiB).

use actix_web::web;
use futures_util::StreamExt;

/// Why a body could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BodyError {
    #[error("the body is larger than allowed")]
    TooLarge,
    #[error("the body could not be read")]
    Unreadable,
}

/// The whole body, or `TooLarge` as soon as it passes `max_bytes`.
pub async fn read_capped(
    mut payload: web::Payload,
    max_bytes: usize,
) -> Result<web::Bytes, BodyError> {
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| BodyError::Unreadable)?;
        if body.len() + chunk.len() > max_bytes {
            return Err(BodyError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}
