//! The loader script the splitter writes, with one addition: a module that cannot be fetched
//! is announced to the page (`staffport:module-failed`) before the WASM side hears of it. The
//! WASM side then stops (Leptos 0.8 panics on a failed load, and the release bundle aborts
//! without a message), and the page's own script tells a person a new version is out rather
//! than that the page stopped (`app::shell::stale`).

/// The loader's statement recording a failed load (wasm_split_cli_support 0.2.3).
const FAILED: &str = "success = false;";
const ANNOUNCED: &str = "success = false; dispatchEvent(new Event(\"staffport:module-failed\"));";

/// Fails if the splitter's loader no longer has the statement (a new version of it): a build
/// that silently lost the announcement would show the wrong notice after an upgrade.
pub fn announce_failures(loader: &str) -> Result<String, String> {
    match loader.matches(FAILED).count() {
        1 => Ok(loader.replacen(FAILED, ANNOUNCED, 1)),
        n => Err(format!("the loader records a failed load in {n} places, not one: update tools/wasm-split/src/loader.rs")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_load_is_announced_once_and_the_rest_is_untouched() {
        let loader = "try { await callee(); success = true; } catch (e) { console.error(e); success = false; } finally { f(success); }";
        let out = announce_failures(loader).unwrap();
        assert_eq!(
            out,
            "try { await callee(); success = true; } catch (e) { console.error(e); success = false; dispatchEvent(new Event(\"staffport:module-failed\")); } finally { f(success); }"
        );
        assert!(announce_failures("success = true;").is_err());
        assert!(announce_failures(&format!("{loader}{loader}")).is_err());
    }
}
