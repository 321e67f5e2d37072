"""Policies: how long each category may be kept, with whom it may be shared, where it may reside.

:mod:`~piiscan.policy.model` holds the violation record every check produces.
"""
