"""Use cases over a database session. Plain data in, plain data out. No Qt."""
