-- The days whose recommendations and purchases are in the tenant's bucket as Parquet (the
-- gateway's DailyExport): a day is written once it has ended and a grace time has passed, and is
-- recorded here only after its objects are written, so a crash rewrites the same keys.
CREATE TABLE analytics_export (
    day             date        PRIMARY KEY,
    recommendations bigint      NOT NULL,
    purchases       bigint      NOT NULL,
    exported_at     timestamptz NOT NULL DEFAULT now()
);

-- Purchases are exported by the day they were reported (their row's creation), which no late
-- report can change; this is the range scan of one such day.
CREATE INDEX purchase_created ON purchase (created_at);
