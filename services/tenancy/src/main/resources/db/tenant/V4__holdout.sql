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

-- When a purchase reported for the recommendation first contained a flavour it showed: set by the
-- trigger below, whoever writes the purchase, so conversion is a column, not a join per row.
ALTER TABLE recommendation ADD COLUMN converted_at timestamptz;
UPDATE recommendation r SET converted_at = (
    SELECT min(p.created_at)
    FROM purchase p
    JOIN purchased_flavour pf ON pf.purchase_id = p.purchase_id
    JOIN recommended_flavour f ON f.request_id = r.request_id AND f.flavour = pf.flavour
    WHERE p.request_id = r.request_id);

-- The uplift's figures per UTC day, store ('' for uploads that named none) and arm, kept by the
-- triggers below in the same transaction as the rows they count, so that a year's uplift reads a
-- few hundred rows, not millions. GET /v1/analytics/uplift reads whole days here and the partial
-- days at the edges of its window from recommendation.
CREATE TABLE uplift_daily (
    day       date   NOT NULL,
    store     text   NOT NULL,
    arm       text   NOT NULL,
    served    bigint NOT NULL,
    converted bigint NOT NULL,
    PRIMARY KEY (day, store, arm)
) WITH (fillfactor = 50); -- room on each page for HOT updates: today's rows change all day long
INSERT INTO uplift_daily
SELECT (created_at AT TIME ZONE 'UTC')::date, coalesce(store, ''), arm, count(*), count(converted_at)
FROM recommendation GROUP BY 1, 2, 3;

CREATE FUNCTION uplift_served() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO uplift_daily (day, store, arm, served, converted)
    VALUES ((NEW.created_at AT TIME ZONE 'UTC')::date, coalesce(NEW.store, ''), NEW.arm, 1,
            CASE WHEN NEW.converted_at IS NULL THEN 0 ELSE 1 END)
    ON CONFLICT (day, store, arm) DO UPDATE
        SET served = uplift_daily.served + 1,
            converted = uplift_daily.converted + EXCLUDED.converted;
    RETURN NULL;
END $$;
CREATE TRIGGER recommendation_served AFTER INSERT ON recommendation
    FOR EACH ROW EXECUTE FUNCTION uplift_served();

CREATE FUNCTION uplift_converted() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    UPDATE uplift_daily SET converted = converted + 1
    WHERE day = (NEW.created_at AT TIME ZONE 'UTC')::date
      AND store = coalesce(NEW.store, '') AND arm = NEW.arm;
    RETURN NULL;
END $$;
CREATE TRIGGER recommendation_converted AFTER UPDATE OF converted_at ON recommendation
    FOR EACH ROW WHEN (OLD.converted_at IS NULL AND NEW.converted_at IS NOT NULL)
    EXECUTE FUNCTION uplift_converted();

-- A purchased flavour that the recommendation showed converts it, once: the row lock on the
-- recommendation makes a concurrent purchase of the same request wait and then find it converted.
CREATE FUNCTION purchase_converts() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    UPDATE recommendation r SET converted_at = now()
    FROM purchase p
    WHERE p.purchase_id = NEW.purchase_id
      AND r.request_id = p.request_id
      AND r.converted_at IS NULL
      AND EXISTS (SELECT 1 FROM recommended_flavour f
                  WHERE f.request_id = r.request_id AND f.flavour = NEW.flavour);
    RETURN NULL;
END $$;
CREATE TRIGGER purchased_flavour_converts AFTER INSERT ON purchased_flavour
    FOR EACH ROW EXECUTE FUNCTION purchase_converts();

-- The partial days at a window's edges: an index-only range scan.
CREATE INDEX recommendation_created_arm ON recommendation (created_at)
    INCLUDE (arm, store, converted_at);
DROP INDEX recommendation_created;
