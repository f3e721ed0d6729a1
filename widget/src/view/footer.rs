//! "Updated 2 min ago", a warning when the data could not be updated or is stale, and the link
//! to the status page.

use yew::prelude::*;

use super::icons::{icon, WARNING};
use crate::i18n::Text;
use crate::intl::Formats;

/// The footer's texts.
pub struct FooterProps {
    /// "Updated 2 min ago", once data has arrived.
    pub updated: Option<AttrValue>,
    /// Why the data shown may be old.
    pub warning: Option<Text>,
    /// The status page.
    pub link: Option<AttrValue>,
}

/// The footer: a plain function of the root's render, not a component (no state, no hook; a
/// component costs the wasm about 2 KB). Yew's diff leaves its DOM alone while its texts are
/// the same.
pub fn footer(f: &Formats, props: FooterProps) -> Html {
    html! {
        <footer class="footer">
            if let Some(updated) = props.updated {
                <span class="updated">{ updated }</span>
            }
            if let Some(warning) = props.warning {
                <span class="warning" role="status">{ icon(WARNING) }{ f.lang.text(warning) }</span>
            }
            if let Some(href) = props.link {
                <a class="link" {href} target="_blank" rel="noopener noreferrer">
                    { f.lang.text(Text::ViewStatusPage) }
                </a>
            }
        </footer>
    }
}
