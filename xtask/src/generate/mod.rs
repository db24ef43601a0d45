//! `cargo xtask generate`'s renderer: the spec, checked by `lint`, bridged for progenitor
//! (`adapt`), through progenitor (`format`), patched where its output falls short (`docs`,
//! `constructors`, `mock`), rendered into public operations (`operations`), formatted.

pub mod adapt;
pub mod constructors;
pub mod docs;
pub mod format;
pub mod locate;
pub mod mock;
pub mod names;
pub mod operations;

use std::path::PathBuf;

use crate::error::Error;
use crate::{CLIENT_PATH, MOCK_PATH, OPERATIONS_PATH, lint};

/// Generated files: (path relative to the root, contents).
pub type Rendered = Vec<(PathBuf, String)>;

/// Every generated file of the workspace, fresh from the spec text: (relative path, contents).
///
/// Fails without side effects on any spec problem; progenitor never panics through this.
pub fn render_all(spec_text: &str, spec_name: &str) -> Result<Rendered, Error> {
    render_all_with(spec_text, spec_name, &lint::Config::default()).map(|(files, _)| files)
}

/// [`render_all`] with the rule levels of `config`; also returns the warnings.
pub fn render_all_with(
    spec_text: &str,
    spec_name: &str,
    config: &lint::Config,
) -> Result<(Rendered, Vec<lint::Finding>), Error> {
    let (spec, warnings) = lint::check(spec_text, spec_name, config)?;
    let fingerprint = format::fingerprint(spec_text);
    let render = || -> Result<Rendered, Error> {
        let client = format::render_client(&spec, spec_name, &fingerprint)?;
        let operations = format::render_operations(&spec, &client, spec_name, &fingerprint)?;
        let mock = format::render_mock(&spec, spec_name, &fingerprint)?;
        Ok(vec![
            (PathBuf::from(CLIENT_PATH), client),
            (PathBuf::from(OPERATIONS_PATH), operations),
            (PathBuf::from(MOCK_PATH), mock),
        ])
    };
    // A failure inside progenitor or typify that lint did not foresee still names its place.
    let files = render().map_err(|e| locate::explain(e, spec_text, spec_name))?;
    Ok((files, warnings))
}
