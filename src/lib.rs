//! kumo: the browser app. Thin glue: DOM events become actions, the world becomes HTML.
//! The simulation lives in `kumo-sim`, the CLI in `kumo-cli`.

pub mod app;
pub mod cli_chunk;
pub mod components;
pub mod format;
pub mod i18n;
pub mod models;
pub mod pages;
pub mod pages_chunk;
pub mod state;
pub mod storage;
pub mod view_state;
pub mod widget;

pub use app::App;
