"""Messaging channels, one folder per channel type, engine-agnostic (see base)."""
