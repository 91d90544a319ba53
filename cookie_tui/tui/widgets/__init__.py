"""Widgets of the cookie-tui app."""
