"""Benchmarks: ranking quality (bench.quality) and speed at scale (bench.scale)."""
