-- A device's Web Push subscription (a browser's PushSubscription): the push service's endpoint,
-- and the device's key and secret the payload is encrypted for (RFC 8291). One row per endpoint:
-- subscribing the same endpoint again updates it, and a device handed to another member moves
-- with a new id. Removed when the push service answers 404 or 410 (the device unsubscribed).
CREATE TABLE chat_push_subscription (
    id         uuid        PRIMARY KEY,
    subject    text        NOT NULL REFERENCES chat_member (subject),
    endpoint   text        NOT NULL UNIQUE,
    -- the device's uncompressed P-256 public key (65 bytes) and authentication secret (16 bytes)
    p256dh     bytea       NOT NULL CHECK (length(p256dh) = 65),
    auth       bytea       NOT NULL CHECK (length(auth) = 16),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX chat_push_subscription_subject ON chat_push_subscription (subject);
