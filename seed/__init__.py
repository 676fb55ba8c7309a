"""Reference data (catalog, sectors, providers, measure lists) and the synthetic city."""
