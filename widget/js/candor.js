// <candor-status>: the custom element around the Yew app.
//
// wasm-bindgen cannot define a class that extends HTMLElement, so this small module does: it
// loads the wasm once per page, gives each element an open shadow root with the widget's
// stylesheet adopted (no <style> element, no style attribute: a strict CSP needs nothing more),
// mounts the app into a <div> there and tells it when an attribute changes.
//
// The widget is built once per kind of source (`cargo xtask dist`): one wasm reads Candor
// feeds, one Statuspage pages, one incident.io pages, so that a page downloads only the code
// its widgets' sources need. `dist` rewrites the file names below to their content-hashed
// names.

// Each build: its JS glue, and its wasm.
const BUILDS = {
  feed: [
    () => import("./candor_widget_feed.js"),
    new URL("./candor_widget_feed_bg.wasm", import.meta.url),
  ],
  statuspage: [
    () => import("./candor_widget_statuspage.js"),
    new URL("./candor_widget_statuspage_bg.wasm", import.meta.url),
  ],
  incidentio: [
    () => import("./candor_widget_incidentio.js"),
    new URL("./candor_widget_incidentio_bg.wasm", import.meta.url),
  ],
};

// Which build reads a `src`, as the widget's `SourceKind::detect` (widget/src/source.rs)
// decides: a path ending in `/api/v1/summary` is an incident.io page's widget API,
// `summary.json` or `incidents.json` a Statuspage API document, any other `.json` a Candor
// feed, anything else a Statuspage page; read, as the widget reads it, against the page's base
// URL. Without a `src` (or with one that is no URL) nothing is fetched: the smaller build draws
// the empty widget.
function kindOf(src) {
  let path;
  try {
    path = src && new URL(src, document.baseURI).pathname;
  } catch {}
  if (!path) return "feed";
  if (/\/api\/v1\/summary\/*$/.test(path)) return "incidentio";
  return /\/(summary|incidents)\.json$/.test(path) || !/\.json$/i.test(path) ? "statuspage" : "feed";
}

const loading = {};

// A task boundary: what follows runs in a task of its own.
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

// One download, one compile and one stylesheet per build for every widget on the page. The
// wasm's instantiation, the stylesheet and the first render each in a task of their own: on a
// visitor's first load together they could block the host page for over 50 ms (issue 16).
function load(kind = "feed") {
  const [importGlue, wasm] = BUILDS[kind];
  loading[kind] ??= importGlue().then(async (glue) => {
    await glue.default({ module_or_path: wasm });
    await nextTask();
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(glue.stylesheet());
    await nextTask();
    return { glue, sheet };
  });
  return loading[kind];
}

const ATTRIBUTES = ["src", "view", "days", "components", "theme", "locale", "time-zone",
  "refresh", "max-incidents", "link"];

function observedAttributes() {
  return [...ATTRIBUTES];
}

class CandorStatus extends HTMLElement {
  static get observedAttributes() {
    return ATTRIBUTES;
  }

  #root;
  #widget = null;
  #kind = null;
  // Counts mounts, so that a load that finishes after the element moved on is ignored.
  #generation = 0;
  #connected = false;

  constructor() {
    super();
    const shadow = this.attachShadow({ mode: "open" });
    this.#root = document.createElement("div");
    shadow.append(this.#root);
  }

  #mount() {
    const kind = kindOf(this.getAttribute("src"));
    const generation = ++this.#generation;
    this.#kind = kind;
    load(kind).then(({ glue, sheet }) => {
      if (!this.#connected || generation !== this.#generation || this.#widget) return;
      this.shadowRoot.adoptedStyleSheets = [sheet];
      this.#widget = glue.mount(this, this.#root);
    }).catch((error) => {
      // A guest never breaks its host: say why in the console and stay empty.
      console.error("<candor-status> could not start:", error);
    });
  }

  #unmount() {
    this.#generation++;
    this.#kind = null;
    if (this.#widget) {
      this.#widget.destroy();
      this.#widget.free();
      this.#widget = null;
    }
  }

  connectedCallback() {
    this.#connected = true;
    if (!this.#widget) this.#mount();
  }

  disconnectedCallback() {
    this.#connected = false;
    this.#unmount();
  }

  attributeChangedCallback(name) {
    if (!this.#connected) return;
    // A `src` of the other kind needs the other build: start again with it.
    if (name === "src" && kindOf(this.getAttribute("src")) !== this.#kind) {
      this.#unmount();
      this.#mount();
      return;
    }
    this.#widget?.attributesChanged();
  }
}

if (!customElements.get("candor-status")) {
  customElements.define("candor-status", CandorStatus);
}

export { CandorStatus, load, kindOf, observedAttributes };
