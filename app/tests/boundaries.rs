//! The two patterns that make Leptos' server rendering stall at random, found in the pages'
//! sources: a resource read in two `<Suspense>`/`<Transition>` boundaries (leptos#4851), and a
//! resource created by a component rendered inside a boundary, at any depth (#4866). Data only
//! the browser needs comes from an action dispatched by an effect instead (README, Development
//! notes). A text scan, like the storage boundary's: it reads `view!` markup as written here.
use std::collections::{BTreeMap, BTreeSet};

/// `#[component]` functions: name → body.
fn components(code: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (at, _) in code.match_indices("#[component]") {
        let rest = &code[at..];
        let Some(fn_at) = rest.find("fn ") else { continue };
        let name: String = rest[fn_at + 3..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        // The body opens at the first brace after the return type.
        let Some(body_at) = rest.find("->").and_then(|r| rest[r..].find('{').map(|b| r + b)) else { continue };
        let mut depth = 0;
        let end = rest[body_at..]
            .char_indices()
            .find_map(|(i, c)| {
                depth += match c {
                    '{' => 1,
                    '}' => -1,
                    _ => 0,
                };
                (depth == 0).then_some(body_at + i + 1)
            })
            .unwrap_or(rest.len());
        out.insert(name, rest[body_at..end].to_string());
    }
    out
}

/// The markup inside each boundary of the code.
fn boundaries(code: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for tag in ["Suspense", "Transition"] {
        for (at, _) in code.match_indices(&format!("<{tag}")) {
            let start = at + tag.len() + 1;
            if code[start..].starts_with(|c: char| c.is_alphanumeric()) {
                continue; // another component whose name starts the same
            }
            let end = code[start..].find(&format!("</{tag}>")).map_or(code.len(), |e| start + e);
            out.push(&code[start..end]);
        }
    }
    out
}

/// The components among `names` that `markup` renders (`<Name` or `<path::Name`).
fn rendered<'a>(markup: &str, names: impl Iterator<Item = &'a String>) -> BTreeSet<String> {
    names
        .filter(|name| {
            markup.match_indices(name.as_str()).any(|(at, _)| {
                let before = markup[..at].trim_end_matches(|c: char| c.is_alphanumeric() || c == '_' || c == ':');
                let after = markup[at + name.len()..].chars().next();
                before.ends_with('<') && !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
            })
        })
        .cloned()
        .collect()
}

/// The resources a body creates: `let x = Resource::new(` (and `OnceResource`, `LocalResource`).
fn resources(body: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (at, _) in body.match_indices("Resource::new") {
        let before = body[..at].trim_end_matches(|c: char| c.is_alphanumeric()).trim_end();
        let Some(binding) = before.strip_suffix('=') else { continue };
        let name: String = binding.trim_end().chars().rev().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        out.push(name.chars().rev().collect());
    }
    out
}

fn reads(markup: &str, resource: &str) -> bool {
    [".await", ".get()", ".read()", ".with("].iter().any(|r| {
        markup.match_indices(&format!("{resource}{r}")).any(|(at, _)| !markup[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_'))
    })
}

/// Both rules over a set of sources; each finding names the component and the resource.
fn findings(sources: &[String]) -> Vec<String> {
    let all: BTreeMap<String, String> = sources.iter().flat_map(|code| components(code)).collect();
    let mut found = Vec::new();
    // #4851: a resource read in two boundaries of the component that created it.
    for (name, body) in &all {
        let bounds = boundaries(body);
        for r in resources(body) {
            let n = bounds.iter().filter(|b| reads(b, &r)).count();
            if n > 1 {
                found.push(format!("{name}: `{r}` is read in {n} boundaries"));
            }
        }
    }
    // #4866: a component that creates a resource, rendered inside a boundary at any depth.
    let mut inside: BTreeSet<String> = sources.iter().flat_map(|code| boundaries(code)).flat_map(|b| rendered(b, all.keys())).collect();
    let mut todo: Vec<String> = inside.iter().cloned().collect();
    while let Some(c) = todo.pop() {
        for d in rendered(&all[&c], all.keys()) {
            if inside.insert(d.clone()) {
                todo.push(d);
            }
        }
    }
    for c in inside {
        if let Some(r) = resources(&all[&c]).first() {
            found.push(format!("{c}: creates `{r}` and is rendered inside a boundary"));
        }
    }
    found
}

#[test]
fn no_page_reads_a_resource_twice_or_creates_one_inside_a_boundary() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut sources = Vec::new();
    let mut dirs = vec![root];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.map(|e| e.path()).unwrap_or_else(|e| panic!("{e}"));
            if path.is_dir() && !path.ends_with("backend") {
                dirs.push(path);
            } else if path.extension().is_some_and(|x| x == "rs") {
                let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                sources.push(text.split("#[cfg(test)]").next().unwrap_or_default().to_string());
            }
        }
    }
    let created: usize = sources.iter().flat_map(|s| components(s).into_values()).map(|b| resources(&b).len()).sum();
    assert!(created > 30, "the scan found only {created} resources: it no longer reads the pages");
    let found = findings(&sources);
    assert!(found.is_empty(), "server rendering can stall (leptos#4851, #4866):\n{}", found.join("\n"));
}

#[test]
fn the_scan_finds_both_patterns() {
    let page = r#"
        #[component]
        pub fn ListPage() -> impl IntoView {
            let data = Resource::new(|| (), |_| list());
            view! {
                <Suspense fallback=Loading>{move || Suspend::new(async move { data.await; view! { <Row/> } })}</Suspense>
                <Transition>{move || Suspend::new(async move { data.await })}</Transition>
            }
        }
        #[component]
        fn Row() -> impl IntoView {
            view! { <crate::people::Picker/> }
        }
        #[component]
        pub fn Picker() -> impl IntoView {
            let people = OnceResource::new(find());
            view! { <p/> }
        }
        #[component]
        pub fn Pickers() -> impl IntoView {
            view! { <p/> }
        }
    "#;
    assert_eq!(
        findings(&[page.to_string()]),
        ["ListPage: `data` is read in 2 boundaries", "Picker: creates `people` and is rendered inside a boundary"]
    );
}
