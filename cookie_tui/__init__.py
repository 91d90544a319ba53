"""cookie-tui: see, understand and safely delete what a website stored in your browsers."""

__version__ = "0.1.0"
