"""``python -m piiscan``."""

from piiscan.cli import main

main()
