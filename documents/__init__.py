"""Documents the platform issues: the credit report (Art. 25)."""
