"""Policies: how long each category may be kept, with whom it may be shared, where it may reside.

* :mod:`~piiscan.policy.load` — the YAML policy file, validated with line numbers in every error
* :mod:`~piiscan.policy.rules` — the policy as typed rules (data rules, asset rules)
* :mod:`~piiscan.policy.check` — undeclared, sharing, hashing, retention and residency checks
* :mod:`~piiscan.policy.retention` — old rows counted in the database or from Parquet statistics
* :mod:`~piiscan.policy.model` — the violation record every check produces
"""
