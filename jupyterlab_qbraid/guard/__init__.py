"""The key leak guard: known keys kept out of saved notebooks (guard), a scan of Lab's folder
for them (scan), the matching and redaction both use (redaction), and the keys themselves
(known_keys)."""
