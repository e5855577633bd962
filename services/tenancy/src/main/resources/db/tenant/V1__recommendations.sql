-- One copy of these tables lives in each tenant's own schema, owned by the tenant's role:
-- PostgreSQL itself keeps one tenant's rows from another's (see TenantDatabase in the operator).

-- A signed upload handed to a register. Consumed by the first object-created event for its key,
-- so that an upload URL works once.
CREATE TABLE upload_ticket (
    request_id   uuid        PRIMARY KEY,
    object_key   text        NOT NULL UNIQUE,
    content_type text        NOT NULL,
    max_bytes    integer     NOT NULL CHECK (max_bytes > 0),
    store        text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    consumed_at  timestamptz
);

-- The top flavours for one uploaded frame. One row per object version: a redelivered event
-- finds its row and changes nothing.
CREATE TABLE recommendation (
    request_id    uuid        PRIMARY KEY,
    bucket        text        NOT NULL,
    object_key    text        NOT NULL,
    version_id    text        NOT NULL DEFAULT '',
    model_version text        NOT NULL,
    uploaded_at   timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (bucket, object_key, version_id)
);

CREATE TABLE recommended_flavour (
    request_id uuid    NOT NULL REFERENCES recommendation (request_id) ON DELETE CASCADE,
    rank       integer NOT NULL CHECK (rank BETWEEN 1 AND 3),
    flavour    text    NOT NULL,
    score      real    NOT NULL,
    PRIMARY KEY (request_id, rank)
);

-- What the customer bought after a recommendation. purchase_id comes from the register, so a
-- retried report is stored once.
CREATE TABLE purchase (
    purchase_id  uuid        PRIMARY KEY,
    request_id   uuid        NOT NULL,
    store        text        NOT NULL,
    purchased_at timestamptz NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE purchased_flavour (
    purchase_id uuid NOT NULL REFERENCES purchase (purchase_id) ON DELETE CASCADE,
    flavour     text NOT NULL,
    PRIMARY KEY (purchase_id, flavour)
);

CREATE INDEX purchase_request ON purchase (request_id);
CREATE INDEX recommendation_created ON recommendation (created_at);
