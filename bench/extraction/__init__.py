"""Extraction quality: share of words found against independent references, and ms per file."""
