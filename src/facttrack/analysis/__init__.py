"""Analysis over stored figures: pure functions over rows (series, intervals, discrepancies)."""
