-- A candidate model on trial beside the stable one (Tenant.spec.inference.candidate): what the
-- operator reads to promote or roll it back (ModelTrials in the tenancy module).

-- The forward pass of the version that served the recommendation: its time per frame and how many
-- frames it scored (a canary's passes are smaller than the stable model's, and a pass's time per
-- frame falls with its size, so a canary's is compared on passes of one frame).
ALTER TABLE recommendation ADD COLUMN scoring_ms real, ADD COLUMN scoring_frames integer;

-- A shadow candidate's top 3 for a frame it scored and did not show (sold-out flavours left out,
-- as they are from what is shown).
CREATE TABLE shadow_ranking (
    request_id    uuid        NOT NULL REFERENCES recommendation (request_id) ON DELETE CASCADE,
    model_version text        NOT NULL,
    flavours      text[]      NOT NULL,
    scoring_ms    real,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (request_id, model_version)
);
CREATE INDEX shadow_ranking_created ON shadow_ranking (created_at);

-- How each candidate version fares in the workers: loaded, or refused and why (it then takes no
-- traffic). One row per version the tenant named, by that name (without the file's digest).
CREATE TABLE model_load (
    version   text PRIMARY KEY,
    loaded_at timestamptz,
    failed_at timestamptz,
    failure   text
);
