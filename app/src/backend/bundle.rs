//! The split bundle's manifest, read once per process: the WASM modules each area of pages
//! needs (`shell::pages`). A rendered page names its area's modules for the browser to preload,
//! so it fetches them beside the main module instead of after it (no waterfall). (Leptos'
//! own preload links never appeared in our pages: the manifest it provides from
//! `HydrationScripts` is not in the context it reads it from after rendering.)
use leptos::prelude::*;
use std::{collections::HashMap, path::Path, sync::OnceLock};

struct Bundle {
    /// `/pkg/<build id>`
    pkg: String,
    modules: HashMap<String, Vec<String>>,
}

static BUNDLE: OnceLock<Option<Bundle>> = OnceLock::new();

/// Reads `<site root>/<pkg dir>/__wasm_split_manifest.json`; without one (a server run without
/// a built bundle, as in the Rust tests) pages name no modules.
pub fn load(site_root: &str, pkg_dir: &str) {
    BUNDLE.get_or_init(|| {
        let file = std::fs::read_to_string(Path::new(site_root).join(pkg_dir).join("__wasm_split_manifest.json")).ok()?;
        let manifest: HashMap<String, Vec<String>> = serde_json::from_str(&file)
            .map_err(|e| tracing::error!(error = %e, "the bundle's split manifest cannot be read: pages will fetch their modules late"))
            .ok()?;
        let modules = manifest.into_iter().map(|(split, modules)| (area_of(&split).to_string(), modules)).collect();
        Some(Bundle { pkg: format!("/{pkg_dir}"), modules })
    });
}

/// The splitter names a split point after its function and a hash of where it is written:
/// `timesheets_8276466319109955053` is the `timesheets` area.
fn area_of(split: &str) -> &str {
    split.rsplit_once('_').filter(|(_, hash)| !hash.is_empty() && hash.bytes().all(|b| b.is_ascii_digit())).map_or(split, |(area, _)| area)
}

/// Names the modules of `area`, and the loader that instantiates them, in the response's
/// `Link` header, so the browser fetches them while it parses the page.
pub fn preload(area: &str) {
    let Some(Some(bundle)) = BUNDLE.get() else { return };
    let Some(modules) = bundle.modules.get(area) else { return };
    let Some(response) = use_context::<leptos_axum::ResponseOptions>() else { return };
    // The loader fetches modules in CORS mode with same-origin credentials: `crossorigin`
    // (anonymous), or the browser would fetch each module twice.
    let mut links: Vec<String> = modules
        .iter()
        .map(|m| format!("<{}/{m}.wasm>; rel=preload; as=fetch; type=\"application/wasm\"; crossorigin", bundle.pkg))
        .collect();
    links.push(format!("<{}/__wasm_split.______________________.js>; rel=modulepreload; crossorigin", bundle.pkg));
    if let Ok(value) = http::HeaderValue::from_str(&links.join(", ")) {
        response.append_header(http::header::LINK, value);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn split_points_are_named_after_their_area() {
        assert_eq!(super::area_of("timesheets_8276466319109955053"), "timesheets");
        assert_eq!(super::area_of("link_approval_8276466319109955053"), "link_approval");
        assert_eq!(super::area_of("login"), "login");
    }
}
