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
        // Written into pages unescaped: only the splitter's own names, and a plain directory.
        let plain = |name: &str| name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'/' | b'.' | b'-'));
        if !plain(pkg_dir) || !manifest.values().flatten().all(|m| plain(m) && !m.contains('/')) {
            tracing::error!("the bundle's split manifest names modules unlike the splitter's: pages will fetch their modules late");
            return None;
        }
        let modules = manifest.into_iter().map(|(split, modules)| (area_of(&split).to_string(), modules)).collect();
        Some(Bundle { pkg: format!("/{pkg_dir}"), modules })
    });
}

/// The splitter names a split point after its function and a hash of where it is written:
/// `timesheets_8276466319109955053` is the `timesheets` area.
fn area_of(split: &str) -> &str {
    split.rsplit_once('_').filter(|(_, hash)| !hash.is_empty() && hash.bytes().all(|b| b.is_ascii_digit())).map_or(split, |(area, _)| area)
}

/// Where a render leaves the `<link>` elements preloading its area's modules, for the server's
/// layer that writes them into the page's `<head>` (`server/src/preloads.rs`): the area is known
/// only when the page's route renders, after the shell's head. (They were a `Link` header, but
/// HTTP/1.1 sends headers uncompressed: 17–21 entries were 1.8 KB of a phone's first visit.)
#[derive(Clone, Debug, Default)]
pub struct PreloadSlot(std::sync::Arc<std::sync::Mutex<Option<String>>>);

impl PreloadSlot {
    pub fn take(&self) -> Option<String> {
        self.0.lock().ok().and_then(|mut tags| tags.take())
    }

    fn set(&self, tags: String) {
        if let Ok(mut held) = self.0.lock() {
            *held = Some(tags);
        }
    }
}

/// Names the modules of `area`, and the loader that instantiates them, for the page's head, so
/// the browser fetches them beside the main module instead of after it.
pub fn preload(area: &str) {
    let Some(Some(bundle)) = BUNDLE.get() else { return };
    let Some(modules) = bundle.modules.get(area) else { return };
    let Some(slot) = use_context::<http::request::Parts>().and_then(|p| p.extensions.get::<PreloadSlot>().cloned()) else { return };
    slot.set(tags(&bundle.pkg, modules));
}

/// The loader fetches modules in CORS mode with same-origin credentials: `crossorigin`
/// (anonymous), or the browser would fetch each module twice. Names and the directory were
/// checked to be plain when the manifest was read.
fn tags(pkg: &str, modules: &[String]) -> String {
    let mut tags: String = modules
        .iter()
        .map(|m| format!(r#"<link rel="preload" href="{pkg}/{m}.wasm" as="fetch" type="application/wasm" crossorigin>"#))
        .collect();
    tags.push_str(&format!(r#"<link rel="modulepreload" href="{pkg}/__wasm_split.______________________.js" crossorigin>"#));
    tags
}

#[cfg(test)]
mod tests {
    #[test]
    fn preloads_name_each_module_and_the_loader() {
        let tags = super::tags("/pkg/0123", &["chunk_8".into(), "split_home_1".into()]);
        assert_eq!(
            tags,
            concat!(
                r#"<link rel="preload" href="/pkg/0123/chunk_8.wasm" as="fetch" type="application/wasm" crossorigin>"#,
                r#"<link rel="preload" href="/pkg/0123/split_home_1.wasm" as="fetch" type="application/wasm" crossorigin>"#,
                r#"<link rel="modulepreload" href="/pkg/0123/__wasm_split.______________________.js" crossorigin>"#,
            )
        );
    }

    #[test]
    fn split_points_are_named_after_their_area() {
        assert_eq!(super::area_of("timesheets_8276466319109955053"), "timesheets");
        assert_eq!(super::area_of("link_approval_8276466319109955053"), "link_approval");
        assert_eq!(super::area_of("login"), "login");
    }
}
