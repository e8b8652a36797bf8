"""Tools for developers: synthetic variants of real documents for benchmarks and tests."""
