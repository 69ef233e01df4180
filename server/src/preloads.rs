//! A page's module preloads, written into its `<head>`. The renderer learns a page's area only
//! when the page's route renders, after the shell's head, so it leaves the `<link>` elements in
//! a slot of the request (`app::backend::bundle::PreloadSlot`) and this layer places them: in
//! the compressed page they cost about 100 bytes, where a `Link` header cost 1.8 KB.
use app::backend::bundle::PreloadSlot;
use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::header::CONTENT_LENGTH;
use axum::middleware::Next;
use axum::response::Response;
use futures_util::{stream, StreamExt};

pub async fn into_head(mut req: Request, next: Next) -> Response {
    let slot = PreloadSlot::default();
    req.extensions_mut().insert(slot.clone());
    let res = next.run(req).await;
    let Some(tags) = slot.take() else { return res };
    let (mut parts, body) = res.into_parts();
    let mut chunks = body.into_data_stream();
    // The page is rendered whole before it is sent (`SsrMode::Async`): its head is in the first
    // chunk.
    let first = match chunks.next().await {
        Some(Ok(first)) => placed(first, &tags),
        Some(Err(e)) => return Response::from_parts(parts, Body::from_stream(stream::once(async { Err::<Bytes, _>(e) }))),
        None => return Response::from_parts(parts, Body::empty()),
    };
    parts.headers.remove(CONTENT_LENGTH);
    Response::from_parts(parts, Body::from_stream(stream::once(async { Ok::<_, axum::Error>(first) }).chain(chunks)))
}

/// The chunk with `tags` right after its `<head>` (unchanged without one: not a page).
fn placed(chunk: Bytes, tags: &str) -> Bytes {
    const HEAD: &[u8] = b"<head>";
    let Some(at) = chunk.windows(HEAD.len()).position(|w| w == HEAD).map(|i| i + HEAD.len()) else {
        tracing::warn!("a page with module preloads has no <head> in its first chunk: its modules load late");
        return chunk;
    };
    let mut out = Vec::with_capacity(chunk.len() + tags.len());
    out.extend_from_slice(&chunk[..at]);
    out.extend_from_slice(tags.as_bytes());
    out.extend_from_slice(&chunk[at..]);
    Bytes::from(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preloads_go_first_in_the_head_and_nothing_else_moves() {
        let page = Bytes::from_static(b"<!DOCTYPE html><html lang=\"ko\"><head><meta charset=\"utf-8\"/></head><body><head></body>");
        assert_eq!(
            placed(page, "<link rel=\"preload\">"),
            Bytes::from_static(
                b"<!DOCTYPE html><html lang=\"ko\"><head><link rel=\"preload\"><meta charset=\"utf-8\"/></head><body><head></body>"
            )
        );
        let fragment = Bytes::from_static(b"<p>no head</p>");
        assert_eq!(placed(fragment.clone(), "<link>"), fragment);
    }
}
