-- One open verification per member, and selfies that are never submitted do not stay in the
-- bucket. A verification in 'uploading' whose signed URL has expired (plus a grace) becomes
-- 'abandoned' and its object is deleted, by the member's next start or by the periodic purge.
-- An abandoned try is neither open nor a rejection.
ALTER TABLE chat_verification DROP CONSTRAINT chat_verification_state_check;
ALTER TABLE chat_verification ADD CONSTRAINT chat_verification_state_check
    CHECK (state IN ('uploading', 'review', 'approved', 'rejected', 'abandoned'));

-- when the selfie's signed PUT URL expires; rows from before this migration did not record it and
-- count as expired at their creation (so the purge abandons them after its grace)
ALTER TABLE chat_verification ADD COLUMN upload_expires_at timestamptz;
UPDATE chat_verification SET upload_expires_at = created_at;
ALTER TABLE chat_verification ALTER COLUMN upload_expires_at SET DEFAULT now();
ALTER TABLE chat_verification ALTER COLUMN upload_expires_at SET NOT NULL;

-- the purge's look-up of expired uploads
CREATE INDEX chat_verification_uploading ON chat_verification (upload_expires_at)
    WHERE state = 'uploading';
