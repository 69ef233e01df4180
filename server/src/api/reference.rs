//! The API reference as a page of our own (no script, nothing from the internet): the OpenAPI
//! document rendered on the server, headings in the reader's language, every text escaped.
use crate::AppState;
use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::response::{Html, IntoResponse, Response};
use html_escape::encode_text as esc;
use serde_json::Value;
use shared::{Locale, Msg};
use std::fmt::Write;

pub async fn page(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let locale = crate::session_layer::choose_locale(None, &headers);
    let doc = serde_json::to_value(super::document()).unwrap_or_default();
    let css = format!("/{}/staffport.css", state.leptos_options.site_pkg_dir);
    let html = render(&doc, locale, &css);
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], Html(html)).into_response()
}

fn text(v: &Value) -> String {
    esc(v.as_str().unwrap_or_default()).to_string()
}

/// A schema's type as a reader writes it: `Person`, `string`, `array of Person`, `integer | null`.
fn type_of(schema: &Value) -> String {
    if let Some(r) = schema["$ref"].as_str() {
        let name = r.rsplit('/').next().unwrap_or(r);
        return format!("<a href=\"#{0}\">{0}</a>", esc(name));
    }
    if let Some(values) = schema["enum"].as_array() {
        return values.iter().filter_map(Value::as_str).map(|v| format!("<code>{}</code>", esc(v))).collect::<Vec<_>>().join(" | ");
    }
    if schema["type"] == "array" || schema["type"].as_array().is_some_and(|t| t.contains(&Value::from("array"))) {
        return format!("array of {}", type_of(&schema["items"]));
    }
    match &schema["type"] {
        Value::String(t) => esc(t).to_string(),
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).map(|t| esc(t).to_string()).collect::<Vec<_>>().join(" | "),
        _ => schema["oneOf"].as_array().map(|all| all.iter().map(type_of).collect::<Vec<_>>().join(" | ")).unwrap_or_default(),
    }
}

fn render(doc: &Value, locale: Locale, css: &str) -> String {
    let mut out = String::new();
    let title = Msg::ApiReference.text(locale);
    let _ = write!(
        out,
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} — Staffport</title><link rel=\"stylesheet\" href=\"{}\"></head><body><main class=\"page api-reference\"><h1>{}</h1><p>{}</p>\
         <p><a href=\"openapi.json\"><code>/api/v1/openapi.json</code></a></p>",
        locale.code(),
        esc(title),
        esc(css),
        esc(title),
        text(&doc["info"]["description"])
    );
    let servers = doc["servers"][0]["url"].as_str().unwrap_or_default();
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for (method, op) in item.as_object().into_iter().flatten() {
            let scopes: Vec<String> = op["security"][0]["token"].as_array().into_iter().flatten().map(text).collect();
            let _ = write!(
                out,
                "<section class=\"card operation\" id=\"{}\"><h2><code>{} {}{}</code></h2><p>{}</p><p><span class=\"tag\">{}</span></p>",
                text(&op["operationId"]),
                esc(&method.to_uppercase()),
                esc(servers),
                esc(path),
                text(&op["summary"]),
                scopes.join(", ")
            );
            if let Some(params) = op["parameters"].as_array() {
                let _ = write!(out, "<h3>{}</h3><ul>", esc(Msg::ApiParameters.text(locale)));
                for p in params {
                    let about = text(&p["description"]);
                    let about = if about.is_empty() { about } else { format!(" — {about}") };
                    let _ = write!(out, "<li><code>{}</code> ({}) {}{about}</li>", text(&p["name"]), text(&p["in"]), type_of(&p["schema"]));
                }
                out.push_str("</ul>");
            }
            if let Some(body) = op["requestBody"]["content"]["application/json"]["schema"].as_object() {
                let _ = write!(out, "<h3>{}</h3><p>{}</p>", esc(Msg::ApiRequestBody.text(locale)), type_of(&Value::Object(body.clone())));
            }
            let _ = write!(out, "<h3>{}</h3><ul>", esc(Msg::ApiResponses.text(locale)));
            for (status, r) in op["responses"].as_object().into_iter().flatten() {
                let body = &r["content"]["application/json"]["schema"];
                let _ = write!(out, "<li><code>{}</code> {} {}</li>", esc(status), type_of(body), text(&r["description"]));
            }
            out.push_str("</ul></section>");
        }
    }
    let _ = write!(out, "<h2>{}</h2>", esc(Msg::ApiSchemas.text(locale)));
    for (name, schema) in doc["components"]["schemas"].as_object().into_iter().flatten() {
        let _ =
            write!(out, "<section class=\"card schema\" id=\"{0}\"><h3>{0}</h3><p>{1}</p><ul>", esc(name), text(&schema["description"]));
        let required: Vec<&str> = schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        for (field, s) in schema["properties"].as_object().into_iter().flatten() {
            let mark = if required.contains(&field.as_str()) { " *" } else { "" };
            let _ = write!(out, "<li><code>{}</code>{} {} {}</li>", esc(field), mark, type_of(s), text(&s["description"]));
        }
        out.push_str("</ul></section>");
    }
    out.push_str("</main></body></html>");
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_operation_and_type_is_on_the_page_and_nothing_unescaped() {
        let doc = serde_json::to_value(super::super::document()).unwrap_or_default();
        let html = super::render(&doc, shared::Locale::Ru, "/pkg/staffport.css");
        for (path, item) in doc["paths"].as_object().unwrap() {
            for method in item.as_object().unwrap().keys() {
                assert!(html.contains(&format!("{} /api/v1{}", method.to_uppercase(), path)), "{method} {path}");
            }
        }
        assert!(html.contains("id=\"Person\"") && html.contains("Справочник API") && html.contains("Параметры"));
        assert!(!html.contains("<script"));
    }
}
