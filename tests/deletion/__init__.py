"""Tests of the pure deletion core."""
