"""Two versions compared, each module using the ones before it."""
