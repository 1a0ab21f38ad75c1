"""Ranking quality on the real resumes, side by side with a plain BM25F baseline."""
