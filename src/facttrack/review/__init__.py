"""Review of figures and claims: statuses, corrections and the audit trail; re-extraction."""
