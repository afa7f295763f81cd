"""Tests of the pure tracking core."""
