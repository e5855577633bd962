-- Delivery and read receipts: per member and conversation, the highest message number the
-- member's devices got and read. They only go up (the service raises them with a guard).
ALTER TABLE chat_membership
    ADD COLUMN delivered_seq bigint NOT NULL DEFAULT 0 CHECK (delivered_seq >= 0),
    ADD COLUMN read_seq      bigint NOT NULL DEFAULT 0 CHECK (read_seq >= 0);

-- A member's own choices: whether others see their receipts and their presence. Presence itself
-- (who is online) is never stored: it lives in the instances' memory and on the live bus.
ALTER TABLE chat_member
    ADD COLUMN delivery_receipts boolean NOT NULL DEFAULT true,
    ADD COLUMN read_receipts     boolean NOT NULL DEFAULT true,
    ADD COLUMN share_presence    boolean NOT NULL DEFAULT true;
