//! Demo newsroom (filled in below).
