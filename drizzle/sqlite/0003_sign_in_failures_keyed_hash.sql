-- Throttle rows are now keyed by a keyed hash of the account name, never the name typed (often a password
-- typed in the wrong box). The old rows held those names readable; they are only 24 hours of delay state.
DELETE FROM `sign_in_failures`;
