CREATE TABLE "benchmark_definitions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "benchmark_definitions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"key" text,
	"scenario_id" integer NOT NULL,
	"settings" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "datasets" ADD COLUMN "key" text;--> statement-breakpoint
ALTER TABLE "benchmark_definitions" ADD CONSTRAINT "benchmark_definitions_scenario_id_scenarios_id_fk" FOREIGN KEY ("scenario_id") REFERENCES "public"."scenarios"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "benchmark_definitions_scenario_id_idx" ON "benchmark_definitions" USING btree ("scenario_id");--> statement-breakpoint
CREATE UNIQUE INDEX "benchmark_definitions_key_idx" ON "benchmark_definitions" USING btree ("key");--> statement-breakpoint
CREATE UNIQUE INDEX "datasets_key_idx" ON "datasets" USING btree ("key");