"""The NER tier: person names and addresses in prose (``--ner``, ``piiscan[ner]``).

Importing this package is cheap; the taggers import their models only when they are built.
"""
