"""Lexicons and patterns, kept as data files and loaded once (see facttrack.lexicon)."""
