// The attributes <candor-status> reads, shared by the embed builder and frame.html so that a
// snippet and a frame can only ever say what the widget understands.

export const WIDGET_ATTRIBUTES = [
  "src",
  "view",
  "days",
  "components",
  "theme",
  "locale",
  "time-zone",
  "refresh",
  "max-incidents",
  "link",
];

/** Escapes a value for a double-quoted HTML attribute. */
export function escapeAttribute(value) {
  return String(value)
    .replaceAll("&", "&amp;")
    .replaceAll('"', "&quot;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;");
}
