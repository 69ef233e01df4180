//! Stored text reaches pages exactly as the browser will hold it. The HTML parser drops a NUL
//! and turns CR into LF, so a stored name containing them would render one DOM on the server
//! and another in the browser, and hydration stops at the first such node (for every viewer of
//! that list). The input boundary refuses these characters; text stored before it, or by an
//! import, passes here: each is written as a character reference, which the parser keeps (a
//! NUL reference becomes U+FFFD: a visible, present character).
//!
//! Leptos writes text and attribute values with only `<`, `>`, `&` and `"` escaped, and its
//! script blocks carry JSON (whose strings escape every control character), so a raw NUL or
//! CR in a page can only come from stored text.
use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use axum::middleware::Next;
use axum::response::Response;
use futures_util::StreamExt;

pub async fn pages(req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    let is_html = res.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("text/html"));
    if !is_html {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    parts.headers.remove(CONTENT_LENGTH);
    let chunks = body.into_data_stream().map(|chunk| chunk.map(referenced));
    Response::from_parts(parts, Body::from_stream(chunks))
}

/// The chunk with NUL and CR written as character references (each is one byte, so never
/// split between chunks).
fn referenced(chunk: Bytes) -> Bytes {
    if !chunk.iter().any(|b| matches!(b, 0 | b'\r')) {
        return chunk;
    }
    let mut out = Vec::with_capacity(chunk.len() + 16);
    for &b in chunk.iter() {
        match b {
            0 => out.extend_from_slice(b"&#xFFFD;"),
            b'\r' => out.extend_from_slice(b"&#13;"),
            _ => out.push(b),
        }
    }
    Bytes::from(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_and_cr_become_references_and_the_rest_is_untouched() {
        assert_eq!(referenced(Bytes::from_static(b"<b>A\0B\r\nC</b>")), Bytes::from_static(b"<b>A&#xFFFD;B&#13;\nC</b>"));
        let plain = Bytes::from("<p>이서연 Смирнова</p>");
        assert_eq!(referenced(plain.clone()), plain);
    }
}
