"""The cooperation register: cooperations from reports, merged across places and years."""
