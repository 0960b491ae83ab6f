"""Staff accounts and logins (等保 2.0): lockout, login audit, password policy, idle timeout,
the second factor, and the separation of the three administrators (三员分立)."""
