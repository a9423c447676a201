"""The content folder and its git history into a validated Site."""
