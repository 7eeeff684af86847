-- Wrong second-factor codes given in a half-logged-in session: the session
-- ends after a few (issue 9).
ALTER TABLE sessions ADD COLUMN code_failures INTEGER NOT NULL DEFAULT 0;
-- The key-ring key that encrypts totp_secret; 0 for none (or a plaintext
-- secret from before encryption, re-encrypted at start).
ALTER TABLE users ADD COLUMN totp_key BIGINT NOT NULL DEFAULT 0;
-- Remembered devices: one random token per browser and account, stored
-- hashed, replaced at every use, revocable.
CREATE TABLE device_tokens (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP NOT NULL
);
CREATE INDEX device_tokens_user ON device_tokens(user_id);
CREATE INDEX login_throttle_window ON login_throttle(window_start);
