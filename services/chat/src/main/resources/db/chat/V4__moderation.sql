-- Reports by members, for the community's moderators; and what moderators can do.
CREATE TABLE chat_report (
    id              uuid        PRIMARY KEY,
    reporter        text        NOT NULL REFERENCES chat_member (subject),
    reported        text        NOT NULL REFERENCES chat_member (subject),
    conversation_id uuid        REFERENCES chat_conversation (id) ON DELETE SET NULL,
    message_seq     bigint,
    reason          text        NOT NULL,
    state           text        NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'resolved')),
    resolution      text,
    resolved_by     text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    resolved_at     timestamptz
);
CREATE INDEX chat_report_open ON chat_report (created_at) WHERE state = 'open';

-- banned: out of the community (every request 403), with the moderator's reason
ALTER TABLE chat_member ADD COLUMN banned_at timestamptz, ADD COLUMN ban_reason text;
-- muted: reads but cannot post in this conversation until then
ALTER TABLE chat_membership ADD COLUMN muted_until timestamptz;
-- removed: the message keeps its number (sync stays gapless), its audio is deleted
ALTER TABLE chat_message ADD COLUMN removed_at timestamptz, ADD COLUMN removed_by text;
