// Types for <candor-status>, the element `candor.js` defines when imported.

/** The overall status of a page, worst first: what `candor-status-change` reports. */
export type CandorIndicator = "critical" | "major" | "minor" | "maintenance" | "none";

/** `event.detail` of `candor-status-change`. */
export interface CandorStatusChangeDetail {
  indicator: CandorIndicator;
  /** The status in words, as the source gives it ("All Systems Operational"). */
  description: string;
}

/** Dispatched (bubbling, composed) when the overall status differs from the last one shown; the first data counts as a change. */
export type CandorStatusChangeEvent = CustomEvent<CandorStatusChangeDetail>;

/**
 * The element's attributes, all strings in HTML; each takes effect when changed later.
 * For JSX and template type checkers: `{ "candor-status": CandorStatusAttributes }`.
 */
export interface CandorStatusAttributes {
  /** A Candor feed's URL, or a Statuspage page (`https://www.githubstatus.com`) or its `/api/v2/summary.json` or `/api/v2/incidents.json`, or an incident.io page's widget API (`https://status.example.com/api/v1/summary`). */
  src?: string;
  /**
   * `full` (default), `compact` (status line and bars), `badge` (a one-line pill) or `banner`
   * (a one-line bar only while an incident is open or a maintenance in progress).
   */
  view?: "full" | "compact" | "badge" | "banner";
  /** Days of uptime bars (default 90; fewer on narrow screens). */
  days?: string | number;
  /** Comma-separated ids or names of the components to show (default: all). */
  components?: string;
  /** `auto` (default, follows `prefers-color-scheme`), `light` or `dark`. */
  theme?: "auto" | "light" | "dark";
  /** `en`, `de`, `fr` or `es` (default: the browser's). */
  locale?: string;
  /** An IANA time zone for the times shown (default: the viewer's). */
  "time-zone"?: string;
  /** Seconds between refreshes (default 60; never under 10 nor under the feed's `max-age`); `0` turns refreshing off. */
  refresh?: string | number;
  /** Incidents in the history (default 10). */
  "max-incidents"?: string | number;
  /** Where "View status page" goes (default: the page's URL in the data). */
  link?: string;
}

/** The attributes' names, in the order `observedAttributes` lists them. */
export type CandorStatusAttributeName = keyof CandorStatusAttributes;

/** The `<candor-status>` element. Set its attributes with `setAttribute`. */
export declare class CandorStatus extends HTMLElement {
  static readonly observedAttributes: CandorStatusAttributeName[];
  addEventListener<K extends keyof CandorStatusEventMap>(
    type: K,
    listener: (this: CandorStatus, event: CandorStatusEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions,
  ): void;
  removeEventListener<K extends keyof CandorStatusEventMap>(
    type: K,
    listener: (this: CandorStatus, event: CandorStatusEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | EventListenerOptions,
  ): void;
}

/** The element's events, with those every HTML element has. */
export interface CandorStatusEventMap extends HTMLElementEventMap {
  "candor-status-change": CandorStatusChangeEvent;
}

/** Which of the three builds reads a `src`: `incidentio` for an incident.io page's widget API (`…/api/v1/summary`), `statuspage` for a Statuspage page or API document, else `feed`. */
export declare function kindOf(src: string | null | undefined): "feed" | "statuspage" | "incidentio";

/** Loads (once per page) the build for a kind of source; resolves when it is compiled. */
export declare function load(kind?: "feed" | "statuspage" | "incidentio"): Promise<unknown>;

/** The observed attributes' names. */
export declare function observedAttributes(): CandorStatusAttributeName[];

declare global {
  interface HTMLElementTagNameMap {
    "candor-status": CandorStatus;
  }
  interface DocumentEventMap {
    /** `candor-status-change` bubbles out of the element's shadow root to the document. */
    "candor-status-change": CandorStatusChangeEvent;
  }
}
