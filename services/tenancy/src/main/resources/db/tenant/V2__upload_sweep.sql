-- When the gateway's sweep last settled a ticket its object-created event never consumed: it sent
-- the event itself (the object was there), or the URL expired with no object. Null: not settled.
ALTER TABLE upload_ticket ADD COLUMN swept_at timestamptz;

-- The sweep's question, "unconsumed and unsettled, oldest first", without reading every ticket.
CREATE INDEX upload_ticket_unsettled ON upload_ticket (created_at)
    WHERE consumed_at IS NULL AND swept_at IS NULL;
