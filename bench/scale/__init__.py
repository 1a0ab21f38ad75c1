"""Speed and scale: a synthetic share generator and the indexing/query/HTTP bench."""
