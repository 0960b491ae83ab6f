"""What every public form of the site checks the same way (a plain package, a bottom room).

- `ratelimit`: counting attempts per client address or identity in Django's cache, and guesses
  at a tracking number per (number, address);
- `validators`: free text with no markup or control characters, phone numbers;
- `uploads`: an upload is of an allowed type, within its size, and really that type.

The applications and interaction forms both use these; each app keeps its own limits (how many,
how large) in its conf.py.
"""
