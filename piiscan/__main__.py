"""``python -m piiscan``."""

from piiscan.entry import main

main()
