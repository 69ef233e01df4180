//! Chunks in which nothing runs. The splitter puts data that a set of areas shares into that
//! set's chunk even when no function goes with it (a field name several areas' decoders match,
//! a source path): about 30 modules of 50–200 bytes, 15 of them fetched with the timesheet
//! grid, each a request whose headers outweigh it. Their data goes into the main module
//! instead, at the addresses it already had (the modules share one memory), and the chunks
//! leave the loader and the manifest.
use crate::{loader, Error};
use std::collections::HashMap;
use std::{fs, path::Path};
use wasm_encoder::{Encode, Module, RawSection};
use wasmparser::{DataKind, Operator, Parser, Payload};

const DATA: u8 = 11;
const DATA_COUNT: u8 = 12;

/// Folds every chunk of `dir` that only holds data into `main`; returns how many.
pub fn fold(dir: &Path, main: &Path, prefetch: &mut HashMap<String, Vec<String>>, loader_file: &Path) -> Result<usize, Error> {
    let mut folded = Vec::new();
    let mut segments = Vec::new();
    // In name order, so that the same code always builds the same main module.
    let mut paths: Vec<_> = fs::read_dir(dir)?.map(|entry| entry.map(|e| e.path())).collect::<Result<_, _>>()?;
    paths.sort();
    for path in paths {
        let Some(name) = path.file_name().and_then(|f| f.to_str()).and_then(|f| f.strip_suffix(".wasm")) else { continue };
        if !name.starts_with("chunk_") {
            continue;
        }
        let wasm = fs::read(&path)?;
        if let Some(found) = data_only(&wasm)? {
            segments.extend(found.into_iter().map(<[u8]>::to_vec));
            folded.push(name.to_string());
        }
    }
    if folded.is_empty() {
        return Ok(0);
    }
    fs::write(main, with_segments(&fs::read(main)?, &segments)?)?;
    let mut script = fs::read_to_string(loader_file)?;
    for name in &folded {
        fs::remove_file(dir.join(format!("{name}.wasm")))?;
        script = loader::without_chunk(&script, name)?;
        for modules in prefetch.values_mut() {
            modules.retain(|module| module != name);
        }
    }
    fs::write(loader_file, script)?;
    Ok(folded.len())
}

/// The raw non-empty data segments of a module in which nothing can run (no exports, table
/// entries or start function), if each is active in memory 0 at a constant address; `None` for
/// any other module.
fn data_only(wasm: &[u8]) -> Result<Option<Vec<&[u8]>>, Error> {
    let mut segments = Vec::new();
    for payload in Parser::new(0).parse_all(wasm) {
        match payload? {
            Payload::ExportSection(reader) if reader.count() > 0 => return Ok(None),
            Payload::ElementSection(_) | Payload::StartSection { .. } => return Ok(None),
            Payload::DataSection(reader) => {
                for segment in reader {
                    let segment = segment?;
                    if segment.data.is_empty() {
                        continue;
                    }
                    let DataKind::Active { memory_index: 0, offset_expr } = &segment.kind else { return Ok(None) };
                    let mut ops = offset_expr.get_operators_reader();
                    let constant = matches!(ops.read()?, Operator::I32Const { .. }) && matches!(ops.read()?, Operator::End);
                    if !constant {
                        return Ok(None);
                    }
                    segments.push(&wasm[segment.range.start as usize..segment.range.end as usize]);
                }
            }
            _ => {}
        }
    }
    Ok(Some(segments))
}

/// `main` with `extra` (raw active segments) appended to its data, and its data count to match.
fn with_segments(main: &[u8], extra: &[Vec<u8>]) -> Result<Vec<u8>, Error> {
    let added = u32::try_from(extra.len())?;
    let mut module = Module::new();
    let mut appended = false;
    for payload in Parser::new(0).parse_all(main) {
        let payload = payload?;
        let Some((id, range)) = payload.as_section() else { continue };
        let raw = &main[range.start as usize..range.end as usize];
        match payload {
            Payload::DataCountSection { count, .. } => {
                let mut data = Vec::new();
                (count + added).encode(&mut data);
                module.section(&RawSection { id: DATA_COUNT, data: &data });
            }
            Payload::DataSection(reader) => {
                let mut data = Vec::new();
                (reader.count() + added).encode(&mut data);
                let first = reader.clone().into_iter().next().transpose()?;
                data.extend_from_slice(first.map_or(&[][..], |s| &main[s.range.start as usize..range.end as usize]));
                extra.iter().for_each(|segment| data.extend_from_slice(segment));
                module.section(&RawSection { id: DATA, data: &data });
                appended = true;
            }
            _ => {
                module.section(&RawSection { id, data: raw });
            }
        }
    }
    if !appended {
        return Err("the main module has no data section".into());
    }
    Ok(module.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_encoder::{
        CodeSection, ConstExpr, DataCountSection, DataSection, EntityType, ExportKind, ExportSection, Function, FunctionSection,
        ImportSection, Instruction, MemorySection, MemoryType, TypeSection,
    };

    const MEMORY: MemoryType = MemoryType { minimum: 1, maximum: None, memory64: false, shared: false, page_size_log2: None };

    /// A main module: one function reading memory, one data segment.
    fn main_module() -> Vec<u8> {
        let mut module = Module::new();
        let mut types = TypeSection::new();
        types.ty().function([], []);
        module.section(&types);
        module.section(FunctionSection::new().function(0));
        module.section(MemorySection::new().memory(MEMORY));
        module.section(ExportSection::new().export("run", ExportKind::Func, 0));
        module.section(&DataCountSection { count: 1 });
        let mut body = Function::new([]);
        body.instruction(&Instruction::End);
        module.section(CodeSection::new().function(&body));
        module.section(DataSection::new().active(0, &ConstExpr::i32_const(16), *b"main"));
        module.finish()
    }

    /// A chunk importing the memory, with `data` at 64 and maybe a function it exports.
    fn chunk(data: &[u8], exported: bool) -> Vec<u8> {
        let mut module = Module::new();
        let mut types = TypeSection::new();
        types.ty().function([], []);
        module.section(&types);
        module.section(ImportSection::new().import("__wasm_split", "memory", EntityType::Memory(MEMORY)));
        module.section(FunctionSection::new().function(0));
        let mut exports = ExportSection::new();
        if exported {
            exports.export("f", ExportKind::Func, 0);
        }
        module.section(&exports);
        let mut body = Function::new([]);
        body.instruction(&Instruction::End);
        module.section(CodeSection::new().function(&body));
        module.section(DataSection::new().active(0, &ConstExpr::i32_const(64), data.iter().copied()).active(
            0,
            &ConstExpr::i32_const(80),
            [],
        ));
        module.finish()
    }

    fn segments(wasm: &[u8]) -> Vec<Vec<u8>> {
        let mut found = Vec::new();
        for payload in Parser::new(0).parse_all(wasm) {
            if let Payload::DataSection(reader) = payload.unwrap() {
                found.extend(reader.into_iter().map(|s| s.unwrap().data.to_vec()));
            }
        }
        found
    }

    #[test]
    fn only_a_module_nothing_can_run_in_is_data_only() {
        let data = chunk(b"kind", false);
        let found = data_only(&data).unwrap().expect("nothing runs in it");
        assert_eq!(found.len(), 1, "the empty segment is left out");
        assert!(data_only(&chunk(b"kind", true)).unwrap().is_none(), "an exported function runs");
    }

    #[test]
    fn folded_data_lands_in_the_main_module_at_its_address() {
        let chunk = chunk(b"kind", false);
        let found: Vec<Vec<u8>> = data_only(&chunk).unwrap().unwrap().into_iter().map(<[u8]>::to_vec).collect();
        let main = with_segments(&main_module(), &found).unwrap();
        wasmparser::validate(&main).expect("the data count matches the data");
        assert_eq!(segments(&main), [b"main".to_vec(), b"kind".to_vec()]);
        let offsets: Vec<i32> = Parser::new(0)
            .parse_all(&main)
            .filter_map(|p| match p.unwrap() {
                Payload::DataSection(reader) => Some(reader),
                _ => None,
            })
            .flatten()
            .map(|s| match s.unwrap().kind {
                DataKind::Active { offset_expr, .. } => match offset_expr.get_operators_reader().read().unwrap() {
                    Operator::I32Const { value } => value,
                    other => panic!("{other:?}"),
                },
                DataKind::Passive => panic!("passive"),
            })
            .collect();
        assert_eq!(offsets, [16, 64]);
    }
}
