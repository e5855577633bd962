-- The register's session: every frame of one customer's visit. The holdout arm is chosen per
-- session (Arms); a register that sends none makes each upload its own session.
ALTER TABLE upload_ticket ADD COLUMN session text;

-- Which arm served a recommendation (the model's ranking or the holdout's baseline) and for which
-- store, so that the uplift query reads one table. Rows from before this migration were all the
-- model's.
ALTER TABLE recommendation
    ADD COLUMN arm text NOT NULL DEFAULT 'model' CHECK (arm IN ('model', 'holdout')),
    ADD COLUMN store text;

-- The baseline's question, "what sold most in the last N days", without reading every purchase.
CREATE INDEX purchase_purchased ON purchase (purchased_at);
