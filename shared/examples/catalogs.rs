//! Writes each language's catalog for the browser bundle, `messages.<code>.json` in the given
//! directory (`scripts/lib.sh` puts them beside the WASM modules, cached for good like them).
//!   cargo run -p shared --example catalogs -- DIR
use shared::{i18n::catalog, Locale};
use std::{env, fs, path::PathBuf, process::ExitCode};

fn main() -> ExitCode {
    let Some(dir) = env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: catalogs DIR");
        return ExitCode::from(2);
    };
    for locale in Locale::ALL {
        let path = dir.join(catalog::file_name(locale));
        if let Err(e) = fs::write(&path, catalog::json(locale)) {
            eprintln!("{}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
