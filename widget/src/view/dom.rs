//! Plain DOM for the parts of the widget drawn once per feed: the uptime rows, the incident
//! history and the chart. Yew builds an element through a virtual node, a namespace lookup on
//! its parent (a string back from JS, twice), an attribute diff and a bundle to keep; here it is
//! `createElement`, its class, its text, in a few calls into JS. A section is drawn again only
//! when what it shows changes (see `view::Drawn`).
//!
//! Each call into JS with a `&str` decodes it from wasm's memory, which costs about as much as
//! the call itself: the tags, classes and attribute names here, all literals, are made JS
//! strings once per [`Dom`] and passed as they are.
//!
//! Text is set as text (`textContent`, text nodes, attribute values): nothing here parses
//! markup, so text from a feed stays text.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Element;

#[wasm_bindgen]
extern "C" {
    /// The document, for `createElement` with a tag that is a JS string already.
    type Document;
    #[wasm_bindgen(method, js_name = createElement)]
    fn create_element(this: &Document, tag: &JsValue) -> Element;
    #[wasm_bindgen(method, js_name = createElementNS)]
    fn create_element_ns(this: &Document, namespace: &JsValue, tag: &JsValue) -> Element;

    /// An element, for its class and attributes as JS strings.
    type Node;
    #[wasm_bindgen(method, setter, js_name = className)]
    fn set_class_name(this: &Node, class: &JsValue);
    #[wasm_bindgen(method, js_name = setAttribute)]
    fn set_attribute(this: &Node, name: &JsValue, value: &JsValue);
    #[wasm_bindgen(method, js_name = setAttribute)]
    fn set_attribute_str(this: &Node, name: &JsValue, value: &str);
    #[wasm_bindgen(method, js_name = appendChild)]
    fn append_child(this: &Node, child: &Element);
    #[wasm_bindgen(method, js_name = cloneNode)]
    fn clone_node(this: &Node) -> Element;
    #[wasm_bindgen(method, js_name = cloneNode)]
    fn clone_deep(this: &Node, deep: bool) -> Element;
}

/// Builds elements in the page's document.
pub struct Dom {
    document: Document,
    /// The literals made JS strings so far, by address.
    strings: RefCell<Vec<(*const u8, JsValue)>>,
    /// The icons drawn so far, by their path's address.
    icons: RefCell<Vec<(*const u8, Element)>>,
}

impl Dom {
    pub fn new() -> Dom {
        Dom {
            document: gloo::utils::document().unchecked_into(),
            strings: RefCell::default(),
            icons: RefCell::default(),
        }
    }

    /// `literal` as a JS string, decoded from wasm's memory the first time only.
    pub fn js(&self, literal: &'static str) -> JsValue {
        let mut strings = self.strings.borrow_mut();
        let key = literal.as_ptr();
        if let Some((_, s)) = strings.iter().find(|(k, _)| *k == key) {
            return s.clone();
        }
        let s = JsValue::from_str(literal);
        strings.push((key, s.clone()));
        s
    }

    /// A new `<tag class="class">` (no class when it is empty), not in the page yet.
    pub fn element(&self, tag: &'static str, class: &'static str) -> Element {
        let element = self.document.create_element(&self.js(tag));
        if !class.is_empty() {
            node(&element).set_class_name(&self.js(class));
        }
        element
    }

    /// A new `<tag class="class">` at the end of `parent`.
    pub fn add(&self, parent: &Element, tag: &'static str, class: &'static str) -> Element {
        let element = self.element(tag, class);
        append(parent, &element);
        element
    }

    /// A new `<tag class="class">text</tag>` at the end of `parent`.
    pub fn add_text(
        &self,
        parent: &Element,
        tag: &'static str,
        class: &'static str,
        text: &str,
    ) -> Element {
        let element = self.add(parent, tag, class);
        element.set_text_content(Some(text));
        element
    }

    /// A new SVG `<tag>` at the end of `parent`.
    pub fn add_svg(&self, parent: &Element, tag: &'static str) -> Element {
        let namespace = self.js("http://www.w3.org/2000/svg");
        let element = self.document.create_element_ns(&namespace, &self.js(tag));
        append(parent, &element);
        element
    }

    /// A 16 × 16 icon (a path of `view::icons`) at the end of `parent`: a copy of the first
    /// one drawn with that path.
    pub fn add_icon(&self, parent: &Element, path: &'static str) {
        let known = self
            .icons
            .borrow()
            .iter()
            .find(|(p, _)| *p == path.as_ptr())
            .map(|(_, icon)| copy_deep(icon));
        let icon = known.unwrap_or_else(|| {
            let svg = self.add_svg(parent, "svg");
            self.set_literal(&svg, "class", "icon");
            self.set_literal(&svg, "viewBox", "0 0 16 16");
            self.set_literal(&svg, "aria-hidden", "true");
            let line = self.add_svg(&svg, "path");
            self.set_literal(&line, "d", path);
            self.icons.borrow_mut().push((path.as_ptr(), svg.clone()));
            svg
        });
        append(parent, &icon);
    }

    /// Sets the attribute `name` (a literal) of `element` to `value`.
    pub fn set(&self, element: &Element, name: &'static str, value: &str) {
        node(element).set_attribute_str(&self.js(name), value);
    }

    /// Sets the attribute `name` of `element` to `value`, both literals.
    pub fn set_literal(&self, element: &Element, name: &'static str, value: &'static str) {
        node(element).set_attribute(&self.js(name), &self.js(value));
    }
}

/// Sets the attribute `name` of `element` to `value`, both JS strings.
pub fn set_js(element: &Element, name: &JsValue, value: &JsValue) {
    node(element).set_attribute(name, value);
}

/// Appends `child` to `parent`. (web-sys's `appendChild` catches what it throws, which a new
/// element appended to one of the widget's own cannot.)
pub fn append(parent: &Element, child: &Element) {
    node(parent).append_child(child);
}

/// A copy of `element` (its attributes, not its children).
pub fn copy(element: &Element) -> Element {
    node(element).clone_node()
}

/// A copy of `element` and everything in it.
pub fn copy_deep(element: &Element) -> Element {
    node(element).clone_deep(true)
}

fn node(element: &Element) -> &Node {
    element.unchecked_ref()
}

/// Appends `text` to `parent` as a text node.
pub fn text(parent: &Element, text: &str) {
    let _ = parent.append_with_str_1(text);
}

/// Removes every child of `parent`.
pub fn clear(parent: &Element) {
    parent.set_text_content(None);
}
