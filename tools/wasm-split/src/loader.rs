//! The loader script the splitter writes, with one addition: a module that cannot be fetched
//! is announced to the page (`staffport:module-failed`) before the WASM side hears of it. The
//! WASM side then stops (Leptos 0.8 panics on a failed load, and the release bundle aborts
//! without a message), and the page's own script tells a person a new version is out rather
//! than that the page stopped (`app::shell::stale`). Chunks folded into the main module
//! (`data_chunks`) leave it. The splitter names the shared imports in the order of a hash set;
//! they are sorted, so that the same code always builds the same files (and the same build id:
//! browsers keep their cached modules across a rebuild of the same version).

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

/// The loader with the shared imports it takes from the main module (two lists) in name order.
pub fn sorted_shared_imports(loader: &str) -> Result<String, String> {
    let mut lists = 0;
    let mut lines: Vec<String> = Vec::new();
    for line in loader.lines() {
        let listing = line.contains("} = initSync(") || line.contains("Object.assign(sharedImports.__wasm_split, {");
        match (listing, line.split_once('{').and_then(|(head, rest)| Some((head, rest.split_once('}')?)))) {
            (true, Some((head, (list, tail)))) => {
                let mut names: Vec<&str> = list.split(',').map(str::trim).filter(|n| !n.is_empty()).collect();
                names.sort_unstable();
                lines.push(format!("{head}{{ {} }}{tail}", names.join(", ")));
                lists += 1;
            }
            _ => lines.push(line.to_string()),
        }
    }
    if lists != 2 {
        return Err(format!("the loader lists its shared imports {lists} times, not twice: update tools/wasm-split/src/loader.rs"));
    }
    Ok(lines.join("\n") + if loader.ends_with('\n') { "\n" } else { "" })
}

/// The loader without chunk `name` (`chunk_33`): its definition, and its place in each list of
/// modules a split point waits for. Fails on a loader of another shape (a new splitter version).
pub fn without_chunk(loader: &str, name: &str) -> Result<String, String> {
    let var = format!("__{name}");
    let lines: Vec<&str> = loader.lines().collect();
    let definition = format!("const {var} = makeLoad(() => {{");
    let found: Vec<usize> = lines.iter().enumerate().filter(|(_, line)| **line == definition).map(|(i, _)| i).collect();
    let shaped = |at: usize| {
        at > 0
            && lines[at - 1].starts_with("/*")
            && lines.get(at + 1).is_some_and(|l| l.contains(&format!("\"./{name}.wasm\"")))
            && lines.get(at + 4) == Some(&", []);")
    };
    let [at] = found[..] else { return Err(format!("the loader defines {var} {} times, not once", found.len())) };
    if !shaped(at) {
        return Err(format!("the loader's definition of {var} has an unknown shape: update tools/wasm-split/src/loader.rs"));
    }
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        if (at - 1..=at + 4).contains(&i) {
            continue;
        }
        match line.strip_prefix(", [").and_then(|rest| rest.split_once(']')) {
            Some((list, tail)) => {
                let kept: Vec<&str> = list.split(", ").filter(|item| !item.is_empty() && *item != var).collect();
                out.push(format!(", [{}]{tail}", kept.join(", ")));
            }
            None => out.push((*line).to_string()),
        }
    }
    let script = out.join("\n") + if loader.ends_with('\n') { "\n" } else { "" };
    let identifiers = script.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'));
    if identifiers.into_iter().any(|word| word == var) {
        return Err(format!("{var} is still named in the loader after its removal"));
    }
    Ok(script)
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

    #[test]
    fn a_folded_chunk_leaves_its_definition_and_every_list() {
        let loader = [
            "/* a, b */",
            "const __chunk_3 = makeLoad(() => {",
            "    const src = fetch(new URL(\"./chunk_3.wasm\", import.meta.url));",
            "    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));",
            "}",
            ", []);",
            "/* a */",
            "const __chunk_33 = makeLoad(() => {",
            "    const src = fetch(new URL(\"./chunk_33.wasm\", import.meta.url));",
            "    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));",
            "}",
            ", []);",
            "export const __wasm_split_load_a = wrapAsyncCb(makeLoad(() => {",
            "}",
            ", [__chunk_3, __chunk_33]));",
            "export const __wasm_split_load_b = wrapAsyncCb(makeLoad(() => {",
            "}",
            ", [__chunk_3]));",
            "",
        ]
        .join("\n");
        let out = without_chunk(&loader, "chunk_3").unwrap();
        assert!(!out.contains("chunk_3.wasm") && !out.contains("__chunk_3 ") && !out.contains("__chunk_3,"), "{out}");
        assert!(out.contains("const __chunk_33 = makeLoad") && out.contains(", [__chunk_33]));") && out.contains(", []));"), "{out}");
        assert!(out.ends_with('\n'));
        assert_eq!(out.lines().count(), loader.lines().count() - 6);
        assert!(without_chunk(&out, "chunk_3").is_err(), "defined no more");
        assert!(without_chunk(&loader.replace(", []);", ", [x]);"), "chunk_3").is_err(), "a shape it does not know");
    }

    #[test]
    fn shared_imports_are_listed_in_name_order() {
        let loader = [
            "let x = { a: 1 };",
            "        const { memory, __indirect_function_table, __wasm_split_shared0,  } = initSync(undefined, undefined);",
            "        Object.assign(sharedImports.__wasm_split, { memory, __indirect_function_table, __wasm_split_shared0,  });",
            "",
        ]
        .join("\n");
        let out = sorted_shared_imports(&loader).unwrap();
        assert_eq!(
            out.lines().collect::<Vec<_>>(),
            [
                "let x = { a: 1 };",
                "        const { __indirect_function_table, __wasm_split_shared0, memory } = initSync(undefined, undefined);",
                "        Object.assign(sharedImports.__wasm_split, { __indirect_function_table, __wasm_split_shared0, memory });",
            ]
        );
        assert!(out.ends_with('\n'));
        assert!(sorted_shared_imports("let x = { a: 1 };").is_err(), "a loader of another shape");
    }
}
