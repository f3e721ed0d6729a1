// frame.html: builds one <candor-status> from the query string, for blogs that embed the
// widget as an iframe. Only the widget's own attributes are copied, with setAttribute, so a
// crafted link cannot add markup or handlers to the page.

import { WIDGET_ATTRIBUTES } from "./widget-attributes.js";

const params = new URLSearchParams(location.search);
if (!params.get("src")) {
  const message = document.createElement("p");
  message.className = "frame-error";
  message.textContent = "This frame needs a feed: frame.html?src=https://example.com/feed.json";
  document.body.append(message);
} else {
  const widget = document.createElement("candor-status");
  for (const name of WIDGET_ATTRIBUTES) {
    const value = params.get(name);
    if (value !== null && value !== "") {
      widget.setAttribute(name, value);
    }
  }
  document.body.append(widget);
}
