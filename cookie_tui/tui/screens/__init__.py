"""Screens and modals of the cookie-tui app."""
