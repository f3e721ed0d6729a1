//! The root component's hooks onto the browser: the shared source and its refresh loop, the
//! widget's clock, and its width.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::store::{self, SourceState};

/// What a render shows of a source's state besides its data: its generation, whether the
/// last update failed, and whether the data is stale now. A change of anything else (a 304,
/// the same bytes again) renders nothing.
fn shown(state: Option<&SourceState>, refresh_secs: u32) -> Option<(u64, bool, bool)> {
    let now_ms = js_sys::Date::now();
    state.map(|s| {
        let stale = s
            .last_success_ms
            .is_some_and(|ms| crate::schedule::is_stale(refresh_secs, (now_ms - ms) / 1000.0));
        (s.generation, s.error.is_some(), stale)
    })
}

/// How often the widget renders without new data, for the times it shows ("2 min ago").
const CLOCK_MS: u32 = 20_000;

/// Subscribes to the source at `url` (absolute) for as long as the component lives or until
/// the URL or the interval change; the state it last rendered. The component renders again
/// when what it shows of the state changed, and every 20 seconds.
#[hook]
pub fn use_source(url: Option<String>, refresh_secs: u32) -> Option<SourceState> {
    let state = use_mut_ref(|| None::<SourceState>);
    let render = use_force_update();
    {
        let state = Rc::clone(&state);
        use_effect_with((url, refresh_secs), move |(url, refresh_secs)| {
            let refresh_secs = *refresh_secs;
            let tick = render.clone();
            let read = {
                let (state, url) = (Rc::clone(&state), url.clone());
                move || {
                    let new = url.as_deref().and_then(store::state);
                    let before = shown(state.borrow().as_ref(), refresh_secs);
                    let changed = shown(new.as_ref(), refresh_secs) != before;
                    *state.borrow_mut() = new;
                    if changed {
                        render.force_update();
                    }
                }
            };
            let subscription = url.as_deref().map(|url| {
                let read = read.clone();
                store::subscribe(url, refresh_secs, Callback::from(move |()| read()))
            });
            // Another widget may have brought the data already.
            read();
            // The clock: "Updated 2 min ago" and the stale warning move on without new data.
            // In this effect rather than one of its own: each effect is its own copy of the
            // hook in the wasm.
            let clock =
                gloo::timers::callback::Interval::new(CLOCK_MS, move || tick.force_update());
            move || drop((subscription, clock))
        });
    }
    let current = state.borrow().clone();
    current
}

/// How many day bars fit the width of `node` for `requested` days
/// ([`shown_days`](crate::format::shown_days)), watched with a `ResizeObserver`. A change of
/// width that keeps the number (a scrollbar appearing once the feed is drawn, say) renders
/// nothing.
#[hook]
pub fn use_shown_days(node: NodeRef, requested: u32) -> u32 {
    let width = use_mut_ref(|| 0.0_f64);
    let render = use_force_update();
    {
        let width = Rc::clone(&width);
        use_effect_with(requested, move |&requested| {
            let observer = node.cast::<web_sys::Element>().and_then(|element| {
                let closure =
                    Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
                        let new = entries
                            .get(0)
                            .dyn_into::<web_sys::ResizeObserverEntry>()
                            .map(|e| e.content_rect().width())
                            .unwrap_or(0.0);
                        let old = width.replace(new);
                        let days = |w| crate::format::shown_days(requested, w);
                        if days(new) != days(old) {
                            render.force_update();
                        }
                    });
                let observer =
                    web_sys::ResizeObserver::new(closure.as_ref().unchecked_ref()).ok()?;
                observer.observe(&element);
                Some((observer, closure))
            });
            move || {
                if let Some((observer, _closure)) = observer {
                    observer.disconnect();
                }
            }
        });
    }
    let width: f64 = *RefCell::borrow(&width);
    crate::format::shown_days(requested, width)
}
