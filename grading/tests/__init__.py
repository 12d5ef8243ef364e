"""Tests of the grading app."""
