"""Keys the accounts app keeps in a staff member's session."""

LAST_ACTIVITY = "accounts_last_activity"  # time.time() of the last request the person made
LOGIN_METHOD = "accounts_login_method"  # "password" or "certificate"
