-- One row per live connection a member holds, on whichever instance of the chat (SocketLeases):
-- the cap on connections per member holds across replicas. The instance holding a connection
-- renews its lease while it is open and deletes the row when it closes; a killed instance's rows
-- stop counting when their lease lapses.
CREATE TABLE chat_live_socket (
    id         uuid        PRIMARY KEY,
    subject    text        NOT NULL,
    expires_at timestamptz NOT NULL
);
CREATE INDEX chat_live_socket_subject ON chat_live_socket (subject, expires_at);
