"""The Textual app; the only package of cookie-tui that imports Textual."""
