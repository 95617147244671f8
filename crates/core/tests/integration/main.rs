//! Integration tests of the core against a real SQLite file: one test binary,
//! shared helpers in [`util`].

mod architecture;
mod autosave;
mod counting;
mod desk;
mod engagement;
mod images;
mod ledger;
mod limits;
mod media;
mod people;
mod properties;
mod publishing;
mod render;
mod search;
mod store;
mod util;
mod workflow;
