-- A member's block of another: the blocked member cannot message the blocker directly, and the
-- blocker's devices get nothing live from the blocked one (typing, recording, messages).
CREATE TABLE chat_block (
    blocker    text        NOT NULL REFERENCES chat_member (subject),
    blocked    text        NOT NULL REFERENCES chat_member (subject),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (blocker, blocked),
    CHECK (blocker <> blocked)
);
CREATE INDEX chat_block_blocked ON chat_block (blocked);
