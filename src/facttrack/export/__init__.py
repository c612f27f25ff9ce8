"""Export formats beyond rows: schema.org ClaimReview."""
