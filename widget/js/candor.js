// <candor-status>: the custom element around the Yew app in candor_widget_bg.wasm.
//
// wasm-bindgen cannot define a class that extends HTMLElement, so this small module does: it
// loads the wasm once per page, gives each element an open shadow root with the widget's
// stylesheet adopted (no <style> element, no style attribute: a strict CSP needs nothing more),
// mounts the app into a <div> there and tells it when an attribute changes. `cargo xtask dist`
// rewrites the two file names below to their content-hashed names.
import init, { mount, stylesheet, observedAttributes } from "./candor_widget.js";

const WASM = new URL("./candor_widget_bg.wasm", import.meta.url);

let loading = null;

// One download, one compile and one stylesheet for every widget on the page.
function load() {
  loading ??= init({ module_or_path: WASM }).then(() => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(stylesheet());
    return sheet;
  });
  return loading;
}

const ATTRIBUTES = ["src", "view", "days", "components", "theme", "locale", "time-zone",
  "refresh", "max-incidents", "link"];

class CandorStatus extends HTMLElement {
  static get observedAttributes() {
    return ATTRIBUTES;
  }

  #root;
  #widget = null;
  #connected = false;

  constructor() {
    super();
    const shadow = this.attachShadow({ mode: "open" });
    this.#root = document.createElement("div");
    shadow.append(this.#root);
  }

  connectedCallback() {
    this.#connected = true;
    load().then((sheet) => {
      if (!this.#connected || this.#widget) return;
      this.shadowRoot.adoptedStyleSheets = [sheet];
      this.#widget = mount(this, this.#root);
    }).catch((error) => {
      // A guest never breaks its host: say why in the console and stay empty.
      console.error("<candor-status> could not start:", error);
    });
  }

  disconnectedCallback() {
    this.#connected = false;
    if (this.#widget) {
      this.#widget.destroy();
      this.#widget.free();
      this.#widget = null;
    }
  }

  attributeChangedCallback() {
    this.#widget?.attributesChanged();
  }
}

if (!customElements.get("candor-status")) {
  customElements.define("candor-status", CandorStatus);
}

export { CandorStatus, load, observedAttributes };
