//! Small chunks, and chunks two of the daily areas share, go into the main module. The splitter
//! roots every export of its input in the main module, so exporting a function keeps it there
//! with everything it calls. The input is copied section by section with only its export
//! section rewritten: the linker's relocations (offsets within their sections) and symbol table
//! (function indices) still hold. The extra exports are dropped from the main module afterwards
//! (every real use of those functions is a call or a table entry the splitter kept).
use crate::Error;
use std::collections::{HashMap, HashSet};
use std::{fs, path::Path};
use wasm_encoder::{ExportKind, ExportSection, Module, RawSection};
use wasmparser::{ExternalKind, KnownCustom, Name, Parser, Payload, TypeRef};

const ROOT: &str = "__staffport_main_";

pub struct Small {
    pub chunks: usize,
    pub functions: HashSet<u32>,
}

/// Which chunks go into the main module.
pub struct Policy<'a> {
    /// Bytes of code below which a chunk goes (its data is mostly segments for the optimiser to
    /// drop, so it is not counted).
    pub below: u64,
    /// The areas of the pages people open daily (`timesheets`, `approvals`, `board`, `home`): a
    /// chunk two of them use goes too. Most first visits fetch it anyway, and in the main module
    /// it costs no request and compresses with the rest. Measured against small chunks alone,
    /// first visits in KB: the grid 336 → 319, approvals 367 → 339, people 508 → 490, the board
    /// 319 → 313, home 292 → 288 (with the grid, the board and home only: the grid 330, the
    /// board 311, home 281).
    pub shared_by: &'a [String],
    /// Each chunk's areas (the splitter's manifest: area → modules).
    pub areas: &'a HashMap<String, Vec<String>>,
}

impl Policy<'_> {
    /// Fails on a daily area the bundle does not have (renamed in `app::shell::pages`, say),
    /// which would otherwise quietly stop moving anything.
    pub fn check(&self) -> Result<(), Error> {
        match self.shared_by.iter().find(|d| !self.areas.keys().any(|area| area_name(area) == d.as_str())) {
            Some(unknown) => Err(format!("--main-shared-by names {unknown:?}, which is no area of the bundle").into()),
            None => Ok(()),
        }
    }

    fn to_main(&self, chunk: &str, code: u64) -> bool {
        let daily = self
            .areas
            .iter()
            .filter(|(area, modules)| self.shared_by.iter().any(|d| d == area_name(area)) && modules.iter().any(|m| m == chunk));
        code < self.below || daily.count() >= 2
    }
}

/// A split point's area: its name without the splitter's hash (`board_1234` → `board`).
fn area_name(split: &str) -> &str {
    split.rsplit_once('_').map_or(split, |(name, _hash)| name)
}

/// The input's function indices of every chunk in `dir` the policy puts into the main module,
/// matched by name (the splitter keeps the input's function names).
pub fn functions(input: &[u8], dir: &Path, policy: &Policy) -> Result<Small, Error> {
    let mut by_name: HashMap<&str, Vec<u32>> = HashMap::new();
    for (index, name) in facts(input)?.names {
        by_name.entry(name).or_default().push(index);
    }
    let mut small = Small { chunks: 0, functions: HashSet::new() };
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        let file = path.file_name().and_then(|f| f.to_str()).unwrap_or_default();
        if !(file.starts_with("chunk_") && file.ends_with(".wasm")) {
            continue;
        }
        let wasm = fs::read(&path)?;
        let chunk = facts(&wasm)?;
        if !policy.to_main(file.trim_end_matches(".wasm"), chunk.size) {
            continue;
        }
        small.chunks += 1;
        // Functions the splitter wrote itself (shims for indirect calls) are not in the input.
        for (_, name) in chunk.names.iter().filter(|(index, _)| *index >= chunk.imported) {
            small.functions.extend(by_name.get(name).into_iter().flatten());
        }
    }
    Ok(small)
}

/// The input with `functions` exported, so the splitter keeps them in the main module.
pub fn rooted(wasm: &[u8], functions: &HashSet<u32>) -> Result<Vec<u8>, Error> {
    let mut sorted: Vec<u32> = functions.iter().copied().collect();
    sorted.sort_unstable();
    rewrite_exports(wasm, |exports| {
        exports.extend(sorted.iter().map(|&index| (format!("{ROOT}{index}"), ExportKind::Func, index)));
    })
}

/// The main module without the exports `rooted` added.
pub fn unrooted(wasm: &[u8]) -> Result<Vec<u8>, Error> {
    rewrite_exports(wasm, |exports| exports.retain(|(name, ..)| !name.starts_with(ROOT)))
}

type Export = (String, ExportKind, u32);

fn rewrite_exports(wasm: &[u8], change: impl FnOnce(&mut Vec<Export>)) -> Result<Vec<u8>, Error> {
    let mut module = Module::new();
    let mut change = Some(change);
    for payload in Parser::new(0).parse_all(wasm) {
        let payload = payload?;
        let Some((id, range)) = payload.as_section() else { continue };
        let Payload::ExportSection(reader) = payload else {
            module.section(&RawSection { id, data: &wasm[range.start as usize..range.end as usize] });
            continue;
        };
        let mut exports = Vec::new();
        for export in reader {
            let export = export?;
            let kind = match export.kind {
                ExternalKind::Func => ExportKind::Func,
                ExternalKind::Table => ExportKind::Table,
                ExternalKind::Memory => ExportKind::Memory,
                ExternalKind::Global => ExportKind::Global,
                ExternalKind::Tag => ExportKind::Tag,
                other => return Err(format!("export {} of kind {other:?}", export.name).into()),
            };
            exports.push((export.name.to_string(), kind, export.index));
        }
        if let Some(change) = change.take() {
            change(&mut exports);
        }
        let mut section = ExportSection::new();
        for (name, kind, index) in &exports {
            section.export(name, *kind, *index);
        }
        module.section(&section);
    }
    if change.is_some() {
        return Err("the module has no export section".into());
    }
    Ok(module.finish())
}

/// What the split decision needs of a module: how many functions it imports, its bytes of code,
/// and its functions' names by index.
struct Facts<'a> {
    imported: u32,
    size: u64,
    names: Vec<(u32, &'a str)>,
}

fn facts(wasm: &[u8]) -> Result<Facts<'_>, Error> {
    let mut facts = Facts { imported: 0, size: 0, names: Vec::new() };
    for payload in Parser::new(0).parse_all(wasm) {
        match payload? {
            Payload::ImportSection(reader) => {
                for import in reader.into_imports() {
                    facts.imported += u32::from(matches!(import?.ty, TypeRef::Func(_)));
                }
            }
            Payload::CodeSectionStart { range, .. } => facts.size += range.end - range.start,
            Payload::CustomSection(custom) => {
                if let KnownCustom::Name(names) = custom.as_known() {
                    for name in names {
                        if let Name::Function(map) = name? {
                            for naming in map {
                                let naming = naming?;
                                facts.names.push((naming.index, naming.name));
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    Ok(facts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_encoder::{CodeSection, CustomSection, Function, FunctionSection, Instruction, TypeSection};

    /// Two functions, the first exported, and a custom section standing in for the linker's.
    fn module() -> Vec<u8> {
        let mut module = Module::new();
        let mut types = TypeSection::new();
        types.ty().function([], []);
        module.section(&types);
        let mut functions = FunctionSection::new();
        functions.function(0).function(0);
        module.section(&functions);
        let mut exports = ExportSection::new();
        exports.export("run", ExportKind::Func, 0);
        module.section(&exports);
        let mut code = CodeSection::new();
        for _ in 0..2 {
            let mut body = Function::new([]);
            body.instruction(&Instruction::End);
            code.function(&body);
        }
        module.section(&code);
        module.section(&CustomSection { name: "reloc.CODE".into(), data: [1, 2, 3].as_slice().into() });
        module.finish()
    }

    fn exports(wasm: &[u8]) -> Vec<(String, u32)> {
        let mut found = Vec::new();
        for payload in Parser::new(0).parse_all(wasm) {
            if let Payload::ExportSection(reader) = payload.unwrap() {
                found.extend(reader.into_iter().map(|e| e.map(|e| (e.name.to_string(), e.index)).unwrap()));
            }
        }
        found
    }

    #[test]
    fn small_chunks_and_chunks_two_daily_areas_share_go_to_main() {
        let areas: HashMap<String, Vec<String>> = [
            ("timesheets_1", vec!["chunk_1", "chunk_2", "split_timesheets_1"]),
            ("board_1", vec!["chunk_1", "chunk_3", "split_board_1"]),
            ("people_1", vec!["chunk_2", "chunk_3", "chunk_4", "split_people_1"]),
            ("home_1", vec!["split_home_1"]),
        ]
        .into_iter()
        .map(|(area, modules)| (area.to_string(), modules.into_iter().map(String::from).collect()))
        .collect();
        let shared_by = ["timesheets".to_string(), "board".to_string(), "home".to_string()];
        let policy = Policy { below: 100, shared_by: &shared_by, areas: &areas };
        assert!(policy.to_main("chunk_1", 5000), "the grid and the board share it");
        assert!(!policy.to_main("chunk_2", 5000), "one daily area and another");
        assert!(!policy.to_main("chunk_4", 5000), "no daily area");
        assert!(policy.to_main("chunk_4", 99), "small");
        assert!(policy.check().is_ok(), "every daily area is one of the bundle's");
        let misspelt = ["timesheet".to_string()];
        assert!(Policy { below: 100, shared_by: &misspelt, areas: &areas }.check().is_err());
    }

    #[test]
    fn rooting_adds_exports_and_keeps_every_other_section_as_it_was() {
        let input = module();
        let rooted = rooted(&input, &HashSet::from([1])).unwrap();
        wasmparser::validate(&rooted).unwrap();
        assert_eq!(exports(&rooted), [("run".to_string(), 0), (format!("{ROOT}1"), 1)]);
        // Dropping them again gives back the input, byte for byte (relocations stay valid).
        assert_eq!(unrooted(&rooted).unwrap(), input);
    }
}
