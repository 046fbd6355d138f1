"""Helpers the tests share: shops built through the store, racing PCs, live windows, widget drivers."""
