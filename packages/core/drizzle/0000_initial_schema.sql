CREATE TABLE "automations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "automations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"tinyfish_automation_id" text,
	"description" text,
	"default_inputs" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"provider" text DEFAULT 'tinyfish' NOT NULL,
	"config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "automations_provider_check" CHECK ("provider" IN ('tinyfish', 'openai'))
);
--> statement-breakpoint
CREATE TABLE "benchmarks" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "benchmarks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"scenario_id" integer NOT NULL,
	"name" text,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"summary" jsonb,
	"threshold_results" jsonb,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "benchmarks_status_check" CHECK ("status" IN ('pending', 'running', 'completed', 'failed', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "run_events" (
	"run_id" integer NOT NULL,
	"seq" integer NOT NULL,
	"type" text NOT NULL,
	"at_ms" double precision NOT NULL,
	"server_timestamp" timestamp with time zone,
	"payload" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "run_events_pkey" PRIMARY KEY("run_id","seq")
);
--> statement-breakpoint
CREATE TABLE "runs" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "runs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"scenario_id" integer NOT NULL,
	"benchmark_id" integer,
	"trigger" text DEFAULT 'manual' NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"is_warmup" boolean DEFAULT false NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"total_duration_ms" double precision,
	"time_to_started_ms" double precision,
	"time_to_streaming_url_ms" double precision,
	"ttft_ms" double precision,
	"inter_token_stats" jsonb,
	"steps" integer,
	"heartbeats" integer,
	"num_of_steps" integer,
	"server_duration_ms" double precision,
	"queue_wait_ms" double precision,
	"intended_start_at" timestamp with time zone,
	"actual_start_at" timestamp with time zone,
	"event_loop_delay_ms" double precision,
	"error" text,
	"error_code" text,
	"http_status" integer,
	"tinyfish_run_id" text,
	"streaming_url" text,
	"inputs" jsonb NOT NULL,
	"result_json" jsonb,
	"response_json" jsonb,
	"assertions_passed" boolean,
	"assertion_results" jsonb,
	"cost_usd" double precision,
	"attempts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"metric_definitions_version" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "runs_status_check" CHECK ("status" IN ('pending', 'running', 'completed', 'failed', 'cancelled', 'timeout')),
	CONSTRAINT "runs_trigger_check" CHECK ("trigger" IN ('manual', 'benchmark', 'schedule', 'api'))
);
--> statement-breakpoint
CREATE TABLE "scenarios" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "scenarios_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"automation_id" integer NOT NULL,
	"description" text,
	"inputs_template" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"run_settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"thresholds" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"assertions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"schedule_enabled" boolean DEFAULT false NOT NULL,
	"next_run_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "benchmarks" ADD CONSTRAINT "benchmarks_scenario_id_scenarios_id_fk" FOREIGN KEY ("scenario_id") REFERENCES "public"."scenarios"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_events" ADD CONSTRAINT "run_events_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_scenario_id_scenarios_id_fk" FOREIGN KEY ("scenario_id") REFERENCES "public"."scenarios"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_benchmark_id_benchmarks_id_fk" FOREIGN KEY ("benchmark_id") REFERENCES "public"."benchmarks"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scenarios" ADD CONSTRAINT "scenarios_automation_id_automations_id_fk" FOREIGN KEY ("automation_id") REFERENCES "public"."automations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "benchmarks_scenario_id_idx" ON "benchmarks" USING btree ("scenario_id");--> statement-breakpoint
CREATE INDEX "runs_created_at_idx" ON "runs" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "runs_scenario_id_created_at_idx" ON "runs" USING btree ("scenario_id","created_at");--> statement-breakpoint
CREATE INDEX "runs_status_idx" ON "runs" USING btree ("status");--> statement-breakpoint
CREATE INDEX "runs_benchmark_id_idx" ON "runs" USING btree ("benchmark_id");--> statement-breakpoint
CREATE INDEX "runs_tinyfish_run_id_idx" ON "runs" USING btree ("tinyfish_run_id");--> statement-breakpoint
CREATE INDEX "scenarios_automation_id_idx" ON "scenarios" USING btree ("automation_id");--> statement-breakpoint
CREATE INDEX "scenarios_next_run_at_idx" ON "scenarios" USING btree ("next_run_at") WHERE "scenarios"."schedule_enabled";