"""Whole-process speed and memory figures, each against a bare Qt window (``make bench``)."""
