"""ppgen: a static site generator for versioned legal policies."""

# The one place the version is written: the wheel's metadata (hatch's dynamic version) and
# `ppgen --version` both read it here.
__version__ = "0.1.0"
