-- Guards that must hold whichever code path writes the row (dashboard, chat, CLI, import, jobs),
-- so they live in the database, in the writer's own transaction.
-- The function bodies are E'' strings with \073 for each semicolon: Prisma's migration runner
-- splits scripts at semicolons, even inside dollar-quoted bodies.

-- A dashboard session belongs to the member's role, status and cell at login: any change to them
-- ends every session of that member (a demotion followed by a re-promotion does not revive one).
CREATE FUNCTION chibo_end_member_sessions() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  DELETE FROM "WebSession" WHERE "memberId" = NEW.id\073
  RETURN NEW\073
END\073';

CREATE TRIGGER member_access_changed
  AFTER UPDATE OF role, status, "unitId" ON "Member"
  FOR EACH ROW
  WHEN (OLD.role IS DISTINCT FROM NEW.role OR OLD.status IS DISTINCT FROM NEW.status OR OLD."unitId" IS DISTINCT FROM NEW."unitId")
  EXECUTE FUNCTION chibo_end_member_sessions();

-- A supervisor's access granted, changed or taken away: the same.
CREATE FUNCTION chibo_end_access_sessions() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  IF TG_OP = ''DELETE'' THEN
    DELETE FROM "WebSession" WHERE "memberId" = OLD."memberId"\073
    RETURN OLD\073
  END IF\073
  DELETE FROM "WebSession" WHERE "memberId" = NEW."memberId"\073
  IF TG_OP = ''UPDATE'' AND OLD."memberId" IS DISTINCT FROM NEW."memberId" THEN
    DELETE FROM "WebSession" WHERE "memberId" = OLD."memberId"\073
  END IF\073
  RETURN NEW\073
END\073';

CREATE TRIGGER unit_access_changed
  AFTER INSERT OR UPDATE OR DELETE ON "UnitAccess"
  FOR EACH ROW
  EXECUTE FUNCTION chibo_end_access_sessions();

-- A dashboard login code is a secret: once its delivery has ended (sent, failed, skipped, also
-- after the queue gave up), the row keeps what happened, never the code.
CREATE FUNCTION chibo_scrub_login_code() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  NEW.payload := jsonb_build_object(''kind'', ''text'', ''text'',
    CASE WHEN NEW.status = ''SENT'' THEN ''[mã đăng nhập đã gửi]'' ELSE ''[mã đăng nhập đã xoá]'' END)\073
  RETURN NEW\073
END\073';

CREATE TRIGGER delivery_login_code_ended
  BEFORE INSERT OR UPDATE ON "Delivery"
  FOR EACH ROW
  WHEN (NEW.purpose = 'login-code' AND NEW.status IN ('SENT', 'FAILED', 'SKIPPED'))
  EXECUTE FUNCTION chibo_scrub_login_code();
