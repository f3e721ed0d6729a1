//! The widget's feed parser (`candor_sources::feed::parse`), on any bytes from the network.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(feed) = candor_sources::feed::parse(bytes) {
        // What the parser accepts, the writer writes back in a form the parser accepts.
        let json = candor_core::feed::to_json(&feed);
        if json.len() <= candor_core::feed::MAX_FEED_BYTES {
            let again = candor_sources::feed::parse(json.as_bytes());
            assert!(again.is_ok(), "a re-written feed must parse: {again:?}");
        }
    }
});
