"""The hearing workspace (庭审工作台): procedure guide, element table, summaries, calculators."""
