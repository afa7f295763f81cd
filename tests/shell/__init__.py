"""Tests of the Home Assistant shell's inner modules."""
