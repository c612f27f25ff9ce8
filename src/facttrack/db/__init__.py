"""Storage: SQLAlchemy models, automatic migrations, storing extractions, queries."""
