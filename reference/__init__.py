"""Reference implementations and known-mistake variants. Host side only: never in a sandbox."""
