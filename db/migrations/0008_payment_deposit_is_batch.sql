-- A manually keyed payment's deposit date is its batch's (issue 24): a payment dated 11/15 in a
-- batch of 12/2 would land in another month than its batch. ERA and EMR payments are posted by
-- the system into batches it dates itself, and a late one may be moved to the first open day;
-- the rule is for `source = 'manual'`. A void's reversal keeps the original's source and goes
-- into the original's batch (with its deposit date) or the voider's VOID batch of today (dated
-- today), so it holds for reversals too. SQLSTATE PB003 names the batch and its deposit date, so
-- the app answers 422, never 500.
-- Statement-level over the inserted rows, as migration 0006's triggers: one join per statement.
-- Named to fire after payment_refuse_closed (triggers fire in name order): a closed month or
-- batch is the refusal a poster hears first.
CREATE FUNCTION refuse_manual_payment_off_batch_date() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  refused record;
BEGIN
  SELECT b.batch_number, b.deposit_date AS batch_date, p.deposit_date AS payment_date INTO refused
    FROM inserted_payment p
    JOIN batch b ON b.practice_id = p.practice_id AND b.id = p.batch_id
   WHERE p.source = 'manual' AND p.deposit_date IS DISTINCT FROM b.deposit_date
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'a manual payment dated % cannot go into batch % of %',
        refused.payment_date, refused.batch_number, refused.batch_date
      USING ERRCODE = 'PB003', DETAIL = refused.batch_number || ' ' || to_char(refused.batch_date, 'YYYY-MM-DD');
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER payment_refuse_off_batch_date AFTER INSERT ON payment
  REFERENCING NEW TABLE AS inserted_payment
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_manual_payment_off_batch_date();
--> statement-breakpoint
-- Nor may a batch's deposit date move away from its manual payments' (they cannot be updated).
CREATE FUNCTION refuse_batch_date_off_manual_payments() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM payment p
              WHERE p.practice_id = NEW.practice_id AND p.batch_id = NEW.id
                AND p.source = 'manual' AND p.deposit_date IS DISTINCT FROM NEW.deposit_date) THEN
    RAISE EXCEPTION 'batch % holds manual payments dated %', NEW.batch_number, OLD.deposit_date
      USING ERRCODE = 'PB003', DETAIL = NEW.batch_number || ' ' || to_char(OLD.deposit_date, 'YYYY-MM-DD');
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER batch_deposit_is_payments AFTER UPDATE OF deposit_date ON batch
  FOR EACH ROW WHEN (NEW.deposit_date IS DISTINCT FROM OLD.deposit_date)
  EXECUTE FUNCTION refuse_batch_date_off_manual_payments();
