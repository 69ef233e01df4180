//! Short names for what the main module and wasm-bindgen's glue call each other by. wasm-bindgen
//! names each import `__wbg_<function>_<16 hex digits>`, and each of the ~230 names crosses the
//! wire twice, in the module's import section and as a key of the glue's import object, where a
//! minifier must keep it. The hashes do not compress: the names were 2.3 KB brotli of the glue
//! alone. Both places get the same short name instead (`a`, `b`, … `aa`, …), in import order,
//! so the same code keeps building the same files. The closures' entry points the module
//! exports under their mangled Rust names (`_RINv…`, 150 characters each) become `$a`, `$b`, ….
use crate::Error;
use wasm_encoder::{Encode, Module, RawSection};
use wasmparser::{BinaryReader, Parser, Payload, TypeRef};

const IMPORT: u8 = 2;
const EXPORT: u8 = 7;
/// How a Rust symbol mangled by the v0 scheme starts.
const MANGLED: &str = "_R";

/// `wasm` and `glue` with every import of `module` renamed in both. Each such name must appear
/// in the glue exactly once, as an object key (`name:`): anything else is a glue of a shape
/// this was not written for, and fails the build rather than ship a module that cannot link.
pub fn shorten(wasm: &[u8], glue: &str, module: &str) -> Result<(Vec<u8>, String), Error> {
    let mut out = Module::new();
    let (mut imports, mut exports) = (Vec::new(), Vec::new());
    for payload in Parser::new(0).parse_all(wasm) {
        let payload = payload?;
        let Some((id, range)) = payload.as_section() else { continue };
        let raw = &wasm[range.start as usize..range.end as usize];
        match payload {
            Payload::ImportSection(_) => {
                let data = imports_renamed(raw, range.start, module, &mut imports)?;
                out.section(&RawSection { id: IMPORT, data: &data });
            }
            Payload::ExportSection(_) => {
                let data = exports_renamed(raw, range.start, &mut exports)?;
                out.section(&RawSection { id: EXPORT, data: &data });
            }
            _ => {
                out.section(&RawSection { id, data: raw });
            }
        }
    }
    if imports.is_empty() {
        return Err(format!("the main module imports nothing from {module}").into());
    }
    let mut script = glue.to_string();
    for (old, new) in &imports {
        script = renamed_key(&script, old, new)?;
    }
    for (old, new) in &exports {
        script = renamed_property(&script, old, new)?;
    }
    Ok((out.finish(), script))
}

/// The export section `raw` with the mangled names renamed; `(old, new)` pairs pushed.
fn exports_renamed(raw: &[u8], offset: u64, renamed: &mut Vec<(String, String)>) -> Result<Vec<u8>, Error> {
    each_entry(raw, offset, "export", |reader, data| {
        let name = reader.read_string()?;
        let (kind, index) = (reader.read_u8()?, reader.read_var_u32()?);
        if name.starts_with('$') {
            return Err(format!("the module already exports {name}, a name of the kind given to mangled ones").into());
        }
        if name.starts_with(MANGLED) {
            let short = format!("${}", short_name(renamed.len()));
            short.as_str().encode(data);
            renamed.push((name.to_string(), short));
        } else {
            name.encode(data);
        }
        data.push(kind);
        index.encode(data);
        Ok(())
    })
}

/// The import section `raw` with the names `module` imports renamed; `(old, new)` pairs pushed.
fn imports_renamed(raw: &[u8], offset: u64, module: &str, renamed: &mut Vec<(String, String)>) -> Result<Vec<u8>, Error> {
    each_entry(raw, offset, "import", |reader, data| {
        let from = reader.read_string()?;
        let name = reader.read_string()?;
        let start = reader.current_position();
        // Read to find where the entry ends; an encoding with several names per entry fails here.
        let _: TypeRef = reader.read()?;
        let description = &raw[start..reader.current_position()];
        from.encode(data);
        if from == module {
            let short = short_name(renamed.len());
            short.as_str().encode(data);
            renamed.push((name.to_string(), short));
        } else {
            name.encode(data);
        }
        data.extend_from_slice(description);
        Ok(())
    })
}

/// A section of `count` entries re-encoded: `entry` reads one from the reader and writes it.
fn each_entry(
    raw: &[u8],
    offset: u64,
    what: &str,
    mut entry: impl FnMut(&mut BinaryReader, &mut Vec<u8>) -> Result<(), Error>,
) -> Result<Vec<u8>, Error> {
    let mut reader = BinaryReader::new(raw, offset);
    let count = reader.read_var_u32()?;
    let mut data = Vec::new();
    count.encode(&mut data);
    for _ in 0..count {
        entry(&mut reader, &mut data)?;
    }
    if !reader.eof() {
        return Err(format!("the {what} section has bytes after its last entry").into());
    }
    Ok(data)
}

/// The `n`th short name: a letter, then letters, digits, `_` or `$`, so an identifier. Two
/// characters cover 3,380 names. A JavaScript keyword among them (`do`, `if`, `in`) is still a
/// valid object key and property name, which is all these are.
fn short_name(mut n: usize) -> String {
    const FIRST: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const REST: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$";
    let mut name = String::from(char::from(FIRST[n % FIRST.len()]));
    n /= FIRST.len();
    while n > 0 {
        n -= 1;
        name.push(char::from(REST[n % REST.len()]));
        n /= REST.len();
    }
    name
}

/// Where `name` occurs in `script` as a whole identifier.
fn occurrences(script: &str, name: &str) -> Vec<usize> {
    let identifier = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$';
    let whole = |at: usize| {
        let before = script[..at].chars().next_back();
        let after = script[at + name.len()..].chars().next();
        !before.is_some_and(identifier) && !after.is_some_and(identifier)
    };
    script.match_indices(name).map(|(at, _)| at).filter(|&at| whole(at)).collect()
}

/// `script` with the object key `old` (its one occurrence as a whole identifier) renamed `new`.
fn renamed_key(script: &str, old: &str, new: &str) -> Result<String, Error> {
    let [at] = occurrences(script, old)[..] else {
        return Err(format!("the glue does not name the import {old} exactly once").into());
    };
    if !script[at + old.len()..].starts_with(':') {
        return Err(format!("the glue names the import {old} other than as an object key").into());
    }
    Ok(format!("{}{new}{}", &script[..at], &script[at + old.len()..]))
}

/// `script` with the property `old` (every occurrence, each `.old`; at least one) renamed `new`.
fn renamed_property(script: &str, old: &str, new: &str) -> Result<String, Error> {
    let found = occurrences(script, old);
    if found.is_empty() || found.iter().any(|&at| !script[..at].ends_with('.')) {
        return Err(format!("the glue uses the export {old} other than as a property, or not at all").into());
    }
    let mut out = String::with_capacity(script.len());
    let mut from = 0;
    for at in found {
        out.push_str(&script[from..at]);
        out.push_str(new);
        from = at + old.len();
    }
    out.push_str(&script[from..]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_encoder::{EntityType, ExportKind, ExportSection, ImportSection, MemoryType, TypeSection};

    const GLUE: &str = "./staffport_bg.js";

    fn module(imports: &[(&str, &str)]) -> Vec<u8> {
        module_exporting(imports, &[])
    }

    /// A module importing functions of type 0, then a memory, and exporting its first function
    /// under each of `exports`.
    fn module_exporting(imports: &[(&str, &str)], exports: &[&str]) -> Vec<u8> {
        let mut module = Module::new();
        let mut types = TypeSection::new();
        types.ty().function([], []);
        module.section(&types);
        let mut section = ImportSection::new();
        for (from, name) in imports {
            section.import(from, name, EntityType::Function(0));
        }
        let memory = MemoryType { minimum: 1, maximum: None, memory64: false, shared: false, page_size_log2: None };
        section.import("__wasm_split", "memory", EntityType::Memory(memory));
        module.section(&section);
        let mut section = ExportSection::new();
        for name in exports {
            section.export(name, ExportKind::Func, 0);
        }
        module.section(&section);
        module.finish()
    }

    fn exports(wasm: &[u8]) -> Vec<String> {
        let mut found = Vec::new();
        for payload in Parser::new(0).parse_all(wasm) {
            if let Payload::ExportSection(reader) = payload.unwrap() {
                found.extend(reader.into_iter().map(|e| e.unwrap().name.to_string()));
            }
        }
        found
    }

    fn imports(wasm: &[u8]) -> Vec<(String, String)> {
        let mut found = Vec::new();
        for payload in Parser::new(0).parse_all(wasm) {
            if let Payload::ImportSection(reader) = payload.unwrap() {
                for group in reader.into_imports() {
                    let import = group.unwrap();
                    found.push((import.module.to_string(), import.name.to_string()));
                }
            }
        }
        found
    }

    #[test]
    fn the_glues_imports_get_the_same_short_names_in_both_files() {
        let wasm = module(&[(GLUE, "__wbg_now_0123456789abcdef"), ("./loader.js", "load"), (GLUE, "__wbindgen_throw")]);
        let glue = "const i={\"./staffport_bg.js\":{__proto__:null,__wbg_now_0123456789abcdef:function(){return Date.now()},\
                    __wbindgen_throw:function(t){throw t}}};c.__wbindgen_throw_x();";
        let (wasm, glue) = shorten(&wasm, glue, GLUE).unwrap();
        wasmparser::validate(&wasm).expect("a valid module");
        let names = imports(&wasm);
        assert_eq!(names[0], (GLUE.to_string(), "a".to_string()));
        assert_eq!(names[1], ("./loader.js".to_string(), "load".to_string()), "another module's import keeps its name");
        assert_eq!(names[2], (GLUE.to_string(), "b".to_string()));
        assert_eq!(names[3].1, "memory");
        assert!(glue.contains("a:function(){return Date.now()}"), "{glue}");
        assert!(glue.contains(",b:function(t){throw t}"), "{glue}");
        assert!(glue.contains("c.__wbindgen_throw_x()"), "a longer name is another name: {glue}");
    }

    #[test]
    fn mangled_exports_get_short_names_wherever_the_glue_calls_them() {
        let mangled = "_RINvNtCs1_12wasm_bindgen7convert6invokeuE";
        let wasm = module_exporting(&[(GLUE, "__wbg_now_0123456789abcdef")], &["hydrate", mangled, "_RNvCs2_3app4main"]);
        let glue = format!(
            "{{__wbg_now_0123456789abcdef:f}};function H(o){{c.{mangled}(o)}}function G(o){{return c.{mangled}(o)+c._RNvCs2_3app4main()}}c.hydrate();c.{mangled}X()"
        );
        let (wasm, glue) = shorten(&wasm, &glue, GLUE).unwrap();
        wasmparser::validate(&wasm).expect("a valid module");
        assert_eq!(exports(&wasm), ["hydrate", "$a", "$b"]);
        assert_eq!(glue, format!("{{a:f}};function H(o){{c.$a(o)}}function G(o){{return c.$a(o)+c.$b()}}c.hydrate();c.{mangled}X()"));
        let unused = module_exporting(&[(GLUE, "__wbg_now_0123456789abcdef")], &[mangled]);
        assert!(shorten(&unused, "{__wbg_now_0123456789abcdef:f}", GLUE).is_err(), "an export the glue never calls");
        let named = shorten(&wasm_with(mangled), &format!("{{__wbg_now_0123456789abcdef:f}};x[{mangled}]"), GLUE);
        assert!(named.unwrap_err().to_string().contains("property"));
    }

    fn wasm_with(export: &str) -> Vec<u8> {
        module_exporting(&[(GLUE, "__wbg_now_0123456789abcdef")], &[export])
    }

    #[test]
    fn a_glue_of_another_shape_fails_the_build() {
        let wasm = module(&[(GLUE, "__wbg_now_0123456789abcdef")]);
        let missing = shorten(&wasm, "const i={};", GLUE).unwrap_err().to_string();
        assert!(missing.contains("exactly once"), "{missing}");
        let twice = shorten(&wasm, "{__wbg_now_0123456789abcdef:f,__wbg_now_0123456789abcdef:f}", GLUE).unwrap_err().to_string();
        assert!(twice.contains("exactly once"), "{twice}");
        let called = shorten(&wasm, "x.__wbg_now_0123456789abcdef()", GLUE).unwrap_err().to_string();
        assert!(called.contains("object key"), "{called}");
        assert!(shorten(&module(&[]), "", GLUE).is_err(), "nothing to rename is not the glue it was written for");
    }

    #[test]
    fn short_names_are_distinct_identifiers() {
        let names: Vec<String> = (0..5000).map(short_name).collect();
        let distinct: std::collections::HashSet<&String> = names.iter().collect();
        assert_eq!(distinct.len(), names.len());
        assert_eq!(&names[..3], ["a", "b", "c"]);
        assert_eq!(names[52], "aa", "after the letters, two characters");
        assert!(names.iter().all(|n| n.starts_with(|c: char| c.is_ascii_alphabetic())));
        assert!(names[..52 * 65].iter().all(|n| n.len() <= 2));
    }
}
