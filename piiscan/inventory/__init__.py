"""Inventories: findings rolled up to assets and containers, classified, escalated, compared.

* :mod:`~piiscan.inventory.model` — the records (contract section 4) and the asset/container view
* :mod:`~piiscan.inventory.build` — findings -> assets -> containers, with escalations applied
* :mod:`~piiscan.inventory.escalation` — the escalation rules (data, overridable)
* :mod:`~piiscan.inventory.io` — JSON, CSV and Parquet files, written and read back
* :mod:`~piiscan.inventory.compare` — what is new, gone or changed since an older inventory
* :mod:`~piiscan.inventory.html` — the self-contained HTML report
"""
