CREATE TABLE "workers" (
	"id" text PRIMARY KEY NOT NULL,
	"concurrency" integer NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"heartbeat_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "workers_heartbeat_at_idx" ON "workers" USING btree ("heartbeat_at");