-- Events for the tenant's analytics: what happened to messages, memberships and members, written
-- by triggers in the transaction of the change itself, so an event exists exactly when its change
-- committed, whatever code made it. Only pseudonymous subjects (token subjects) and metadata:
-- never audio, object keys, signed URLs, selfies, titles, usernames, reasons or other free text.
-- The exporter (dev.sundae.chat.export) writes them to the tenant's bucket; the retention purge
-- deletes them.

CREATE TABLE chat_event (
    id              bigserial   PRIMARY KEY,
    -- the writing transaction (pg_current_xact_id). Ids are taken before commit, so a smaller id can
    -- commit after a larger one; the exporter takes only events of transactions older than every
    -- running one (pg_snapshot_xmin), which can no longer change. bigint: an xid8 fits, and reads
    -- as a plain number over JDBC.
    tx              bigint      NOT NULL DEFAULT pg_current_xact_id()::text::bigint,
    occurred_at     timestamptz NOT NULL DEFAULT now(),
    type            text        NOT NULL,
    -- the member the event is about
    subject         text,
    -- who did it, where the database knows
    actor           text,
    conversation_id uuid,
    -- small, type-specific metadata (README.md, "Event export")
    attributes      jsonb       NOT NULL DEFAULT '{}'
);
CREATE INDEX chat_event_tx ON chat_event (tx);
CREATE INDEX chat_event_occurred_at ON chat_event (occurred_at);

-- Append-only: the purge deletes, nothing updates.
CREATE FUNCTION chat_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'chat_event is append-only';
END $$;
CREATE TRIGGER chat_event_append_only BEFORE UPDATE ON chat_event
    FOR EACH ROW EXECUTE FUNCTION chat_event_append_only();

-- Where the export stands. Every event with tx < exported_below is in the bucket. A run first
-- fixes its batch (pending_below, committed before any object is written), so that a retry after a
-- crash exports the very same events under the very same keys; pending_after_id is how far into
-- the batch (by id) the objects are written.
CREATE TABLE chat_event_export (
    singleton        boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
    exported_below   bigint      NOT NULL DEFAULT 0,
    pending_below    bigint,
    pending_after_id bigint      NOT NULL DEFAULT 0,
    exported_at      timestamptz
);
INSERT INTO chat_event_export DEFAULT VALUES;

-- The acting member for changes whose row does not say who did it (leaving or removing a member,
-- changing a role): the service sets it for its transaction with
-- set_config('sundae_chat.actor', subject, true).
CREATE FUNCTION chat_event_actor() RETURNS text LANGUAGE sql STABLE AS $$
    SELECT nullif(current_setting('sundae_chat.actor', true), '')
$$;

CREATE FUNCTION chat_event_add(
    event_type text, event_subject text, event_actor text, conversation uuid, attrs jsonb)
RETURNS void LANGUAGE sql SET search_path FROM CURRENT AS $$
    INSERT INTO chat_event (type, subject, actor, conversation_id, attributes)
    VALUES (event_type, event_subject, event_actor, conversation, jsonb_strip_nulls(attrs))
$$;

CREATE FUNCTION chat_event_on_conversation() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT AS $$
BEGIN
    PERFORM chat_event_add('conversation_created', NEW.created_by, NEW.created_by, NEW.id,
        jsonb_build_object('kind', NEW.kind, 'open', NEW.open));
    RETURN NULL;
END $$;
CREATE TRIGGER chat_event_on_conversation AFTER INSERT ON chat_conversation
    FOR EACH ROW EXECUTE FUNCTION chat_event_on_conversation();

CREATE FUNCTION chat_event_on_message() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM chat_event_add('message_posted', NEW.sender, NEW.sender, NEW.conversation_id,
            jsonb_build_object('message_id', NEW.id, 'seq', NEW.seq,
                'content_type', NEW.content_type, 'codec', NEW.codec,
                'size_bytes', NEW.size_bytes, 'duration_ms', NEW.duration_ms));
    ELSIF OLD.removed_at IS NULL AND NEW.removed_at IS NOT NULL THEN
        PERFORM chat_event_add('message_removed', NEW.sender, NEW.removed_by, NEW.conversation_id,
            jsonb_build_object('message_id', NEW.id, 'seq', NEW.seq));
    END IF;
    RETURN NULL;
END $$;
-- the retention purge's DELETE is not an event
CREATE TRIGGER chat_event_on_message AFTER INSERT OR UPDATE OF removed_at ON chat_message
    FOR EACH ROW EXECUTE FUNCTION chat_event_on_message();

CREATE FUNCTION chat_event_on_membership() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT AS $$
DECLARE
    conversation_kind text;
    creator text;
    acting text := chat_event_actor();
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT kind, created_by INTO conversation_kind, creator
            FROM chat_conversation WHERE id = NEW.conversation_id;
        IF NEW.state = 'invited' THEN
            PERFORM chat_event_add('membership_invited', NEW.subject, NEW.invited_by,
                NEW.conversation_id,
                jsonb_build_object('role', NEW.role, 'kind', conversation_kind));
        ELSE
            -- both members of a direct conversation join when one of them starts it
            PERFORM chat_event_add('membership_joined', NEW.subject,
                CASE WHEN conversation_kind = 'direct' THEN creator ELSE NEW.subject END,
                NEW.conversation_id,
                jsonb_build_object('role', NEW.role, 'kind', conversation_kind,
                    'invited', false));
        END IF;
    ELSIF TG_OP = 'UPDATE' THEN
        IF OLD.state = 'invited' AND NEW.state = 'active' THEN
            PERFORM chat_event_add('membership_joined', NEW.subject, NEW.subject,
                NEW.conversation_id,
                jsonb_build_object('role', NEW.role, 'kind', 'group', 'invited', true));
        END IF;
        IF OLD.role <> NEW.role THEN
            PERFORM chat_event_add('membership_role_changed', NEW.subject, acting,
                NEW.conversation_id,
                jsonb_build_object('role', NEW.role, 'previous_role', OLD.role));
        END IF;
        IF NEW.muted_until IS NOT NULL AND NEW.muted_until IS DISTINCT FROM OLD.muted_until THEN
            PERFORM chat_event_add('membership_muted', NEW.subject, acting, NEW.conversation_id,
                jsonb_build_object('muted_until',
                    to_char(NEW.muted_until AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')));
        END IF;
    ELSE
        -- a member who goes themselves left; anyone else's doing (or unknown) is a removal
        PERFORM chat_event_add(
            CASE WHEN acting = OLD.subject THEN 'membership_left' ELSE 'membership_removed' END,
            OLD.subject, acting, OLD.conversation_id,
            jsonb_build_object('role', OLD.role, 'state', OLD.state));
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER chat_event_on_membership
    AFTER INSERT OR DELETE OR UPDATE OF state, role, muted_until ON chat_membership
    FOR EACH ROW EXECUTE FUNCTION chat_event_on_membership();

CREATE FUNCTION chat_event_on_member() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM chat_event_add('member_registered', NEW.subject, NEW.subject, NULL,
            jsonb_build_object('status', NEW.status));
    ELSIF OLD.banned_at IS NULL AND NEW.banned_at IS NOT NULL THEN
        -- not the reason: a moderator's free text
        PERFORM chat_event_add('member_banned', NEW.subject, chat_event_actor(), NULL, '{}');
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER chat_event_on_member AFTER INSERT OR UPDATE OF banned_at ON chat_member
    FOR EACH ROW EXECUTE FUNCTION chat_event_on_member();

-- Admission decisions, from the verification (which knows the deciding moderator); the selfie, the
-- verifier's assessment and the reason stay out.
CREATE FUNCTION chat_event_on_verification() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT AS $$
BEGIN
    IF OLD.state = NEW.state THEN
        RETURN NULL;
    END IF;
    IF NEW.state = 'review' THEN
        PERFORM chat_event_add('verification_submitted', NEW.subject, NEW.subject, NULL,
            jsonb_build_object('appeal', NEW.appeal));
    ELSIF NEW.state IN ('approved', 'rejected') THEN
        PERFORM chat_event_add(
            CASE WHEN NEW.state = 'approved' THEN 'member_admitted' ELSE 'member_rejected' END,
            NEW.subject, NEW.decided_by, NULL, jsonb_build_object('appeal', NEW.appeal));
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER chat_event_on_verification AFTER UPDATE OF state ON chat_verification
    FOR EACH ROW EXECUTE FUNCTION chat_event_on_verification();

-- A report: whom it is about, not who reported (reporters stay unnamed) nor the reason.
CREATE FUNCTION chat_event_on_report() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT AS $$
BEGIN
    PERFORM chat_event_add('member_reported', NEW.reported, NULL, NEW.conversation_id,
        jsonb_build_object('seq', NEW.message_seq));
    RETURN NULL;
END $$;
CREATE TRIGGER chat_event_on_report AFTER INSERT ON chat_report
    FOR EACH ROW EXECUTE FUNCTION chat_event_on_report();
