"""The services' payloads: TypedDicts with the APIs' own names, constants, pure readers (no I/O)."""
