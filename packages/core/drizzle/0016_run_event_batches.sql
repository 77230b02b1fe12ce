-- A run's events move to one row per write (run_event_batches); run_events becomes a view of
-- them, one row per event. Existing events are kept: each run's become one row.
CREATE TABLE "run_event_batches" (
	"run_id" integer NOT NULL,
	"first_seq" integer NOT NULL,
	"last_seq" integer NOT NULL,
	"events" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "run_event_batches_pkey" PRIMARY KEY("run_id","first_seq"),
	CONSTRAINT "run_event_batches_seq_check" CHECK ("run_event_batches"."first_seq" <= "run_event_batches"."last_seq")
);
--> statement-breakpoint
ALTER TABLE "run_event_batches" ADD CONSTRAINT "run_event_batches_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
INSERT INTO "run_event_batches" ("run_id", "first_seq", "last_seq", "events", "created_at")
SELECT "run_id", min("seq"), max("seq"),
  jsonb_agg(jsonb_build_object(
    'seq', "seq", 'type', "type", 'at_ms', "at_ms",
    'server_timestamp', to_char("server_timestamp" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'payload', "payload") ORDER BY "seq"),
  min("created_at")
FROM "run_events" GROUP BY "run_id";--> statement-breakpoint
DROP TABLE "run_events" CASCADE;--> statement-breakpoint
CREATE VIEW "run_events" AS
SELECT b."run_id",
  (e.value->>'seq')::integer AS "seq",
  e.value->>'type' AS "type",
  (e.value->>'at_ms')::double precision AS "at_ms",
  (e.value->>'server_timestamp')::timestamptz AS "server_timestamp",
  nullif(e.value->'payload', 'null'::jsonb) AS "payload",
  b."created_at"
FROM "run_event_batches" b CROSS JOIN LATERAL jsonb_array_elements(b."events") AS e(value);
