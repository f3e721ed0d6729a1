// Type-checked with `tsc --noEmit` against the package's `.d.ts` (tests/e2e/npm.rs): a use
// of the element as a TypeScript developer writes it, and uses the types must refuse.
import { CandorStatus, kindOf, type CandorStatusAttributes } from "candor-status";

const element = document.querySelector("candor-status");
if (element) {
  const status: CandorStatus = element;
  status.addEventListener("candor-status-change", (event) => {
    const indicator: "critical" | "major" | "minor" | "maintenance" | "none" = event.detail.indicator;
    const description: string = event.detail.description;
    console.log(indicator, description);
  });
}
document.addEventListener("candor-status-change", (event) => console.log(event.detail.indicator));
const created: CandorStatus = document.createElement("candor-status");
const attributes: CandorStatusAttributes = { src: "/feed.json", view: "compact", "time-zone": "Europe/Berlin", days: 30 };
const kind: "feed" | "statuspage" | "incidentio" = kindOf(attributes.src);
console.log(created, kind, CandorStatus.observedAttributes);

// @ts-expect-error: not a view the element has
const wrongView: CandorStatusAttributes = { view: "sidebar" };
// @ts-expect-error: not an attribute the element has
const wrongAttribute: CandorStatusAttributes = { colour: "red" };
document.addEventListener("candor-status-change", (event) => {
  // @ts-expect-error: the detail has no such field
  console.log(event.detail.uptime);
});
console.log(wrongView, wrongAttribute);
