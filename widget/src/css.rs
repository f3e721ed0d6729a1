//! The stylesheet as shipped: `style.css` without its comments and layout whitespace.
//!
//! `build.rs` runs this on `src/style.css` (every build, so the tests see what pages get) and
//! [`crate::stylesheet`] embeds the result: the comments explain the source, not the wasm.
//! Only changes that keep the CSS's meaning: a comment counts as whitespace (it separates
//! tokens), a run of whitespace becomes one space, and that space goes only where it cannot
//! matter, next to `{ } ; ,`. Spaces around `:` or combinators stay (`a :hover` is not
//! `a:hover`); strings are copied as they are.

/// `css` minified as above.
pub fn minify(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    // Whitespace (or a comment) seen since the last character written.
    let mut space = false;
    while let Some(c) = chars.next() {
        if c == '/' && chars.peek() == Some(&'*') {
            chars.next();
            let mut last = ' ';
            for c in chars.by_ref() {
                if last == '*' && c == '/' {
                    break;
                }
                last = c;
            }
            space = true;
            continue;
        }
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() && !ends_freely(&out) && !is_free(c) {
            out.push(' ');
        }
        space = false;
        if c == '}' && out.ends_with(';') {
            out.pop();
        }
        out.push(c);
        if c == '"' || c == '\'' {
            while let Some(s) = chars.next() {
                out.push(s);
                if s == '\\' {
                    if let Some(escaped) = chars.next() {
                        out.push(escaped);
                    }
                } else if s == c {
                    break;
                }
            }
        }
    }
    out
}

/// Punctuation that needs no space on either side.
fn is_free(c: char) -> bool {
    matches!(c, '{' | '}' | ';' | ',')
}

fn ends_freely(out: &str) -> bool {
    out.chars().next_back().is_some_and(is_free)
}

#[cfg(test)]
mod tests {
    use super::minify;

    #[test]
    fn comments_and_layout_whitespace_go() {
        let css = "/* theme */\n.a ,\n.b {\n  color: red;\n  /* why */\n  margin: 0 auto ;\n}\n";
        assert_eq!(minify(css), ".a,.b{color: red;margin: 0 auto}");
    }

    #[test]
    fn a_comment_still_separates_tokens() {
        assert_eq!(minify(".a/**/.b{}"), ".a .b{}");
        assert_eq!(minify("margin:0/* x */auto"), "margin:0 auto");
    }

    #[test]
    fn spaces_that_carry_meaning_stay() {
        // A descendant `:hover` is not the element's own, nor `a > b` worse for its spaces.
        assert_eq!(minify(".a :hover { }"), ".a :hover{}");
        assert_eq!(minify(".a > .b  .c{}"), ".a > .b .c{}");
        assert_eq!(
            minify("@media (max-width: 40em) {\n .a { x: 1 }\n}"),
            "@media (max-width: 40em){.a{x: 1}}"
        );
    }

    #[test]
    fn strings_are_copied_as_they_are() {
        let css = ".a::before { content: \"  /* not a comment */ ; } \\\" \"; font: 'Segoe  UI' }";
        assert_eq!(
            minify(css),
            ".a::before{content: \"  /* not a comment */ ; } \\\" \";font: 'Segoe  UI'}"
        );
    }

    #[test]
    fn the_shipped_stylesheet_keeps_every_rule() {
        let source = include_str!("style.css");
        let shipped = minify(source);
        assert!(shipped.len() < source.len());
        assert_eq!(shipped.matches('{').count(), source.matches('{').count());
        assert_eq!(shipped.matches('}').count(), source.matches('}').count());
        assert!(!shipped.contains("/*"));
        assert_eq!(shipped, crate::stylesheet());
    }
}
