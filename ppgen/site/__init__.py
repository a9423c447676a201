"""The site plan and every page it publishes."""
