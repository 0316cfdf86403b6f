"""Build and check scripts behind the Makefile (not part of the d2lutils library)."""
