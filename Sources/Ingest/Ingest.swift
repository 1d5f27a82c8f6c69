// The Ingest module. See docs/ and ../shared/DESIGN.md for its role.
