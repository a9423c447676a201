"""The build: parse, compare and render in worker processes, the cache, the preview's rebuild."""
