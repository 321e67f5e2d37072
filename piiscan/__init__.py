"""piiscan: find and classify personal data in files, repositories and tables."""

__version__ = "0.1.0"
