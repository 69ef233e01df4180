//! Splits the linked bundle (built with `--emit-relocs`) at its `#[lazy]` split points, as
//! cargo-leptos does: the main module (to be run through wasm-bindgen), one module per split
//! point and per shared chunk, the loader script the main module imports, and
//! `__wasm_split_manifest.json`, from which Leptos' `HydrationScripts` emits a `<link rel=preload>`
//! for each chunk of the route being rendered (so a page and its chunks load together).
//!
//!   staffport-wasm-split INPUT.wasm OUT_DIR MAIN_OUT.wasm OUTPUT_NAME
use std::{env, fs, path::Path, process::ExitCode};

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let [input, out_dir, main_out, name] = args.as_slice() else {
        eprintln!("usage: staffport-wasm-split INPUT.wasm OUT_DIR MAIN_OUT.wasm OUTPUT_NAME");
        return ExitCode::from(2);
    };
    match split(Path::new(input), Path::new(out_dir), Path::new(main_out), name) {
        Ok(chunks) => {
            println!("{chunks} lazily loaded modules");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("wasm split failed: {e:?}");
            ExitCode::FAILURE
        }
    }
}

fn split(input: &Path, out_dir: &Path, main_out: &Path, name: &str) -> Result<usize, Box<dyn std::error::Error>> {
    let wasm = fs::read(input)?;
    let main_module = format!("./{name}.js");
    let mut opts = wasm_split_cli_support::Options::new(&wasm);
    opts.output_dir = out_dir;
    opts.main_out_path = main_out;
    opts.main_module = &main_module;
    // The file name HydrationScripts preloads the loader under.
    opts.link_name = "./__wasm_split.______________________.js";
    let split = wasm_split_cli_support::transform(opts).map_err(|e| format!("{e:?}"))?;
    fs::write(out_dir.join("__wasm_split_manifest.json"), serde_json::to_string_pretty(&split.prefetch_map)?)?;
    Ok(split.split_modules.len())
}
