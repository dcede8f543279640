//! Parsers for free-text answers, one module per concept. Each takes text (N form is computed inside)
//! and returns a typed interpretation or `None`; none of them panics on any input.

pub mod text;
