-- A member's verification for a tenant with admission 'verified': a selfie a moderator looks at.
-- The selfie object is deleted once decided; only the decision and its reason stay. A member
-- rejected once may submit again, once (the appeal).
CREATE TABLE chat_verification (
    id           uuid        PRIMARY KEY,
    subject      text        NOT NULL REFERENCES chat_member (subject),
    appeal       boolean     NOT NULL DEFAULT false,
    selfie_key   text        NOT NULL,
    content_type text        NOT NULL,
    -- uploading: URL handed out; review: in the moderators' queue; approved / rejected: decided
    state        text        NOT NULL
                 CHECK (state IN ('uploading', 'review', 'approved', 'rejected')),
    -- what the pluggable verifier said (advisory; the moderator decides)
    assessment   text,
    reason       text,
    decided_by   text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    decided_at   timestamptz,
    CHECK (state <> 'rejected' OR reason IS NOT NULL)
);
CREATE INDEX chat_verification_subject ON chat_verification (subject, created_at DESC);
CREATE INDEX chat_verification_queue ON chat_verification (created_at) WHERE state = 'review';
