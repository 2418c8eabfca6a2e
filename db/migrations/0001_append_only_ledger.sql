-- Posted money is never rewritten: a void posts a reversal instead. The database refuses
-- UPDATE, DELETE and TRUNCATE on the ledger and the audit trail, whatever code path asks.
CREATE FUNCTION refuse_ledger_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER payment_append_only BEFORE UPDATE OR DELETE ON payment
  FOR EACH ROW EXECUTE FUNCTION refuse_ledger_rewrite();
--> statement-breakpoint
CREATE TRIGGER payment_no_truncate BEFORE TRUNCATE ON payment
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_ledger_rewrite();
--> statement-breakpoint
CREATE TRIGGER payment_line_append_only BEFORE UPDATE OR DELETE ON payment_line
  FOR EACH ROW EXECUTE FUNCTION refuse_ledger_rewrite();
--> statement-breakpoint
CREATE TRIGGER payment_line_no_truncate BEFORE TRUNCATE ON payment_line
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_ledger_rewrite();
--> statement-breakpoint
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
  FOR EACH ROW EXECUTE FUNCTION refuse_ledger_rewrite();
--> statement-breakpoint
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_ledger_rewrite();
