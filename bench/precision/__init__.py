"""Whole-list precision and recall on the demo organisation, whose generator knows the truth."""
