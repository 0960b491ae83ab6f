"""What every public form of the site checks the same way (a plain package, a bottom room).

- `ratelimit`: counting attempts per client address or identity in Django's cache;
- `validators`: free text with no markup or control characters, phone numbers;
- `uploads`: an upload is of an allowed type, within its size, and really that type.

The applications form came first with its own copies (applications/ratelimit.py,
applications/validators.py, ApplicationFieldsMixin.clean_attachment); the interaction app uses
these. Moving applications onto them is left to one change of its own.
"""
