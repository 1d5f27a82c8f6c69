// The Metastore module. See docs/ and ../shared/DESIGN.md for its role.
