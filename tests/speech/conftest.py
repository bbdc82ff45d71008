"""Speech fixtures live in tests/conftest.py (the UI tests use them too)."""
