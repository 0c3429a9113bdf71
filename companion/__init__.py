"""Companion: a private desktop companion for ketamine-assisted psychotherapy."""

__version__ = "0.1.0"
