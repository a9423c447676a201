"""ppgen: a static site generator for versioned legal policies."""

__version__ = "0.1.0"
