"""Keys and digests that let the record prove itself (no Qt, no database)."""
