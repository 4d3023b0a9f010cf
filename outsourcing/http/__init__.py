"""Request handling shared by the pages and the API (middleware)."""
