// The embed builder: the form's choices become a live preview and the snippet to paste, either
// the script and element or an iframe of frame.html. Everything is built with DOM methods and
// textContent; nothing the user types is ever parsed as HTML on this page.

import { WIDGET_ATTRIBUTES, escapeAttribute } from "./widget-attributes.js";

const DEFAULTS = { view: "full", theme: "auto", days: "90", components: "", locale: "" };
/** Iframe heights that fit each view without a scrollbar on a desktop column. */
const FRAME_HEIGHTS = { full: 1100, compact: 180, badge: 56, banner: 56 };

const form = document.getElementById("builder");
const preview = document.getElementById("preview");
const snippet = document.getElementById("snippet");
const copyButton = document.getElementById("copy");
const copyStatus = document.getElementById("copy-status");
const componentsInput = document.getElementById("components");
const componentChoices = document.getElementById("component-choices");

const widget = document.createElement("candor-status");
// The site's theme switch leaves this one alone: its theme is the form's.
widget.dataset.ownTheme = "";
preview.append(widget);

/** The widget attributes the form asks for, defaults left out, in the widget's order. */
function chosenAttributes() {
  const data = new FormData(form);
  const chosen = {
    src: String(data.get("src") ?? "").trim(),
    view: String(data.get("view") ?? DEFAULTS.view),
    theme: String(data.get("theme") ?? DEFAULTS.theme),
    days: String(data.get("days") ?? DEFAULTS.days).trim(),
    components: String(data.get("components") ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== "")
      .join(","),
    locale: String(data.get("locale") ?? ""),
  };
  const attributes = [];
  for (const name of WIDGET_ATTRIBUTES) {
    const value = chosen[name];
    if (value === undefined || value === "" || value === DEFAULTS[name]) {
      continue;
    }
    attributes.push([name, value]);
  }
  return attributes;
}

/** The source as an absolute URL, so the snippet works on any other site. */
function absolute(url) {
  try {
    return new URL(url, location.href).href;
  } catch {
    return url;
  }
}

function scriptSnippet(attributes) {
  const script = absolute("/widget/candor.js");
  const attrs = attributes
    .map(([name, value]) => {
      const v = name === "src" ? absolute(value) : value;
      return ` ${name}="${escapeAttribute(v)}"`;
    })
    .join("");
  return `<script type="module" src="${escapeAttribute(script)}"></script>\n<candor-status${attrs}></candor-status>`;
}

function iframeSnippet(attributes) {
  const frame = new URL("/frame.html", location.href);
  for (const [name, value] of attributes) {
    frame.searchParams.set(name, name === "src" ? absolute(value) : value);
  }
  const view = attributes.find(([name]) => name === "view")?.[1] ?? DEFAULTS.view;
  const height = FRAME_HEIGHTS[view] ?? FRAME_HEIGHTS.full;
  return `<iframe src="${escapeAttribute(frame.href)}" title="Service status" width="100%" height="${height}" loading="lazy"></iframe>`;
}

function update() {
  const attributes = chosenAttributes();
  const present = new Set(attributes.map(([name]) => name));
  for (const name of WIDGET_ATTRIBUTES) {
    if (!present.has(name)) {
      widget.removeAttribute(name);
    }
  }
  if (!present.has("theme")) {
    // Explicit, not left out: the preview should not follow the site's theme switch.
    widget.setAttribute("theme", DEFAULTS.theme);
  }
  for (const [name, value] of attributes) {
    if (widget.getAttribute(name) !== value) {
      widget.setAttribute(name, value);
    }
  }
  const kind = new FormData(form).get("kind");
  snippet.textContent = kind === "iframe" ? iframeSnippet(attributes) : scriptSnippet(attributes);
  copyStatus.textContent = "";
}

/** Offers the source's components as checkboxes, when the source can be read from here. */
let listedFor = null;
async function listComponents() {
  const src = componentsSource();
  if (src === listedFor) {
    return;
  }
  listedFor = src;
  componentChoices.replaceChildren();
  if (!src) {
    return;
  }
  let components = [];
  try {
    const response = await fetch(src, { headers: { Accept: "application/json" } });
    if (!response.ok) {
      return;
    }
    const doc = await response.json();
    if (Array.isArray(doc?.components)) {
      components = doc.components
        .filter((c) => c && typeof c.id === "string" && typeof c.name === "string")
        .filter((c) => !c.group); // Statuspage lists groups as components too.
    }
  } catch {
    // Another host without CORS, or not JSON: the text field still works.
    return;
  }
  if (src !== listedFor) {
    return;
  }
  const selected = new Set(componentsInput.value.split(",").map((s) => s.trim()));
  for (const component of components) {
    const label = document.createElement("label");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.value = component.id;
    box.checked = selected.has(component.id);
    box.addEventListener("change", () => {
      const ids = [...componentChoices.querySelectorAll("input:checked")].map((b) => b.value);
      componentsInput.value = ids.join(",");
      update();
    });
    label.append(box, document.createTextNode(component.name));
    componentChoices.append(label);
  }
}

/** The JSON document that lists the components: the feed itself, or a Statuspage summary. */
function componentsSource() {
  const src = String(new FormData(form).get("src") ?? "").trim();
  if (!src) {
    return "";
  }
  const url = absolute(src);
  // An incident.io widget API lists only the components of what is open: none to offer.
  if (/\/api\/v1\/summary\/*$/.test(url.split(/[?#]/)[0])) {
    return "";
  }
  if (url.endsWith(".json")) {
    return url.replace(/incidents\.json$/, "summary.json");
  }
  return `${url.replace(/\/$/, "")}/api/v2/summary.json`;
}

copyButton.addEventListener("click", async () => {
  try {
    await navigator.clipboard.writeText(snippet.textContent);
    copyStatus.textContent = "Copied.";
  } catch {
    // No clipboard access (an older browser, or a denied permission): select the text instead.
    const range = document.createRange();
    range.selectNodeContents(snippet);
    const selection = getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    copyStatus.textContent = "Selected: press Ctrl+C (or ⌘C) to copy.";
  }
});

form.addEventListener("input", update);
form.addEventListener("change", update);
form.addEventListener("submit", (event) => event.preventDefault());
document.getElementById("src").addEventListener("change", listComponents);

update();
listComponents();
