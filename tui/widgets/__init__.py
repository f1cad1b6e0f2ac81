"""Widgets: the text view, its layout, and the annotation list."""
