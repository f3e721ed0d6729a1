//! One module per subcommand, each with its `Args` and its `run`.

pub mod badge;
pub mod check;
pub mod feed;
pub mod post;
pub mod pull;
pub mod serve;
