"""The operators' command-line tool, ``credit``."""
