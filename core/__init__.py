"""Cross-cutting pieces shared by every part of the platform: settings and errors."""
