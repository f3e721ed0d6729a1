//! `<candor-status>`: a company's live status, daily uptime and incident history, as a Yew app
//! in WebAssembly that `js/candor.js` mounts into the custom element's Shadow DOM.
//!
//! The JavaScript side defines the element (wasm-bindgen cannot extend `HTMLElement`), loads
//! this module once per page, adopts [`stylesheet`] into each shadow root and calls [`mount`].
//! Everything else happens here; every figure shown comes from `candor-core`.

pub mod app;
pub mod config;
pub mod css;
pub mod format;
pub mod hooks;
pub mod http;
pub mod i18n;
pub mod intl;
pub mod markdown;
pub mod perf;
pub mod schedule;
pub mod source;
pub mod store;
pub mod view;

use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlElement};

use crate::app::{App, AppProps};
use crate::config::Config;

/// Talc instead of the standard library's dlmalloc: 1.9 KB less gzip in what a page loads.
/// The widget is single-threaded (no `atomics`), as Talc's dynamic wasm allocator assumes.
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// The widget's CSS, for a constructable stylesheet (`adoptedStyleSheets`): no `<style>`
/// element and no `style` attribute, so a strict `style-src 'self'` needs nothing more.
/// `src/style.css` as [`css::minify`] ships it (written by `build.rs`).
#[wasm_bindgen]
pub fn stylesheet() -> String {
    include_str!(concat!(env!("OUT_DIR"), "/style.css")).to_string()
}

/// The attribute names the element observes.
#[wasm_bindgen(js_name = observedAttributes)]
pub fn observed_attributes() -> Vec<String> {
    config::ATTRIBUTES.iter().map(|a| a.to_string()).collect()
}

/// One mounted widget, owned by its element.
#[wasm_bindgen]
pub struct Widget {
    host: HtmlElement,
    handle: Option<yew::AppHandle<App>>,
}

fn props_of(host: &HtmlElement) -> AppProps {
    AppProps {
        host: host.clone(),
        config: Config::read(|name| host.get_attribute(name)),
    }
}

/// Renders the widget for `host` (the `<candor-status>` element) into `root` (a `<div>` in its
/// shadow root).
#[wasm_bindgen]
pub fn mount(host: HtmlElement, root: Element) -> Widget {
    let handle = yew::Renderer::<App>::with_root_and_props(root, props_of(&host)).render();
    Widget {
        host,
        handle: Some(handle),
    }
}

#[wasm_bindgen]
impl Widget {
    /// Re-reads the attributes; the app re-renders when the configuration changed.
    #[wasm_bindgen(js_name = attributesChanged)]
    pub fn attributes_changed(&mut self) {
        let props = props_of(&self.host);
        if let Some(handle) = &mut self.handle {
            handle.update(props);
        }
    }

    /// Unmounts the app and stops its refreshes (the element left the page).
    pub fn destroy(&mut self) {
        if let Some(handle) = self.handle.take() {
            handle.destroy();
        }
    }
}
