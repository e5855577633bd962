-- What a group's owners and moderators decided about someone, kept apart from the membership:
-- leaving and joining an open group again clears neither a mute nor a removal.
CREATE TABLE chat_group_sanction (
    conversation_id uuid        NOT NULL REFERENCES chat_conversation (id) ON DELETE CASCADE,
    subject         text        NOT NULL,
    -- cannot post in the group until then
    muted_until     timestamptz,
    -- taken out by an owner or moderator: joins again only when invited again
    removed_at      timestamptz,
    decided_by      text        NOT NULL,
    PRIMARY KEY (conversation_id, subject)
);

-- the mutes set before this table, which lived on the membership only
INSERT INTO chat_group_sanction (conversation_id, subject, muted_until, decided_by)
SELECT conversation_id, subject, muted_until, 'V8 migration' FROM chat_membership
 WHERE muted_until > now();
