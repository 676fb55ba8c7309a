"""zh-CN steps of the investigators' workbench (issue 14)."""
