-- The chat tables of one tenant, in the tenant's own schema and owned by its role, beside the
-- recommendation tables (which have their own history table): PostgreSQL itself keeps one
-- tenant's members and messages from another's. Every name starts with chat_ so that neither
-- set of migrations can collide with the other.

-- A person of the tenant's community, known by the subject of their tokens.
CREATE TABLE chat_member (
    subject      text        PRIMARY KEY,
    username     text        NOT NULL,
    -- admitted: may chat; pending: waits for verification; rejected: verification refused
    status       text        NOT NULL CHECK (status IN ('admitted', 'pending', 'rejected')),
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE chat_conversation (
    id          uuid        PRIMARY KEY,
    kind        text        NOT NULL CHECK (kind IN ('direct', 'group')),
    title       text,
    -- a group anyone admitted may join; otherwise by invitation only
    open        boolean     NOT NULL DEFAULT false,
    -- the two subjects of a direct conversation, sorted: one conversation per pair
    direct_pair text        UNIQUE,
    -- the sequence number of the newest message; a post takes the next one under this row's lock
    last_seq    bigint      NOT NULL DEFAULT 0,
    created_by  text        NOT NULL REFERENCES chat_member (subject),
    created_at  timestamptz NOT NULL DEFAULT now(),
    CHECK ((kind = 'direct') = (direct_pair IS NOT NULL))
);

CREATE TABLE chat_membership (
    conversation_id uuid        NOT NULL REFERENCES chat_conversation (id) ON DELETE CASCADE,
    subject         text        NOT NULL REFERENCES chat_member (subject),
    role            text        NOT NULL CHECK (role IN ('owner', 'moderator', 'member')),
    -- invited: may join, cannot read yet; active: reads and posts
    state           text        NOT NULL CHECK (state IN ('invited', 'active')),
    invited_by      text,
    joined_at       timestamptz,
    PRIMARY KEY (conversation_id, subject)
);
CREATE INDEX chat_membership_subject ON chat_membership (subject, state);

-- A signed upload handed to a member: the object key it may fill, and what was declared.
CREATE TABLE chat_audio_upload (
    id           uuid        PRIMARY KEY,
    subject      text        NOT NULL REFERENCES chat_member (subject),
    object_key   text        NOT NULL UNIQUE,
    content_type text        NOT NULL,
    size_bytes   bigint      NOT NULL CHECK (size_bytes > 0),
    expires_at   timestamptz NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);

-- A voice message. (conversation_id, seq) orders a conversation; (sender, client_message_id)
-- makes a resend find the message it already created.
CREATE TABLE chat_message (
    conversation_id   uuid        NOT NULL REFERENCES chat_conversation (id) ON DELETE CASCADE,
    seq               bigint      NOT NULL CHECK (seq > 0),
    id                uuid        NOT NULL UNIQUE,
    sender            text        NOT NULL REFERENCES chat_member (subject),
    client_message_id text        NOT NULL,
    upload_id         uuid        NOT NULL UNIQUE REFERENCES chat_audio_upload (id),
    object_key        text        NOT NULL,
    content_type      text        NOT NULL,
    codec             text        NOT NULL,
    size_bytes        bigint      NOT NULL,
    duration_ms       integer     NOT NULL CHECK (duration_ms >= 0),
    -- the client's waveform: up to 256 levels 0..255, validated by the service
    waveform          smallint[],
    created_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (conversation_id, seq),
    UNIQUE (sender, client_message_id)
);
