-- The learning policy's log (the inference service's Policy): for each recommendation of the
-- model's arm, the context the policy saw (the model's first flavour for the picture), the
-- candidates it chose among (the model's first five the store has not sold out, in the model's
-- order), the flavour it showed first, the probability it had of showing that one first, and the
-- flavour it would have shown without exploring. Enough for anyone to evaluate another policy on
-- the same traffic offline. Holdout rows and rows from before this migration have none of it.
ALTER TABLE recommendation
    ADD COLUMN context text,
    ADD COLUMN candidates text[],
    ADD COLUMN action text,
    ADD COLUMN propensity double precision CHECK (propensity > 0 AND propensity <= 1),
    ADD COLUMN greedy text;

-- Per UTC day, context and flavour shown first: what the policy learns from (served, converted)
-- and the sums of the inverse-propensity estimates (GET /v1/analytics/policy) of two policies on
-- the logged traffic: "learned", the policy without its exploration (the flavour it thought best
-- at the time), and "model", the model's own first candidate. For each, weight is the sum of
-- w = [action = the policy's choice] / propensity, reward the sum of w over converted rows,
-- reward_sq the sum of w squared over converted rows (the estimate's variance), and matched the
-- number of rows where the policy's choice was what was shown. Kept by the
-- triggers below in the writing transaction, as uplift_daily is.
CREATE TABLE policy_daily (
    day               date             NOT NULL,
    context           text             NOT NULL,
    action            text             NOT NULL,
    served            bigint           NOT NULL,
    converted         bigint           NOT NULL,
    learned_weight    double precision NOT NULL,
    learned_reward    double precision NOT NULL,
    learned_reward_sq double precision NOT NULL,
    learned_matched   bigint           NOT NULL,
    model_weight      double precision NOT NULL,
    model_reward      double precision NOT NULL,
    model_reward_sq   double precision NOT NULL,
    model_matched     bigint           NOT NULL,
    PRIMARY KEY (day, context, action)
) WITH (fillfactor = 50);

CREATE FUNCTION policy_weight(choice text, action text, propensity double precision)
    RETURNS double precision LANGUAGE sql IMMUTABLE
    RETURN CASE WHEN choice = action THEN 1 / propensity ELSE 0 END;

CREATE FUNCTION policy_served() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    learned double precision := policy_weight(NEW.greedy, NEW.action, NEW.propensity);
    model   double precision := policy_weight(NEW.candidates[1], NEW.action, NEW.propensity);
    r       integer          := CASE WHEN NEW.converted_at IS NULL THEN 0 ELSE 1 END;
BEGIN
    INSERT INTO policy_daily VALUES (
        (NEW.created_at AT TIME ZONE 'UTC')::date, NEW.context, NEW.action, 1, r,
        learned, r * learned, r * learned * learned, sign(learned)::bigint,
        model, r * model, r * model * model, sign(model)::bigint)
    ON CONFLICT (day, context, action) DO UPDATE SET
        served = policy_daily.served + 1,
        converted = policy_daily.converted + EXCLUDED.converted,
        learned_weight = policy_daily.learned_weight + EXCLUDED.learned_weight,
        learned_reward = policy_daily.learned_reward + EXCLUDED.learned_reward,
        learned_reward_sq = policy_daily.learned_reward_sq + EXCLUDED.learned_reward_sq,
        learned_matched = policy_daily.learned_matched + EXCLUDED.learned_matched,
        model_weight = policy_daily.model_weight + EXCLUDED.model_weight,
        model_reward = policy_daily.model_reward + EXCLUDED.model_reward,
        model_reward_sq = policy_daily.model_reward_sq + EXCLUDED.model_reward_sq,
        model_matched = policy_daily.model_matched + EXCLUDED.model_matched;
    RETURN NULL;
END $$;
CREATE TRIGGER recommendation_logged AFTER INSERT ON recommendation
    FOR EACH ROW WHEN (NEW.propensity IS NOT NULL)
    EXECUTE FUNCTION policy_served();

CREATE FUNCTION policy_converted() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    learned double precision := policy_weight(NEW.greedy, NEW.action, NEW.propensity);
    model   double precision := policy_weight(NEW.candidates[1], NEW.action, NEW.propensity);
BEGIN
    UPDATE policy_daily SET
        converted = converted + 1,
        learned_reward = learned_reward + learned,
        learned_reward_sq = learned_reward_sq + learned * learned,
        model_reward = model_reward + model,
        model_reward_sq = model_reward_sq + model * model
    WHERE day = (NEW.created_at AT TIME ZONE 'UTC')::date
      AND context = NEW.context AND action = NEW.action;
    RETURN NULL;
END $$;
CREATE TRIGGER recommendation_rewarded AFTER UPDATE OF converted_at ON recommendation
    FOR EACH ROW WHEN (OLD.converted_at IS NULL AND NEW.converted_at IS NOT NULL
                       AND NEW.propensity IS NOT NULL)
    EXECUTE FUNCTION policy_converted();
