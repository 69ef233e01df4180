//! Splits the linked bundle (built with `--emit-relocs`) at its `#[lazy]` split points, as
//! cargo-leptos does: the main module (to be run through wasm-bindgen), one module per split
//! point and per shared chunk, the loader script the main module imports, and
//! `__wasm_split_manifest.json`, from which Leptos' `HydrationScripts` emits a `<link rel=preload>`
//! for each chunk of the route being rendered (so a page and its chunks load together).
//!
//! The splitter makes a chunk for every set of areas sharing code, most of them a few hundred
//! bytes: a page's first visit fetched 40–70 modules, each a request and poorly compressed
//! alone. Chunks under `--main-below` bytes of code, and chunks two of the `--main-shared-by`
//! areas use, go into the main module instead (see `small_chunks`), and chunks holding only
//! data go into its data (see `data_chunks`). The loader announces a module it cannot fetch
//! (see `loader`).
//!
//!   staffport-wasm-split INPUT.wasm OUT_DIR MAIN_OUT.wasm OUTPUT_NAME [--main-below BYTES]
//!     [--main-shared-by AREA,AREA,…]
//!
//! After wasm-bindgen, its glue and the main module get short import names (see `short_imports`):
//!   staffport-wasm-split short-imports MAIN_BG.wasm GLUE.js
use std::collections::BTreeMap;
use std::{env, fs, path::Path, process::ExitCode};

mod data_chunks;
mod loader;
mod short_imports;
mod small_chunks;

type Error = Box<dyn std::error::Error>;

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    if let [command, wasm, glue] = &args[..] {
        if command == "short-imports" {
            return short_imports(Path::new(wasm), Path::new(glue));
        }
    }
    let Some(options) = Options::parse(&args) else {
        eprintln!(
            "usage: staffport-wasm-split INPUT.wasm OUT_DIR MAIN_OUT.wasm OUTPUT_NAME [--main-below BYTES] [--main-shared-by AREA,AREA,…]"
        );
        return ExitCode::from(2);
    };
    let out = Output { dir: Path::new(options.paths[1]), main: Path::new(options.paths[2]), name: options.paths[3] };
    match run(&fs::read(options.paths[0]).unwrap_or_default(), &out, options.below, &options.shared_by) {
        Ok((modules, moved)) => {
            println!("{modules} lazily loaded modules ({moved} chunks kept in the main module: small, shared or data only)");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("wasm split failed: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Renames in place; the glue imports from the module wasm-bindgen names after the glue's file.
fn short_imports(wasm: &Path, glue: &Path) -> ExitCode {
    let run = || -> Result<(), Error> {
        let stem = glue.file_stem().and_then(|s| s.to_str()).ok_or("the glue's file name is not UTF-8")?;
        let (module, script) = short_imports::shorten(&fs::read(wasm)?, &fs::read_to_string(glue)?, &format!("./{stem}_bg.js"))?;
        fs::write(wasm, module)?;
        fs::write(glue, script)?;
        Ok(())
    };
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("short import names failed: {e}");
            ExitCode::FAILURE
        }
    }
}

struct Options<'a> {
    paths: [&'a str; 4],
    below: u64,
    shared_by: Vec<String>,
}

impl<'a> Options<'a> {
    fn parse(args: &'a [String]) -> Option<Self> {
        let (mut paths, mut below, mut shared_by) = (Vec::new(), 0, Vec::new());
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--main-below" => below = args.next()?.parse().ok()?,
                "--main-shared-by" => shared_by = args.next()?.split(',').map(String::from).collect(),
                path => paths.push(path),
            }
        }
        Some(Options { paths: paths.try_into().ok()?, below, shared_by })
    }
}

struct Output<'a> {
    dir: &'a Path,
    main: &'a Path,
    name: &'a str,
}

/// Splits once; if some chunks are small or shared by two daily areas, roots their functions in
/// the main module and splits again (the rest of the split is unchanged: what the main module
/// keeps, it keeps with everything it calls). Then folds the chunks holding only data into the
/// main module.
fn run(wasm: &[u8], out: &Output, below: u64, shared_by: &[String]) -> Result<(usize, usize), Error> {
    if wasm.is_empty() {
        return Err("no input".into());
    }
    let mut split = split(wasm, out)?;
    let policy = small_chunks::Policy { below, shared_by, areas: &split.prefetch_map };
    policy.check()?;
    let small = small_chunks::functions(wasm, out.dir, &policy)?;
    if small.chunks > 0 {
        fs::remove_dir_all(out.dir)?;
        split = self::split(&small_chunks::rooted(wasm, &small.functions)?, out)?;
        fs::write(out.main, small_chunks::unrooted(&fs::read(out.main)?)?)?;
    }
    let folded = data_chunks::fold(out.dir, out.main, &mut split.prefetch_map, &out.dir.join(LOADER))?;
    // In key order (the splitter's map is a hash map), so that the same code writes the same file.
    let manifest: BTreeMap<_, _> = split.prefetch_map.iter().collect();
    fs::write(out.dir.join("__wasm_split_manifest.json"), serde_json::to_string_pretty(&manifest)?)?;
    Ok((split.split_modules.len().saturating_sub(folded), small.chunks + folded))
}

/// The file name HydrationScripts preloads the loader under.
const LOADER: &str = "__wasm_split.______________________.js";

fn split(wasm: &[u8], out: &Output) -> Result<wasm_split_cli_support::SplitWasm, Error> {
    let main_module = format!("./{}.js", out.name);
    let mut opts = wasm_split_cli_support::Options::new(wasm);
    opts.output_dir = out.dir;
    opts.main_out_path = out.main;
    opts.main_module = &main_module;
    let link = format!("./{LOADER}");
    opts.link_name = &link;
    let split = wasm_split_cli_support::transform(opts).map_err(|e| format!("{e:?}"))?;
    let loader = out.dir.join(LOADER);
    fs::write(&loader, loader::sorted_shared_imports(&loader::announce_failures(&fs::read_to_string(&loader)?)?)?)?;
    Ok(split)
}
