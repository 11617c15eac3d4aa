"""Lecture content: one file per scene (its class, its beats, its layout)."""
