"""Benchmarks for Repair Desktop: ``python3 -m benchmarks [--scale N] [--quick]``; see README "Performance"."""
