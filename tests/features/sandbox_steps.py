"""zh-CN steps of the audit sandbox's replay checks (issue 15)."""
