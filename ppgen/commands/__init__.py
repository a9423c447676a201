"""The command line and each command."""
