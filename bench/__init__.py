"""Benchmarks. Never run by ``make test``; each reports ratios measured side by side."""
