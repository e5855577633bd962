-- Per-member token buckets (RateLimits), here rather than in each replica's memory, so that every
-- replica of the chat draws from the same bucket: a member gets the limit once, however many
-- replicas serve them. A bucket is its tokens at updated_at; the refill is computed at each take.
CREATE TABLE chat_rate_limit (
    subject    text             NOT NULL,
    action     text             NOT NULL,
    tokens     double precision NOT NULL,
    updated_at timestamptz      NOT NULL,
    PRIMARY KEY (subject, action)
);
-- the purge's look-up of buckets idle long enough to be full again
CREATE INDEX chat_rate_limit_idle ON chat_rate_limit (updated_at);
