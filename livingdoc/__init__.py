"""Living documentation: the regulation, article by article, with the scenarios that encode it."""
