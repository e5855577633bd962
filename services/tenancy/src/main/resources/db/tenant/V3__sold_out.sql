-- The flavours a store has run out of, set by its register: a recommendation made for that store
-- leaves them out until the register clears them.
CREATE TABLE sold_out (
    store   text        NOT NULL,
    flavour text        NOT NULL,
    since   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (store, flavour)
);
