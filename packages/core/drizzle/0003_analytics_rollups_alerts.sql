CREATE TABLE "alert_deliveries" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "alert_deliveries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"alert_id" integer NOT NULL,
	"event" text NOT NULL,
	"attempt" integer NOT NULL,
	"target" text NOT NULL,
	"delivered" boolean NOT NULL,
	"http_status" integer,
	"error" text,
	"duration_ms" double precision NOT NULL,
	"attempted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alert_deliveries_event_check" CHECK ("event" IN ('firing', 'resolved'))
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "alerts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"scenario_id" integer NOT NULL,
	"kind" text NOT NULL,
	"rule" text NOT NULL,
	"state" text DEFAULT 'firing' NOT NULL,
	"observed" double precision,
	"last_observed" double precision,
	"n" integer DEFAULT 0 NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"fired_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	"last_evaluated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alerts_kind_check" CHECK ("kind" IN ('threshold', 'regression')),
	CONSTRAINT "alerts_state_check" CHECK ("state" IN ('firing', 'resolved'))
);
--> statement-breakpoint
CREATE TABLE "run_rollups" (
	"resolution" text NOT NULL,
	"scenario_id" integer NOT NULL,
	"bucket_start" timestamp with time zone NOT NULL,
	"completed_runs" integer DEFAULT 0 NOT NULL,
	"failed_runs" integer DEFAULT 0 NOT NULL,
	"timeout_runs" integer DEFAULT 0 NOT NULL,
	"cancelled_runs" integer DEFAULT 0 NOT NULL,
	"goal_verdicts" integer DEFAULT 0 NOT NULL,
	"goal_successes" integer DEFAULT 0 NOT NULL,
	"errors" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"total_sketch" jsonb,
	"ttft_sketch" jsonb,
	"itl_sketch" jsonb,
	"cost_sketch" jsonb,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "run_rollups_pkey" PRIMARY KEY("resolution","scenario_id","bucket_start"),
	CONSTRAINT "run_rollups_resolution_check" CHECK ("resolution" IN ('minute', 'hour', 'day'))
);
--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "rolled_up_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "alert_deliveries" ADD CONSTRAINT "alert_deliveries_alert_id_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alerts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_scenario_id_scenarios_id_fk" FOREIGN KEY ("scenario_id") REFERENCES "public"."scenarios"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alert_deliveries_alert_id_idx" ON "alert_deliveries" USING btree ("alert_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_one_firing_idx" ON "alerts" USING btree ("scenario_id","kind","rule") WHERE "alerts"."state" = 'firing';--> statement-breakpoint
CREATE INDEX "alerts_fired_at_idx" ON "alerts" USING btree ("fired_at");--> statement-breakpoint
CREATE INDEX "alerts_scenario_id_fired_at_idx" ON "alerts" USING btree ("scenario_id","fired_at");--> statement-breakpoint
CREATE INDEX "runs_unrolled_created_at_idx" ON "runs" USING btree ("created_at") WHERE "runs"."rolled_up_at" is null and not "runs"."is_warmup";