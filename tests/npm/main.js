// What a web developer writes after `npm install candor-status`: import the package, and the
// element is defined.
import { CandorStatus, kindOf } from "candor-status";

// What the test reads: the status changes the widgets announced, policy violations, and
// whether the package's exports are the ones the element uses.
window.__changes = [];
window.__violations = [];
document.addEventListener("candor-status-change", (event) => {
  window.__changes.push({ id: event.target.id, ...event.detail });
});
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
window.__defined = customElements.get("candor-status") === CandorStatus;
window.__kinds = [kindOf("/feed.json"), kindOf("/statuspage/api/v2/summary.json")];
