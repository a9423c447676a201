"""`ppgen import`."""
