"""Validation protocols for trainable systems: k-fold cross-validation by document."""
