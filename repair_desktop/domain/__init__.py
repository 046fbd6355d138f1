"""The shop's rules as plain Python: no Qt and no SQL, so every layer can share them."""
