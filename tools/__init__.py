"""Development tools: mutation testing of the rules, project rules for the Gherkin linter."""
