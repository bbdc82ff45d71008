"""Pure legal rules: time limits, calculators. No Qt, no database."""
