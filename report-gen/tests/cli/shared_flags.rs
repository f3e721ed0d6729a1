//! The flags `post` and `serve` share: one definition, the same names in both.

use crate::Scratch;

#[test]
fn post_and_serve_take_the_posts_flags_by_the_same_names() {
    let scratch = Scratch::empty();
    let post = scratch.run(&["post", "--help"]).stdout();
    let serve = scratch.run(&["serve", "--help"]).stdout();
    for flag in [
        "--window",
        "--support",
        "--intro",
        "--next",
        "--template",
        "--front-matter",
    ] {
        assert!(post.contains(flag), "post --help lacks {flag}:\n{post}");
        assert!(serve.contains(flag), "serve --help lacks {flag}:\n{serve}");
    }
    // The names `serve` gave them first still work.
    assert!(serve.contains("post-support"), "{serve}");
}

#[test]
fn serve_refuses_the_posts_files_without_a_month_to_report() {
    let scratch = Scratch::empty();
    scratch.write("data/incidents.csv", "id,title,impact,started_at\n");
    scratch.write("intro.md", "Hello\n");
    for flag in ["--intro", "--post-intro"] {
        let run = scratch.run(&["serve", "--port", "0", flag, "intro.md", "data"]);
        assert_eq!(run.code(), 1, "{}", run.stderr());
        assert!(
            run.stderr().contains("need --post-month"),
            "{}",
            run.stderr()
        );
    }
}
