"""Infrastructure the settings point at (cache backends)."""
